// Organisers set up registration through forms: the window as wall time in the event’s zone (refused when a DST change
// skips or repeats it), capacities never below the seats already taken, categories and questions with every rule
// checked and audited, and invitation codes generated, listed, revoked, exported and looked up as the public form will.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, events, invitationCodes, registrationCategories, registrationQuestions, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { CODE_ALPHABET, findUsableInvitationCode, normaliseTypedCode, randomCodePart } from '../../src/features/registration/invitations.ts';
import { takeSeat } from '../../src/features/registration/seats.ts';
import { categoryToForm, updateCategory, validateCategoryForm } from '../../src/features/registration/setup-categories.ts';
import { parseOptions } from '../../src/features/registration/setup-questions.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { createRegistrations } from '../factories/registrations.ts';

let t: TestApp;
let forum: EventRow;
let other: EventRow;
let organiser: HttpAgent;
let checkin: HttpAgent;
let outsider: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp();
  // A China–Italy forum in Rome in spring 2027: summer time begins on Sunday 28 March, ends on Sunday 31 October.
  forum = await createEvent(t.db, {
    slug: 'china-italy-forum-2027',
    timezone: 'Europe/Rome',
    title: { en: 'China–Italy Innovation Forum', 'zh-CN': '中意创新论坛' },
    startsAt: wallTime('2027-04-20 09:00', 'Europe/Rome'),
    endsAt: wallTime('2027-04-21 18:00', 'Europe/Rome'),
  });
  other = await createEvent(t.db, { slug: 'other-forum-2027' });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }));
  checkin = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'checkin']] }));
  outsider = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
});
afterAll(async () => t?.close());

const setup = () => `/admin/events/${forum.id}/registration`;
const codesPage = () => `${setup()}/codes`;

const decode = (html: string) =>
  html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The error summary of a refused form: field → message, '' for messages of no field. */
function summary(html: string): Record<string, string> {
  const box = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  const out: Record<string, string> = {};
  for (const m of box.matchAll(/<li>(?:<a href="#field-(\w+)">([^<]*)<\/a>|([^<]*))<\/li>/g)) out[m[1] ?? ''] = decode(m[2] ?? m[3] ?? '');
  return out;
}

const auditRows = (action: string) => t.db.select().from(auditLog).where(and(eq(auditLog.eventId, forum.id), eq(auditLog.action, action))).orderBy(asc(auditLog.createdAt));
const settingsOf = async (eventId: string) => (await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId)))[0];
const categoriesOf = (eventId: string) => t.db.select().from(registrationCategories).where(eq(registrationCategories.eventId, eventId)).orderBy(asc(registrationCategories.position));
const questionsOf = (eventId: string) => t.db.select().from(registrationQuestions).where(eq(registrationQuestions.eventId, eventId)).orderBy(asc(registrationQuestions.position));
const codesOf = (eventId: string) => t.db.select().from(invitationCodes).where(eq(invitationCodes.eventId, eventId)).orderBy(asc(invitationCodes.id));

/** Posts a form whose checkbox groups send the same name several times (HttpAgent.submit takes one value per name). */
async function submitMany(agent: HttpAgent, page: string, action: string, entries: [string, string][]) {
  const res = await agent.get(page);
  const hidden = Object.entries(hiddenFields(res.body, action));
  return agent.app.inject({
    method: 'POST',
    url: action,
    remoteAddress: agent.remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: agent.cookieHeader, 'accept-language': 'en' },
    payload: new URLSearchParams([...hidden, ...entries]).toString(),
  });
}

const SETTINGS = { opensAt: '2027-01-11T09:00', closesAt: '2027-04-15T18:00', capacity: '300', waitlist: 'on' };
const category = (fields: Partial<Record<string, string>> = {}) => ({ code: 'guest', nameEn: 'Guest', nameZh: '嘉宾', capacity: '', visibility: 'public', ...fields });

async function addCategory(fields: Partial<Record<string, string>>) {
  const res = await organiser.submit(`${setup()}/categories/new`, category(fields), `${setup()}/categories`);
  expect(res.statusCode, JSON.stringify(summary(res.body))).toBe(303);
  return (await categoriesOf(forum.id)).find((c) => c.code === (fields.code ?? 'guest').trim().toUpperCase())!;
}

let registrationSeq = 0;
async function register(categoryId: string, status: 'confirmed' | 'cancelled' = 'confirmed') {
  registrationSeq++;
  await t.db.insert(registrations).values({
    eventId: forum.id,
    categoryId,
    status,
    holdsSeat: status === 'confirmed',
    email: `participant-${registrationSeq}@example.it`,
    familyName: 'Rossi',
    givenName: 'Giulia',
    organisation: 'Politecnico di Milano',
    country: 'IT',
    mobile: '+393471234567',
    residence: 'other',
    // No consent to keeping the document number, so none is stored (the PIPL rule the schema enforces).
    nationality: 'IT',
    locale: 'en',
    ticketCode: `TICKET${String(registrationSeq).padStart(4, '0')}ABCDEFGHIJKLMNOPQRSTUV`,
    consentAt: t.clock.now(),
    consentVersion: '2027-01',
  });
}

describe('registration settings', () => {
  it('stores the window typed as Rome wall time and audits it', async () => {
    const res = await organiser.submit(setup(), SETTINGS);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(setup());
    const row = await settingsOf(forum.id);
    // 09:00 in Rome in January is 08:00 UTC (winter time); 18:00 on 15 April is 16:00 UTC (summer time).
    expect(row).toMatchObject({ opensAt: new Date('2027-01-11T08:00:00Z'), closesAt: new Date('2027-04-15T16:00:00Z'), capacity: 300, taken: 0, waitlistEnabled: true });
    const [audit] = await auditRows('registration.settings');
    expect(audit!.after).toEqual({
      opensAt: '2027-01-11T08:00:00.000Z',
      closesAt: '2027-04-15T16:00:00.000Z',
      capacity: 300,
      waitlistEnabled: true,
      controllerName: null,
      retentionMonths: 12,
      sharesAbroad: false,
      abroadRecipient: null,
      abroadContact: null,
    });
    const page = await organiser.follow(res);
    expect(page.body).toContain('The registration settings were saved.');
    expect(page.body).toContain('value="2027-01-11T09:00"');
    expect(page.body).toContain('0 of 300');
    expect(page.body).toMatch(/<span class="badge badge--registration-upcoming">Not open yet<\/span>\s+Opens on 11 Jan 2027, 09:00 \(/);
  });

  it.each([
    [{ closesAt: '2027-03-28T02:30' }, 'closesAt', "This time does not exist in the event’s zone: the clocks skip it when summer time begins. Choose another time."],
    [{ opensAt: '2026-10-31T02:30', closesAt: '2027-10-31T02:30' }, 'closesAt', "This time happens twice in the event’s zone, when the clocks go back. Choose a time outside that hour."],
    [{ opensAt: '11/01/2027 09:00' }, 'opensAt', 'Enter a date and time such as 2026-09-17 09:00.'],
    [{ closesAt: '2027-01-11T09:00' }, 'closesAt', 'Registration must close after it opens.'],
    [{ capacity: '0' }, 'capacity', 'Enter a whole number of seats from 1 to 1,000,000, or leave it empty for no limit.'],
    [{ capacity: '12.5' }, 'capacity', 'Enter a whole number of seats from 1 to 1,000,000, or leave it empty for no limit.'],
  ])('refuses %j with a message on %s and changes nothing', async (change, field, message) => {
    const before = await settingsOf(forum.id);
    const audits = (await auditRows('registration.settings')).length;
    const res = await organiser.submit(setup(), { ...SETTINGS, ...change });
    expect(res.statusCode).toBe(422);
    expect(summary(res.body)[field]).toSatisfy((text: string) => text === message || text.endsWith(`: ${message}`));
    expect(await settingsOf(forum.id)).toEqual(before);
    expect((await auditRows('registration.settings')).length).toBe(audits);
  });

  it('refuses an event capacity below the seats taken with a field error, not a server error', async () => {
    await t.db.update(registrationSettings).set({ taken: 120 }).where(eq(registrationSettings.eventId, forum.id));
    const res = await organiser.submit(setup(), { ...SETTINGS, capacity: '119' });
    expect(res.statusCode).toBe(422);
    expect(summary(res.body)).toEqual({ capacity: '120 seats are already taken: the seats cannot be fewer than that.' });
    expect((await settingsOf(forum.id))!.capacity).toBe(300);
    // Exactly the seats taken is fine, and so is no limit; the waiting list can be turned off.
    expect((await organiser.submit(setup(), { ...SETTINGS, capacity: '120' })).statusCode).toBe(303);
    expect((await organiser.submit(setup(), { ...SETTINGS, capacity: '', waitlist: '' })).statusCode).toBe(303);
    expect(await settingsOf(forum.id)).toMatchObject({ capacity: null, taken: 120, waitlistEnabled: false });
    await t.db.update(registrationSettings).set({ taken: 0 }).where(eq(registrationSettings.eventId, forum.id));
  });
});

describe('the privacy notice’s settings', () => {
  const ABROAD = { controllerName: 'China–Italy Forum Secretariat, Beijing', retentionMonths: '6', sharesAbroad: 'on', abroadRecipient: 'Fondazione Ricerca Italiana, Milan, Italy', abroadContact: 'privacy@fondazione.example.it' };

  it('names who processes, how long data is kept and the co-organiser abroad with its contact, in the form’s notice', async () => {
    const res = await organiser.submit(setup(), { ...SETTINGS, ...ABROAD });
    expect(res.statusCode).toBe(303);
    expect(await settingsOf(forum.id)).toMatchObject({ controllerName: ABROAD.controllerName, retentionMonths: 6, sharesAbroad: true, abroadRecipient: ABROAD.abroadRecipient, abroadContact: ABROAD.abroadContact });
    const audit = (await auditRows('registration.settings')).at(-1);
    expect(audit!.after).toMatchObject({ retentionMonths: 6, sharesAbroad: true, abroadRecipient: ABROAD.abroadRecipient, abroadContact: ABROAD.abroadContact });
    const page = await organiser.get(setup());
    expect(page.body).toContain(`value="${ABROAD.abroadContact}"`);
    expect(page.body).toMatch(/<input type="checkbox" name="sharesAbroad" value="on" aria-describedby="field-sharesAbroad-hint" checked>/);
    const en = await organiser.get(`${setup()}/preview?lang=en`);
    expect(en.body).toContain('Who processes it: China–Italy Forum Secretariat, Beijing, the organiser of this event.');
    expect(en.body).toContain('How long: until 6 months after the event ends; then it is erased automatically.');
    expect(en.body).toContain('Sharing abroad: this event shares your registration with its co-organiser outside mainland China, Fondazione Ricerca Italiana, Milan, Italy, which runs the event with the organiser. You can ask either of them about your data; the co-organiser at privacy@fondazione.example.it.');
    expect(en.body).toContain('name="consentAbroad"');
    const zh = await organiser.get(`${setup()}/preview?lang=zh-CN`);
    // No full stop after the address: on a phone it would wrap onto a line of its own.
    expect(zh.body).toContain('联合主办方的联系方式：privacy@fondazione.example.it</p>');
  });

  it('links the public form to check and share, and says a draft event has none yet whatever its dates', async () => {
    expect((await organiser.submit(setup(), { ...SETTINGS })).statusCode).toBe(303);
    const page = await organiser.get(setup());
    expect(page.body).toContain('<p class="public-form-link">Public form: <a href="/events/china-italy-forum-2027/register">http://forumdesk.test/events/china-italy-forum-2027/register</a></p>');
    await t.db.update(events).set({ status: 'draft' }).where(eq(events.id, forum.id));
    try {
      const draft = await organiser.get(setup());
      expect(draft.body).toContain('The event is not published yet, so nobody can register until it is: publish it on the event’s page.');
      expect(draft.body).not.toContain('public-form-link');
    } finally {
      await t.db.update(events).set({ status: 'published' }).where(eq(events.id, forum.id));
    }
  });

  it('names the field in the summary where two messages would read alike (both dates, both names)', async () => {
    const res = await organiser.submit(setup(), { ...SETTINGS, opensAt: 'soon', closesAt: 'later' });
    expect(res.statusCode).toBe(422);
    expect(summary(res.body)).toMatchObject({ opensAt: 'Registration opens: Enter a date and time such as 2026-09-17 09:00.', closesAt: 'Registration closes: Enter a date and time such as 2026-09-17 09:00.' });
  });

  it('takes the months as typed on a Chinese keyboard (１２)', async () => {
    expect((await organiser.submit(setup(), { ...SETTINGS, ...ABROAD, retentionMonths: '１２' })).statusCode).toBe(303);
    expect((await settingsOf(forum.id))!.retentionMonths).toBe(12);
  });

  it('stops sharing when unticked: the recipient and contact are forgotten and the form asks no transfer consent', async () => {
    expect((await organiser.submit(setup(), { ...SETTINGS, ...ABROAD })).statusCode).toBe(303);
    const res = await organiser.submit(setup(), { ...SETTINGS, ...ABROAD, sharesAbroad: '' });
    expect(res.statusCode).toBe(303);
    expect(await settingsOf(forum.id)).toMatchObject({ sharesAbroad: false, abroadRecipient: null, abroadContact: null });
    expect((await organiser.get(`${setup()}/preview?lang=en`)).body).not.toContain('name="consentAbroad"');
  });

  it('keeps sharing on when a form without the privacy fields is sent (a tab opened before they were there)', async () => {
    expect((await organiser.submit(setup(), { ...SETTINGS, ...ABROAD })).statusCode).toBe(303);
    const { privacyFields: _, ...hidden } = hiddenFields((await organiser.get(setup())).body, setup());
    expect((await organiser.post(setup(), { ...hidden, ...SETTINGS, capacity: '301' })).statusCode).toBe(303);
    expect(await settingsOf(forum.id)).toMatchObject({ capacity: 301, sharesAbroad: true, abroadRecipient: ABROAD.abroadRecipient, abroadContact: ABROAD.abroadContact });
    // With the marker, an unticked box unticks.
    expect((await organiser.submit(setup(), { ...SETTINGS, sharesAbroad: '' })).statusCode).toBe(303);
    expect((await settingsOf(forum.id))!.sharesAbroad).toBe(false);
  });

  it.each([
    [{ sharesAbroad: 'on', abroadRecipient: '', abroadContact: 'privacy@example.it' }, 'abroadRecipient', 'Name the recipient abroad, or untick the sharing.'],
    [{ sharesAbroad: 'on', abroadRecipient: 'Fondazione', abroadContact: '  ' }, 'abroadContact', 'Say how participants reach the recipient, or untick the sharing.'],
    [{ sharesAbroad: 'on', abroadRecipient: 'Fondazione\nRicerca', abroadContact: 'privacy@example.it' }, 'abroadRecipient', 'Write this on one line.'],
    [{ retentionMonths: '0' }, 'retentionMonths', 'Enter a whole number of months from 1 to 120.'],
    [{ retentionMonths: '121' }, 'retentionMonths', 'Enter a whole number of months from 1 to 120.'],
    [{ retentionMonths: '6.5' }, 'retentionMonths', 'Enter a whole number of months from 1 to 120.'],
    [{ retentionMonths: '' }, 'retentionMonths', 'Enter a whole number of months from 1 to 120.'],
    [{ controllerName: 'x'.repeat(201) }, 'controllerName', 'This is too long: use at most 200 characters.'],
  ])('refuses %j with a message on %s and changes nothing', async (change, field, message) => {
    const before = await settingsOf(forum.id);
    const res = await organiser.submit(setup(), { ...SETTINGS, ...change });
    expect(res.statusCode).toBe(422);
    expect(summary(res.body)[field]).toSatisfy((text: string) => text === message || text.endsWith(`: ${message}`));
    expect(await settingsOf(forum.id)).toEqual(before);
  });
});

describe('categories', () => {
  it('adds a category with its code in capitals, in order, audited', async () => {
    const guest = await addCategory({ code: ' guest ', capacity: '200' });
    expect(guest).toMatchObject({ code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' }, capacity: 200, taken: 0, visibility: 'public', requiresApproval: false, invitationOnly: false, position: 0 });
    const vip = await addCategory({ code: 'VIP', nameEn: 'VIP', nameZh: '贵宾', capacity: '20', visibility: 'hidden', requiresApproval: 'on', invitationOnly: 'on', colour: '#B4232A' });
    // The badge colour: the default brand blue unless chosen, stored in lower case.
    expect(vip).toMatchObject({ code: 'VIP', capacity: 20, visibility: 'hidden', requiresApproval: true, invitationOnly: true, position: 1, colour: '#b4232a' });
    expect(guest).toMatchObject({ colour: '#0b3d91' });
    const [audit] = await auditRows('registrationCategory.create');
    expect(audit!.after).toEqual({ code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' }, capacity: 200, visibility: 'public', requiresApproval: false, invitationOnly: false, colour: '#0b3d91' });
    const page = await organiser.get(setup());
    expect(page.body).toContain('0 of 200');
    expect(page.body).toContain('Hidden · needs approval · invitation only');
    // The preview marks the hidden, invitation-only category once, not "by invitation code only · only with a code".
    const preview = (await organiser.get(`${setup()}/preview?lang=en`)).body;
    expect(preview).toContain('VIP <span class="muted">· hidden: by invitation code only</span> <span class="muted">· needs the organisers’ approval</span>');
  });

  it.each([
    [{ code: 'V' }, 'code', 'Enter a code of 2 to 12 capital letters or digits, such as VIP.'],
    [{ code: 'VIP-1' }, 'code', 'Enter a code of 2 to 12 capital letters or digits, such as VIP.'],
    [{ code: 'ABCDEFGHIJKLM' }, 'code', 'Enter a code of 2 to 12 capital letters or digits, such as VIP.'],
    [{ code: 'ÄB' }, 'code', 'Enter a code of 2 to 12 capital letters or digits, such as VIP.'],
    [{ code: 'vip' }, 'code', 'Another category of this event already has the code VIP.'],
    [{ code: 'MEDIA', nameEn: ' ', nameZh: '' }, 'nameEn', 'Give the category’s name in English, in Chinese or both.'],
    [{ code: 'MEDIA', nameZh: '媒'.repeat(101) }, 'nameZh', 'This is too long: use at most 100 characters.'],
    [{ code: 'MEDIA', capacity: '-5' }, 'capacity', 'Enter a whole number of seats from 1 to 1,000,000, or leave it empty for no limit.'],
    [{ code: 'MEDIA', visibility: 'secret' }, 'visibility', 'Choose public or hidden.'],
    [{ code: 'MEDIA', colour: 'blue' }, 'colour', 'Choose a colour (such as #0b3d91).'],
  ])('refuses %j with a message on %s and writes nothing', async (fields, field, message) => {
    const before = await categoriesOf(forum.id);
    const res = await organiser.submit(`${setup()}/categories/new`, category(fields), `${setup()}/categories`);
    expect(res.statusCode).toBe(422);
    expect(summary(res.body)[field]).toSatisfy((text: string) => text === message || text.endsWith(`: ${message}`));
    expect(await categoriesOf(forum.id)).toEqual(before);
    expect((await auditRows('registrationCategory.create')).length).toBe(2);
  });

  it('the same code may be used by another event', async () => {
    const res = await outsider.submit(`/admin/events/${other.id}/registration/categories/new`, category({ code: 'VIP' }), `/admin/events/${other.id}/registration/categories`);
    expect(res.statusCode).toBe(303);
    expect((await categoriesOf(other.id)).map((c) => c.code)).toEqual(['VIP']);
  });

  it('edits a category, refusing a capacity below the seats taken', async () => {
    const guest = (await categoriesOf(forum.id)).find((c) => c.code === 'GUEST')!;
    await t.db.update(registrationCategories).set({ taken: 50 }).where(eq(registrationCategories.id, guest.id));
    const edit = `${setup()}/categories/${guest.id}/edit`;
    const action = `${setup()}/categories/${guest.id}`;
    const refused = await organiser.submit(edit, category({ capacity: '49' }), action);
    expect(refused.statusCode).toBe(422);
    expect(summary(refused.body)).toEqual({ capacity: '50 seats are already taken: the seats cannot be fewer than that.' });
    expect((await categoriesOf(forum.id)).find((c) => c.id === guest.id)!.capacity).toBe(200);
    const saved = await organiser.submit(edit, category({ capacity: '50', nameEn: 'Guests' }), action);
    expect(saved.statusCode).toBe(303);
    expect((await categoriesOf(forum.id)).find((c) => c.id === guest.id)).toMatchObject({ capacity: 50, taken: 50, name: { en: 'Guests', 'zh-CN': '嘉宾' } });
    const [audit] = await auditRows('registrationCategory.update');
    expect(audit).toMatchObject({ before: { capacity: 200, name: { en: 'Guest', 'zh-CN': '嘉宾' } }, after: { capacity: 50, name: { en: 'Guests', 'zh-CN': '嘉宾' } } });
    // Taking another category's code is refused; keeping its own is not.
    const clash = await organiser.submit(edit, category({ code: 'VIP' }), action);
    expect(summary(clash.body)).toEqual({ code: 'Another category of this event already has the code VIP.' });
    await t.db.update(registrationCategories).set({ taken: 0 }).where(eq(registrationCategories.id, guest.id));
  });

  it('moves categories up and down', async () => {
    await addCategory({ code: 'MEDIA', nameEn: 'Media', nameZh: '媒体' });
    const media = (await categoriesOf(forum.id)).find((c) => c.code === 'MEDIA')!;
    const moved = await organiser.submit(setup(), { direction: 'up' }, `${setup()}/categories/${media.id}/move`);
    expect(moved.statusCode).toBe(303);
    expect((await categoriesOf(forum.id)).map((c) => c.code)).toEqual(['GUEST', 'MEDIA', 'VIP']);
    await organiser.submit(setup(), { direction: 'up' }, `${setup()}/categories/${media.id}/move`);
    expect((await categoriesOf(forum.id)).map((c) => c.code)).toEqual(['MEDIA', 'GUEST', 'VIP']);
    await organiser.submit(setup(), { direction: 'down' }, `${setup()}/categories/${media.id}/move`);
    expect((await categoriesOf(forum.id)).map((c) => c.code)).toEqual(['GUEST', 'MEDIA', 'VIP']);
    expect((await auditRows('registrationCategory.move')).length).toBe(3);
  });

  it('refuses to remove a category people registered in (even cancelled), removes an unused one with its codes', async () => {
    const media = (await categoriesOf(forum.id)).find((c) => c.code === 'MEDIA')!;
    await register(media.id, 'cancelled');
    const edit = `${setup()}/categories/${media.id}/edit`;
    const refused = await organiser.submit(edit, {}, `${setup()}/categories/${media.id}/remove`);
    expect(refused.statusCode).toBe(409);
    expect(summary(refused.body)).toEqual({ '': 'The category MEDIA cannot be removed: 1 registrations are in it.' });
    expect((await categoriesOf(forum.id)).map((c) => c.code)).toEqual(['GUEST', 'MEDIA', 'VIP']);

    const press = await addCategory({ code: 'PRESS', nameEn: 'Press', nameZh: '记者' });
    await organiser.submit(codesPage(), { categoryId: press.id, count: '3', maxUses: '1', expiresAt: '' });
    expect((await codesOf(forum.id)).filter((c) => c.categoryId === press.id)).toHaveLength(3);
    const removed = await organiser.submit(`${setup()}/categories/${press.id}/edit`, {}, `${setup()}/categories/${press.id}/remove`);
    expect(removed.statusCode).toBe(303);
    expect((await categoriesOf(forum.id)).map((c) => c.code)).toEqual(['GUEST', 'MEDIA', 'VIP']);
    expect((await codesOf(forum.id)).filter((c) => c.categoryId === press.id)).toHaveLength(0);
    expect((await auditRows('registrationCategory.remove')).map((a) => (a.before as { code: string }).code)).toEqual(['PRESS']);
  });
});

describe('questions', () => {
  const newQuestion = () => `${setup()}/questions/new`;
  const questionsAction = () => `${setup()}/questions`;

  it('adds a single-choice question with options in both languages, for one category', async () => {
    const vip = (await categoriesOf(forum.id)).find((c) => c.code === 'VIP')!;
    const res = await organiser.submit(
      newQuestion(),
      {
        kind: 'single',
        labelEn: 'Which visit would you like to join?',
        labelZh: '您希望参加哪项参观？',
        helpEn: 'Places are limited.',
        helpZh: '',
        options: 'tour-a | Science park tour | 科技园参观\r\nMuseum visit | 博物馆参观\r\n\r\n  | 自由活动  ',
        required: 'on',
        categoryIds: vip.id.toUpperCase(),
        fileMaxMb: '5',
      },
      questionsAction(),
    );
    expect(res.statusCode, JSON.stringify(summary(res.body))).toBe(303);
    const [question] = await questionsOf(forum.id);
    expect(question).toMatchObject({
      kind: 'single',
      label: { en: 'Which visit would you like to join?', 'zh-CN': '您希望参加哪项参观？' },
      help: { en: 'Places are limited.' },
      options: [
        { value: 'tour-a', label: { en: 'Science park tour', 'zh-CN': '科技园参观' } },
        { value: 'museum-visit', label: { en: 'Museum visit', 'zh-CN': '博物馆参观' } },
        { value: 'option-3', label: { 'zh-CN': '自由活动' } },
      ],
      required: true,
      categoryIds: [vip.id],
      fileTypes: [],
      fileMaxBytes: null,
    });
    expect((await auditRows('registrationQuestion.create')).length).toBe(1);
    // The edit form shows the options in the form they are typed in, values included.
    const edit = await organiser.get(`${setup()}/questions/${question!.id}/edit`);
    expect(edit.body).toContain('tour-a | Science park tour | 科技园参观\nmuseum-visit | Museum visit | 博物馆参观\noption-3 |  | 自由活动</textarea>');
  });

  it('adds a file question with its types and size, for two categories', async () => {
    const [guest, media] = (await categoriesOf(forum.id)).filter((c) => c.code !== 'VIP');
    const res = await submitMany(organiser, newQuestion(), questionsAction(), [
      ['kind', 'file'],
      ['labelEn', 'Press card'],
      ['labelZh', '记者证'],
      ['categoryIds', guest!.id],
      ['categoryIds', media!.id],
      ['fileTypes', 'pdf'],
      ['fileTypes', 'jpeg'],
      // A decimal comma, as many keyboards type it.
      ['fileMaxMb', '2,5'],
      ['options', 'ignored | for | files'],
    ]);
    expect(res.statusCode, JSON.stringify(summary(res.body))).toBe(303);
    const question = (await questionsOf(forum.id))[1]!;
    expect(question).toMatchObject({ kind: 'file', required: false, options: [], categoryIds: [guest!.id, media!.id], fileTypes: ['application/pdf', 'image/jpeg'], fileMaxBytes: 2_621_440, position: 1 });
  });

  it.each([
    [{ kind: 'essay' }, 'kind', 'Choose the kind of answer.'],
    [{ labelEn: '', labelZh: ' ' }, 'labelEn', 'Give the question in English, in Chinese or both.'],
    [{ labelEn: 'x'.repeat(301) }, 'labelEn', 'This is too long: use at most 300 characters.'],
    [{ kind: 'multiple', options: 'Only one' }, 'options', 'Give at least two choices, one per line.'],
    [{ kind: 'multiple', options: 'a | b | c | d\ne | f' }, 'options', 'Line 1: write “value | English | Chinese”, with at most two “|”.'],
    [{ kind: 'multiple', options: 'Tour A | 甲\nTOUR | Tour B | 乙' }, 'options', 'Line 2: the value may use only lower-case letters, digits and hyphens (at most 40), such as tour-a.'],
    [{ kind: 'multiple', options: 'Tour | 甲\ntour | Tour again | 乙' }, 'options', 'Line 2: the value “tour” is already used by another choice.'],
    [{ kind: 'multiple', options: 'x |  | \ny | Y | 乙' }, 'options', 'Line 1: give the choice’s label in English, in Chinese or both.'],
    [{ kind: 'single', options: Array.from({ length: 51 }, (_, i) => `Option ${i}`).join('\n') }, 'options', 'Give at most 50 choices.'],
    [{ kind: 'file', fileTypes: '' }, 'fileTypes', 'Choose at least one kind of file from the list.'],
    [{ kind: 'file', fileTypes: 'exe' }, 'fileTypes', 'Choose at least one kind of file from the list.'],
    [{ kind: 'file', fileTypes: 'pdf', fileMaxMb: '25' }, 'fileMaxMb', 'Enter a size from 0.1 to 20 MB, such as 5.'],
    [{ kind: 'file', fileTypes: 'pdf', fileMaxMb: '0' }, 'fileMaxMb', 'Enter a size from 0.1 to 20 MB, such as 5.'],
    [{ kind: 'file', fileTypes: 'pdf', fileMaxMb: '5MB' }, 'fileMaxMb', 'Enter a size from 0.1 to 20 MB, such as 5.'],
  ])('refuses %j with a message on %s and writes nothing', async (change, field, message) => {
    const before = await questionsOf(forum.id);
    const res = await organiser.submit(newQuestion(), { kind: 'text', labelEn: 'Dietary wishes', labelZh: '饮食要求', ...change }, questionsAction());
    expect(res.statusCode).toBe(422);
    expect(summary(res.body)[field]).toSatisfy((text: string) => text === message || text.endsWith(`: ${message}`));
    expect(await questionsOf(forum.id)).toEqual(before);
  });

  it("refuses another event’s category", async () => {
    const [otherVip] = await categoriesOf(other.id);
    const res = await organiser.submit(newQuestion(), { kind: 'text', labelEn: 'Dietary wishes', labelZh: '', categoryIds: otherVip!.id }, questionsAction());
    expect(res.statusCode).toBe(422);
    expect(summary(res.body)).toEqual({ categoryIds: 'Choose categories of this event.' });
  });

  it('refuses to remove a category a question is asked only in, until the question changes', async () => {
    const vip = (await categoriesOf(forum.id)).find((c) => c.code === 'VIP')!;
    const refused = await organiser.submit(`${setup()}/categories/${vip.id}/edit`, {}, `${setup()}/categories/${vip.id}/remove`);
    expect(refused.statusCode).toBe(409);
    expect(summary(refused.body)).toEqual({ '': 'The category VIP cannot be removed: 1 questions are asked only in it. Change or remove those questions first.' });
  });

  it('moves, edits and removes questions, audited', async () => {
    const [first, second] = await questionsOf(forum.id);
    await organiser.submit(setup(), { direction: 'down' }, `${setup()}/questions/${first!.id}/move`);
    expect((await questionsOf(forum.id)).map((q) => q.id)).toEqual([second!.id, first!.id]);
    const edit = `${setup()}/questions/${second!.id}/edit`;
    const action = `${setup()}/questions/${second!.id}`;
    const saved = await organiser.submit(edit, { kind: 'yes-no', labelEn: 'Do you hold a press card?', labelZh: '您是否持有记者证？', required: 'on' }, action);
    expect(saved.statusCode).toBe(303);
    expect((await questionsOf(forum.id))[0]).toMatchObject({ kind: 'yes-no', required: true, categoryIds: [], fileTypes: [], fileMaxBytes: null });
    const [update] = await auditRows('registrationQuestion.update');
    expect(update).toMatchObject({ before: { kind: 'file', fileMaxBytes: 2_621_440 }, after: { kind: 'yes-no', fileMaxBytes: null } });
    const removed = await organiser.submit(edit, {}, `${action}/remove`);
    expect(removed.statusCode).toBe(303);
    expect((await questionsOf(forum.id)).map((q) => q.id)).toEqual([first!.id]);
    expect((await auditRows('registrationQuestion.remove')).length).toBe(1);
  });
});

describe('changing a question people have answered', () => {
  it('keeps their answers readable: its kind stays, and a choice someone chose stays (its words may change)', async () => {
    const [category] = await categoriesOf(forum.id);
    const [question] = await t.db
      .insert(registrationQuestions)
      .values({ eventId: forum.id, kind: 'multiple', label: { en: 'Which tracks interest you?' }, options: [{ value: 'ai', label: { en: 'AI' } }, { value: 'robotics', label: { en: 'Robotics' } }, { value: 'space', label: { en: 'Space' } }] })
      .returning();
    const [person] = await createRegistrations(t.db, forum.id, category!.id, [{ givenName: 'Wei', familyName: 'Zhang' }]);
    await t.db.update(registrations).set({ answers: { [question!.id]: ['ai', 'robotics'] } }).where(eq(registrations.id, person!.id));
    const edit = `${setup()}/questions/${question!.id}/edit`;
    const action = `${setup()}/questions/${question!.id}`;
    const before = await questionsOf(forum.id);
    const kind = await organiser.submit(edit, { kind: 'text', labelEn: 'Which tracks interest you?', labelZh: '' }, action);
    expect(kind.statusCode).toBe(422);
    expect(kind.body).toContain('People have already answered this question, so its kind of answer cannot change: add a new question instead.');
    const dropped = await organiser.submit(edit, { kind: 'multiple', labelEn: 'Which tracks interest you?', labelZh: '', options: 'ai | Artificial intelligence\nspace | Space' }, action);
    expect(dropped.statusCode).toBe(422);
    expect(dropped.body).toContain('Choices people have already chosen cannot be removed: robotics.');
    expect(await questionsOf(forum.id)).toEqual(before);
    // New words for the chosen ones, and an unchosen one taken away: saved.
    const renamed = await organiser.submit(edit, { kind: 'multiple', labelEn: 'Which tracks interest you?', labelZh: '', options: 'ai | Artificial intelligence | 人工智能\nrobotics | Robotics | 机器人' }, action);
    expect(renamed.statusCode).toBe(303);
    expect((await questionsOf(forum.id)).find((q) => q.id === question!.id)!.options.map((o) => o.value)).toEqual(['ai', 'robotics']);
    // Removing it asks first, saying how many answered; the ticked box removes it.
    expect((await organiser.get(edit)).body).toContain('<span>Yes, remove it: 1 person has answered it</span>');
    const unticked = await organiser.submit(edit, {}, `${action}/remove`);
    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('<a href="#field-confirmRemove">Tick the box to remove a question people have answered, or keep it.</a>');
    expect((await questionsOf(forum.id)).some((q) => q.id === question!.id)).toBe(true);
    expect((await organiser.submit(edit, { confirm: 'yes', answered: '1' }, `${action}/remove`)).statusCode).toBe(303);
    expect((await questionsOf(forum.id)).some((q) => q.id === question!.id)).toBe(false);
    expect((await auditRows('registrationQuestion.remove')).at(-1)!.before).toMatchObject({ kind: 'multiple', answered: 1 });
    await t.db.delete(registrations).where(eq(registrations.id, person!.id));
  });

  it('takes a choice written in Chinese characters alone as its Chinese words, and refuses control characters in names', async () => {
    expect(parseOptions('人工智能\nRobotics').options).toEqual([
      { value: 'option-1', label: { 'zh-CN': '人工智能' } },
      { value: 'robotics', label: { en: 'Robotics' } },
    ]);
    const res = await organiser.submit(`${setup()}/categories/new`, { code: 'DELEG', nameEn: 'Line\none', nameZh: '代表\u0007团', capacity: '', visibility: 'public' }, `${setup()}/categories`);
    expect(res.statusCode).toBe(422);
    expect((await categoriesOf(forum.id)).some((c) => c.code === 'DELEG')).toBe(false);
  });
});

describe('invitation codes', () => {
  const CODE = new RegExp(`^VIP-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);
  const vipId = async () => (await categoriesOf(forum.id)).find((c) => c.code === 'VIP')!.id;
  const generate = async (fields: Record<string, string>) => organiser.submit(codesPage(), { categoryId: await vipId(), count: '1', maxUses: '1', expiresAt: '', ...fields });

  it('random parts use only the 32 unambiguous symbols, every one of them', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const part = randomCodePart();
      expect(part).toMatch(new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`));
      for (const c of part.replace('-', '')) seen.add(c);
    }
    expect(CODE_ALPHABET).toHaveLength(32);
    expect([...seen].sort().join('')).toBe([...CODE_ALPHABET].sort().join(''));
    expect(CODE_ALPHABET).not.toMatch(/[01IO]/);
  });

  it('generates one code with the category prefix, a quota, an expiry in Rome time and no approval', async () => {
    // VIP is hidden and invitation-only: without codes nobody can register in it, and the set-up page says so.
    const warning = 'No usable invitation code: nobody can register in this category.';
    expect((await organiser.get(setup())).body.split(warning)).toHaveLength(2);
    const res = await generate({ maxUses: '5', expiresAt: '2027-04-01T12:00', bypassApproval: 'on' });
    expect(res.statusCode).toBe(303);
    const codes = (await codesOf(forum.id)).filter((c) => c.categoryId !== undefined && c.code.startsWith('VIP-'));
    expect(codes).toHaveLength(1);
    expect(codes[0]!.code).toMatch(CODE);
    expect(codes[0]).toMatchObject({ maxUses: 5, used: 0, expiresAt: new Date('2027-04-01T10:00:00Z'), bypassApproval: true });
    expect(res.headers.location).toBe(`${codesPage()}?batch=${codes[0]!.id}.${codes[0]!.id}`);
    const page = await organiser.follow(res);
    expect(page.body).toContain('The code was generated.');
    expect(page.body).toContain(codes[0]!.code);
    expect(page.body).toContain('0 of 5');
    // Its ready link, to paste into the guest's invitation.
    expect(decode(page.body)).toContain(`<a href="http://forumdesk.test/events/${forum.slug}/register?code=${codes[0]!.code}" rel="noreferrer" target="_blank">Registration link<span class="visually-hidden"> ${codes[0]!.code}</span></a>`);
    const overview = await organiser.get(setup());
    expect(overview.body).not.toContain(warning);
    expect(decode(overview.body)).toContain(`<a href="${codesPage()}?category=${await vipId()}&status=usable">1 usable code</a>`);
    const audit = (await auditRows('invitationCodes.generate')).at(-1)!;
    expect(audit).toMatchObject({ targetId: await vipId(), after: { count: 1, maxUses: 5, expiresAt: '2027-04-01T10:00:00.000Z', bypassApproval: true, first: codes[0]!.code, last: codes[0]!.code } });
  });

  it('generates a batch of 250 distinct codes in one audit row and lists just that batch', async () => {
    const before = (await auditRows('invitationCodes.generate')).length;
    const res = await generate({ count: '250' });
    expect(res.statusCode).toBe(303);
    const batch = new URL(String(res.headers.location), 'http://x').searchParams.get('batch')!;
    const all = (await codesOf(forum.id)).filter((c) => c.code.startsWith('VIP-'));
    expect(all).toHaveLength(251);
    expect(new Set(all.map((c) => c.code)).size).toBe(251);
    expect(all.every((c) => CODE.test(c.code))).toBe(true);
    expect((await auditRows('invitationCodes.generate')).length).toBe(before + 1);
    const page = await organiser.follow(res);
    expect(page.body).toContain('250 codes');
    expect(page.body).toContain('The codes just generated');
    // 100 to a page, newest first.
    expect(page.body.match(/<span class="code-text">VIP-/g)).toHaveLength(100);
    expect(decode(page.body)).toContain(`href="${codesPage()}?batch=${batch}&page=2" rel="next">Next page</a>`);
    expect(page.body).toContain('Page 1 of 3');
    const third = await organiser.get(`${codesPage()}?batch=${batch}&page=3`);
    expect(third.body.match(/<span class="code-text">VIP-/g)).toHaveLength(50);
    expect(decode(third.body)).toContain(`href="${codesPage()}?batch=${batch}&page=2" rel="prev">Previous page</a>`);
    expect(third.body).not.toContain('Next page');
    const csv = await organiser.get(`${codesPage()}.csv?batch=${batch}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="china-italy-forum-2027-invitation-codes.csv"');
    const lines = csv.body.split('\r\n');
    // The expiry's zone named, and each code's own registration link for a mail merge.
    expect(lines[0]).toBe('\uFEFFCode,Registration link,Category,Used,Uses allowed,Valid until (Rome time),No approval needed,Status');
    expect(lines).toHaveLength(252);
    expect(lines[251]).toBe('');
    expect(lines.slice(1, 251).map((l) => l.split(',')[0])).toEqual(all.slice(1).map((c) => c.code));
    expect(lines[1]).toMatch(/^(VIP-\w{4}-\w{4}),http:\/\/forumdesk\.test\/events\/china-italy-forum-2027\/register\?code=\1,VIP VIP,0,1,,no,Usable$/);
  });

  it.each([
    [{ count: '0' }, 'count', 'Enter a whole number from 1 to 1000.'],
    [{ count: '1001' }, 'count', 'Enter a whole number from 1 to 1000.'],
    [{ maxUses: '0' }, 'maxUses', 'Enter a whole number of uses from 1 to 10,000.'],
    [{ expiresAt: '2027-03-28T02:30' }, 'expiresAt', 'This time does not exist in the event’s zone: the clocks skip it when summer time begins. Choose another time.'],
    [{ expiresAt: '2026-11-01T09:00' }, 'expiresAt', 'This time has already passed: choose a later one.'],
    [{ categoryId: 'not-a-category' }, 'categoryId', 'Choose a category of this event.'],
  ])('refuses %j with a message on %s and writes nothing', async (change, field, message) => {
    const before = (await codesOf(forum.id)).length;
    const res = await generate(change);
    expect(res.statusCode).toBe(422);
    expect(summary(res.body)[field]).toSatisfy((text: string) => text === message || text.endsWith(`: ${message}`));
    expect((await codesOf(forum.id)).length).toBe(before);
  });

  it("refuses another event’s category", async () => {
    const [otherVip] = await categoriesOf(other.id);
    const res = await generate({ categoryId: otherVip!.id });
    expect(res.statusCode).toBe(422);
    expect((await codesOf(other.id)).length).toBe(0);
  });

  it('finds a usable code however it is typed, and says why one cannot be used', async () => {
    const [code] = (await codesOf(forum.id)).filter((c) => c.maxUses === 5);
    const vip = await vipId();
    const now = t.clock.now();
    const found = { id: code!.id, categoryId: vip, bypassApproval: true };
    expect(await findUsableInvitationCode(t.db, forum.id, code!.code, now)).toEqual(found);
    expect(await findUsableInvitationCode(t.db, forum.id, `  ${code!.code.toLowerCase()} `, now)).toEqual(found);
    expect(await findUsableInvitationCode(t.db, forum.id, code!.code.replace(/-/g, ''), now)).toEqual(found);
    expect(await findUsableInvitationCode(t.db, forum.id, code!.code.replace(/-/g, ' – '), now)).toEqual(found);
    // Typed with a Chinese input method: full-width letters and a full-width dash.
    const fullWidth = [...code!.code].map((c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
    expect(await findUsableInvitationCode(t.db, forum.id, fullWidth, now)).toEqual(found);
    expect(normaliseTypedCode(' vip–7kq2 m9xd ')).toBe('VIP7KQ2M9XD');
    expect(await findUsableInvitationCode(t.db, forum.id, 'VIP-AAAA-AAAA', now)).toEqual({ problem: 'unknown' });
    expect(await findUsableInvitationCode(t.db, forum.id, '', now)).toEqual({ problem: 'unknown' });
    expect(await findUsableInvitationCode(t.db, forum.id, "VIP' OR 1=1 --", now)).toEqual({ problem: 'unknown' });
    expect(await findUsableInvitationCode(t.db, other.id, code!.code, now)).toEqual({ problem: 'unknown' });
    // Expires at 12:00 Rome time on 1 April 2027 (10:00 UTC).
    expect(await findUsableInvitationCode(t.db, forum.id, code!.code, new Date('2027-04-01T09:59:59Z'))).toEqual(found);
    expect(await findUsableInvitationCode(t.db, forum.id, code!.code, new Date('2027-04-01T10:00:00Z'))).toEqual({ problem: 'expired' });
    await t.db.update(invitationCodes).set({ used: 5 }).where(eq(invitationCodes.id, code!.id));
    expect(await findUsableInvitationCode(t.db, forum.id, code!.code, now)).toEqual({ problem: 'used-up' });
    await t.db.update(invitationCodes).set({ used: 2 }).where(eq(invitationCodes.id, code!.id));
  });

  it('revokes a used code by closing its quota, and deletes an unused one', async () => {
    const codes = (await codesOf(forum.id)).filter((c) => c.code.startsWith('VIP-'));
    const used = codes.find((c) => c.used === 2)!;
    const unused = codes.find((c) => c.used === 0)!;
    // The list links to a page that asks once more; opening it changes nothing.
    const list = (await organiser.get(codesPage())).body;
    expect(list).toMatch(new RegExp(`<a href="${codesPage()}/[0-9a-f-]{36}/revoke">Revoke<span class="visually-hidden"> VIP-[A-Z0-9]{4}-[A-Z0-9]{4}</span></a>`));
    expect(list).not.toContain('/revoke"><input');
    // A used-up code offers no link to a form that would refuse it.
    const usedUp = (await organiser.get(`${codesPage()}?status=used-up`)).body;
    expect(usedUp).not.toContain('Registration link');
    const asked = await organiser.get(`${codesPage()}/${used.id}/revoke`);
    expect(asked.body).toContain('<h1>Revoke this invitation code?</h1>');
    expect(asked.body).toContain('<p>2 registrations were made with it and stay; nobody can use the code again.</p>');
    expect((await codesOf(forum.id)).find((c) => c.id === used.id)).toMatchObject({ used: 2, maxUses: used.maxUses });
    organiser.lang = 'zh-CN';
    expect((await organiser.get(`${codesPage()}/${unused.id}/revoke`)).body).toContain('<p>尚无人使用此邀请码：作废后将删除，任何人都不能再用它报名。</p>');
    organiser.lang = 'en';
    const closed = await organiser.submit(`${codesPage()}/${used.id}/revoke`, {});
    expect(closed.statusCode).toBe(303);
    expect((await organiser.follow(closed)).body).toContain('The code was revoked: the registrations made with it stay.');
    expect((await codesOf(forum.id)).find((c) => c.id === used.id)).toMatchObject({ used: 2, maxUses: 2 });
    const deleted = await organiser.submit(`${codesPage()}/${unused.id}/revoke`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await codesOf(forum.id)).find((c) => c.id === unused.id)).toBeUndefined();
    expect((await auditRows('invitationCodes.revoke')).map((a) => a.after)).toEqual([{ outcome: 'closed' }, { outcome: 'deleted' }]);
    const missing = await organiser.submit(codesPage(), {}, `${codesPage()}/${unused.id}/revoke`);
    expect(missing.statusCode).toBe(404);
  });

  it('filters by status and part of the code, and neutralises formulas in the CSV', async () => {
    const usedUp = await organiser.get(`${codesPage()}?status=used-up`);
    expect(usedUp.body).toContain('1 code');
    const one = (await codesOf(forum.id)).find((c) => c.used === 0 && c.code.startsWith('VIP-'))!;
    const search = await organiser.get(`${codesPage()}?q=${encodeURIComponent(one.code.slice(4).toLowerCase().replace('-', ' '))}`);
    expect(search.body).toContain('1 code');
    expect(search.body).toContain(one.code);
    // A category name typed as a spreadsheet formula comes out as text.
    const vip = await vipId();
    await organiser.submit(`${setup()}/categories/${vip}/edit`, category({ code: 'VIP', nameEn: '=HYPERLINK("http://evil.example","x")', nameZh: '贵宾', capacity: '20', visibility: 'hidden' }), `${setup()}/categories/${vip}`);
    const csv = await organiser.get(`${codesPage()}.csv?status=used-up`);
    expect(csv.body).toMatch(/^\uFEFFCode,Registration link,Category,Used,Uses allowed,Valid until \(Rome time\),No approval needed,Status\r\nVIP-\w{4}-\w{4},[^,]+,"VIP =HYPERLINK\(""http:\/\/evil.example"",""x""\)",2,2,2027-04-01 12:00,yes,Used up\r\n$/);
    const zh = await organiser.get(`${codesPage()}.csv?status=used-up&lang=zh-CN`);
    expect(zh.body.split('\r\n')[0]).toBe('\uFEFF邀请码,报名链接,参会身份,已使用,可用次数,有效期至（罗马时间）,免审核,状态');
  });
});

describe('capacity changes racing registrations', () => {
  it('never oversells and never fails: each change either keeps the capacity at or above the seats taken or is refused', async () => {
    const [row] = await t.db.insert(registrationCategories).values({ eventId: forum.id, code: 'RACE', name: { en: 'Race' }, capacity: 40, position: 9 }).returning();
    const actor = { actorId: null, requestId: null };
    const seats = Array.from({ length: 60 }, () => t.db.transaction((tx) => takeSeat(tx, forum.id, row!.id)));
    const changes = [45, 20, 35, 10, 50, 30].map(async (capacity) => {
      const current = (await categoriesOf(forum.id)).find((c) => c.id === row!.id)!;
      const { values } = await validateCategoryForm(t.db, forum.id, { ...categoryToForm(current), capacity: String(capacity) }, current.id);
      return { capacity, result: await updateCategory(t.db, actor, current, values!) };
    });
    const [taken, results] = await Promise.all([Promise.all(seats), Promise.all(changes)]);
    const final = (await categoriesOf(forum.id)).find((c) => c.id === row!.id)!;
    expect(final.taken).toBe(taken.filter(Boolean).length);
    expect(final.taken).toBeLessThanOrEqual(final.capacity!);
    for (const { result } of results) {
      if (result.errors) expect(Object.keys(result.errors)).toEqual(['capacity']);
    }
    await t.db.delete(registrationCategories).where(eq(registrationCategories.id, row!.id));
  });
});

describe('who may set up registration', () => {
  it('check-in staff get 403 on every page and form; an organiser of another event gets 404', async () => {
    const [vip] = (await categoriesOf(forum.id)).filter((c) => c.code === 'VIP');
    for (const path of [setup(), `${setup()}/categories/new`, `${setup()}/categories/${vip!.id}/edit`, `${setup()}/questions/new`, codesPage(), `${codesPage()}.csv`]) {
      expect((await checkin.get(path)).statusCode, path).toBe(403);
      expect((await outsider.get(path)).statusCode, path).toBe(404);
    }
    const before = await categoriesOf(forum.id);
    const page = await outsider.get(`/admin/events/${other.id}/registration`);
    const res = await outsider.post(`${setup()}/categories`, { ...hiddenFields(page.body), ...category({ code: 'INTRUDER' }) });
    expect(res.statusCode).toBe(404);
    expect(await categoriesOf(forum.id)).toEqual(before);
  });

  it('the event overview links to the set-up for organisers only', async () => {
    expect((await organiser.get(`/admin/events/${forum.id}`)).body).toContain(`href="/admin/events/${forum.id}/registration"`);
    expect((await checkin.get(`/admin/events/${forum.id}`)).body).not.toContain(`href="/admin/events/${forum.id}/registration"`);
  });
});
