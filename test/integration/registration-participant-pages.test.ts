// What a participant sees around registering, in both languages: a guest with an invitation code is told the code
// works and never sees organiser notes; booked session times name the zone (manage page and mails); correcting a
// form error is not refused as too fast; the conditional nationality field and file types are said in words; missing
// answers name their question; repeated cancel, withdraw and delete say it was done already; the deleted page links
// back to the event.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, invitationCodes, registrationCategories, registrationConsents, registrationQuestions, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { publishAgendaAsIs } from '../factories/agenda.ts';

const SLUG = 'innovation-spaces-2027';
const FORM = `/events/${SLUG}/register`;

let t: TestApp;
let event: EventRow;
let guestId: string;
let vipId: string;
let workshopId: string;
let dinnerId: string;

beforeAll(async () => {
  // The spam guard as in production: a form sent within 2 seconds of being shown is refused.
  t = await buildTestApp({ env: { FORM_MIN_SECONDS: '2' } });
  t.clock.set('2027-03-01T02:00:00Z');
  event = await createEvent(t.db, {
    slug: SLUG,
    status: 'published',
    title: { en: 'Innovation Spaces Conference 2027', 'zh-CN': '2027创新空间大会' },
    startsAt: wallTime('2027-03-27 09:00'),
    endsAt: wallTime('2027-03-28 18:00'),
  });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-03-20 18:00'), capacity: 500 });
  const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会代表' }, position: 0 }).returning();
  const [vip] = await t.db
    .insert(registrationCategories)
    .values({ eventId: event.id, code: 'VIP', name: { en: 'Invited guest (VIP)', 'zh-CN': '特邀嘉宾' }, visibility: 'hidden', requiresApproval: true, position: 1 })
    .returning();
  guestId = guest!.id;
  vipId = vip!.id;
  await t.db.insert(invitationCodes).values([
    { eventId: event.id, categoryId: vipId, code: 'VIP-7KQ2', maxUses: 10, bypassApproval: true },
    { eventId: event.id, categoryId: vipId, code: 'VIP-ASK1', maxUses: 10, bypassApproval: false },
  ]);
  const [workshop] = await t.db
    .insert(agendaSessions)
    .values({ eventId: event.id, type: 'workshop', title: { en: 'Incubator design workshop', 'zh-CN': '孵化器设计工作坊' }, capacity: 40, startsAt: wallTime('2027-03-27 09:00'), endsAt: wallTime('2027-03-27 12:30') })
    .returning();
  workshopId = workshop!.id;
  await publishAgendaAsIs(t.db, event);
  const [dinner] = await t.db
    .insert(registrationQuestions)
    .values([
      { eventId: event.id, kind: 'yes-no', position: 0, required: true, label: { en: 'Will you join the dinner?', 'zh-CN': '是否出席晚宴？' } },
      { eventId: event.id, kind: 'file', position: 1, label: { en: 'Your CV', 'zh-CN': '个人简历' }, fileTypes: ['application/pdf', 'image/jpeg'], fileMaxBytes: 1024 * 1024 },
      { eventId: event.id, kind: 'text', position: 2, label: { en: 'Your website', 'zh-CN': '个人网站' }, help: { en: 'Optional, e.g. https://example.org', 'zh-CN': '选填，如 https://example.org' } },
    ])
    .returning();
  dinnerId = dinner!.id;
});
afterAll(async () => t.close());

const valid = (email: string, over: Record<string, string | string[]> = {}) => ({
  categoryId: guestId,
  familyName: 'Mensah',
  givenName: 'Ama',
  organisation: 'Accra Tech Park',
  country: 'GH',
  email,
  mobileCountry: 'GH',
  mobile: '024 123 4567',
  residence: 'other',
  nationality: 'GH',
  consent: 'yes',
  [`q_${dinnerId}`]: 'yes',
  ...over,
});

/** Loads the form, waits as a person would, then sends it with its hidden fields. */
async function register(agent: HttpAgent, fields: Record<string, string | string[]>, page = FORM) {
  const form = await agent.get(page);
  expect(form.statusCode).toBe(200);
  t.clock.advance({ seconds: 30 });
  return agent.post(FORM, { ...hiddenFields(form.body, FORM), ...fields });
}

const linkIn = (text: string) => /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
const categoryOption = (body: string, name: string) => new RegExp(`<span>${name.replace(/[()]/g, '\\$&')}[^\\n]*?</label>`).exec(body)?.[0] ?? '';

describe('an invitation code', () => {
  it('opens the hidden category with a line saying so, without the organisers’ notes, and without "needs approval" when the code skips it', async () => {
    const en = await new HttpAgent(t.app).get(`${FORM}?code=VIP-7KQ2`);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Your invitation code is accepted: it opens the category “Invited guest (VIP)”.');
    expect(categoryOption(en.body, 'Invited guest (VIP)')).toBe('<span>Invited guest (VIP)</span></label>');
    expect(en.body).not.toContain('by invitation code only');
    expect(en.body).not.toContain('needs the organisers');

    const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(`${FORM}?code=vip-7kq2`);
    expect(zh.body).toContain('邀请码有效，您可选择参会身份“特邀嘉宾”。');
    expect(categoryOption(zh.body, '特邀嘉宾')).toBe('<span>特邀嘉宾</span></label>');
    expect(zh.body).not.toContain('仅凭邀请码');
    expect(zh.body).not.toContain('需主办方审核');
  });

  it('still says a category needs approval when the code does not skip it, and the registration waits', async () => {
    const agent = new HttpAgent(t.app);
    const page = await agent.get(`${FORM}?code=VIP-ASK1`);
    expect(categoryOption(page.body, 'Invited guest (VIP)')).toBe('<span>Invited guest (VIP) <span class="muted">· needs the organisers’ approval</span></span></label>');
    expect(page.body).not.toContain('by invitation code only');
    const sent = await register(agent, valid('asks@example.gh', { categoryId: vipId }), `${FORM}?code=VIP-ASK1`);
    expect(sent.statusCode).toBe(303);
    expect((await t.db.select().from(registrations).where(eq(registrations.email, 'asks@example.gh')))[0]!.status).toBe('pending');
  });

  it('confirms at once with the code that skips approval, as the form said', async () => {
    const sent = await register(new HttpAgent(t.app), valid('vip@example.gh', { categoryId: vipId }), `${FORM}?code=VIP-7KQ2`);
    expect(sent.statusCode).toBe(303);
    expect((await t.db.select().from(registrations).where(eq(registrations.email, 'vip@example.gh')))[0]!.status).toBe('confirmed');
  });

  it('is marked hidden in the organisers’ preview only', async () => {
    const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
    const preview = await organiser.get(`/admin/events/${event.id}/registration/preview`);
    expect(categoryOption(preview.body, 'Invited guest (VIP)')).toBe(
      '<span>Invited guest (VIP) <span class="muted">· hidden: by invitation code only</span> <span class="muted">· needs the organisers’ approval</span></span></label>',
    );
  });
});

describe('the form', () => {
  it('marks nationality as required for people living elsewhere, in words', async () => {
    const en = await new HttpAgent(t.app).get(FORM);
    expect(en.body).toMatch(/<label class="field__label" for="field-nationality">Nationality <span class="field__required">\(required if you live elsewhere\)<\/span>\s*<\/label>/);
    const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(FORM);
    expect(zh.body).toMatch(/<label class="field__label" for="field-nationality">国籍<span class="field__required">（常住地为其他国家或地区者必填）<\/span>\s*<\/label>/);
  });

  it('names the accepted file types in words and shows no empty hint under a question without help', async () => {
    const en = await new HttpAgent(t.app).get(FORM);
    expect(en.body).toMatch(/<p class="field__hint" id="types-q_[0-9a-f-]{36}">Accepted: PDF and JPEG image; up to 1 MB\.<\/p>/);
    // Each hint is tied to its input, so screen readers read it with the field.
    expect(en.body).toMatch(/<input class="field__input" id="input-q_([0-9a-f-]{36})" name="q_\1" type="file" accept="application\/pdf,image\/jpeg" aria-describedby="types-q_\1 ">/);
    expect(en.body).not.toContain('application/pdf;');
    expect(en.body).toContain('accept="application/pdf,image/jpeg"');
    expect(en.body).toMatch(/<p class="field__hint" id="help-q_[0-9a-f-]{36}">Optional, e\.g\. https:\/\/example\.org<\/p>/);
    expect(en.body).not.toMatch(/<p class="field__hint">\s*<\/p>/);
    const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(FORM);
    expect(zh.body).toMatch(/<p class="field__hint" id="types-q_[0-9a-f-]{36}">支持格式：PDF和JPEG 图片；不超过1 MB。<\/p>/);
    expect(zh.body).not.toMatch(/<p class="field__hint">\s*<\/p>/);
  });

  it('answers a form sent from a ?lang=zh-CN page in Chinese, on the answer page it leads to too', async () => {
    const agent = new HttpAgent(t.app);
    const form = await agent.get(`${FORM}?lang=zh-CN`);
    t.clock.advance({ seconds: 30 });
    const res = await agent.post(FORM, { ...hiddenFields(form.body, FORM), ...valid('lang.link@example.cn') }, { referer: `http://localhost${FORM}?lang=zh-CN`, 'accept-language': 'en' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^${FORM}/answer/[A-Za-z0-9_-]+\\?lang=zh-CN$`));
    const answer = await agent.get(res.headers.location as string, { 'accept-language': 'en' });
    expect(answer.body).toContain('<html lang="zh-CN"');
  });

  it('names the unanswered question in the error summary', async () => {
    const en = await register(new HttpAgent(t.app), valid('no.answer@example.gh', { [`q_${dinnerId}`]: '' }));
    expect(en.statusCode).toBe(422);
    expect(en.body).toContain(`<a href="#field-q_${dinnerId}">Answer “Will you join the dinner?”.</a>`);
    const zh = await register(new HttpAgent(t.app, { lang: 'zh-CN' }), valid('no.answer@example.gh', { [`q_${dinnerId}`]: '' }));
    expect(zh.body).toContain(`<a href="#field-q_${dinnerId}">请回答“是否出席晚宴？”。</a>`);
  });
});

describe('questions for some categories', () => {
  it('name the categories they are for, stay out of the form when those are hidden, and are checked only for them', async () => {
    const added = await t.db
      .insert(registrationQuestions)
      .values([
        { eventId: event.id, kind: 'text', position: 10, required: true, categoryIds: [guestId], label: { en: 'Your research field', 'zh-CN': '研究领域' } },
        { eventId: event.id, kind: 'text', position: 11, required: true, categoryIds: [vipId], label: { en: 'Protocol contact', 'zh-CN': '礼宾联系人' } },
      ])
      .returning();
    const [research, protocol] = added.map((q) => q.id);
    try {
      const en = await new HttpAgent(t.app).get(FORM);
      expect(en.body).toMatch(new RegExp(`id="field-q_${research}" data-categories="${guestId}">[\\s\\S]*?<p class="field__hint">Only for: Participant\\.</p>`));
      // The VIP category is hidden without its code: so is its question, and its name.
      expect(en.body).not.toContain('Protocol contact');
      expect(en.body).toContain('<script type="module" src="/static/js/category-questions.js"></script>');
      const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(FORM);
      expect(zh.body).toContain('<p class="field__hint">仅适用于：参会代表。</p>');
      // With the code, the VIP question shows, named for its category.
      const withCode = await new HttpAgent(t.app).get(`${FORM}?code=VIP-7KQ2`);
      expect(withCode.body).toContain('Only for: Invited guest (VIP).');
      // No category chosen yet: the required questions of everyone are listed at once, not those of one category.
      const none = await register(new HttpAgent(t.app), valid('no.category@example.gh', { categoryId: '', [`q_${dinnerId}`]: '' }));
      expect(none.statusCode).toBe(422);
      expect(none.body).toContain(`<a href="#field-q_${dinnerId}">`);
      expect(none.body).not.toContain(`<a href="#field-q_${research}">`);
      // A participant is asked their field, not the VIP's protocol contact.
      const guest = await register(new HttpAgent(t.app), valid('research@example.gh'));
      expect(guest.statusCode).toBe(422);
      expect(guest.body).toContain(`<a href="#field-q_${research}">Answer “Your research field”.</a>`);
      expect(guest.body).not.toContain(`#field-q_${protocol}`);
    } finally {
      await t.db.delete(registrationQuestions).where(inArray(registrationQuestions.id, [research!, protocol!]));
    }
  });
});

describe('the spam guard', () => {
  it('takes a corrected form sent at once after an error, since the time spent on the first try counts', async () => {
    const agent = new HttpAgent(t.app);
    const first = await agent.get(FORM);
    const shownStamp = hiddenFields(first.body, FORM)._started!;
    t.clock.advance({ seconds: 40 });
    const unticked = await agent.post(FORM, { ...hiddenFields(first.body, FORM), ...valid('quick.fix@example.gh', { consent: '' }) });
    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('Agree to the processing of your information to register.');
    expect(hiddenFields(unticked.body, FORM)._started).toBe(shownStamp);
    t.clock.advance({ seconds: 1 });
    const fixed = await agent.post(FORM, { ...hiddenFields(unticked.body, FORM), ...valid('quick.fix@example.gh') });
    expect(fixed.statusCode).toBe(303);
    expect(await t.db.select({ id: registrations.id }).from(registrations).where(eq(registrations.email, 'quick.fix@example.gh'))).toHaveLength(1);
  });

  it('still refuses a first sending that is too fast, and a forged stamp is not carried over', async () => {
    const agent = new HttpAgent(t.app);
    const page = await agent.get(FORM);
    t.clock.advance({ seconds: 1 });
    const fast = await agent.post(FORM, { ...hiddenFields(page.body, FORM), ...valid('too.fast@example.gh') });
    expect(fast.statusCode).toBe(422);
    expect(fast.body).toContain('That form was sent very quickly.');
    const forged = await agent.post(FORM, { ...hiddenFields(page.body, FORM), _started: '1000.forged', ...valid('too.fast@example.gh') });
    expect(forged.statusCode).toBe(422);
    expect(hiddenFields(forged.body, FORM)._started).toMatch(new RegExp(`^${t.clock.now().getTime()}\\.`));
    expect(await t.db.select({ id: registrations.id }).from(registrations).where(eq(registrations.email, 'too.fast@example.gh'))).toEqual([]);
  });

  it('keeps the stamp on the "new link" form too', async () => {
    const agent = new HttpAgent(t.app);
    const page = await agent.get(`${FORM}/link`);
    const stamp = hiddenFields(page.body)._started!;
    t.clock.advance({ seconds: 10 });
    const bad = await agent.post(`${FORM}/link`, { ...hiddenFields(page.body), email: 'not an address' });
    expect(bad.statusCode).toBe(422);
    expect(hiddenFields(bad.body)._started).toBe(stamp);
    const good = await agent.post(`${FORM}/link`, { ...hiddenFields(bad.body), email: 'someone@example.gh' });
    expect(good.statusCode).toBe(200);
    expect(good.body).not.toContain('That form was sent very quickly.');
  });
});

describe('booked session times', () => {
  it('name the event’s zone in the mail (text and HTML) and on the manage page, in the reader’s language', async () => {
    await register(new HttpAgent(t.app, { lang: 'zh-CN' }), valid('zone.zh@example.gh', { sessionIds: workshopId }));
    const zh = await t.mail.waitForTo('zone.zh@example.gh');
    expect(zh.text).toContain('- 孵化器设计工作坊——2027年3月27日 09:00–12:30（北京时间）');
    expect(zh.html).toContain('<li>孵化器设计工作坊——2027年3月27日 09:00–12:30（北京时间）</li>');

    await register(new HttpAgent(t.app), valid('zone.en@example.gh', { sessionIds: workshopId }));
    const en = await t.mail.waitForTo('zone.en@example.gh');
    expect(en.text).toContain('- Incubator design workshop — 27 Mar 2027, 09:00–12:30 (Beijing time)');
    const manage = await new HttpAgent(t.app).get(`/registrations/manage/${linkIn(en.text!)}`);
    expect(manage.body).toMatch(/<h2 id="sessions-heading">Site visits and workshops<\/h2>\s*<p class="field__hint">These have limited seats. Times are in Beijing time.<\/p>/);
    const manageZh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(`/registrations/manage/${linkIn(zh.text!)}`);
    expect(manageZh.body).toContain('<p class="field__hint">以下场次名额有限。时间均为北京时间。</p>');
  });
});

describe('repeating an action on the manage page', () => {
  it('cancelling again after Back says it is cancelled already, changing nothing', async () => {
    await register(new HttpAgent(t.app), valid('twice.cancel@example.gh'));
    const link = linkIn((await t.mail.waitForTo('twice.cancel@example.gh')).text!)!;
    const agent = new HttpAgent(t.app);
    const page = await agent.get(`/registrations/manage/${link}`);
    const form = { ...hiddenFields(page.body, `/registrations/manage/${link}/cancel`), confirm: 'yes' };
    const first = await agent.post(`/registrations/manage/${link}/cancel`, form);
    expect([first.statusCode, first.headers.location]).toEqual([303, `/registrations/manage/${link}?done=cancelled`]);
    const [row] = await t.db.select().from(registrations).where(eq(registrations.email, 'twice.cancel@example.gh'));
    const audits = (await t.db.select().from(auditLog).where(eq(auditLog.targetId, row!.id))).length;

    // Back, then the same form again.
    const again = await agent.post(`/registrations/manage/${link}/cancel`, form);
    expect([again.statusCode, again.headers.location]).toEqual([303, `/registrations/manage/${link}?done=alreadyCancelled`]);
    const shown = await agent.follow(again);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<div class="notice" role="status"><p>Your registration was already cancelled. Nothing has changed.</p></div>');
    expect(shown.body).toContain('Status: Cancelled');
    expect((await new HttpAgent(t.app, { lang: 'zh-CN' }).get(`/registrations/manage/${link}?done=alreadyCancelled`)).body).toContain('您的报名此前已取消，本次未作任何更改。');
    const [after] = await t.db.select().from(registrations).where(eq(registrations.id, row!.id));
    expect(after).toEqual(row);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.targetId, row!.id))).toHaveLength(audits);
    // An unknown notice shows nothing, not a raw key.
    expect((await agent.get(`/registrations/manage/${link}?done=toString`)).body).not.toContain('registration.manage.done');
  });

  it('withdrawing a consent again says it is withdrawn already; one never given is still refused', async () => {
    await register(new HttpAgent(t.app), valid('twice.withdraw@example.gh', { consentSensitive: 'yes', idNumber: 'G1234567' }));
    const link = linkIn((await t.mail.waitForTo('twice.withdraw@example.gh')).text!)!;
    const agent = new HttpAgent(t.app);
    const page = await agent.get(`/registrations/manage/${link}`);
    const form = { ...hiddenFields(page.body, `/registrations/manage/${link}/withdraw`), kind: 'sensitive' };
    expect((await agent.post(`/registrations/manage/${link}/withdraw`, form)).headers.location).toBe(`/registrations/manage/${link}?done=withdrawn`);
    const [row] = await t.db.select().from(registrations).where(eq(registrations.email, 'twice.withdraw@example.gh'));
    const consents = await t.db.select().from(registrationConsents).where(eq(registrationConsents.registrationId, row!.id));

    const again = await agent.post(`/registrations/manage/${link}/withdraw`, form);
    expect([again.statusCode, again.headers.location]).toEqual([303, `/registrations/manage/${link}?done=alreadyWithdrawn`]);
    expect((await agent.follow(again)).body).toContain('This consent was already withdrawn. Nothing has changed.');
    expect(await t.db.select().from(registrationConsents).where(eq(registrationConsents.registrationId, row!.id))).toEqual(consents);

    const never = await agent.post(`/registrations/manage/${link}/withdraw`, { ...form, kind: 'cross-border' });
    expect(never.statusCode).toBe(422);
    expect(never.body).toContain('This consent is not active, so there is nothing to withdraw.');
  });

  it('deleting again after Back shows the deleted page, linking back to the event; another browser gets the dead link', async () => {
    await register(new HttpAgent(t.app, { lang: 'zh-CN' }), valid('twice.delete@example.gh'));
    const link = linkIn((await t.mail.waitForTo('twice.delete@example.gh')).text!)!;
    const agent = new HttpAgent(t.app, { lang: 'zh-CN' });
    const page = await agent.get(`/registrations/manage/${link}`);
    const form = { ...hiddenFields(page.body, `/registrations/manage/${link}/delete`), confirm: 'yes' };
    const first = await agent.post(`/registrations/manage/${link}/delete`, form);
    expect([first.statusCode, first.headers.location]).toEqual([303, `/registrations/deleted?event=${SLUG}`]);
    const deleted = await agent.follow(first);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain(`<a class="button" href="/events/${SLUG}/register">重新报名</a> <a href="/events/${SLUG}">返回2027创新空间大会</a>`);

    const again = await agent.post(`/registrations/manage/${link}/delete`, form);
    expect([again.statusCode, again.headers.location]).toEqual([303, `/registrations/deleted?event=${SLUG}`]);
    expect((await agent.get(`/registrations/manage/${link}`)).headers.location).toBe(`/registrations/deleted?event=${SLUG}`);
    expect((await new HttpAgent(t.app).get(`/registrations/manage/${link}`)).statusCode).toBe(404);
  });

  it('the deleted page links only to a published event named in its address', async () => {
    const en = await new HttpAgent(t.app).get(`/registrations/deleted?event=${SLUG}`);
    expect(en.body).toContain(`<a class="button" href="/events/${SLUG}/register">Register again</a> <a href="/events/${SLUG}">Back to Innovation Spaces Conference 2027</a>`);
    for (const query of ['', '?event=no-such-event', '?event=%22%3E%3Cscript%3E', `?event=${SLUG}%2F..%2Fadmin`]) {
      const res = await new HttpAgent(t.app).get(`/registrations/deleted${query}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h1>Your registration is deleted</h1>');
      expect(res.body).not.toContain('Register again');
    }
    // After the registration window, only the event page.
    await t.db.update(registrationSettings).set({ closesAt: wallTime('2027-02-20 18:00') }).where(eq(registrationSettings.eventId, event.id));
    const closed = await new HttpAgent(t.app).get(`/registrations/deleted?event=${SLUG}`);
    expect(closed.body).not.toContain('Register again');
    expect(closed.body).toContain(`<a href="/events/${SLUG}">Back to Innovation Spaces Conference 2027</a>`);
    await t.db.update(registrationSettings).set({ closesAt: wallTime('2027-03-20 18:00') }).where(eq(registrationSettings.eventId, event.id));
  });
});
