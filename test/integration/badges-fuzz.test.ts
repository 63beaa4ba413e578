// Random and hostile values in the badge form (layout and the participant list's filter) and its parsers: never a
// 5xx; either a job for exactly the confirmed registrations the filter finds (303) or 422 with the reason and
// nothing written. Jobs stay queued here (no worker): this is about the form, badges.test.ts draws the PDFs.
import fc from 'fast-check';
import { count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, BADGE_LAYOUTS, badgeJobs, registrationCategories, REGISTRATION_STATUSES } from '../../src/db/schema/index.ts';
import { parseBadgeLayout } from '../../src/features/badges/service.ts';
import { PARTICIPANT_SORTS, parseParticipantFilter } from '../../src/features/registration/participant-filter.ts';
import { matchingParticipantIds } from '../../src/features/registration/participant-list.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, type EventRow } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { createUser } from '../factories/users.ts';

const NUM_RUNS = 25;

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let guest: string;

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  event = await createEvent(t.db, { slug: 'badges-fuzz' });
  const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' } }).returning();
  guest = category!.id;
  await createRegistrations(t.db, event.id, guest, [
    { givenName: 'Wei', familyName: 'Zhang', nameZh: '张伟', organisation: 'Tsinghua University' },
    { givenName: 'Ana', familyName: 'Rojas', organisation: 'Universidad de Chile', country: 'CL' },
    { givenName: 'Lena', familyName: 'Vogel', organisation: 'Fraunhofer IPA', country: 'DE', status: 'pending' },
    { givenName: 'Jun', familyName: 'Li', nameZh: '李俊', organisation: 'Zhejiang University', status: 'waitlisted' },
  ]);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t?.close());

const hostile = fc.oneof(
  fc.constantFrom('', ' ', '<script>alert(1)</script>', '%', '_', '\\', "'; drop table badge_jobs; --", '中关村', '张', '\u202e', '\ufeff', 'null', 'a6 ', 'A6'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer({ min: 150, max: 600 }).map((n) => 'x'.repeat(n)),
);
/** Mostly plausible values (so jobs do get made), sometimes hostile ones. */
const pick = (...values: string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostile });
const fields = fc.record(
  {
    layout: pick(...BADGE_LAYOUTS, ...BADGE_LAYOUTS, 'a5', 'poster'),
    q: pick('', 'Zhang', 'zhang wei', '张伟', 'university', 'Vogel'),
    status: pick('', ...REGISTRATION_STATUSES),
    category: pick('', 'GUEST', '01900000-0000-7000-8000-000000000000'),
    country: pick('', 'CN', 'cl', 'DE', 'ZZ'),
    sort: pick(...PARTICIPANT_SORTS),
  },
  { requiredKeys: ['layout'] },
);

const counts = async () => ({
  jobs: (await t.db.select({ n: count() }).from(badgeJobs))[0]!.n,
  audit: (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'badges.print')))[0]!.n,
});

describe('the badge form under random input', () => {
  it('never 5xx; a job of exactly the filter’s confirmed registrations, or 422 with the reason and nothing written', async () => {
    const action = `/admin/events/${event.id}/badges`;
    let started = 0;
    await fc.assert(
      fc.asyncProperty(fields, async (sent) => {
        // A fresh form each time (its own one-time token), as a person would load it.
        const hidden = hiddenFields((await organiser.get(action)).body, action);
        // The category picker sends this event’s category id; 'GUEST' stands for it.
        const form = { ...sent, ...(sent.category === 'GUEST' ? { category: guest } : {}) };
        const before = await counts();
        const res = await organiser.post(action, { ...hidden, ...form });
        expect(res.statusCode, res.body.slice(0, 400)).toBeLessThan(500);
        if (res.statusCode === 303) {
          const [job] = await t.db.select().from(badgeJobs).orderBy(desc(badgeJobs.createdAt), desc(badgeJobs.id)).limit(1);
          const expected = await matchingParticipantIds(t.db, event.id, parseParticipantFilter(form, []), { status: 'confirmed', limit: 10 });
          expect(job!.registrationIds).toEqual(expected);
          expect(job!.layout).toBe(form.layout);
          expect(await counts()).toEqual({ jobs: before.jobs + 1, audit: before.audit + 1 });
          started += 1;
          return;
        }
        expect(res.statusCode).toBe(422);
        // Text far beyond what a field takes is stopped by the route's schema with a page naming the field.
        if (!/The text in “[\w/]+” is too long: at most \d+ characters\./.test(res.body)) expect(res.body).toContain('class="error-summary"');
        expect(await counts()).toEqual(before);
      }),
      // One plausible form always among the runs: random ones alone made no job at all in about one run in fifty.
      { numRuns: NUM_RUNS, examples: [[{ layout: BADGE_LAYOUTS[0], q: '', status: 'confirmed', category: '', country: '', sort: PARTICIPANT_SORTS[0] }]] },
    );
    // The property covered both outcomes, not only refusals.
    expect(started).toBeGreaterThan(0);
  });
});

describe('the parsers', () => {
  it('turn any layout into a known one or nothing, and any filter into one the list understands', () => {
    fc.assert(
      fc.property(fc.string(), fc.record({ q: fc.string(), status: fc.string(), category: fc.string(), country: fc.string(), sort: fc.string() }, { requiredKeys: [] }), (layout, query) => {
        const parsed = parseBadgeLayout(layout);
        expect(parsed === undefined || (BADGE_LAYOUTS as readonly string[]).includes(parsed)).toBe(true);
        expect(parsed !== undefined).toBe((BADGE_LAYOUTS as readonly string[]).includes(layout));
        const filter = parseParticipantFilter(query, []);
        expect(filter.q).toBe(query.q ?? '');
        expect(filter.status === undefined || (REGISTRATION_STATUSES as readonly string[]).includes(filter.status)).toBe(true);
        expect((PARTICIPANT_SORTS as readonly string[]).includes(filter.sort)).toBe(true);
        expect(filter.country === undefined || /^[A-Z]{2}$/.test(filter.country)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
