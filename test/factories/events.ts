// Realistic events, venues and rooms for tests: bilingual titles, Beijing wall times, sensible defaults.
// Example: const event = await createEvent(db, { status: 'published', startsAt: beijingTime('2026-03-27 09:00') });
import { fakerEN as en, fakerZH_CN as zh } from '@faker-js/faker';
import { DateTime } from 'luxon';
import { events, rooms, venues } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';

type NewEvent = typeof events.$inferInsert;
export type EventRow = typeof events.$inferSelect;

/** An instant from a wall time in a zone: beijingTime('2026-03-27 09:00') → 2026-03-27T01:00:00Z. */
export function wallTime(local: string, zone = 'Asia/Shanghai'): Date {
  const dt = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone });
  if (!dt.isValid) throw new Error(`bad wall time ${local} in ${zone}`);
  return dt.toJSDate();
}
export const beijingTime = (local: string) => wallTime(local);

let sequence = 0;

export function buildEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  sequence += 1;
  const city = en.location.city();
  const topic = en.helpers.arrayElement(['Green Technology', 'Digital Economy', 'Life Sciences', 'Smart Cities', 'Technology Transfer']);
  return {
    kind: 'forum',
    slug: `test-forum-${sequence}-${en.string.alphanumeric({ length: 6, casing: 'lower' })}`,
    title: { en: `${city} ${topic} Forum`, 'zh-CN': `${zh.location.city()}${zh.helpers.arrayElement(['绿色技术', '数字经济', '生命科学', '智慧城市', '技术转移'])}论坛` },
    summary: { en: en.lorem.sentence(), 'zh-CN': zh.lorem.sentence() },
    timezone: 'Asia/Shanghai',
    startsAt: beijingTime('2027-03-27 09:00'),
    endsAt: beijingTime('2027-03-27 17:30'),
    status: 'published',
    contactEmail: en.internet.email({ provider: 'forumdesk.example.org' }).toLowerCase(),
    ...overrides,
  };
}

export async function createEvent(db: Db, overrides: Partial<NewEvent> = {}): Promise<EventRow> {
  const [row] = await db.insert(events).values(buildEvent(overrides)).returning();
  return row!;
}

export async function createVenueWithRooms(db: Db, eventId: string, roomCapacities: number[] = [300, 120]) {
  const [venue] = await db
    .insert(venues)
    .values({ eventId, name: { en: 'China National Convention Center', 'zh-CN': '国家会议中心' }, address: { en: 'Chaoyang District, Beijing' } })
    .returning();
  const roomRows = await db
    .insert(rooms)
    .values(roomCapacities.map((capacity, i) => ({ venueId: venue!.id, name: { en: `Room ${301 + i}`, 'zh-CN': `${301 + i}会议室` }, floor: '3F', capacity })))
    .returning();
  return { venue: venue!, rooms: roomRows };
}
