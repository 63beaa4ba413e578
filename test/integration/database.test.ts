// The database itself guards the rules that matter, whichever code writes to it; migrations and seeding are safe to repeat.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrationCount, expectedMigrationCount, migrateDb } from '../../src/db/migrate.ts';
import { buildDemoEvents } from '../../src/db/seed/demo-events.ts';
import { seedDemoDataIfEmpty, wipeDemoData } from '../../src/db/seed/demo.ts';
import { agendaSessions, events, rooms, sessionPeople, speakers, tracks, venues } from '../../src/db/schema/index.ts';
import { createTestClock } from '../helpers/clock.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/test-database.ts';
import { buildEvent, createEvent, createVenueWithRooms } from '../factories/events.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

/** The constraint name a failed insert reports (drizzle wraps the driver error). */
async function violation(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { constraint?: string; constraint_name?: string } }).cause;
    return cause?.constraint ?? cause?.constraint_name ?? `unexpected: ${String(error)}`;
  }
  return 'no error';
}

describe('agenda constraints', () => {
  it('refuses sessions that end before they start or last no time, unknown types, bad capacities and language codes', async () => {
    const db = t.database.db;
    const event = await createEvent(db);
    const at = new Date('2027-03-27T01:00:00Z');
    const session = { eventId: event.id, type: 'keynote' as const, title: { en: 'Opening keynote' }, startsAt: at, endsAt: new Date(at.getTime() + 30 * 60_000) };
    expect(await violation(db.insert(agendaSessions).values({ ...session, endsAt: at }))).toBe('agenda_sessions_times_ordered');
    expect(await violation(db.insert(agendaSessions).values({ ...session, type: 'banquet' as never }))).toBe('agenda_sessions_type_check');
    expect(await violation(db.insert(agendaSessions).values({ ...session, capacity: 0 }))).toBe('agenda_sessions_capacity_positive');
    expect(await violation(db.insert(agendaSessions).values({ ...session, language: 'zh-CN' }))).toBe('agenda_sessions_language_format');
    expect(await violation(db.insert(agendaSessions).values({ ...session, interpretation: 'chinese' }))).toBe('agenda_sessions_interpretation_format');
    expect(await violation(db.insert(agendaSessions).values({ ...session, title: {} }))).toBe('agenda_sessions_title_filled');
  });

  it('refuses unlabelled or colourless tracks, malformed speakers, one e-mail twice per event, and unknown roles', async () => {
    const db = t.database.db;
    const event = await createEvent(db);
    expect(await violation(db.insert(tracks).values({ eventId: event.id, name: { en: 'Green tech' }, colour: 'green' }))).toBe('tracks_colour_format');
    expect(await violation(db.insert(tracks).values({ eventId: event.id, name: {}, colour: '#1f6feb' }))).toBe('tracks_name_filled');
    expect(await violation(db.insert(speakers).values({ eventId: event.id, name: { en: 'Li Na' }, country: 'cn' }))).toBe('speakers_country_format');
    expect(await violation(db.insert(speakers).values({ eventId: event.id, name: { en: 'Li Na' }, email: 'Li.Na@Example.cn' }))).toBe('speakers_email_normalised');
    const [speaker] = await db.insert(speakers).values({ eventId: event.id, name: { en: 'Li Na', 'zh-CN': '李娜' }, country: 'CN', email: 'li.na@example.cn' }).returning();
    expect(await violation(db.insert(speakers).values({ eventId: event.id, name: { en: 'Na Li' }, email: 'li.na@example.cn' }))).toBe('speakers_event_email_unique');
    const [session] = await db
      .insert(agendaSessions)
      .values({ eventId: event.id, type: 'panel', title: { en: 'Panel' }, startsAt: new Date('2027-03-27T01:00:00Z'), endsAt: new Date('2027-03-27T02:00:00Z') })
      .returning();
    expect(await violation(db.insert(sessionPeople).values({ sessionId: session!.id, speakerId: speaker!.id, role: 'juggler' as never }))).toBe('session_people_role_check');
    await db.insert(sessionPeople).values({ sessionId: session!.id, speakerId: speaker!.id, role: 'panelist' });
    expect(await violation(db.insert(sessionPeople).values({ sessionId: session!.id, speakerId: speaker!.id, role: 'moderator' }))).toBe('session_people_pk');
  });
});

describe('event constraints', () => {
  it('refuses an end before the start', async () => {
    const e = buildEvent({ startsAt: new Date('2027-03-27T09:00:00Z'), endsAt: new Date('2027-03-27T08:00:00Z') });
    expect(await violation(t.database.db.insert(events).values(e))).toBe('events_dates_ordered');
  });

  it('refuses a sub-forum without a parent, and a parent on a forum', async () => {
    expect(await violation(t.database.db.insert(events).values(buildEvent({ kind: 'sub-forum' })))).toBe('events_sub_forum_has_parent');
    const parent = await createEvent(t.database.db);
    expect(await violation(t.database.db.insert(events).values(buildEvent({ kind: 'forum', parentId: parent.id })))).toBe('events_sub_forum_has_parent');
  });

  it('refuses bad slugs, duplicate slugs, unknown kinds and statuses, empty titles', async () => {
    expect(await violation(t.database.db.insert(events).values(buildEvent({ slug: 'Bad Slug' })))).toBe('events_slug_format');
    await createEvent(t.database.db, { slug: 'taken-slug' });
    expect(await violation(t.database.db.insert(events).values(buildEvent({ slug: 'taken-slug' })))).toBe('events_slug_unique');
    expect(await violation(t.database.db.insert(events).values(buildEvent({ kind: 'party' as never })))).toBe('events_kind_check');
    expect(await violation(t.database.db.insert(events).values(buildEvent({ status: 'live' as never })))).toBe('events_status_check');
    expect(await violation(t.database.db.insert(events).values(buildEvent({ title: {} })))).toBe('events_title_filled');
  });

  it('refuses deleting a forum that still has sub-forums', async () => {
    const parent = await createEvent(t.database.db);
    await createEvent(t.database.db, { kind: 'sub-forum', parentId: parent.id });
    expect(await violation(t.database.db.delete(events).where(sql`${events.id} = ${parent.id}`))).toBe('events_parent_id_events_id_fk');
  });

  it('refuses rooms with no seats', async () => {
    const event = await createEvent(t.database.db);
    const { venue } = await createVenueWithRooms(t.database.db, event.id, [10]);
    expect(await violation(t.database.db.insert(rooms).values({ venueId: venue.id, name: { en: 'Broom cupboard' }, capacity: 0 }))).toBe(
      'rooms_capacity_positive',
    );
  });

  it('stores instants as timestamptz and returns the same instant', async () => {
    const startsAt = new Date('2027-03-27T01:00:00.000Z');
    const event = await createEvent(t.database.db, { startsAt, endsAt: new Date('2027-03-27T09:30:00.000Z') });
    expect(event.startsAt.toISOString()).toBe('2027-03-27T01:00:00.000Z');
    const [row] = await t.database.execute(`select data_type from information_schema.columns where table_name = 'events' and column_name = 'starts_at'`);
    expect(row?.data_type).toBe('timestamp with time zone');
  });
});

describe('migrations', () => {
  it('are recorded and a second run changes nothing', async () => {
    expect(await appliedMigrationCount(t.database)).toBe(expectedMigrationCount());
    await migrateDb(t.database);
    expect(await appliedMigrationCount(t.database)).toBe(expectedMigrationCount());
  });

  it.runIf(onPostgres)('run once when two processes migrate the same fresh database at once', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const second = await fresh.reopen();
      await Promise.all([migrateDb(fresh.database), migrateDb(second)]);
      expect(await appliedMigrationCount(fresh.database)).toBe(expectedMigrationCount());
    } finally {
      await fresh.close();
    }
  });
});

describe('demo data', () => {
  it('is all upcoming relative to today, with the forum’s sub-forum inside its dates', () => {
    const now = new Date('2026-11-25T02:00:00Z');
    const demo = buildDemoEvents(now);
    const published = demo.filter((e) => e.status === 'published' && e.key !== 'past-week');
    for (const e of published) expect(e.startsAt.getTime(), e.key).toBeGreaterThan(now.getTime());
    const zgc = demo.find((e) => e.key === 'zgc')!;
    const sub = demo.find((e) => e.key === 'belt-and-road')!;
    expect(sub.startsAt.getTime()).toBeGreaterThanOrEqual(zgc.startsAt.getTime());
    expect(sub.endsAt.getTime()).toBeLessThanOrEqual(zgc.endsAt.getTime());
    expect(demo.find((e) => e.key === 'conference')!.venues!.flatMap((v) => v.rooms).length).toBeGreaterThanOrEqual(4);
  });

  it('loads once, even when two starts race, and --reset reloads', async () => {
    const fresh = await createTestDatabase();
    try {
      const clock = createTestClock('2026-11-25T02:00:00Z');
      const handles = onPostgres ? [fresh.database, await fresh.reopen()] : [fresh.database, fresh.database];
      const written = await Promise.all(handles.map((h) => seedDemoDataIfEmpty(h.db, clock)));
      const expected = buildDemoEvents(clock.now()).length;
      expect(written.map((w) => w.events).sort()).toEqual([0, expected]);
      const count = async () => (await fresh.database.db.select({ n: sql<number>`count(*)::int` }).from(events))[0]!.n;
      expect(await count()).toBe(expected);
      expect((await seedDemoDataIfEmpty(fresh.database.db, clock)).events).toBe(0);
      await wipeDemoData(fresh.database.db);
      expect(await count()).toBe(0);
      expect((await fresh.database.db.select({ n: sql<number>`count(*)::int` }).from(venues))[0]!.n).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
