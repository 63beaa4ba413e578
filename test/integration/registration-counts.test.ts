// The counts per category and status that the database keeps for the participant list (registration_counts, kept
// by triggers on registrations): after any sequence of writes, by any statement (one row or many, insert, status
// change, category move, erasure, deletion, an event deleted with everything in it), they equal a count of the
// registrations themselves.
import fc from 'fast-check';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, REGISTRATION_STATUSES, registrationCategories, registrationCounts, registrations, type RegistrationStatus } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createEvent, wallTime } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ worker: false });
});
afterAll(async () => t?.close());

/** What the list's counts must say: every registration not erased, counted now. */
async function countedNow(eventIds: string[]) {
  const rows = await t.db
    .select({ eventId: registrations.eventId, categoryId: registrations.categoryId, status: registrations.status, n: sql<number>`count(*)::int` })
    .from(registrations)
    .where(and(inArray(registrations.eventId, eventIds), isNull(registrations.erasedAt)))
    .groupBy(registrations.eventId, registrations.categoryId, registrations.status);
  return rows.map((r) => `${r.eventId} ${r.categoryId} ${r.status} ${r.n}`).sort();
}

async function kept(eventIds: string[]) {
  const rows = await t.db.select().from(registrationCounts).where(inArray(registrationCounts.eventId, eventIds));
  return rows.filter((r) => r.n !== 0).map((r) => `${r.eventId} ${r.categoryId} ${r.status} ${r.n}`).sort();
}

const statusSet = (status: RegistrationStatus) => ({ status, holdsSeat: status === 'confirmed', waitlistedAt: status === 'waitlisted' ? new Date('2027-01-02T00:00:00Z') : null });
const ERASED = { familyName: '', givenName: '', nameZh: null, organisation: '', jobTitle: null, mobile: '', nationality: null, dietary: null, interpretationNeeds: null, answers: {} };

type Step =
  | { kind: 'insert'; event: number; category: number; statuses: RegistrationStatus[] }
  | { kind: 'status'; pick: number; status: RegistrationStatus }
  | { kind: 'statusOfCategory'; event: number; category: number; status: RegistrationStatus }
  | { kind: 'move'; pick: number; category: number }
  | { kind: 'erase'; pick: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'deleteEvent'; event: number };

const status = fc.constantFrom(...REGISTRATION_STATUSES);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), event: fc.nat(1), category: fc.nat(1), statuses: fc.array(status, { minLength: 1, maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('statusOfCategory' as const), event: fc.nat(1), category: fc.nat(1), status }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), category: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('erase' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteEvent' as const), event: fc.nat(1) }) },
);

let run = 0;
async function setUp() {
  run += 1;
  const made = [];
  for (const n of [1, 2]) {
    const event = await createEvent(t.db, { slug: `counts-${run}-${n}`, status: 'published', startsAt: wallTime('2027-06-01 09:00'), endsAt: wallTime('2027-06-01 18:00') });
    const categories = await t.db
      .insert(registrationCategories)
      .values([0, 1].map((position) => ({ eventId: event.id, code: `C${position}`, name: { en: `Category ${position}` }, position })))
      .returning();
    made.push({ id: event.id, categories: categories.map((c) => c.id) });
  }
  return made;
}

async function apply(made: { id: string; categories: string[] }[], s: Step) {
  const live = await t.db.select({ id: registrations.id, eventId: registrations.eventId, erasedAt: registrations.erasedAt }).from(registrations).where(inArray(registrations.eventId, made.map((e) => e.id))).orderBy(registrations.id);
  const picked = live.length > 0 && 'pick' in s ? live[s.pick % live.length]! : undefined;
  const eventOf = (id: string) => made.find((e) => e.id === id)!;
  switch (s.kind) {
    case 'insert': {
      const event = made[s.event]!;
      if ((await t.db.select().from(events).where(eq(events.id, event.id))).length === 0) return;
      await createRegistrations(t.db, event.id, event.categories[s.category]!, s.statuses.map((st) => ({ status: st })));
      return;
    }
    case 'status':
      if (picked) await t.db.update(registrations).set(statusSet(s.status)).where(eq(registrations.id, picked.id));
      return;
    case 'statusOfCategory': {
      const event = made[s.event]!;
      await t.db.update(registrations).set(statusSet(s.status)).where(eq(registrations.categoryId, event.categories[s.category]!));
      return;
    }
    case 'move':
      if (picked) await t.db.update(registrations).set({ categoryId: eventOf(picked.eventId).categories[s.category]! }).where(eq(registrations.id, picked.id));
      return;
    case 'erase':
      if (picked && !picked.erasedAt) await t.db.update(registrations).set({ ...ERASED, erasedAt: new Date('2027-07-01T00:00:00Z') }).where(eq(registrations.id, picked.id));
      return;
    case 'delete':
      if (picked) await t.db.delete(registrations).where(eq(registrations.id, picked.id));
      return;
    case 'deleteEvent':
      await t.db.delete(events).where(eq(events.id, made[s.event]!.id));
      return;
  }
}

describe('registration counts kept by the database', () => {
  it('equal a count of the registrations after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const made = await setUp();
        const ids = made.map((e) => e.id);
        for (const s of steps) await apply(made, s);
        expect(await kept(ids)).toEqual(await countedNow(ids));
      }),
      { numRuns: 25 },
    );
  });

  it('counts an erased registration no more, and a registration written in one statement with many others once each', async () => {
    const [a] = await setUp();
    const rows = await createRegistrations(t.db, a!.id, a!.categories[0]!, [{ status: 'confirmed' }, { status: 'confirmed' }, { status: 'pending' }]);
    await t.db.update(registrations).set({ ...ERASED, erasedAt: new Date('2027-07-01T00:00:00Z') }).where(eq(registrations.id, rows[0]!.id));
    const counts = await t.db.select({ status: registrationCounts.status, n: registrationCounts.n }).from(registrationCounts).where(eq(registrationCounts.eventId, a!.id));
    expect(Object.fromEntries(counts.map((c) => [c.status, c.n]))).toEqual({ confirmed: 1, pending: 1 });
  });

  it('goes with its event: deleting an event deletes its registrations and their counts', async () => {
    const [a] = await setUp();
    await createRegistrations(t.db, a!.id, a!.categories[1]!, [{ status: 'waitlisted' }, { status: 'cancelled' }]);
    await t.db.delete(events).where(eq(events.id, a!.id));
    expect(await t.db.select().from(registrationCounts).where(eq(registrationCounts.eventId, a!.id))).toEqual([]);
  });
});
