// A conference taking registrations, as the help-desk tests use it: a category, two bookable sessions (a long-titled
// site visit and a workshop) and three questions (a choice, yes / no and free text), bilingual, in Beijing time.
// Example: const c = await createConferenceRegistration(db, { capacity: 2 }); c.sessions.visit.id, c.questions.dinner.id
import { agendaSessions, registrationCategories, registrationQuestions, registrationSettings } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { createEvent, wallTime } from './events.ts';
import { publishAgendaAsIs } from './agenda.ts';

/** Registration open through March 2027 for a conference on 20–22 April 2027; `capacity` seats in all (no limit when absent). */
export async function createConferenceRegistration(db: Db, options: { capacity?: number } = {}) {
  const event = await createEvent(db, { slug: 'iasp-2027', title: { en: 'IASP World Conference 2027', 'zh-CN': '2027国际科技园区协会世界大会' }, startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-22 18:00') });
  await db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00'), capacity: options.capacity ?? null });
  const [guest] = await db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会代表' } }).returning();
  const [visit, workshop] = await db
    .insert(agendaSessions)
    .values([
      { eventId: event.id, type: 'site-visit', title: { en: 'Visit to the Suzhou Industrial Park incubator and its robotics laboratories', 'zh-CN': '参观苏州工业园区孵化器及机器人实验室' }, capacity: 30, startsAt: wallTime('2027-04-21 14:00'), endsAt: wallTime('2027-04-21 17:00') },
      { eventId: event.id, type: 'workshop', title: { en: 'Technology transfer workshop', 'zh-CN': '技术转移工作坊' }, capacity: 20, startsAt: wallTime('2027-04-22 09:00'), endsAt: wallTime('2027-04-22 10:30') },
    ])
    .returning();
  // Bookable on the form only once on the published agenda.
  await publishAgendaAsIs(db, event);
  const [heard, dinner, notes] = await db
    .insert(registrationQuestions)
    .values([
      { eventId: event.id, kind: 'single', position: 0, label: { en: 'How did you hear about the conference?', 'zh-CN': '您从何处得知本次大会？' }, options: [{ value: 'embassy', label: { en: 'An embassy', 'zh-CN': '使馆' } }, { value: 'web', label: { en: 'The web', 'zh-CN': '网络' } }] },
      { eventId: event.id, kind: 'yes-no', position: 1, label: { en: 'Will you join the gala dinner?', 'zh-CN': '是否出席欢迎晚宴？' } },
      { eventId: event.id, kind: 'long-text', position: 2, label: { en: 'Anything else we should know?', 'zh-CN': '其他需要说明的事项' } },
    ])
    .returning();
  return { event, category: guest!, sessions: { visit: visit!, workshop: workshop! }, questions: { heard: heard!, dinner: dinner!, notes: notes! } };
}
