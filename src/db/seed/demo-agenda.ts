// The Belt and Road sub-forum's one-day agenda for the demo: opening, three keynotes, a roundtable of science
// counsellors, a signing ceremony and a report release, interpreted Chinese ↔ English, with fictional speakers; then
// published as version 1, so the public agenda and the organiser pages have something real to show.
import { eq } from 'drizzle-orm';
import type { SessionPersonRole, SessionType } from '../schema/index.ts';
import { agendaSessions, rooms, sessionPeople, speakers, venues } from '../schema/index.ts';
import type { Db } from '../types.ts';
import type { Clock } from '../../lib/clock.ts';
import { publishAgenda } from '../../features/agenda/publish.ts';

const PEOPLE = {
  chen: { name: { en: 'Chen Hua', 'zh-CN': '陈华' }, title: { en: 'Vice Minister (fictional)', 'zh-CN': '副部长（虚构）' }, organisation: { en: 'Ministry of Science and Technology', 'zh-CN': '科学技术部' }, country: 'CN' },
  okafor: { name: { en: 'Dr. Amara Okafor' }, title: { en: 'Director' }, organisation: { en: 'Lagos Innovation Agency (fictional)' }, country: 'NG' },
  rossi: { name: { en: 'Marco Rossi', 'zh-CN': '马可·罗西' }, title: { en: 'Science Counsellor' }, organisation: { en: 'Embassy of Italy in Beijing (fictional)' }, country: 'IT' },
  almansouri: { name: { en: 'Aisha Al Mansouri' }, title: { en: 'Head of Technology Cooperation' }, organisation: { en: 'Abu Dhabi Science Park (fictional)' }, country: 'AE' },
  li: { name: { en: 'Li Na', 'zh-CN': '李娜' }, title: { en: 'Professor', 'zh-CN': '教授' }, organisation: { en: 'Institute of Science and Development', 'zh-CN': '科技发展研究院' }, country: 'CN' },
  // The demo's speaker account (demo-users.ts) is this speaker: signed in, it opens the speaker portal.
  berg: { email: 'speaker@forumdesk.localhost', name: { en: 'Prof. Jonas Berg' }, title: { en: 'Professor of Innovation Policy' }, organisation: { en: 'Uppsala Institute of Technology (fictional)' }, country: 'SE' },
} as const;

type PersonKey = keyof typeof PEOPLE;

const SESSIONS: { type: SessionType; en: string; zh: string; from: string; to: string; people: [PersonKey, SessionPersonRole][] }[] = [
  { type: 'opening', en: 'Opening and welcome', zh: '开幕致辞', from: '09:00', to: '09:30', people: [['chen', 'speaker'], ['li', 'host']] },
  { type: 'keynote', en: 'Joint laboratories as bridges between innovation systems', zh: '联合实验室：创新体系之间的桥梁', from: '09:30', to: '10:00', people: [['okafor', 'speaker']] },
  { type: 'keynote', en: 'Technology transfer along the Digital Silk Road', zh: '数字丝绸之路上的技术转移', from: '10:00', to: '10:30', people: [['berg', 'speaker']] },
  { type: 'break', en: 'Tea break', zh: '茶歇', from: '10:30', to: '10:50', people: [] },
  { type: 'keynote', en: 'Talent exchange for shared prosperity', zh: '人才交流促进共同繁荣', from: '10:50', to: '11:20', people: [['almansouri', 'speaker']] },
  { type: 'roundtable', en: 'Roundtable of science counsellors', zh: '科技参赞圆桌对话', from: '14:00', to: '15:30', people: [['li', 'moderator'], ['rossi', 'panelist'], ['almansouri', 'panelist'], ['okafor', 'panelist']] },
  { type: 'signing', en: 'Signing ceremony of cooperation agreements', zh: '合作协议签约仪式', from: '15:50', to: '16:30', people: [['chen', 'host']] },
  { type: 'release', en: 'Release of the Belt and Road S&T Cooperation Report', zh: '“一带一路”科技合作报告发布', from: '16:30', to: '17:15', people: [['li', 'speaker']] },
];

/** Writes the agenda of the event (its first room, interpreted) and publishes it; `day` is the event's first instant. */
export async function seedDemoAgenda(tx: Db, clock: Clock, eventId: string, parentId: string | null, day: Date): Promise<void> {
  const [room] = await tx.select({ id: rooms.id }).from(rooms).innerJoin(venues, eq(venues.id, rooms.venueId)).where(eq(venues.eventId, eventId)).limit(1);
  const speakerIds = new Map<PersonKey, string>();
  for (const [key, person] of Object.entries(PEOPLE) as [PersonKey, (typeof PEOPLE)[PersonKey]][]) {
    const [row] = await tx.insert(speakers).values({ eventId, ...person }).returning({ id: speakers.id });
    speakerIds.set(key, row!.id);
  }
  // The event starts at 09:00 Beijing time; session times are offsets from that moment.
  const at = (time: string) => {
    const [hour = 0, minute = 0] = time.split(':').map(Number);
    return new Date(day.getTime() + ((hour - 9) * 60 + minute) * 60_000);
  };
  for (const session of SESSIONS) {
    const [row] = await tx
      .insert(agendaSessions)
      .values({
        eventId,
        type: session.type,
        title: { en: session.en, 'zh-CN': session.zh },
        roomId: room?.id ?? null,
        startsAt: at(session.from),
        endsAt: at(session.to),
        language: session.type === 'keynote' ? 'en' : 'zh',
        interpretation: session.type === 'break' ? null : 'zh-en',
      })
      .returning({ id: agendaSessions.id });
    if (session.people.length > 0) {
      await tx.insert(sessionPeople).values(session.people.map(([key, role], position) => ({ sessionId: row!.id, speakerId: speakerIds.get(key)!, role, status: 'accepted' as const, position })));
    }
  }
  const published = await publishAgenda(tx, clock, { actorId: null, requestId: null }, { id: eventId, parentId });
  // A demo that silently stays unpublished would hide a broken agenda: fail the seed instead.
  if (published.blockedBy) throw new Error(`demo agenda: ${published.blockedBy} hard conflicts block publishing`);
}
