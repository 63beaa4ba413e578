// Public event pages are cached per process, yet a change written by anyone (another process, raw SQL) shows at once.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContentVersion } from '../../src/db/content-version.ts';
import { events, rooms } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createTestClock } from '../helpers/clock.ts';
import { onPostgres } from '../helpers/test-database.ts';
import { beijingTime, createEvent, createVenueWithRooms } from '../factories/events.ts';

let t: TestApp;
/** Writes through a second connection pool on PostgreSQL, as another server process would. */
let other: Db;

beforeAll(async () => {
  t = await buildTestApp({ clock: createTestClock('2027-01-10T00:00:00Z') });
  other = onPostgres ? (await t.testDatabase.reopen()).db : t.db;
});
afterAll(() => t.close());

const home = async () => (await t.app.inject({ url: '/', headers: { 'accept-language': 'en' } })).body;

describe('cached public pages', () => {
  it('show an event published by another process on the next request', async () => {
    const event = await createEvent(t.db, { slug: 'cache-forum', title: { en: 'Cache Forum' }, status: 'draft' });
    expect(await home()).not.toContain('Cache Forum');
    await other.update(events).set({ status: 'published' }).where(eq(events.id, event.id));
    expect(await home()).toContain('Cache Forum');
    await other.update(events).set({ title: { en: 'Renamed Forum' } }).where(eq(events.id, event.id));
    const body = await home();
    expect(body).toContain('Renamed Forum');
    expect(body).not.toContain('Cache Forum');
  });

  it('drop an event once it has ended, without any write', async () => {
    await createEvent(t.db, {
      slug: 'short-forum',
      title: { en: 'Short Forum' },
      startsAt: beijingTime('2027-01-10 09:00'),
      endsAt: beijingTime('2027-01-10 12:00'),
    });
    expect(await home()).toContain('Short Forum');
    t.clock.set(beijingTime('2027-01-10 12:01'));
    expect(await home()).not.toContain('Short Forum');
  });

  it('refresh an event page when a room changes', async () => {
    const event = await createEvent(t.db, { slug: 'rooms-forum', title: { en: 'Rooms Forum' } });
    const { rooms: [room] } = await createVenueWithRooms(t.db, event.id, [300]);
    const page = async () => (await t.app.inject({ url: '/events/rooms-forum', headers: { 'accept-language': 'en' } })).body;
    expect(await page()).toContain('300 seats');
    await other.update(rooms).set({ capacity: 250 }).where(eq(rooms.id, room!.id));
    expect(await page()).toContain('250 seats');
  });

  it('bump the content version on every kind of write, truncate included', async () => {
    const before = await readContentVersion(t.db, 'events');
    await createEvent(t.db, { slug: 'version-forum' });
    const afterInsert = await readContentVersion(t.db, 'events');
    expect(afterInsert).toBe(before + 1);
    await t.db.execute(sql`truncate table ${events} cascade`);
    expect(await readContentVersion(t.db, 'events')).toBeGreaterThan(afterInsert);
  });
});
