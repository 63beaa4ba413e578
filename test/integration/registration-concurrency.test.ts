// Seats under contention: 500 people registering at once for the last 10 seats get exactly 10 seats; a control run
// with the guard replaced by read-then-write and the CHECK dropped oversells, proving the test can fail; ten copies
// of one form at once make one registration. Meant for PostgreSQL (real parallel connections); on PGlite it still
// runs and the guarded result must hold, while the control is skipped (one connection cannot race).
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { onPostgres } from '../helpers/test-database.ts';
import { createEvent, wallTime } from '../factories/events.ts';

let t: TestApp;
const actor = { actorId: null, requestId: null };
let n = 0;
const token = () => `concurrency-form-${String(++n).padStart(8, '0')}`;

beforeAll(async () => {
  // Mail is composed and queued in each transaction; delivering 500 of them is not what this test is about.
  t = await buildTestApp({ worker: false });
});
afterAll(async () => t.close());

async function nearlyFullEvent(slug: string, capacity: number, taken: number) {
  const event = await createEvent(t.db, { slug, status: 'published', startsAt: wallTime('2027-06-01 09:00'), endsAt: wallTime('2027-06-01 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-31 00:00'), capacity, taken });
  const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  return { event, categoryId: category!.id };
}

const person = (categoryId: string, i: number): RegistrationValues => ({
  categoryId, email: `rush-${i}@example.org`, familyName: `Person ${i}`, givenName: 'Test', nameZh: null, organisation: 'Load', jobTitle: null, country: 'DE', mobile: '+4915123456789',
  dietary: null, interpretationNeeds: null, residence: 'other', idType: 'passport', idNumber: 'C01X00T47', nationality: 'DE', answers: {}, sessionIds: [], locale: 'en',
});

async function counts(eventId: string) {
  const rows = await t.db.select({ status: registrations.status }).from(registrations).where(eq(registrations.eventId, eventId));
  const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId));
  return { confirmed: rows.filter((r) => r.status === 'confirmed').length, waitlisted: rows.filter((r) => r.status === 'waitlisted').length, taken: settings!.taken };
}

describe('the last seats under contention', () => {
  it('gives 500 people registering at once exactly the last 10 seats', { timeout: 180_000 }, async () => {
    const { event, categoryId } = await nearlyFullEvent('last-ten-seats', 400, 390);
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, person(categoryId, i), { actor, formToken: token(), consentVersion: '2026-11' })));
    expect(answers.filter((a) => a.outcome === 'confirmed')).toHaveLength(10);
    expect(answers.filter((a) => a.outcome === 'waitlisted')).toHaveLength(490);
    expect(await counts(event.id)).toEqual({ confirmed: 10, waitlisted: 490, taken: 400 });
  });

  it.runIf(onPostgres)('control: the same rush through read-then-write without the CHECK oversells', { timeout: 180_000 }, async () => {
    const { event } = await nearlyFullEvent('control-oversell', 400, 390);
    await t.db.execute(sql`alter table registration_settings drop constraint registration_settings_not_oversold`);
    try {
      // Read the count, think a moment (as real code between two statements does), then write what was read plus one.
      const naiveTakeSeat = (db: Db) =>
        db.transaction(async (tx) => {
          const [row] = await tx.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
          if (row!.taken >= row!.capacity!) return false;
          await tx.execute(sql`select pg_sleep(0.01)`);
          await tx.update(registrationSettings).set({ taken: row!.taken + 1 }).where(eq(registrationSettings.eventId, event.id));
          return true;
        });
      const seats = (await Promise.all(Array.from({ length: 500 }, () => naiveTakeSeat(t.db)))).filter(Boolean).length;
      expect(seats).toBeGreaterThan(10);
    } finally {
      await t.db.execute(sql`update registration_settings set taken = least(taken, capacity) where event_id = ${event.id}`);
      await t.db.execute(sql`alter table registration_settings add constraint registration_settings_not_oversold check (taken >= 0 and (capacity is null or taken <= capacity))`);
    }
  });

  it('makes one registration of one form sent ten times at once', async () => {
    const { event, categoryId } = await nearlyFullEvent('ten-clicks', 50, 0);
    const form = token();
    const answers = await Promise.all(Array.from({ length: 10 }, () => submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, person(categoryId, 9999), { actor, formToken: form, consentVersion: '2026-11' })));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await t.db.select().from(registrations).where(and(eq(registrations.eventId, event.id)))).toHaveLength(1);
    expect(await counts(event.id)).toEqual({ confirmed: 1, waitlisted: 0, taken: 1 });
  });
});
