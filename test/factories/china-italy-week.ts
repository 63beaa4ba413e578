// A China–Italy innovation week on Beijing time, 23–27 October 2026, published: Rome leaves summer time during it
// (Sunday 25 October at 03:00), New York only after it (1 November). For the tests of agenda pages in other zones.
// Example: const { event, ids } = await createChinaItalyWeek(t.db, t.clock); ids['Midnight session']
import { agendaSessions } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { publishAgendaAsIs } from './agenda.ts';
import { createEvent, createVenueWithRooms, wallTime } from './events.ts';

export const CHINA_ITALY_WEEK = 'china-italy-innovation-week';

export async function createChinaItalyWeek(db: Db, clock: Clock) {
  const event = await createEvent(db, {
    slug: CHINA_ITALY_WEEK,
    kind: 'innovation-week',
    status: 'published',
    title: { en: 'China–Italy Innovation Week', 'zh-CN': '中意创新周' },
    startsAt: wallTime('2026-10-23 00:00'),
    endsAt: wallTime('2026-10-28 00:00'),
  });
  const { rooms } = await createVenueWithRooms(db, event.id, [300, 120]);
  const rows = await db
    .insert(agendaSessions)
    .values([
      { eventId: event.id, type: 'plenary', title: { en: 'Before the change' }, roomId: rooms[0]!.id, startsAt: wallTime('2026-10-24 09:00'), endsAt: wallTime('2026-10-24 10:00') },
      { eventId: event.id, type: 'networking', title: { en: 'Midnight session', 'zh-CN': '午夜交流' }, roomId: rooms[1]!.id, startsAt: wallTime('2026-10-24 23:30'), endsAt: wallTime('2026-10-25 00:30') },
      { eventId: event.id, type: 'plenary', title: { en: 'After the change' }, roomId: rooms[0]!.id, startsAt: wallTime('2026-10-26 09:00'), endsAt: wallTime('2026-10-26 10:00') },
      { eventId: event.id, type: 'workshop', title: { en: 'Early workshop' }, roomId: rooms[1]!.id, startsAt: wallTime('2026-10-27 07:30'), endsAt: wallTime('2026-10-27 08:30') },
    ])
    .returning();
  await publishAgendaAsIs(db, event, clock);
  return { event, ids: Object.fromEntries(rows.map((row) => [row.title.en!, row.id])) as Record<string, string> };
}
