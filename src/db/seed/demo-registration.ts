// Demo registration for the five-day conference: open now, closing the day before; categories as a real forum has
// them (participants, media needing approval, a hidden VIP category, speakers by invitation) and one question.
import { registrationCategories, registrationQuestions, registrationSettings } from '../schema/index.ts';
import type { Db } from '../types.ts';

const DAY = 86_400_000;

export async function seedDemoRegistration(tx: Db, now: Date, eventId: string, startsAt: Date): Promise<void> {
  await tx.insert(registrationSettings).values({
    eventId,
    opensAt: new Date(now.getTime() - 30 * DAY),
    closesAt: new Date(startsAt.getTime() - DAY),
    capacity: 2000,
    waitlistEnabled: true,
  });
  await tx.insert(registrationCategories).values([
    { eventId, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会代表' }, capacity: 1600, position: 0 },
    { eventId, code: 'MEDIA', name: { en: 'Media', 'zh-CN': '媒体' }, capacity: 120, requiresApproval: true, position: 1 },
    { eventId, code: 'VIP', name: { en: 'Invited guest (VIP)', 'zh-CN': '特邀嘉宾' }, capacity: 80, visibility: 'hidden', requiresApproval: true, position: 2 },
    { eventId, code: 'SPK', name: { en: 'Speaker', 'zh-CN': '演讲嘉宾' }, visibility: 'hidden', invitationOnly: true, position: 3 },
  ]);
  await tx.insert(registrationQuestions).values({
    eventId,
    kind: 'single',
    label: { en: 'How did you hear about the conference?', 'zh-CN': '您从何处得知本次大会？' },
    options: [
      { value: 'embassy', label: { en: 'An embassy or consulate', 'zh-CN': '使领馆' } },
      { value: 'park', label: { en: 'A science park', 'zh-CN': '科技园区' } },
      { value: 'web', label: { en: 'The web or social media', 'zh-CN': '网络或社交媒体' } },
      { value: 'colleague', label: { en: 'A colleague', 'zh-CN': '同事推荐' } },
    ],
    required: false,
    position: 0,
  });
}
