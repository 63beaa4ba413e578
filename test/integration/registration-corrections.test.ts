// Organisers correct and cancel a registration for its participant, from the registration's page: the details and
// answers checked by the participant's own rules (errors in the reader's language, everything typed kept, nothing
// written), an address another registration holds refused, a form made stale by a change meanwhile not applied
// blindly, exact values and audit rows written, and the person told by mail in their language when asked. Cancelling
// frees the seat and the session seat for the person waiting longest, with both mails. Check-in staff may do none of it.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, registrations, registrationSettings, sessionBookings } from '../../src/db/schema/index.ts';
import { issueAccessToken } from '../../src/features/access-tokens/service.ts';
import { updateDetails } from '../../src/features/registration/manage.ts';
import { correctDetails, versionOf } from '../../src/features/registration/registration-corrections.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createConferenceRegistration } from '../factories/conference-registration.ts';
import { createEvent, type EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let conference: Awaited<ReturnType<typeof createConferenceRegistration>>;
let organiserUser: TestUser;
let organiser: HttpAgent;
let organiserZh: HttpAgent;
let staff: HttpAgent;
let otherOrganiser: HttpAgent;
/** Registration ids by family name. */
const ids: Record<string, string> = {};
let tokens = 0;

const person = (values: Partial<RegistrationValues> & { email: string; familyName: string }): RegistrationValues => ({
  categoryId: conference.category.id, givenName: 'Amara', nameZh: null, organisation: 'Lagos Innovation Hub', jobTitle: null, country: 'NG', mobile: '+2348031234567',
  dietary: null, interpretationNeeds: null, residence: 'other', idType: null, idNumber: null, nationality: 'NG', answers: {}, sessionIds: [], locale: 'en', ...values,
});

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set('2027-03-01T02:00:00Z');
  // One seat: the first person holds it, the others wait for it in order.
  conference = await createConferenceRegistration(t.db, { capacity: 1 });
  event = conference.event;
  const { workshop } = conference.sessions;
  const register = async (values: RegistrationValues) => {
    await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, values, { actor: { actorId: null, requestId: null }, formToken: `corrections-token-${String(tokens++).padStart(8, '0')}`, consentVersion: '2026-11' });
    t.clock.advance({ minutes: 5 });
  };
  await register(person({ email: 'amara.okafor@example.ng', familyName: 'Okafor', sessionIds: [workshop.id], answers: { [conference.questions.heard.id]: 'embassy' } }));
  await register(person({ email: 'marco.rossi@example.it', familyName: 'Rossi', givenName: 'Marco', country: 'IT', mobile: '+393123456789', nationality: 'IT', sessionIds: [workshop.id], locale: 'zh-CN' }));
  await register(person({ email: 'li.wei@example.cn', familyName: 'Li', givenName: 'Wie', organisation: 'Tsinghua Univ.', country: 'CN', mobile: '+8613800138000', residence: 'mainland', nationality: null, locale: 'zh-CN' }));
  for (const row of await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))) ids[row.familyName] = row.id;
  organiserUser = await createUser(t.db, { email: 'chen.jing@iasp.example.org', name: 'Chen Jing', roles: [[event.id, 'organiser']] });
  organiser = await signedInAgent(t, organiserUser);
  organiserZh = await signedInAgent(t, organiserUser, { lang: 'zh-CN' });
  staff = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
  const other = await createEvent(t.db, { slug: 'pujiang-2027', title: { en: 'Pujiang Forum 2027' } });
  otherOrganiser = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
  // Each registration mail arrived: the mails this file waits for are the ones it causes.
  for (const address of ['amara.okafor@example.ng', 'marco.rossi@example.it', 'li.wei@example.cn']) await t.mail.waitForTo(address, 15_000);
  t.mail.clear();
});
afterAll(async () => t?.close());

const pageUrl = (name: string) => `/admin/events/${event.id}/registrations/${ids[name]}`;
const rowOf = async (name: string) => (await t.db.select().from(registrations).where(eq(registrations.id, ids[name]!)))[0]!;
const auditOf = (name: string) => t.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'registration'), eq(auditLog.targetId, ids[name]!))).orderBy(asc(auditLog.createdAt), asc(auditLog.id));
/** Text without tags, entities of quotes undone, spaces collapsed. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();
const errorSummaryOf = (body: string) => [...(/<div class="error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]!));
const noticeOf = (body: string) => text(/<div class="notice notice--success" role="status">([\s\S]*?)<\/div>/.exec(body)?.[1] ?? '');
const historyOf = (body: string) => {
  const start = body.indexOf('<h2 id="history">');
  return [...body.slice(start, body.indexOf('<h2', start + 1)).matchAll(/<tr>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>([\s\S]*?)<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<\/tr>/g)].map((m) => [text(m[1]!), m[2]!]);
};

/** The correction page's details form as it is, with `fields` over it (the hidden version and CSRF token kept). */
async function detailsForm(agent: HttpAgent, name: string, fields: Record<string, string>): Promise<Record<string, string>> {
  const page = await agent.get(`${pageUrl(name)}/edit`);
  expect(page.statusCode).toBe(200);
  const inputs = [...page.body.matchAll(/<input class="field__input" id="field-(\w+)" name="\w+" type="(?:text|email|tel)"[^>]*>/g)];
  const values = Object.fromEntries(inputs.map((m) => [m[1]!, / value="([^"]*)"/.exec(m[0])?.[1] ?? '']));
  const selected = (name: string) => /<option value="([^"]*)" selected>/.exec(page.body.slice(page.body.indexOf(`name="${name}"`)))?.[1] ?? '';
  return { ...hiddenFields(page.body, `${pageUrl(name)}/details`), ...values, country: selected('country'), dietary: selected('dietary') || 'none', interpretation: selected('interpretation') || 'none', ...fields };
}

describe('correcting the details', () => {
  it('writes exactly what changed, audits it under the organiser’s name, names it in the history and mails the person in Chinese', async () => {
    const form = await detailsForm(organiser, 'Li', {
      givenName: 'Wei', nameZh: '李伟', organisation: 'Tsinghua University', jobTitle: 'Professor', email: ' Li.Wei@Tsinghua.example.cn ', mobileCountry: 'CN', mobile: '138 0013 8000',
      dietary: 'other', dietaryNote: 'No peanuts', interpretation: 'zh-to-en', notify: 'yes',
    });
    expect(form.familyName).toBe('Li');
    const res = await organiser.post(`${pageUrl('Li')}/details`, form);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect(res.headers.location).toBe(pageUrl('Li'));
    const page = await organiser.follow(res);
    expect(noticeOf(page.body)).toBe('Saved: Given name(s), Name in Chinese characters, Organisation, Job title, E-mail address, Dietary needs and Interpretation needs changed. The participant is told by mail.');

    const row = await rowOf('Li');
    expect({ ...row }).toMatchObject({ familyName: 'Li', givenName: 'Wei', nameZh: '李伟', organisation: 'Tsinghua University', jobTitle: 'Professor', country: 'CN', email: 'li.wei@tsinghua.example.cn', mobile: '+8613800138000', dietary: 'other: No peanuts', interpretationNeeds: 'zh-to-en', status: 'waitlisted' });
    const audit = (await auditOf('Li')).filter((a) => a.action === 'registration.update');
    expect(audit.map((a) => [a.actorId, a.before, a.after])).toEqual([
      [
        organiserUser.id,
        { givenName: 'Wie', nameZh: null, organisation: 'Tsinghua Univ.', jobTitle: null, email: 'li.wei@example.cn', dietary: null, interpretationNeeds: null },
        { givenName: 'Wei', nameZh: '李伟', organisation: 'Tsinghua University', jobTitle: 'Professor', email: 'li.wei@tsinghua.example.cn', dietary: 'other: No peanuts', interpretationNeeds: 'zh-to-en' },
      ],
    ]);
    expect(historyOf(page.body)[0]).toEqual(['Details changed: Given name(s), Name in Chinese characters, Organisation, Job title, E-mail address, Dietary needs and Interpretation needs', 'Chen Jing (chen.jing@iasp.example.org)']);

    // To the address the registration has now, in the language the person registered in.
    const mail = await t.mail.waitForTo('li.wei@tsinghua.example.cn', 15_000);
    expect(mail.subject).toBe('2027国际科技园区协会世界大会：您的报名信息已更正');
    expect(mail.text).toContain('2027国际科技园区协会世界大会主办方已更正您的报名信息，更正后如下：\n\n名（拼音或外文）：Wei\n中文姓名：李伟\n工作单位：Tsinghua University\n职务：Professor\n电子邮箱：li.wei@tsinghua.example.cn\n饮食需求：No peanuts\n同传需求：中译英\n\n如有错误，请通过下方链接自行修改，或回复邮件联系主办方。');
    expect(mail.text).toMatch(/\/registrations\/manage\/[A-Za-z0-9_-]{43}/);
    expect(t.mail.to('li.wei@example.cn')).toEqual([]);
  });

  it('saving the form unchanged writes, audits and mails nothing', async () => {
    const before = await auditOf('Li');
    const res = await organiser.post(`${pageUrl('Li')}/details`, await detailsForm(organiser, 'Li', { notify: 'yes' }));
    expect(res.statusCode).toBe(303);
    expect(noticeOf((await organiser.follow(res)).body)).toBe('Nothing was changed: what you sent is what the registration already holds.');
    expect(await auditOf('Li')).toEqual(before);
    await jobsSettled(t.db, ['registration.mail', 'mail.send']);
    expect(t.mail.to('li.wei@tsinghua.example.cn')).toHaveLength(1);
  });

  it('refuses a bad address and Chinese characters in the Latin name, in the reader’s language, keeping what was typed and writing nothing', async () => {
    const row = await rowOf('Li');
    const audit = await auditOf('Li');
    for (const [agent, expected] of [
      [organiser, ['Write the given name in Latin letters, as in the passport (in pinyin for a Chinese name, e.g. Fang), and put any Chinese characters in “Name in Chinese characters”.', 'Enter an e-mail address such as name@example.com.']],
      [organiserZh, ['请按护照用拉丁字母填写名（中文姓名请填拼音，如 Fang），汉字请填入“中文姓名”一栏。', '请填写有效的电子邮箱，如 name@example.com。']],
    ] as const) {
      const res = await agent.post(`${pageUrl('Li')}/details`, await detailsForm(agent, 'Li', { givenName: '伟', email: 'li.wei@', organisation: 'Tsinghua University (Beijing)', notify: 'yes' }));
      expect(res.statusCode).toBe(422);
      expect(errorSummaryOf(res.body)).toEqual(expected);
      // Everything typed is back in the form, the notify box still ticked.
      expect(res.body).toContain('id="field-givenName" name="givenName" type="text" value="伟"');
      expect(res.body).toContain('id="field-email" name="email" type="email" value="li.wei@"');
      expect(res.body).toContain('value="Tsinghua University (Beijing)"');
      expect(res.body).toMatch(/<input type="checkbox" name="notify" value="yes" checked>/);
    }
    expect(await rowOf('Li')).toEqual(row);
    expect(await auditOf('Li')).toEqual(audit);
  });

  it('refuses an address another active registration of the event holds', async () => {
    const audit = await auditOf('Li');
    const res = await organiser.post(`${pageUrl('Li')}/details`, await detailsForm(organiser, 'Li', { email: 'Marco.Rossi@example.it' }));
    expect(res.statusCode).toBe(422);
    expect(errorSummaryOf(res.body)).toEqual(['Another registration for this event already uses this address. Enter another address, or cancel that registration first.']);
    expect(res.body).toContain('value="Marco.Rossi@example.it"');
    expect((await rowOf('Li')).email).toBe('li.wei@tsinghua.example.cn');
    expect(await auditOf('Li')).toEqual(audit);
    const zh = await organiserZh.post(`${pageUrl('Li')}/details`, await detailsForm(organiserZh, 'Li', { email: 'marco.rossi@example.it' }));
    expect(errorSummaryOf(zh.body)).toEqual(['本活动已有另一条报名使用此邮箱。请填写其他邮箱，或先取消那条报名。']);
  });

  it('gives one new address to one of two registrations corrected to it at once; the other gets the field error', async () => {
    const [okafor, li] = [await rowOf('Okafor'), await rowOf('Li')];
    const details = (row: typeof okafor) => ({ familyName: row.familyName, givenName: row.givenName, nameZh: row.nameZh, organisation: row.organisation, jobTitle: row.jobTitle, country: row.country, email: 'shared.desk@example.org', mobile: row.mobile, dietary: row.dietary, interpretationNeeds: row.interpretationNeeds });
    const correct = (row: typeof okafor) => correctDetails({ db: t.db, clock: t.clock, mail: t.app.mail }, { actorId: organiserUser.id, requestId: null }, { eventId: event.id, registrationId: row.id, version: versionOf(row) }, details(row), { notify: false });
    const results = await Promise.allSettled([correct(okafor), correct(li)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ValidationError);
    expect(refused.reason.fields).toEqual({ email: { key: 'participants.edit.errors.emailTaken' } });
    const emails = [(await rowOf('Okafor')).email, (await rowOf('Li')).email];
    expect(emails.filter((e) => e === 'shared.desk@example.org')).toHaveLength(1);
    // Each back to its own address, for the tests after this one.
    for (const row of [okafor, li]) await t.db.update(registrations).set({ email: row.email, updatedAt: row.updatedAt }).where(eq(registrations.id, row.id));
  });

  it('does not overwrite a change made after the form was shown: the form comes back as typed, to be saved again', async () => {
    const form = await detailsForm(organiser, 'Li', { jobTitle: 'Dean' });
    // Meanwhile the participant changes their mobile number through their own link.
    t.clock.advance({ minutes: 1 });
    const current = await rowOf('Li');
    await updateDetails({ db: t.db, clock: t.clock, mail: t.app.mail }, { actorId: null, requestId: 'participant-request' }, current, { familyName: 'Li', givenName: 'Wei', nameZh: '李伟', organisation: 'Tsinghua University', jobTitle: 'Professor', dietary: current.dietary, interpretationNeeds: current.interpretationNeeds, mobile: '+8613900139000' });
    const stale = await organiser.post(`${pageUrl('Li')}/details`, form);
    expect(stale.statusCode).toBe(409);
    expect(errorSummaryOf(stale.body)).toEqual(['This registration was changed while you were correcting it (by the participant or another organiser). What you typed is kept below: compare it with the registration’s page, then save again.']);
    expect(stale.body).toContain('value="Dean"');
    expect({ ...(await rowOf('Li')) }).toMatchObject({ jobTitle: 'Professor', mobile: '+8613900139000' });
    // Saved again from the page it came back with: the form's own mobile number is what the organiser sends now.
    const again = await organiser.post(`${pageUrl('Li')}/details`, { ...form, ...hiddenFields(stale.body, `${pageUrl('Li')}/details`) });
    expect(again.statusCode).toBe(303);
    expect({ ...(await rowOf('Li')) }).toMatchObject({ jobTitle: 'Dean', mobile: '+8613800138000' });
  });
});

describe('correcting the answers', () => {
  it('writes the answers that changed, audits only those, and refuses an answer that is not an option', async () => {
    const { heard, dinner, notes } = conference.questions;
    const page = await organiser.get(`${pageUrl('Okafor')}/edit`);
    const hidden = hiddenFields(page.body, `${pageUrl('Okafor')}/answers`);
    const bad = await organiser.post(`${pageUrl('Okafor')}/answers`, { ...hidden, [`q_${heard.id}`]: 'television', [`q_${notes.id}`]: 'Arrives on the 19th.' });
    expect(bad.statusCode).toBe(422);
    expect(errorSummaryOf(bad.body)).toEqual(['How did you hear about the conference? Choose one of the options.']);
    expect(bad.body).toContain('>Arrives on the 19th.</textarea>');
    expect((await rowOf('Okafor')).answers).toEqual({ [heard.id]: 'embassy' });

    const res = await organiser.post(`${pageUrl('Okafor')}/answers`, { ...hidden, [`q_${heard.id}`]: 'embassy', [`q_${dinner.id}`]: 'yes', [`q_${notes.id}`]: 'Arrives on the 19th.' });
    expect(res.statusCode).toBe(303);
    expect(noticeOf((await organiser.follow(res)).body)).toBe('Saved: Will you join the gala dinner? and Anything else we should know? changed.');
    expect((await rowOf('Okafor')).answers).toEqual({ [heard.id]: 'embassy', [dinner.id]: 'yes', [notes.id]: 'Arrives on the 19th.' });
    const [audit] = (await auditOf('Okafor')).filter((a) => a.action === 'registration.update' && a.after?.answers !== undefined);
    expect([audit!.actorId, audit!.before, audit!.after]).toEqual([organiserUser.id, { answers: { [dinner.id]: null, [notes.id]: null } }, { answers: { [dinner.id]: 'yes', [notes.id]: 'Arrives on the 19th.' } }]);
    // Not asked to tell the person: no mail.
    await jobsSettled(t.db, ['registration.mail', 'mail.send']);
    expect(t.mail.to('amara.okafor@example.ng')).toEqual([]);
  });
});

describe('a long answer of several lines', () => {
  it('comes back as written in the text box, on the correction page and on the participant’s manage page', async () => {
    const { notes } = conference.questions;
    const page = await organiser.get(`${pageUrl('Rossi')}/edit`);
    const res = await organiser.post(`${pageUrl('Rossi')}/answers`, { ...hiddenFields(page.body, `${pageUrl('Rossi')}/answers`), [`q_${notes.id}`]: 'Arrives on the 19th.\nLeaves on the 22nd.' });
    expect(res.statusCode).toBe(303);
    const box = `>Arrives on the 19th.\nLeaves on the 22nd.</textarea>`;
    expect((await organiser.get(`${pageUrl('Rossi')}/edit`)).body).toContain(box);
    const link = await issueAccessToken(t.db, t.clock, { purpose: 'manage-registration', subject: ids.Rossi!, ttlSeconds: 3600 });
    expect((await organiser.get(`/registrations/manage/${link.token}`)).body).toContain(box);
    // The registration form, shown again after an error, keeps it so too.
    const visitor = new HttpAgent(t.app);
    const form = await visitor.get('/events/iasp-2027/register');
    const refused = await visitor.post('/events/iasp-2027/register', { ...hiddenFields(form.body, '/events/iasp-2027/register'), categoryId: conference.category.id, [`q_${notes.id}`]: 'Arrives on the 19th.\nLeaves on the 22nd.' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(box);
  });
});

describe('who may correct and cancel', () => {
  it('offers both on the page to organisers only; check-in staff get 403 and another event’s organisers 404, and nothing changes', async () => {
    const page = await organiser.get(pageUrl('Rossi'));
    expect(page.body).toContain(`<a class="button button--secondary" href="${pageUrl('Rossi')}/edit">Correct details</a>`);
    expect(page.body).toContain(`<a class="button button--secondary" href="${pageUrl('Rossi')}/cancel">Cancel registration</a>`);
    const row = await rowOf('Rossi');
    const audit = await auditOf('Rossi');
    const csrf = hiddenFields((await staff.get('/account')).body)._csrf!;
    for (const [agent, status] of [[staff, 403], [otherOrganiser, 404]] as const) {
      const token = agent === staff ? csrf : hiddenFields((await agent.get('/account')).body)._csrf!;
      expect((await agent.get(`${pageUrl('Rossi')}/edit`)).statusCode).toBe(status);
      expect((await agent.get(`${pageUrl('Rossi')}/cancel`)).statusCode).toBe(status);
      expect((await agent.post(`${pageUrl('Rossi')}/details`, { _csrf: token, familyName: 'Rossini', givenName: 'Marco', organisation: 'Politecnico', country: 'IT', email: 'marco.rossi@example.it', mobile: '+393123456789' })).statusCode).toBe(status);
      expect((await agent.post(`${pageUrl('Rossi')}/answers`, { _csrf: token, [`q_${conference.questions.dinner.id}`]: 'no' })).statusCode).toBe(status);
      expect((await agent.post(`${pageUrl('Rossi')}/cancel`, { _csrf: token, confirm: 'yes' })).statusCode).toBe(status);
    }
    expect(await rowOf('Rossi')).toEqual(row);
    expect(await auditOf('Rossi')).toEqual(audit);
  });
});

describe('cancelling for the person', () => {
  it('asks once more, then frees the seat and the session seat for the person waiting longest; both are mailed in their language', async () => {
    const { workshop } = conference.sessions;
    const confirm = await organiser.get(`${pageUrl('Okafor')}/cancel`);
    expect(confirm.statusCode).toBe(200);
    expect(text(/<h1>([\s\S]*?)<\/h1>/.exec(confirm.body)![1]!)).toBe('Cancel the registration of Amara Okafor?');
    expect(confirm.body).toContain('Their seat and their places in booked sessions are freed, and the people waiting longest get them.');
    // Without the page's button nothing happens: the page again.
    const hidden = hiddenFields(confirm.body, `${pageUrl('Okafor')}/cancel`);
    expect((await organiser.post(`${pageUrl('Okafor')}/cancel`, { ...hidden, message: 'As agreed on the phone.' })).statusCode).toBe(200);
    expect((await rowOf('Okafor')).status).toBe('confirmed');

    const res = await organiser.post(`${pageUrl('Okafor')}/cancel`, { ...hidden, message: '  As agreed on the phone:\r\nwe hope to see you next year.  ', confirm: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(pageUrl('Okafor'));
    const page = await organiser.follow(res);
    expect(noticeOf(page.body)).toBe('Registration cancelled. The participant is told by mail, and a seat it freed goes to the people waiting.');
    expect(page.body).not.toContain(`${pageUrl('Okafor')}/edit`);
    expect(historyOf(page.body)[0]).toEqual(['Registration cancelled As agreed on the phone: we hope to see you next year.', 'Chen Jing (chen.jing@iasp.example.org)']);

    expect([(await rowOf('Okafor')).status, (await rowOf('Rossi')).status, (await rowOf('Li')).status]).toEqual(['cancelled', 'confirmed', 'waitlisted']);
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    expect(settings!.taken).toBe(1);
    expect(await t.db.select({ registrationId: sessionBookings.registrationId }).from(sessionBookings)).toEqual([{ registrationId: ids.Rossi }]);
    expect((await t.db.select({ booked: agendaSessions.booked }).from(agendaSessions).where(eq(agendaSessions.id, workshop.id)))[0]!.booked).toBe(1);
    const audit = (await auditOf('Okafor')).filter((a) => a.action === 'registration.cancel');
    expect(audit.map((a) => [a.actorId, a.before, a.after])).toEqual([[organiserUser.id, { status: 'confirmed' }, { status: 'cancelled', message: 'As agreed on the phone:\nwe hope to see you next year.' }]]);

    const cancelled = await t.mail.waitForTo('amara.okafor@example.ng', 15_000);
    expect(cancelled.subject).toBe('IASP World Conference 2027: your registration is cancelled');
    expect(cancelled.text).toContain('The organisers have cancelled your registration for IASP World Conference 2027, and your seat has been given up.\n\n> As agreed on the phone:\n> we hope to see you next year.');
    const promoted = await t.mail.waitForTo('marco.rossi@example.it', 15_000);
    expect(promoted.subject).toBe('2027国际科技园区协会世界大会：候补成功，您的电子票');

    // Sent again (Back, or a second organiser): nothing more happens, and the page says so.
    const again = await organiser.post(`${pageUrl('Okafor')}/cancel`, { ...hidden, confirm: 'yes' });
    expect(again.statusCode).toBe(303);
    expect(text(/<div class="notice notice--success" role="status">([\s\S]*?)<\/div>/.exec((await organiser.follow(again)).body)![1]!)).toBe('This registration is no longer active, so nothing was changed.');
    expect((await auditOf('Okafor')).filter((a) => a.action === 'registration.cancel')).toHaveLength(1);
    expect((await organiser.get(`${pageUrl('Okafor')}/edit`)).statusCode).toBe(409);
    await jobsSettled(t.db, ['registration.mail', 'mail.send']);
    expect(t.mail.to('amara.okafor@example.ng')).toHaveLength(1);
  });

  it('leaves the address of a cancelled registration free for another', async () => {
    const res = await organiser.post(`${pageUrl('Li')}/details`, await detailsForm(organiser, 'Li', { email: 'amara.okafor@example.ng' }));
    expect(res.statusCode).toBe(303);
    expect((await rowOf('Li')).email).toBe('amara.okafor@example.ng');
  });

  it('refuses a message too long for the mail, keeping it', async () => {
    const page = await organiser.get(`${pageUrl('Li')}/cancel`);
    const long = 'x'.repeat(1001);
    const res = await organiser.post(`${pageUrl('Li')}/cancel`, { ...hiddenFields(page.body, `${pageUrl('Li')}/cancel`), message: long, confirm: 'yes' });
    expect(res.statusCode).toBe(422);
    expect(errorSummaryOf(res.body)).toEqual(['Message to the participant (optional): This is too long: use at most 1000 characters.']);
    expect(res.body).toContain(`>${long}</textarea>`);
    expect((await rowOf('Li')).status).toBe('waitlisted');
  });
});
