// Bulk actions on the participant list, through the real form: approve (a seat, then the waiting list), reject, move
// category (refused per person when the target is full), resend the confirmation and send a message (exact mail in the
// catcher, in each person’s language); "all N matching" and a run too large for the request done by the job; one run
// per form token; an audit row per registration; the history on the registration's page. Check-in staff get 403, and
// bad input (unknown or foreign ids, nothing ticked, an over-long message, a changed list) changes nothing.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, messages, registrationBulkItems, registrationBulkRuns, registrationCategories, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { BULK_INLINE_MAX, processBulkRun } from '../../src/features/registration/bulk-run.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFieldLists, hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { uuidv7 } from '../../src/lib/ids.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let other: EventRow;
let organiser: HttpAgent;
let staff: HttpAgent;
const ids: Record<string, string> = {};
const cats: Record<string, string> = {};
let otherRegistrationId: string;
let otherCategoryId: string;

const person = (categoryId: string, familyName: string, extra: Partial<RegistrationValues> = {}): RegistrationValues => ({
  categoryId, email: `${familyName.toLowerCase()}@embassy.example.cl`, familyName, givenName: 'Ana', nameZh: null, organisation: 'Embajada de Chile', jobTitle: null, country: 'CL', mobile: '+56912345678',
  dietary: null, interpretationNeeds: null, residence: 'other', idType: null, idNumber: null, nationality: 'CL', answers: {}, sessionIds: [], locale: 'en', ...extra,
});
let tokenSeq = 0;
const register = (target: EventRow, values: RegistrationValues) =>
  submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, target, values, { actor: { actorId: null, requestId: null }, formToken: `bulk-test-token-${String(tokenSeq++).padStart(10, '0')}`, consentVersion: '2026-11' });

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { slug: 'andes-science-day', status: 'published', title: { en: 'Andes Science Day', 'zh-CN': '安第斯科学日' }, startsAt: wallTime('2027-05-10 09:00'), endsAt: wallTime('2027-05-10 18:00') });
  other = await createEvent(t.db, { slug: 'other-day', status: 'published', title: { en: 'Other Day' }, startsAt: wallTime('2027-05-11 09:00'), endsAt: wallTime('2027-05-11 18:00') });
  await t.db.insert(registrationSettings).values([
    { eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-09 00:00'), capacity: 4 },
    { eventId: other.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-09 00:00') },
  ]);
  const rows = await t.db
    .insert(registrationCategories)
    .values([
      { eventId: event.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' }, position: 0 },
      { eventId: event.id, code: 'DIPLO', name: { en: 'Diplomat', 'zh-CN': '外交官' }, requiresApproval: true, position: 1 },
      { eventId: event.id, code: 'PRESS', name: { en: 'Press', 'zh-CN': '媒体' }, capacity: 1, position: 2 },
      { eventId: other.id, code: 'GUEST', name: { en: 'Guest' }, position: 0 },
    ])
    .returning();
  [cats.GUEST, cats.DIPLO, cats.PRESS, otherCategoryId] = rows.map((r) => r.id) as [string, string, string, string];
  // Two confirmed guests (Lagos in Chinese), then four diplomats awaiting approval: the event has 2 seats left.
  await register(event, person(cats.GUEST!, 'Lagos', { locale: 'zh-CN', nameZh: '拉戈斯' }));
  await register(event, person(cats.GUEST!, 'Pinto'));
  for (const name of ['Rojas', 'Soto', 'Vega', 'Mora']) await register(event, person(cats.DIPLO!, name));
  for (const row of await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))) ids[row.familyName] = row.id;
  await register(other, person(otherCategoryId, 'Stranger'));
  otherRegistrationId = (await t.db.select().from(registrations).where(eq(registrations.eventId, other.id)))[0]!.id;
  organiser = await signedInAgent(t, await createUser(t.db, { email: 'organiser@andes.example.cl', roles: [[event.id, 'organiser'], [other.id, 'organiser']] }));
  staff = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
  // The mail of the registrations themselves is not what these tests look at.
  await t.mail.waitFor(7, 15_000);
  t.mail.clear();
});
afterAll(async () => t?.close());

const listUrl = (query = '') => `/admin/events/${event.id}/registrations${query}`;
const bulkUrl = () => `/admin/events/${event.id}/registrations/bulk`;
/** The hidden fields of the bulk form on the list as shown with `query`: CSRF, form token, filter, expected count. */
async function formOf(query = '') {
  const res = await organiser.get(listUrl(query));
  expect(res.statusCode).toBe(200);
  return hiddenFields(res.body, bulkUrl());
}
async function submit(fields: Record<string, string | string[]>, query = '') {
  return organiser.post(bulkUrl(), { ...(await formOf(query)), ...fields });
}
/** Presses "Reject" on the page that asks once more, posting what it carries. */
async function confirmRejection(ask: Awaited<ReturnType<typeof organiser.post>>) {
  expect(ask.statusCode, ask.body.slice(0, 300)).toBe(200);
  const fields = hiddenFieldLists(ask.body, bulkUrl());
  return organiser.post(bulkUrl(), { ...fields, _csrf: fields._csrf![0]!, confirm: 'yes' });
}
const statuses = async () =>
  Object.fromEntries((await t.db.select().from(registrations).where(eq(registrations.eventId, event.id)).orderBy(asc(registrations.familyName))).map((r) => [r.familyName, r.status]));
const categoryOf = async (name: string) => (await t.db.select().from(registrations).where(eq(registrations.id, ids[name]!)))[0]!.categoryId;
const taken = async () => {
  const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
  const categories = await t.db.select().from(registrationCategories).where(eq(registrationCategories.eventId, event.id));
  return { event: settings!.taken, ...Object.fromEntries(categories.map((c) => [c.code, c.taken])) };
};
/** Everything a refused bulk request must leave as it was. */
async function state() {
  return {
    registrations: await t.db.select().from(registrations).orderBy(asc(registrations.id)),
    categories: await t.db.select().from(registrationCategories).orderBy(asc(registrationCategories.id)),
    runs: await t.db.select().from(registrationBulkRuns),
    items: await t.db.select().from(registrationBulkItems),
    audit: (await t.db.select({ id: auditLog.id }).from(auditLog)).length,
    messages: (await t.db.select({ id: messages.id }).from(messages)).length,
  };
}
/** The result page's lines: what was done and what was skipped, and the skipped people with their reason. */
async function result(res: Awaited<ReturnType<typeof organiser.post>>) {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  const page = await organiser.follow(res);
  expect(page.statusCode).toBe(200);
  const lines = [.../<ul class="bulk-result__list"[^>]*>([\s\S]*?)<\/ul>/.exec(page.body)![1]!.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
  const skipped = [...page.body.matchAll(/<td data-label="Person"><a href="[^"]+">([^<]+)<\/a>[\s\S]*?<td data-label="Reason">([^<]+)<\/td>/g)].map((m) => `${m[1]}: ${m[2]}`);
  return { lines, skipped, body: page.body };
}

describe('permissions', () => {
  it('refuses check-in staff the bulk form and its results with 403', async () => {
    const before = await state();
    const res = await staff.post(bulkUrl(), { action: 'approve', scope: 'selected', ids: ids.Rojas! });
    expect(res.statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('shows no checkboxes or bulk panel to someone who may not act, and shows both to organisers', async () => {
    const res = await organiser.get(listUrl());
    expect(res.body).toContain(`<input type="checkbox" name="ids" value="${ids.Rojas}" id="pick-${ids.Rojas}" aria-label="Select Ana Rojas">`);
    expect(res.body).toContain('All 6 matching this filter');
  });
});

describe('bad input changes nothing', () => {
  it('refuses nothing ticked, unknown ids and another event’s registration with the list again (422)', async () => {
    const before = await state();
    const none = await submit({ action: 'resend', scope: 'selected' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('<a href="#field-ids">Tick at least one person, or choose all matching.</a>');
    const unknown = await submit({ action: 'resend', scope: 'selected', ids: [ids.Rojas!, '01900000-0000-7000-8000-000000000000'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('Some ticked registrations are not in this event’s list; reload the page and try again.');
    const foreign = await submit({ action: 'approve', scope: 'selected', ids: [otherRegistrationId] });
    expect(foreign.statusCode).toBe(422);
    const garbage = await submit({ action: 'approve', scope: 'selected', ids: ['not-an-id'] });
    expect(garbage.statusCode).toBe(422);
    expect(await state()).toEqual(before);
  });

  it('refuses an over-long message, a missing subject, an unknown action and a foreign category, keeping what was typed', async () => {
    const before = await state();
    const long = await submit({ action: 'approve', scope: 'selected', ids: [ids.Rojas!], message: 'x'.repeat(1001) });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('<a href="#field-message">Message for approval or rejection: This is too long: use at most 1000 characters.</a>');
    const noSubject = await submit({ action: 'message', scope: 'selected', ids: [ids.Rojas!], body: 'Buses leave at 8:00.' });
    expect(noSubject.statusCode).toBe(422);
    expect(noSubject.body).toContain('<a href="#field-subject">Write a subject.</a>');
    expect(noSubject.body).toContain('>Buses leave at 8:00.</textarea>');
    // The ticked row stays ticked, and only it.
    expect([...noSubject.body.matchAll(/<input type="checkbox" name="ids" value="([^"]+)"[^>]*?( checked)?>/g)].filter((m) => m[2]).map((m) => m[1])).toEqual([ids.Rojas]);
    const longBody = await submit({ action: 'message', scope: 'selected', ids: [ids.Rojas!], subject: 'Hi', body: 'y'.repeat(5001) });
    expect(longBody.statusCode).toBe(422);
    const action = await submit({ action: 'delete', scope: 'selected', ids: [ids.Rojas!] });
    expect(action.statusCode).toBe(422);
    expect(action.body).toContain('Choose an action.');
    const foreignCategory = await submit({ action: 'move', scope: 'selected', ids: [ids.Rojas!], targetCategory: otherCategoryId });
    expect(foreignCategory.statusCode).toBe(422);
    expect(foreignCategory.body).toContain('Choose a category of this event to move to.');
    expect(await state()).toEqual(before);
  });

  it('refuses "all matching" when the list changed since it was shown', async () => {
    const before = await state();
    const res = await submit({ action: 'resend', scope: 'all', expected: '5' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The list changed since you loaded it: 6 now match instead of 5.');
    expect(await state()).toEqual(before);
  });

  it('refuses "all matching" when as many people match as were shown, but not the same ones', async () => {
    const shown = await formOf('?country=CL');
    // Meanwhile Pinto corrects her country and someone else from Chile registers: still six, not the same six.
    await t.db.update(registrations).set({ country: 'AR' }).where(eq(registrations.id, ids.Pinto!));
    const [late] = await createRegistrations(t.db, event.id, cats.GUEST!, [{ familyName: 'Late', country: 'CL' }]);
    try {
      const before = await state();
      const res = await organiser.post(bulkUrl(), { ...shown, action: 'resend', scope: 'all' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Other people match this filter than those you were shown.');
      expect(await state()).toEqual(before);
      // The list shown again with the error carries the people who match now, for the organiser to send again.
      const again = hiddenFields(res.body, bulkUrl());
      expect([again.expected, again.matchingDigest === shown.matchingDigest]).toEqual(['6', false]);
      expect(again.matchingDigest).toBe((await formOf('?country=CL')).matchingDigest);
    } finally {
      await t.db.delete(registrations).where(eq(registrations.id, late!.id));
      await t.db.update(registrations).set({ country: 'CL' }).where(eq(registrations.id, ids.Pinto!));
    }
  });
});

describe('approve and reject', () => {
  it('approves three: two seats, then the waiting list; mails each with the message; one audit row each', async () => {
    const res = await submit({ action: 'approve', scope: 'selected', ids: [ids.Rojas!, ids.Soto!, ids.Vega!], message: 'We look forward to meeting you.' });
    const { lines, skipped } = await result(res);
    expect(lines).toEqual(['2 approved with a seat', '1 approved onto the waiting list (the event or category is full)']);
    expect(skipped).toEqual([]);
    expect(await statuses()).toEqual({ Lagos: 'confirmed', Mora: 'pending', Pinto: 'confirmed', Rojas: 'confirmed', Soto: 'confirmed', Vega: 'waitlisted' });
    expect(await taken()).toEqual({ event: 4, GUEST: 2, DIPLO: 2, PRESS: 0 });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'registration.approve'), inArray(auditLog.targetId, [ids.Rojas!, ids.Soto!, ids.Vega!])));
    expect(audit.map((a) => a.after).sort((a, b) => String(a!.status).localeCompare(String(b!.status)))).toEqual([
      { status: 'confirmed', message: 'We look forward to meeting you.' },
      { status: 'confirmed', message: 'We look forward to meeting you.' },
      { status: 'waitlisted', message: 'We look forward to meeting you.' },
    ]);
    expect(new Set(audit.map((a) => a.requestId)).size).toBe(1);
    const mail = await t.mail.waitForTo('vega@embassy.example.cl', 15_000);
    expect(mail.subject).toBe('Andes Science Day: your registration is approved — you are on the waiting list');
    expect(mail.text).toContain('> We look forward to meeting you.');
  });

  it('asks once more before rejecting: names who awaits a decision and the message, counts the rest, changes nothing, and Back keeps the ticks', async () => {
    const ask = await submit({ action: 'reject', scope: 'selected', ids: [ids.Mora!, ids.Rojas!], message: 'The day is fully booked.' });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('<h1>Reject 1 registration?</h1>');
    expect([...ask.body.matchAll(/<li>([^<]+?) <span class="muted">/g)].map((m) => m[1])).toEqual(['Ana Mora']);
    expect(ask.body).toContain('<p>1 person selected is not awaiting a decision and is left as they are.</p>');
    expect(ask.body).toContain('<blockquote class="quoted-message">The day is fully booked.</blockquote>');
    expect(await statuses()).toEqual({ Lagos: 'confirmed', Mora: 'pending', Pinto: 'confirmed', Rojas: 'confirmed', Soto: 'confirmed', Vega: 'waitlisted' });
    const fields = hiddenFieldLists(ask.body, bulkUrl());
    expect(fields.ids).toEqual([ids.Mora, ids.Rojas]);
    expect(fields.action).toEqual(['reject']);
    const back = await organiser.post(bulkUrl(), { ...fields, _csrf: fields._csrf![0]!, back: '1' });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain(`value="${ids.Mora}" id="pick-${ids.Mora}" aria-label="Select Ana Mora" checked>`);
    expect(back.body).not.toContain('class="error-summary"');
    expect(await statuses()).toEqual({ Lagos: 'confirmed', Mora: 'pending', Pinto: 'confirmed', Rojas: 'confirmed', Soto: 'confirmed', Vega: 'waitlisted' });
    expect(t.mail.to('mora@embassy.example.cl')).toEqual([]);
    // Only people not awaiting a decision: nothing to reject, and no button to do it.
    const none = await submit({ action: 'reject', scope: 'selected', ids: [ids.Rojas!] });
    expect(none.body).toContain('<h1>Nobody to reject</h1>');
    expect(none.body).not.toContain('name="confirm"');
  });

  it('rejects from "all matching" only the very people the page named, and a second press goes to the same run', async () => {
    const ask = await submit({ action: 'reject', scope: 'all' }, '?status=waitlisted');
    expect(ask.body).toContain('<h1>Reject 1 registration?</h1>');
    expect([...ask.body.matchAll(/<li>([^<]+?) <span class="muted">/g)].map((m) => m[1])).toEqual(['Ana Vega']);
    const fields = hiddenFieldLists(ask.body, bulkUrl());
    const confirm = { ...fields, _csrf: fields._csrf![0]!, confirm: 'yes' };
    // Meanwhile someone else takes Vega off the waiting list and another person joins it: still one match.
    const [vega] = await t.db.select().from(registrations).where(eq(registrations.id, ids.Vega!));
    await t.db.update(registrations).set({ status: 'pending', waitlistedAt: null }).where(eq(registrations.id, ids.Vega!));
    await t.db.update(registrations).set({ status: 'waitlisted', waitlistedAt: vega!.waitlistedAt }).where(eq(registrations.id, ids.Mora!));
    const refused = await organiser.post(bulkUrl(), confirm);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Other people match this filter than those you were shown. Check the list and submit again.');
    expect((await statuses()).Mora).toBe('waitlisted');
    await t.db.update(registrations).set({ status: 'pending', waitlistedAt: null }).where(eq(registrations.id, ids.Mora!));
    await t.db.update(registrations).set({ status: 'waitlisted', waitlistedAt: vega!.waitlistedAt }).where(eq(registrations.id, ids.Vega!));
    // The same people again: confirmed, then a double click lands on the same run instead of "the list changed".
    const first = await organiser.post(bulkUrl(), confirm);
    expect(first.statusCode).toBe(303);
    const second = await organiser.post(bulkUrl(), confirm);
    expect(second.headers.location).toBe(first.headers.location);
    expect((await statuses()).Vega).toBe('rejected');
    // Vega was rejected: the next tests start from the statuses before this one.
    await t.db.update(registrations).set({ status: 'waitlisted', waitlistedAt: vega!.waitlistedAt }).where(eq(registrations.id, ids.Vega!));
  });

  it('skips, with the reason, who is no longer awaiting a decision; rejects the rest with the message', async () => {
    const { lines, skipped } = await result(await confirmRejection(await submit({ action: 'reject', scope: 'selected', ids: [ids.Mora!, ids.Rojas!], message: 'The day is fully booked.' })));
    expect(lines).toEqual(['1 rejected', '1 not rejected: not awaiting a decision']);
    expect(skipped).toEqual(['Ana Rojas: Not awaiting a decision']);
    expect((await statuses()).Mora).toBe('rejected');
    await expect.poll(() => t.mail.to('mora@embassy.example.cl').find((m) => m.subject === 'Andes Science Day: your registration')?.text ?? '', { timeout: 15_000 }).toContain('> The day is fully booked.');
  });
});

describe('move category', () => {
  it('moves confirmed people only while the target has a seat, and names who could not be moved', async () => {
    const { lines, skipped } = await result(await submit({ action: 'move', scope: 'selected', ids: [ids.Pinto!, ids.Lagos!, ids.Mora!], targetCategory: cats.PRESS! }));
    expect(lines).toEqual(['1 moved', '1 not moved: the target category has no free seat', '1 skipped: cancelled or rejected']);
    expect(skipped).toEqual(['Ana Lagos: No free seat in the target category', 'Ana Mora: Cancelled or rejected']);
    expect(await categoryOf('Pinto')).toBe(cats.PRESS);
    expect(await categoryOf('Lagos')).toBe(cats.GUEST);
    expect(await taken()).toEqual({ event: 4, GUEST: 1, DIPLO: 2, PRESS: 1 });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'registration.move'), eq(auditLog.targetId, ids.Pinto!)));
    expect([audit!.before, audit!.after]).toEqual([{ categoryId: cats.GUEST }, { categoryId: cats.PRESS }]);
  });

  it('moves a waitlisted person without a seat, and says who is already there', async () => {
    const { lines } = await result(await submit({ action: 'move', scope: 'selected', ids: [ids.Vega!, ids.Pinto!], targetCategory: cats.PRESS! }));
    expect(lines).toEqual(['1 moved', '1 already in that category']);
    expect(await categoryOf('Vega')).toBe(cats.PRESS);
    expect(await taken()).toEqual({ event: 4, GUEST: 1, DIPLO: 2, PRESS: 1 });
  });
});

describe('resend and message', () => {
  it('queues the confirmation mail again for the ticked confirmed person, with the ticket', async () => {
    t.mail.clear();
    const { lines } = await result(await submit({ action: 'resend', scope: 'selected', ids: [ids.Soto!] }));
    expect(lines).toEqual(['1 confirmation mail queued again']);
    const mail = await t.mail.waitForTo('soto@embassy.example.cl', 15_000);
    expect(mail.subject).toBe('You are registered for Andes Science Day: your ticket');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['ticket.png', 'event.ics']);
  });

  it('sends one message to everyone the filter matches, framed in each person’s language', async () => {
    t.mail.clear();
    const form = await formOf('?category=' + cats.GUEST);
    expect(form.expected).toBe('1');
    const res = await organiser.post(bulkUrl(), { ...(await formOf('?status=confirmed&sort=name')), action: 'message', scope: 'all', subject: 'Shuttle buses / 班车', body: 'Buses leave the hotel at 8:00.\n\nBring your passport.' });
    const { lines, body } = await result(res);
    expect(lines).toEqual(['4 messages queued']);
    // Back to the list as it was: filtered and sorted.
    expect(body).toContain(`<p><a href="/admin/events/${event.id}/registrations?status&#x3D;confirmed&amp;sort&#x3D;name">Back to the participant list</a></p>`);
    const mails = await t.mail.waitFor(4, 15_000);
    expect(mails.map((m) => `${(m.to as { text: string }).text} | ${m.subject}`).sort()).toEqual([
      '"Ana Pinto" <pinto@embassy.example.cl> | Andes Science Day: Shuttle buses / 班车',
      '"Ana Rojas" <rojas@embassy.example.cl> | Andes Science Day: Shuttle buses / 班车',
      '"Ana Soto" <soto@embassy.example.cl> | Andes Science Day: Shuttle buses / 班车',
      '"拉戈斯" <lagos@embassy.example.cl> | 安第斯科学日：Shuttle buses / 班车',
    ]);
    const zh = t.mail.to('lagos@embassy.example.cl')[0]!;
    // A Chinese letter closes with 此致, then 敬礼！ on its own line, then who writes.
    expect(zh.text).toContain('尊敬的拉戈斯：\n\nBuses leave the hotel at 8:00.\n\nBring your passport.\n\n此致\n敬礼！\n组委会');
    expect(zh.html).toContain('<p style="margin: 0 0 16px;">此致<br>敬礼！<br>组委会</p>');
    expect(zh.html).toContain('<p style="margin: 0 0 16px;">尊敬的拉戈斯：</p>\n<p style="margin: 0 0 16px;">Buses leave the hotel at 8:00.</p>\n<p style="margin: 0 0 16px;">Bring your passport.</p>');
    const en = t.mail.to('soto@embassy.example.cl')[0]!;
    expect(en.text).toContain('Dear Ana Soto,\n\nBuses leave the hotel at 8:00.\n\nBring your passport.\n\nWith best regards,\nThe organising team');
    expect(en.html).toContain('<p style="margin: 0 0 16px;">With best regards,<br>The organising team</p>');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'registration.message'));
    expect(audit.map((a) => a.targetId).sort()).toEqual([ids.Lagos, ids.Pinto, ids.Rojas, ids.Soto].sort());
  });

  it('starts one run for a form sent twice', async () => {
    const form = await formOf();
    const first = await organiser.post(bulkUrl(), { ...form, action: 'resend', scope: 'selected', ids: [ids.Rojas!] });
    const second = await organiser.post(bulkUrl(), { ...form, action: 'resend', scope: 'selected', ids: [ids.Rojas!] });
    expect(second.headers.location).toBe(first.headers.location);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'registration.resend'), eq(auditLog.targetId, ids.Rojas!)));
    expect(audit).toHaveLength(1);
  });
});

describe('the registration page', () => {
  it('shows the registration’s audit rows and its mail, newest first, in English and in Chinese', async () => {
    const url = `/admin/events/${event.id}/registrations/${ids.Rojas}`;
    await expect.poll(async () => (await t.db.select().from(messages).where(and(eq(messages.recipientEmail, 'rojas@embassy.example.cl'), eq(messages.status, 'sent')))).length, { timeout: 15_000 }).toBe(4);
    const res = await organiser.get(url);
    expect(res.statusCode).toBe(200);
    const history = [...res.body.matchAll(/<td data-label="What">([^<]+)(?:<br><span class="muted">([^<]+)<\/span>)?<\/td>/g)].map((m) => (m[2] ? `${m[1]} — ${m[2]}` : m[1]));
    expect(history).toEqual(['Confirmation mail resent', 'Message sent: “Shuttle buses / 班车”', 'Registration approved — We look forward to meeting you.', 'Registered']);
    const subjects = [...res.body.matchAll(/<td data-label="Subject"><a href="\/admin\/mail\/[0-9a-f-]{36}">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);
    expect(subjects).toEqual([
      'You are registered for Andes Science Day: your ticket',
      'Andes Science Day: Shuttle buses / 班车',
      'Andes Science Day: your registration is approved — your ticket',
      'Andes Science Day: your registration awaits approval',
    ]);
    expect(res.body).toContain('<span class="badge badge--mail-sent">Sent</span>');
    organiser.lang = 'zh-CN';
    try {
      const zh = await organiser.get(url);
      expect(zh.body).toContain('<h2 id="history">记录</h2>');
      expect(zh.body).toContain('<h2 id="mails">发给此人的邮件</h2>');
      expect(zh.body).toContain('重发确认邮件');
    } finally {
      organiser.lang = 'en';
    }
  });
});

describe('a run stopped half-way', () => {
  it('is finished by running it again, twice at once, without doing anyone twice', async () => {
    const runId = uuidv7();
    await t.db.insert(registrationBulkRuns).values({ id: runId, eventId: event.id, action: 'resend', params: {}, total: 3 });
    await t.db.insert(registrationBulkItems).values([ids.Lagos!, ids.Pinto!, ids.Soto!].map((registrationId, position) => ({ runId, registrationId, position })));
    // Lagos was done before the stop.
    await t.db.update(registrationBulkItems).set({ outcome: 'done', detail: 'resent', processedAt: t.clock.now() }).where(and(eq(registrationBulkItems.runId, runId), eq(registrationBulkItems.registrationId, ids.Lagos!)));
    const ctx = { db: t.db, clock: t.clock, mail: t.app.mail };
    await Promise.all([processBulkRun(ctx, runId), processBulkRun(ctx, runId)]);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'registration.resend'), inArray(auditLog.targetId, [ids.Lagos!, ids.Pinto!, ids.Soto!])));
    const fromRun = audit.filter((a) => a.requestId === null);
    expect(fromRun.map((a) => a.targetId).sort()).toEqual([ids.Pinto, ids.Soto].sort());
    const [run] = await t.db.select().from(registrationBulkRuns).where(eq(registrationBulkRuns.id, runId));
    expect(run!.finishedAt).not.toBeNull();
  });
});

describe('a run too large for the request', () => {
  it('is done by the job, and the result page shows the progress until it is', async () => {
    const crowd = await createEvent(t.db, { slug: 'crowd-day', status: 'published', title: { en: 'Crowd Day' }, startsAt: wallTime('2027-06-10 09:00'), endsAt: wallTime('2027-06-10 18:00') });
    await t.db.insert(registrationSettings).values({ eventId: crowd.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-06-09 00:00') });
    const [guest] = await t.db.insert(registrationCategories).values({ eventId: crowd.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
    const [vip] = await t.db.insert(registrationCategories).values({ eventId: crowd.id, code: 'VIP', name: { en: 'VIP' }, position: 1 }).returning();
    const n = BULK_INLINE_MAX + 5;
    for (let i = 0; i < n; i++) await register(crowd, person(guest!.id, `Crowd${String(i).padStart(3, '0')}`));
    const boss = await signedInAgent(t, await createUser(t.db, { roles: [[crowd.id, 'owner']], totp: true }));
    const page = await boss.get(`/admin/events/${crowd.id}/registrations`);
    const res = await boss.post(`/admin/events/${crowd.id}/registrations/bulk`, { ...hiddenFields(page.body, `/admin/events/${crowd.id}/registrations/bulk`), action: 'move', scope: 'all', targetCategory: vip!.id });
    expect(res.statusCode).toBe(303);
    const runUrl = String(res.headers.location);
    await expect.poll(async () => /worked through\. What was done/.test((await boss.get(runUrl)).body), { timeout: 30_000, interval: 200 }).toBe(true);
    const done = await boss.get(runUrl);
    expect(done.body).toContain(`All ${n} worked through. What was done and who was skipped, and why, is listed below.`);
    expect(done.body).toContain(`<li>${n} moved</li>`);
    const moved = await t.db.select().from(registrations).where(and(eq(registrations.eventId, crowd.id), eq(registrations.categoryId, vip!.id)));
    expect(moved).toHaveLength(n);
    // Another event’s organiser cannot read this run.
    expect((await organiser.get(runUrl)).statusCode).toBe(404);
    // Back from the page that asks before rejecting returns to the page of the list the person was ticked on.
    const second = await boss.get(`/admin/events/${crowd.id}/registrations?page=2`);
    const onPageTwo = /name="ids" value="([0-9a-f-]{36})"/.exec(second.body)![1]!;
    const ask = await boss.post(`/admin/events/${crowd.id}/registrations/bulk`, { ...hiddenFields(second.body, `/admin/events/${crowd.id}/registrations/bulk`), action: 'reject', scope: 'selected', ids: onPageTwo });
    const again = hiddenFieldLists(ask.body, `/admin/events/${crowd.id}/registrations/bulk`);
    const back = await boss.post(`/admin/events/${crowd.id}/registrations/bulk`, { ...again, _csrf: again._csrf![0]!, back: '1' });
    expect(back.body).toContain('Page 2 of 2');
    expect(back.body).toMatch(new RegExp(`value="${onPageTwo}" id="pick-${onPageTwo}" aria-label="[^"]+" checked>`));
  });
});

// Last: it messages everyone, which the history tests above would see.
describe('a message written in Markdown', () => {
  it('says on the form that Markdown is understood, in both languages', async () => {
    const list = await organiser.get(`/admin/events/${event.id}/registrations`);
    expect(list.body).toContain('<p class="field__hint" id="field-body-hint">Markdown is understood: **bold**, *italic*, [link text](https://…), a line starting with “- ” for a list item; a blank line starts a new paragraph. Addresses become links.</p>');
    expect(list.body).toContain('aria-describedby="field-body-hint">');
    const zh = await organiser.get(`/admin/events/${event.id}/registrations`, { 'accept-language': 'zh-CN' });
    expect(zh.body).toContain('<p class="field__hint" id="field-body-hint">支持 Markdown 格式：**粗体**、*斜体*，以“- ”开头的行为列表项；空一行即另起一段；网址会自动成为链接。</p>');
  });

  it('arrives rendered, safely, in the HTML part and readable in the text part, with the event in the subject', async () => {
    t.mail.clear();
    const body = 'Routes are **open**: [book yours](https://andes.example.org/book) or see [the agenda](/events/andes-science-day/agenda).\n\n- Route A\n- Route B\n\n<img src=x onerror=alert(1)> [click](javascript:alert(1))';
    const res = await result(await organiser.post(bulkUrl(), { ...(await formOf()), action: 'message', scope: 'selected', ids: [ids.Soto!, ids.Lagos!], subject: 'Technical visits', body }));
    expect(res.lines).toEqual(['2 messages queued']);
    const en = await t.mail.waitForTo('soto@embassy.example.cl', 15_000);
    expect(en.subject).toBe('Andes Science Day: Technical visits');
    const html = String(en.html).replace(/ style="[^"]*"/g, '');
    expect(html).toContain(
      '<p>Dear Ana Soto,</p>\n<p>Routes are <strong>open</strong>: <a href="https://andes.example.org/book" rel="nofollow noopener">book yours</a> or see <a href="http://forumdesk.test/events/andes-science-day/agenda" rel="nofollow noopener">the agenda</a>.</p>\n<ul>\n<li>Route A</li>\n<li>Route B</li>\n</ul>\n<p>&lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(1))</p>\n',
    );
    expect(en.text).toContain(
      'Dear Ana Soto,\n\nRoutes are open: book yours <https://andes.example.org/book> or see the agenda <http://forumdesk.test/events/andes-science-day/agenda>.\n\n- Route A\n- Route B\n\n<img src=x onerror=alert(1)> [click](javascript:alert(1))\n\nWith best regards,',
    );
    const zh = await t.mail.waitForTo('lagos@embassy.example.cl', 15_000);
    expect(zh.subject).toBe('安第斯科学日：Technical visits');
    expect(zh.text).toContain('尊敬的拉戈斯：\n\nRoutes are open: book yours <https://andes.example.org/book>');
  });
});

describe('messages to a whole filter', () => {
  it('sends a message to a whole filter without the cancelled and rejected, unless the filter asks for them; keeps line breaks', async () => {
    const rows = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    // Vega cancels; everyone the list holds gets the message but her.
    await t.db.update(registrations).set({ status: 'cancelled', holdsSeat: false }).where(eq(registrations.id, ids.Vega!));
    try {
      t.mail.clear();
      const all = await result(await organiser.post(bulkUrl(), { ...(await formOf()), action: 'message', scope: 'all', subject: 'Programme', body: 'Hall A, 9:00\nHall B, 14:00' }));
      expect(all.skipped.sort()).toEqual(['Ana Mora: Cancelled or rejected', 'Ana Vega: Cancelled or rejected']);
      // (Mails of earlier tests may still arrive: only this message's count.)
      const programme = () => t.mail.messages.filter((m) => ['Andes Science Day: Programme', '安第斯科学日：Programme'].includes(m.subject ?? ''));
      await expect.poll(() => programme().length, { timeout: 15_000 }).toBe(rows.length - 2);
      const sent = programme();
      expect(sent.map((m) => (m.to as { text: string }).text).join(' ')).not.toMatch(/vega@|mora@/);
      // One line per line typed, in the HTML part too.
      expect(sent[0]!.html).toContain('Hall A, 9:00<br>\nHall B, 14:00');
      // Asked for by the filter: the cancelled get it.
      t.mail.clear();
      const cancelled = await result(await organiser.post(bulkUrl(), { ...(await formOf('?status=cancelled')), action: 'message', scope: 'all', subject: 'Seats again', body: 'Seats are free again.' }));
      expect([cancelled.lines, cancelled.skipped]).toEqual([['1 message queued'], []]);
      const seats = () => t.mail.messages.filter((m) => ['Andes Science Day: Seats again', '安第斯科学日：Seats again'].includes(m.subject ?? ''));
      await expect.poll(() => seats().length, { timeout: 15_000 }).toBe(1);
      expect(seats().map((m) => (m.to as { text: string }).text)).toEqual(['"Ana Vega" <vega@embassy.example.cl>']);
    } finally {
      await t.db.update(registrations).set({ status: rows.find((r) => r.id === ids.Vega)!.status, holdsSeat: rows.find((r) => r.id === ids.Vega)!.holdsSeat }).where(eq(registrations.id, ids.Vega!));
    }
  });
});
