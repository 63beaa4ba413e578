// A participant registers through the real form: a clear answer page at once, a mail with the ticket (QR of a random
// code, .ics) and a private manage link; errors come back at the fields with everything typed; the same form twice
// and a known address give the same page; the manage link lets them change details and sessions, and cancel.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, registrationCategories, registrationQuestions, registrations, registrationSettings, sessionBookings } from '../../src/db/schema/index.ts';
import { issueAccessToken } from '../../src/features/access-tokens/service.ts';
import { createFieldCipher } from '../../src/lib/field-cipher.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { scanQrPng } from '../helpers/pdf.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { publishAgendaAsIs } from '../factories/agenda.ts';

let t: TestApp;
let event: EventRow;
let guestId: string;
let visitId: string;
let questionId: string;

beforeAll(async () => {
  t = await buildTestApp({ env: { FORM_MIN_SECONDS: '0' } });
  t.clock.set('2027-03-01T02:00:00Z');
  event = await createEvent(t.db, {
    slug: 'zgc-forum-2027',
    status: 'published',
    title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛' },
    startsAt: wallTime('2027-04-20 09:00'),
    endsAt: wallTime('2027-04-22 18:00'),
  });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00'), capacity: 500 });
  const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' }, position: 0 }).returning();
  await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'VIP', name: { en: 'VIP', 'zh-CN': '贵宾' }, visibility: 'hidden', requiresApproval: true, position: 1 });
  guestId = guest!.id;
  const [visit] = await t.db
    .insert(agendaSessions)
    .values({ eventId: event.id, type: 'site-visit', title: { en: 'Visit to the Zhongguancun Science Park', 'zh-CN': '参观中关村科学城' }, capacity: 1, startsAt: wallTime('2027-04-22 14:00'), endsAt: wallTime('2027-04-22 17:00') })
    .returning();
  visitId = visit!.id;
  await publishAgendaAsIs(t.db, event);
  const [question] = await t.db
    .insert(registrationQuestions)
    .values({ eventId: event.id, kind: 'single', label: { en: 'How did you hear about the forum?', 'zh-CN': '您从何处得知本论坛？' }, options: [{ value: 'embassy', label: { en: 'An embassy', 'zh-CN': '使馆' } }, { value: 'web', label: { en: 'The web', 'zh-CN': '网络' } }], required: true })
    .returning();
  questionId = question!.id;
});
afterAll(async () => t.close());

const valid = (over: Record<string, string | string[]> = {}) => ({
  categoryId: guestId,
  familyName: 'Okafor',
  givenName: 'Chidi',
  nameZh: '',
  organisation: 'Lagos Innovation Hub',
  jobTitle: 'Director',
  country: 'NG',
  email: 'chidi.okafor@example.ng',
  mobileCountry: 'NG',
  mobile: '0803 123 4567',
  dietary: 'halal',
  interpretation: 'en-to-zh',
  residence: 'other',
  idNumber: 'a1234 5678',
  nationality: 'NG',
  consent: 'yes',
  consentSensitive: 'yes',
  [`q_${questionId}`]: 'embassy',
  ...over,
});

/** Loads the form, then posts it with its hidden fields (CSRF, form token, spam guard) and the given fields. */
async function register(agent: HttpAgent, fields: Record<string, string | string[]>) {
  const page = await agent.get('/events/zgc-forum-2027/register');
  expect(page.statusCode).toBe(200);
  const hidden = hiddenFields(page.body, '/events/zgc-forum-2027/register');
  return agent.post('/events/zgc-forum-2027/register', { ...hidden, ...(fields as Record<string, string>) });
}

const linkIn = (text: string) => /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

describe('registering', () => {
  it('confirms at once, stores the person as typed and normalised, and mails the ticket with the event as .ics', async () => {
    const agent = new HttpAgent(t.app);
    const res = await register(agent, valid());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/events\/zgc-forum-2027\/register\/answer\/[A-Za-z0-9_-]{32}$/);
    const answer = await agent.get(res.headers.location as string);
    expect(answer.body).toContain('<h1>You are registered</h1>');
    // A confirmed seat: the page names the ticket the mail carries, without an "if you have a seat".
    expect(answer.body).toContain('<p class="lead">Check your mail: we have sent your ticket and your private link to c•••r@example.ng.</p>');
    const [row] = await t.db.select().from(registrations).where(eq(registrations.email, 'chidi.okafor@example.ng'));
    expect(row).toMatchObject({ status: 'confirmed', holdsSeat: true, mobile: '+2348031234567', idType: 'passport', sensitiveConsent: true, nationality: 'NG', dietary: 'halal', interpretationNeeds: 'en-to-zh', answers: { [questionId]: 'embassy' }, locale: 'en', consentVersion: '2026-11-27' });
    // Stored encrypted, bound to the row (privacy.test.ts checks the rest of the privacy rules).
    expect(createFieldCipher(t.config).decrypt(row!.idNumber!, row!.id)).toBe('A12345678');
    expect(row!.ticketCode).toMatch(/^[A-Z2-7]{32}$/);

    const mail = await t.mail.waitForTo('chidi.okafor@example.ng');
    expect(mail.subject).toBe('You are registered for Zhongguancun Forum 2027: your ticket');
    expect(mail.text).toContain(`Ticket code: ${row!.ticketCode}`);
    const qr = mail.attachments.find((a) => a.filename === 'ticket.png')!;
    expect([qr.contentType, qr.cid, qr.related]).toEqual(['image/png', 'ticket-qr', true]);
    // A door's camera reads the ticket code from it, and nothing else.
    expect(await scanQrPng(qr.content)).toBe(row!.ticketCode);
    const ics = mail.attachments.find((a) => a.filename === 'event.ics')!;
    const vevent = new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe('Zhongguancun Forum 2027');
    expect((vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(event.startsAt.toISOString());
    expect(linkIn(mail.text!)).toBeDefined();
    expect(mail.text).toContain('You receive this message because of your participation in an event run with Forum Desk.');
  });

  it('brings the form back with each error at its field, every value kept, and nothing written', async () => {
    const before = (await t.db.select().from(registrations)).length;
    const res = await register(new HttpAgent(t.app), valid({ email: 'not-an-address', residence: 'mainland', idNumber: '110105194912310021', mobile: '12', consent: '', [`q_${questionId}`]: 'radio' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-email">Enter an e-mail address such as name@example.com.</a>');
    expect(res.body).toContain('<a href="#field-idNumber">Enter the 18 characters of your resident identity card, e.g. 11010519491231002X; check the last character.</a>');
    expect(res.body).toContain('<a href="#field-mobile">Enter a mobile number valid for the country code you chose, or for your country or region.</a>');
    expect(res.body).toContain('<a href="#field-consent">Agree to the processing of your information to register.</a>');
    // Named in the summary, after its own question mark.
    expect(res.body).toContain(`<a href="#field-q_${questionId}">How did you hear about the forum? Choose one of the options.</a>`);
    // Listed in the order of the form's fields, top to bottom.
    const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(res.body)![0];
    expect([...summary.matchAll(/href="#field-([^"]+)"/g)].map((m) => m[1])).toEqual(['email', 'mobile', 'idNumber', `q_${questionId}`, 'consent']);
    expect(res.body).toContain('value="Lagos Innovation Hub"');
    expect(res.body).toContain('value="not-an-address"');
    expect(res.body).toContain('<option value="halal" selected>');
    expect((await t.db.select().from(registrations)).length).toBe(before);
  });

  it('answers in Chinese for a Chinese reader, with messages in Chinese', async () => {
    const agent = new HttpAgent(t.app, { lang: 'zh-CN' });
    const res = await register(agent, valid({ email: '', residence: 'mainland', idNumber: '', mobileCountry: '', mobile: '12' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-email">请填写电子邮箱。</a>');
    expect(res.body).toContain('<a href="#field-idNumber">请填写居民身份证号码。</a>');
    // The phone field calls the code 区号 throughout: hint, label, first option and error (left on its first option).
    expect(res.body).toContain('<p class="field__hint" id="field-mobile-hint">区号默认为上面所选国家或地区的区号，也可另选；然后输入号码。</p>');
    expect(res.body).toContain('<label class="visually-hidden" for="field-mobileCountry">区号</label>');
    expect(res.body).toContain('<select class="field__input" id="field-mobileCountry" name="mobileCountry"><option value="">所在国家或地区的区号</option>');
    expect(res.body).toContain('<a href="#field-mobile">请填写与所选区号或所在国家或地区相符的手机号码。</a>');
  });

  it('lists China and its regions first on the Chinese form, then countries and regions in pinyin order', async () => {
    const page = await new HttpAgent(t.app, { lang: 'zh-CN' }).get('/events/zgc-forum-2027/register');
    const optionsOf = (id: string) => {
      const select = new RegExp(`<select class="field__input" id="field-${id}"[^>]*>([^]*?)</select>`).exec(page.body)![1]!;
      return [...select.matchAll(/<option value="([A-Z]*)">([^<]+)<\/option>/g)].map((m) => `${m[1]} ${m[2]}`);
    };
    const options = optionsOf('country');
    expect(options.slice(0, 9)).toEqual([' 请选择……', 'CN 中国', 'HK 中国香港', 'MO 中国澳门', 'TW 中国台湾', 'AL 阿尔巴尼亚', 'DZ 阿尔及利亚', 'AF 阿富汗', 'AR 阿根廷']);
    expect(options.slice(-2)).toEqual(['CL 智利', 'CF 中非共和国']);
    expect(options.indexOf('PE 秘鲁')).toBe(options.indexOf('BE 比利时') + 1);
    expect(optionsOf('nationality').slice(1, 6)).toEqual(['CN 中国', 'HK 中国香港', 'MO 中国澳门', 'TW 中国台湾', 'AL 阿尔巴尼亚']);
    expect(optionsOf('mobileCountry').slice(0, 6)).toEqual([' 所在国家或地区的区号', 'CN 中国（+86）', 'HK 中国香港（+852）', 'MO 中国澳门（+853）', 'TW 中国台湾（+886）', 'AL 阿尔巴尼亚（+355）']);
    // English keeps alphabetical order: China among the Cs.
    const en = (await new HttpAgent(t.app).get('/events/zgc-forum-2027/register')).body;
    expect(en).toContain('<option value="CL">Chile</option><option value="CN">China</option>');
  });

  it('registers once when the same form is sent twice, and shows the same answer both times', async () => {
    const agent = new HttpAgent(t.app);
    const page = await agent.get('/events/zgc-forum-2027/register');
    const hidden = hiddenFields(page.body, '/events/zgc-forum-2027/register');
    const fields = { ...hidden, ...valid({ email: 'twice@example.org', familyName: 'Twice' }) } as Record<string, string>;
    const [a, b] = await Promise.all([agent.post('/events/zgc-forum-2027/register', fields), agent.post('/events/zgc-forum-2027/register', fields)]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    expect(a.headers.location).toBe(b.headers.location);
    expect((await t.db.select().from(registrations).where(eq(registrations.email, 'twice@example.org'))).length).toBe(1);
  });

  it('shows a known address the same answer page as a new one, registers nothing, and mails its owner the link', async () => {
    const first = await register(new HttpAgent(t.app), valid({ email: 'known.person@example.org' }));
    const again = await register(new HttpAgent(t.app), valid({ email: 'Known.Person@example.org', familyName: 'Impostor' }));
    const [pageA, pageB] = await Promise.all([new HttpAgent(t.app).get(first.headers.location as string), new HttpAgent(t.app).get(again.headers.location as string)]);
    // The pages differ only in their own address (the form token) and the CSRF token.
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/answer%2F[A-Za-z0-9_-]{32}/g, '');
    expect(strip(pageB.body)).toBe(strip(pageA.body));
    expect((await t.db.select().from(registrations).where(eq(registrations.email, 'known.person@example.org'))).map((r) => r.familyName)).toEqual(['Okafor']);
    await expect.poll(() => t.mail.to('known.person@example.org').length).toBe(2);
    const notice = t.mail.to('known.person@example.org').find((m) => m.subject === 'Zhongguancun Forum 2027: you are already registered')!;
    expect(linkIn(notice.text!)).toBeDefined();
  });

  it('tells a waiting or pending person what the mail holds, without a ticket they do not have', async () => {
    const small = await createEvent(t.db, { slug: 'small-forum-2027', status: 'published', title: { en: 'Small Forum 2027', 'zh-CN': '2027小型论坛' }, startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-20 18:00') });
    await t.db.insert(registrationSettings).values({ eventId: small.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00'), capacity: 1 });
    const [open] = await t.db.insert(registrationCategories).values({ eventId: small.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' }, position: 0 }).returning();
    const [reviewed] = await t.db.insert(registrationCategories).values({ eventId: small.id, code: 'PRESS', name: { en: 'Press', 'zh-CN': '媒体' }, requiresApproval: true, position: 1 }).returning();
    const answerOf = async (agent: HttpAgent, fields: Record<string, string>) => {
      const page = await agent.get('/events/small-forum-2027/register');
      const res = await agent.post('/events/small-forum-2027/register', { ...hiddenFields(page.body, '/events/small-forum-2027/register'), ...fields });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
      return (await agent.get(res.headers.location as string)).body;
    };
    const base = { ...(valid() as Record<string, string>), [`q_${questionId}`]: '' };
    await answerOf(new HttpAgent(t.app), { ...base, categoryId: open!.id, email: 'first.seat@example.org' });
    const waiting = await answerOf(new HttpAgent(t.app), { ...base, categoryId: open!.id, email: 'second.seat@example.org' });
    expect(waiting).toContain('<h1>You are on the waiting list</h1>');
    expect(waiting).toContain('<p class="lead">Check your mail: we have sent this answer and your private link to s•••t@example.org.</p>');
    const pending = await answerOf(new HttpAgent(t.app, { lang: 'zh-CN' }), { ...base, categoryId: reviewed!.id, email: 'press.desk@example.org' });
    expect(pending).toContain('<h1>您的报名正在审核</h1>');
    expect(pending).toContain('<p class="lead">请查收邮件：我们已将报名回执和个人专属链接发送至p•••k@example.org。</p>');
  });

  it('opens a hidden category with an invitation code only', async () => {
    const page = await new HttpAgent(t.app).get('/events/zgc-forum-2027/register');
    expect(page.body).not.toContain('>VIP');
  });
});

describe('the manage link', () => {
  it('shows the ticket, changes details and sessions under the capacity rules, and cancels, promoting nobody when nobody waits', async () => {
    await register(new HttpAgent(t.app), valid({ email: 'manager@example.org', sessionIds: visitId }));
    const link = linkIn((await t.mail.waitForTo('manager@example.org')).text!)!;
    const agent = new HttpAgent(t.app);
    const page = await agent.get(`/registrations/manage/${link}`);
    expect(page.statusCode).toBe(200);
    // A page about a person: a shared computer's browser must not keep it.
    expect(page.headers['cache-control']).toBe('no-store');
    // Someone arriving from the mail finds their way to the event and its agenda.
    expect(page.body).toContain('<li><a href="/events/zgc-forum-2027">Zhongguancun Forum 2027</a></li>');
    expect(page.body).toContain('Status: Confirmed');
    expect(page.body).toContain('<svg');
    const [row] = await t.db.select().from(registrations).where(eq(registrations.email, 'manager@example.org'));
    expect(await t.db.select().from(sessionBookings).where(eq(sessionBookings.registrationId, row!.id))).toHaveLength(1);
    const [visit] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, visitId));
    expect(visit!.booked).toBe(1);

    // Someone else cannot book the full visit.
    const full = await register(new HttpAgent(t.app), valid({ email: 'late@example.org', sessionIds: visitId }));
    expect(full.statusCode).toBe(422);
    expect(full.body).toContain('A session you chose has just filled up; choose another.');

    const shown = { familyName: 'Okafor', givenName: 'Chidi', nameZh: '', organisation: 'Lagos Innovation Hub', jobTitle: 'Director', mobileCountry: 'NG', mobile: '+2348031234567', dietary: 'halal', dietaryNote: '', interpretation: 'en-to-zh', interpretationNote: '' };
    const details = await agent.submit(`/registrations/manage/${link}`, { ...shown, organisation: 'Lagos Business School', mobile: '+234 803 765 4321' }, `/registrations/manage/${link}/details`);
    expect(details.statusCode).toBe(303);
    const bad = await agent.submit(`/registrations/manage/${link}`, { ...shown, familyName: '' }, `/registrations/manage/${link}/details`);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Enter your family name.');
    // The identity form beside the details keeps what is stored (this person lives elsewhere, in Nigeria).
    expect(bad.body).toContain('<input type="radio" name="residence" value="other" checked>');
    expect(bad.body).toContain('<option value="NG" selected>Nigeria</option>');
    const sessions = await agent.submit(`/registrations/manage/${link}`, { sessionIds: '' }, `/registrations/manage/${link}/sessions`);
    expect(sessions.statusCode).toBe(303);
    const [after] = await t.db.select().from(registrations).where(eq(registrations.id, row!.id));
    expect([after!.organisation, after!.mobile]).toEqual(['Lagos Business School', '+2348037654321']);
    // The country can be corrected too, and the mobile number is then checked against it.
    const noCountry = await agent.submit(`/registrations/manage/${link}`, { ...shown, country: 'Atlantis' }, `/registrations/manage/${link}/details`);
    expect(noCountry.statusCode).toBe(422);
    expect(noCountry.body).toContain('<a href="#field-country">Choose your country or region.</a>');
    const moved = await agent.submit(`/registrations/manage/${link}`, { ...shown, country: 'GH', mobileCountry: '', mobile: '024 123 4567' }, `/registrations/manage/${link}/details`);
    expect(moved.statusCode).toBe(303);
    const [corrected] = await t.db.select().from(registrations).where(eq(registrations.id, row!.id));
    expect([corrected!.country, corrected!.mobile]).toEqual(['GH', '+233241234567']);
    expect((await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, visitId)))[0]!.booked).toBe(0);

    const ticket = await agent.get(`/registrations/manage/${link}/ticket.png`);
    expect([ticket.statusCode, ticket.headers['content-type'], ticket.headers['cache-control']]).toEqual([200, 'image/png', 'private, no-store']);

    const unconfirmed = await agent.submit(`/registrations/manage/${link}`, {}, `/registrations/manage/${link}/cancel`);
    expect(unconfirmed.statusCode).toBe(422);
    const cancelled = await agent.submit(`/registrations/manage/${link}`, { confirm: 'yes' }, `/registrations/manage/${link}/cancel`);
    expect(cancelled.statusCode).toBe(303);
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    const confirmed = (await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).filter((r) => r.status === 'confirmed').length;
    expect(settings!.taken).toBe(confirmed);
    const ended = (await agent.get(`/registrations/manage/${link}`)).body;
    expect(ended).toContain('Status: Cancelled');
    // The way back in while registration is open, and no word of a seat the person no longer holds.
    expect(ended).toContain(`<a class="button button--secondary" href="/events/${event.slug}/register">Register again</a>`);
    expect(ended).toContain('<p>Your personal data is erased everywhere it is kept, including copies of the mails sent to you. Only an anonymous count remains. This cannot be undone.</p>');
    expect(ended).not.toContain('your seat goes to the next person waiting');
  });

  it('answers an altered link with 404 and offers a new link by mail with the same page for any address', async () => {
    expect((await new HttpAgent(t.app).get('/registrations/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    const agent = new HttpAgent(t.app);
    const known = await agent.submit('/events/zgc-forum-2027/register/link', { email: 'chidi.okafor@example.ng' });
    const unknown = await agent.submit('/events/zgc-forum-2027/register/link', { email: 'nobody@example.org' });
    expect(known.statusCode).toBe(200);
    expect(known.body.replace(/c•••r@example.ng/, 'X').replace(/name="_csrf" value="[^"]*"/g, '')).toBe(unknown.body.replace(/n•••y@example.org/, 'X').replace(/name="_csrf" value="[^"]*"/g, ''));
    await expect.poll(() => t.mail.to('chidi.okafor@example.ng').filter((m) => m.subject === 'Zhongguancun Forum 2027: your link to manage your registration').length).toBe(1);
  });
});

describe('answers through the manage link', () => {
  it('lets a guest imported without answers answer the organiser’s questions, checked like the form, audited', async () => {
    const [guest] = await createRegistrations(t.db, event.id, guestId, [{ familyName: 'Imported', givenName: 'Guest', email: 'imported.guest@example.org' }]);
    expect(guest!.answers).toEqual({});
    const { token } = await issueAccessToken(t.db, t.clock, { purpose: 'manage-registration', subject: guest!.id, ttlSeconds: 3600 });
    const base = `/registrations/manage/${token}`;
    const agent = new HttpAgent(t.app);
    const page = await agent.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="answers-heading">Your answers</h2>');
    expect(page.body).toContain(`<p class="field__label" id="label-q_${questionId}">How did you hear about the forum?`);
    expect(page.body).not.toContain(`name="q_${questionId}" value="web" checked`);
    const stored = async () => (await t.db.select().from(registrations).where(eq(registrations.id, guest!.id)))[0]!.answers;

    // A choice the question does not offer, and no answer to a required question: the form again, nothing stored.
    for (const [answer, message] of [
      ['radio', 'Choose one of the options.'],
      ['', 'Answer “How did you hear about the forum?”.'],
    ] as const) {
      const bad = await agent.submit(base, { [`q_${questionId}`]: answer }, `${base}/answers`);
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain(`<p class="field__error" id="error-q_${questionId}"><span class="visually-hidden">Error: </span>${message}</p>`);
      expect(await stored()).toEqual({});
    }

    const saved = await agent.submit(base, { [`q_${questionId}`]: 'web' }, `${base}/answers`);
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `${base}?done=answers`]);
    expect(await stored()).toEqual({ [questionId]: 'web' });
    const shown = (await agent.follow(saved)).body;
    expect(shown).toContain('Your answers are saved.');
    expect(shown).toContain(`name="q_${questionId}" value="web" checked`);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, guest!.id));
    expect([audit!.action, audit!.before, audit!.after]).toEqual(['registration.update', { answers: { [questionId]: null } }, { answers: { [questionId]: 'web' } }]);
  });

  it('never answers 5xx to random answer forms, and stores only answers the question allows (property)', async () => {
    const [guest] = await createRegistrations(t.db, event.id, guestId, [{ email: 'fuzzed.guest@example.org' }]);
    const { token } = await issueAccessToken(t.db, t.clock, { purpose: 'manage-registration', subject: guest!.id, ttlSeconds: 3600 });
    const base = `/registrations/manage/${token}`;
    const agent = new HttpAgent(t.app);
    const value = fc.oneof(fc.constantFrom('embassy', 'web', '', 'Embassy'), fc.string({ maxLength: 30 }), fc.array(fc.constantFrom('embassy', 'web', 'x'), { maxLength: 3 }));
    const field = fc.oneof(fc.constant(`q_${questionId}`), fc.constant('q_not-a-question'), fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['_csrf', '__proto__'].includes(k)));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, value, { maxKeys: 4 }), async (body) => {
        const before = (await t.db.select().from(registrations).where(eq(registrations.id, guest!.id)))[0]!.answers;
        const res = await agent.submit(base, body as Record<string, string | string[]>, `${base}/answers`);
        expect(res.statusCode).toBeLessThan(500);
        const after = (await t.db.select().from(registrations).where(eq(registrations.id, guest!.id)))[0]!.answers;
        if (res.statusCode !== 303) expect(after).toEqual(before);
        // Whatever was sent, what is stored is one of the question's options, and nothing else.
        expect(Object.keys(after)).toEqual(Object.keys(after).length ? [questionId] : []);
        if (Object.keys(after).length) expect(['embassy', 'web']).toContain(after[questionId]);
      }),
      { numRuns: 40 },
    );
  });
});
