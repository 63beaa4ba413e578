// Random bodies posted to the participant list's bulk form, with a valid CSRF token: never a 5xx, and a refused one
// changes nothing (no run, no item, no audit row, no mail, no job, no registration touched). Also the form parser
// itself: whatever it is given, it answers a request or field errors, never throws, and a request it accepts is sound.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { BULK_BODY_MAX, BULK_DECISION_MESSAGE_MAX, BULK_SUBJECT_MAX, readBulkForm } from '../../src/features/registration/bulk-form.ts';
import { submitRegistration } from '../../src/features/registration/service.ts';
import { isUuid } from '../../src/lib/ids.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
const known: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  event = await createEvent(t.db, { slug: 'fuzz-day', status: 'published', title: { en: 'Fuzz Day' }, startsAt: wallTime('2027-05-10 09:00'), endsAt: wallTime('2027-05-10 18:00') });
  const other = await createEvent(t.db, { slug: 'fuzz-other', status: 'published', title: { en: 'Other' }, startsAt: wallTime('2027-05-10 09:00'), endsAt: wallTime('2027-05-10 18:00') });
  await t.db.insert(registrationSettings).values([
    { eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-09 00:00') },
    { eventId: other.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-09 00:00') },
  ]);
  const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  const [foreign] = await t.db.insert(registrationCategories).values({ eventId: other.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  for (const [i, [target, category]] of ([[event, guest!], [event, guest!], [other, foreign!]] as const).entries()) {
    await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, target, {
      categoryId: category.id, email: `fuzz${i}@example.org`, familyName: `Fuzz${i}`, givenName: 'Ada', nameZh: null, organisation: 'Lab', jobTitle: null, country: 'GB', mobile: '+447700900123',
      dietary: null, interpretationNeeds: null, residence: 'other', idType: null, idNumber: null, nationality: 'GB', answers: {}, sessionIds: [], locale: 'en',
    }, { actor: { actorId: null, requestId: null }, formToken: `fuzz-bulk-token-${String(i).padStart(10, '0')}`, consentVersion: '2026-11' });
  }
  known.push(...(await t.db.select({ id: registrations.id }).from(registrations)).map((r) => r.id), guest!.id, foreign!.id);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t?.close());

const PIECES = ['\u0000', '\u0007', '\n', '\r\n', '\u2028', '\u202e', '张伟', '👩‍🔬', '<script>', '"', "'", '%', '&', '=', '+', '\\', '__proto__', 'approve', 'move', 'message', 'all', 'selected', '1', '-1', '0', '999999999'];
const text = fc.oneof(
  fc.constantFrom(...PIECES),
  fc.string({ maxLength: 12 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join('')),
  fc.integer({ min: 1001, max: 6000 }).map((n) => 'x'.repeat(n)),
);
const value = () => fc.oneof({ weight: 3, arbitrary: text }, { weight: 2, arbitrary: fc.constantFrom(...known, '01900000-0000-7000-8000-000000000000', known[0]!.toUpperCase()) });
const FIELDS = ['action', 'scope', 'ids', 'expected', 'message', 'targetCategory', 'subject', 'body', 'formToken', 'q', 'status', 'category', 'question', 'answer', 'sort', 'constructor', '__proto__', 'ids[]'];
/** Built once the registrations exist: their ids are among the values. */
const bodies = () => fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), value()), { maxLength: 14 });

async function state() {
  const [row] = await t.database.execute(
    `select (select count(*)::int from registration_bulk_runs) as runs, (select count(*)::int from registration_bulk_items) as items,
            (select count(*)::int from audit_log) as audit, (select count(*)::int from messages) as messages,
            (select count(*)::int from pgboss.job) as jobs,
            (select string_agg(concat_ws(' ', id, status, category_id, updated_at), ',' order by id) from registrations) as registrations,
            (select string_agg(concat_ws(' ', id, taken), ',' order by id) from registration_categories) as seats`,
  );
  return row;
}

describe('the bulk endpoint under random bodies', () => {
  it('never answers 5xx, and a refusal changes nothing', async () => {
    const url = `/admin/events/${event.id}/registrations/bulk`;
    const page = await organiser.get(`/admin/events/${event.id}/registrations`);
    const { _csrf } = hiddenFields(page.body, url);
    await fc.assert(
      fc.asyncProperty(bodies(), async (pairs) => {
        const payload = new URLSearchParams([['_csrf', _csrf!], ...pairs.filter(([name]) => name !== '_csrf')]);
        const before = await state();
        const res = await t.app.inject({
          method: 'POST',
          url,
          remoteAddress: organiser.remoteAddress,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: organiser.cookieHeader },
          payload: payload.toString(),
        });
        expect(res.statusCode, res.body.slice(0, 400)).toBeLessThan(500);
        if (res.statusCode !== 303) {
          // 200: the page that asks before rejecting, or the list again after its Back.
          expect([200, 400, 413, 422]).toContain(res.statusCode);
          expect(await state()).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('readBulkForm', () => {
  it('returns a sound request or field errors for any body, and never throws', () => {
    const record = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })), fc.oneof(text, fc.array(text, { maxLength: 4 })), { maxKeys: 12 });
    fc.assert(
      fc.property(record, (input) => {
        const parsed = readBulkForm(input);
        if ('errors' in parsed) {
          expect(Object.keys(parsed.errors).length).toBeGreaterThan(0);
          return;
        }
        const r = parsed.request;
        expect(['approve', 'reject', 'move', 'resend', 'message']).toContain(r.action);
        if (r.scope === 'selected') expect(r.ids.length).toBeGreaterThan(0);
        else expect(r.expected).toBeGreaterThan(0);
        expect(r.ids.every((id) => isUuid(id) && id === id.toLowerCase())).toBe(true);
        if (r.message !== null) expect([...r.message].length).toBeLessThanOrEqual(BULK_DECISION_MESSAGE_MAX);
        if (r.action === 'message') {
          expect([...r.subject!].length).toBeLessThanOrEqual(BULK_SUBJECT_MAX);
          expect([...r.body!].length).toBeLessThanOrEqual(BULK_BODY_MAX);
          expect(r.subject).not.toMatch(/[\u0000-\u001f]/);
        }
        if (r.action === 'move') expect(isUuid(r.categoryId ?? '')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
