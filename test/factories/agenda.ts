// A small agenda shaped like the demo forum’s, for export and API tests: Chinese and English titles, a Chinese-only
// title, people on several sessions, interpretation, a cancelled session, one across midnight and one after midnight.
// Example: const agenda = await createForumAgenda(t.db, event.id); agenda.sessions.keynote.id
import { agendaSessions, sessionPeople, speakers, tracks } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { publishAgenda } from '../../src/features/agenda/publish.ts';
import { type Clock, systemClock } from '../../src/lib/clock.ts';
import { createVenueWithRooms, wallTime } from './events.ts';

type NewSession = typeof agendaSessions.$inferInsert;

/** For an event on 17–18 Sep 2026 (Beijing time). */
export async function createForumAgenda(db: Db, eventId: string) {
  const { venue, rooms } = await createVenueWithRooms(db, eventId, [300, 120]);
  const [room301, room302] = rooms as [(typeof rooms)[number], (typeof rooms)[number]];
  const [track] = await db.insert(tracks).values({ eventId, name: { en: 'Digital Silk Road', 'zh-CN': '数字丝绸之路' }, colour: '#0969da' }).returning();
  const person = async (values: Omit<typeof speakers.$inferInsert, 'eventId'>, second: number) =>
    (await db.insert(speakers).values({ eventId, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)), ...values }).returning())[0]!;
  const liNa = await person({ name: { en: 'Li Na', 'zh-CN': '李娜' }, title: { en: 'Director', 'zh-CN': '主任' }, organisation: { en: 'Zhongguancun Science Park', 'zh-CN': '中关村科技园区' }, country: 'CN', email: 'li.na@example.org' }, 1);
  const marco = await person({ name: { en: 'Marco Rossi' }, organisation: { en: 'Politecnico di Milano' }, country: 'IT', email: 'marco.rossi@example.org' }, 2);
  const wangWei = await person({ name: { 'zh-CN': '王伟' }, country: 'CN' }, 3);
  const session = async (values: Omit<NewSession, 'eventId'>) => (await db.insert(agendaSessions).values({ eventId, ...values }).returning())[0]!;
  const sessions = {
    opening: await session({ type: 'opening', title: { en: 'Opening ceremony', 'zh-CN': '开幕式' }, roomId: room301.id, language: 'zh', interpretation: 'zh-en', startsAt: wallTime('2026-09-17 09:00'), endsAt: wallTime('2026-09-17 09:30') }),
    keynote: await session({
      type: 'keynote',
      title: { en: 'Keynote: Innovation & the <Digital> Silk Road', 'zh-CN': '主旨演讲：创新与数字丝绸之路' },
      abstract: { en: 'How **ideas** travel.', 'zh-CN': '思想如何传播。' },
      roomId: room301.id,
      trackId: track!.id,
      language: 'en',
      startsAt: wallTime('2026-09-17 09:30'),
      endsAt: wallTime('2026-09-17 10:15'),
    }),
    roundtable: await session({ type: 'roundtable', title: { 'zh-CN': '圆桌对话：科技园区合作' }, roomId: room302.id, language: 'zh', interpretation: 'zh-en', startsAt: wallTime('2026-09-17 10:30'), endsAt: wallTime('2026-09-17 12:00') }),
    visit: await session({ type: 'site-visit', title: { en: 'Site visit to Zhongguancun', 'zh-CN': '中关村参观' }, roomId: room302.id, capacity: 40, status: 'cancelled', startsAt: wallTime('2026-09-17 14:00'), endsAt: wallTime('2026-09-17 15:00') }),
    networking: await session({ type: 'networking', title: { en: 'Evening networking', 'zh-CN': '晚间交流' }, language: 'zh', startsAt: wallTime('2026-09-17 23:30'), endsAt: wallTime('2026-09-18 00:30') }),
    hackathon: await session({ type: 'other', title: { en: 'Late-night hackathon' }, roomId: room302.id, language: 'en', startsAt: wallTime('2026-09-18 00:45'), endsAt: wallTime('2026-09-18 02:00') }),
    signing: await session({ type: 'signing', title: { en: 'Signing ceremony and report release', 'zh-CN': '签约仪式暨报告发布' }, roomId: room301.id, language: 'zh', interpretation: 'zh-en', startsAt: wallTime('2026-09-18 09:00'), endsAt: wallTime('2026-09-18 10:00') }),
  };
  await db.insert(sessionPeople).values([
    { sessionId: sessions.opening.id, speakerId: liNa.id, role: 'host', position: 0 },
    { sessionId: sessions.keynote.id, speakerId: marco.id, role: 'speaker', position: 0 },
    { sessionId: sessions.roundtable.id, speakerId: wangWei.id, role: 'moderator', position: 0 },
    { sessionId: sessions.roundtable.id, speakerId: liNa.id, role: 'panelist', position: 1 },
  ]);
  return { venue, room301, room302, track: track!, people: { liNa, marco, wangWei }, sessions };
}

/**
 * Publishes the event's agenda as it stands (as an organiser's "Publish" would, conflicts refused): the public form
 * offers only bookable sessions that are on the published agenda.
 * Example: await publishAgendaAsIs(t.db, event);
 */
export async function publishAgendaAsIs(db: Db, event: { id: string; parentId?: string | null }, clock: Clock = systemClock): Promise<void> {
  const published = await publishAgenda(db, clock, { actorId: null, requestId: null }, { id: event.id, parentId: event.parentId ?? null });
  if (published.blockedBy !== undefined) throw new Error(`the test agenda has ${published.blockedBy} conflicts that block publishing`);
}
