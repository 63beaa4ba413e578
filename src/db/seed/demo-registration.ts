// Demo registration for the five-day conference: open now, closing the day before; categories as a real forum has
// them (participants, media needing approval, a hidden VIP category, speakers by invitation), one question, and a
// first few people from several countries (fictional), so the participant list, approvals, badges and the door show
// something: most confirmed, two journalists awaiting approval, one cancelled, one not accepted, a few on site visits.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { auditRow } from '../../features/audit/service.ts';
import { CONSENT_VERSION } from '../../features/registration/form.ts';
import { newTicketCode } from '../../features/registration/new-registration-rows.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { agendaSessions, auditLog, registrationCategories, registrationConsents, registrationQuestions, registrations, registrationSettings, sessionBookings, type RegistrationStatus, type Residence } from '../schema/index.ts';
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
  const categories = await tx.insert(registrationCategories).values([
    { eventId, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会代表' }, capacity: 1600, position: 0 },
    { eventId, code: 'MEDIA', name: { en: 'Media', 'zh-CN': '媒体' }, capacity: 120, requiresApproval: true, position: 1 },
    { eventId, code: 'VIP', name: { en: 'Invited guest (VIP)', 'zh-CN': '特邀嘉宾' }, capacity: 80, visibility: 'hidden', requiresApproval: true, position: 2 },
    { eventId, code: 'SPK', name: { en: 'Speaker', 'zh-CN': '演讲嘉宾' }, visibility: 'hidden', invitationOnly: true, position: 3 },
  ]).returning({ id: registrationCategories.id, code: registrationCategories.code });
  const [question] = await tx.insert(registrationQuestions).values({
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
  }).returning({ id: registrationQuestions.id });
  await seedDemoParticipants(tx, now, eventId, new Map(categories.map((c) => [c.code, c.id])), question!.id);
}

type CategoryCode = 'GUEST' | 'MEDIA' | 'VIP' | 'SPK';
/** Which bookable session of the first day (by its English title's start) a person booked. */
type Booking = 'Technical visit A' | 'Technical visit B' | 'Training';
interface DemoPerson {
  family: string;
  given: string;
  nameZh?: string;
  organisation: string;
  jobTitle: string;
  country: string;
  mobile: string;
  residence: Residence;
  locale: 'en' | 'zh-CN';
  category: CategoryCode;
  status: RegistrationStatus;
  heard?: 'embassy' | 'park' | 'web' | 'colleague';
  books?: Booking[];
  dietary?: string;
}

/** Fictional people and organisations; their addresses are under example.org. */
const PEOPLE: DemoPerson[] = [
  { family: 'Zhou', given: 'Min', nameZh: '周敏', organisation: '中关村发展集团', jobTitle: '国际合作部主任', country: 'CN', mobile: '+8613911000001', residence: 'mainland', locale: 'zh-CN', category: 'GUEST', status: 'confirmed', heard: 'park', books: ['Technical visit A'] },
  { family: 'Sun', given: 'Hao', nameZh: '孙浩', organisation: '北京大学科技园', jobTitle: '副总经理', country: 'CN', mobile: '+8613911000002', residence: 'mainland', locale: 'zh-CN', category: 'GUEST', status: 'confirmed', heard: 'colleague' },
  { family: 'Xu', given: 'Lan', nameZh: '徐岚', organisation: '深圳湾实验室', jobTitle: '成果转化中心负责人', country: 'CN', mobile: '+8613911000003', residence: 'mainland', locale: 'zh-CN', category: 'GUEST', status: 'confirmed', heard: 'web', dietary: '素食' },
  { family: 'Ma', given: 'Jun', nameZh: '马骏', organisation: '张江高科技园区', jobTitle: '招商总监', country: 'CN', mobile: '+8613911000004', residence: 'mainland', locale: 'zh-CN', category: 'GUEST', status: 'confirmed', books: ['Training'] },
  { family: 'Lam', given: 'Ka Yan', nameZh: '林嘉欣', organisation: 'Hong Kong Science and Technology Parks', jobTitle: 'Head of Partnerships', country: 'HK', mobile: '+85291230004', residence: 'hk-mo-tw', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'park', books: ['Technical visit B'] },
  { family: 'Moretti', given: 'Sofia', organisation: 'Kilometro Rosso Innovation District', jobTitle: 'International Relations Manager', country: 'IT', mobile: '+393471230005', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'embassy', books: ['Technical visit A'] },
  { family: 'Holm', given: 'Erik', organisation: 'Ideon Science Park', jobTitle: 'CEO', country: 'SE', mobile: '+46701230006', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'park', books: ['Technical visit A'] },
  { family: 'Benali', given: 'Fatima Zahra', organisation: 'Technopark Casablanca', jobTitle: 'Director of Programmes', country: 'MA', mobile: '+212661230007', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'embassy', dietary: 'Halal' },
  { family: 'Mendoza', given: 'Carlos', organisation: 'Monterrey Innovation Park', jobTitle: 'Research Coordinator', country: 'MX', mobile: '+528112300008', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'web' },
  { family: 'Adeyemi', given: 'Nkechi', organisation: 'Lagos Innovation Hub', jobTitle: 'Founder', country: 'NG', mobile: '+2348031230009', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'colleague', books: ['Technical visit B'] },
  { family: 'Raman', given: 'Priya', organisation: 'Bengaluru Technology Park Authority', jobTitle: 'Senior Advisor', country: 'IN', mobile: '+919812300010', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'park', dietary: 'Vegetarian' },
  { family: 'Nowicki', given: 'Tomasz', organisation: 'Poznań Science and Technology Park', jobTitle: 'Innovation Broker', country: 'PL', mobile: '+48601230011', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'web' },
  { family: 'Haddad', given: 'Leila', organisation: 'Beirut Digital District', jobTitle: 'Partnerships Lead', country: 'LB', mobile: '+9613123012', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'embassy' },
  { family: 'Karimov', given: 'Jasur', organisation: 'IT Park Uzbekistan', jobTitle: 'Deputy Director', country: 'UZ', mobile: '+998901230013', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'embassy', books: ['Training'] },
  { family: 'Nguyễn', given: 'Thị Hoa', organisation: 'Hoa Lac Hi-Tech Park', jobTitle: 'Head of Investment Promotion', country: 'VN', mobile: '+84912300014', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'park' },
  { family: 'Sadykova', given: 'Aigerim', organisation: 'Astana Hub', jobTitle: 'Programme Manager', country: 'KZ', mobile: '+77011230015', residence: 'other', locale: 'en', category: 'GUEST', status: 'confirmed', heard: 'colleague', books: ['Training'] },
  { family: 'Ferreira', given: 'Paulo', organisation: 'Porto Digital', jobTitle: 'Business Developer', country: 'BR', mobile: '+5581912300016', residence: 'other', locale: 'en', category: 'GUEST', status: 'cancelled', heard: 'web' },
  { family: 'Chen', given: 'Xiaoyu', nameZh: '陈晓雨', organisation: '科技日报', jobTitle: '记者', country: 'CN', mobile: '+8613911000017', residence: 'mainland', locale: 'zh-CN', category: 'MEDIA', status: 'confirmed', heard: 'web' },
  { family: 'Whitfield', given: 'James', organisation: 'Global Innovation Review', jobTitle: 'Asia Correspondent', country: 'GB', mobile: '+447700900018', residence: 'other', locale: 'en', category: 'MEDIA', status: 'pending', heard: 'web' },
  { family: 'Sato', given: 'Yui', organisation: 'Asia Tech Weekly', jobTitle: 'Editor', country: 'JP', mobile: '+819012300019', residence: 'other', locale: 'en', category: 'MEDIA', status: 'pending' },
  { family: 'Turner', given: 'Alex', organisation: 'Freelance', jobTitle: 'Blogger', country: 'AU', mobile: '+61412300020', residence: 'other', locale: 'en', category: 'MEDIA', status: 'rejected' },
  { family: 'Al Suwaidi', given: 'Mariam', organisation: 'Embassy of the United Arab Emirates', jobTitle: 'Counsellor for Science and Technology', country: 'AE', mobile: '+971501230021', residence: 'other', locale: 'en', category: 'VIP', status: 'confirmed' },
  { family: 'Sørensen', given: 'Henrik', organisation: 'Innovation Centre Denmark, Shanghai', jobTitle: 'Head of Centre', country: 'DK', mobile: '+4520123022', residence: 'other', locale: 'en', category: 'VIP', status: 'confirmed' },
  { family: 'Mwangi', given: 'Grace', organisation: 'Konza Technopolis', jobTitle: 'Chief Innovation Officer', country: 'KE', mobile: '+254712300023', residence: 'other', locale: 'en', category: 'SPK', status: 'confirmed' },
];

/** A name as an address part: accents dropped, ø and æ spelled out (Sørensen → sorensen). */
const ascii = (text: string) => text.replace(/ø/gi, 'o').replace(/æ/gi, 'ae').normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

/**
 * Writes the demo people with their consents, bookings and creation audit rows, and raises the seat counters by
 * the seats they hold (confirmed people: the event's, their category's, their sessions'), as registering would.
 */
async function seedDemoParticipants(tx: Db, now: Date, eventId: string, categoryIds: Map<string, string>, questionId: string): Promise<void> {
  const bookable = await tx
    .select({ id: agendaSessions.id, title: agendaSessions.title })
    .from(agendaSessions)
    .where(and(eq(agendaSessions.eventId, eventId), isNotNull(agendaSessions.capacity)));
  const sessionOf = (booking: Booking) => bookable.find((s) => (s.title as { en?: string }).en?.startsWith(booking))!.id;
  // Registered over the last three weeks, one after another, the first the earliest.
  const rows = PEOPLE.map((p, i) => {
    const at = new Date(now.getTime() - (PEOPLE.length - i) * 20 * 3_600_000);
    return {
      id: uuidv7(),
      eventId,
      categoryId: categoryIds.get(p.category)!,
      status: p.status,
      holdsSeat: p.status === 'confirmed',
      email: `${ascii(p.given)}.${ascii(p.family)}@example.org`,
      familyName: p.family,
      givenName: p.given,
      nameZh: p.nameZh ?? null,
      organisation: p.organisation,
      jobTitle: p.jobTitle,
      country: p.country,
      mobile: p.mobile,
      dietary: p.dietary ?? null,
      residence: p.residence,
      // Others give their nationality with the form (passport holders); here, that of their country.
      nationality: p.residence === 'other' ? p.country : null,
      answers: p.heard ? { [questionId]: p.heard } : {},
      locale: p.locale,
      ticketCode: newTicketCode(),
      requestedSessionIds: p.status === 'confirmed' ? [] : (p.books ?? []).map(sessionOf),
      consentAt: at,
      consentVersion: CONSENT_VERSION,
      createdAt: at,
      updatedAt: at,
      cancelledAt: p.status === 'cancelled' ? new Date(at.getTime() + 2 * 86_400_000) : null,
    };
  });
  await tx.insert(registrations).values(rows);
  await tx.insert(registrationConsents).values(rows.map((r) => ({ registrationId: r.id, kind: 'processing' as const, version: CONSENT_VERSION, givenAt: r.consentAt })));
  const bookings = rows.flatMap((r, i) => (r.status === 'confirmed' ? (PEOPLE[i]!.books ?? []).map((b) => ({ registrationId: r.id, sessionId: sessionOf(b), createdAt: r.createdAt })) : []));
  if (bookings.length > 0) await tx.insert(sessionBookings).values(bookings);
  const seated = rows.filter((r) => r.holdsSeat);
  await tx.update(registrationSettings).set({ taken: seated.length }).where(eq(registrationSettings.eventId, eventId));
  for (const categoryId of new Set(seated.map((r) => r.categoryId))) {
    await tx.update(registrationCategories).set({ taken: seated.filter((r) => r.categoryId === categoryId).length }).where(eq(registrationCategories.id, categoryId));
  }
  for (const sessionId of new Set(bookings.map((b) => b.sessionId))) {
    await tx.update(agendaSessions).set({ booked: sql`${agendaSessions.booked} + ${bookings.filter((b) => b.sessionId === sessionId).length}::int` }).where(eq(agendaSessions.id, sessionId));
  }
  const registered = (r: (typeof rows)[number]): RegistrationStatus => (r.status === 'cancelled' ? 'confirmed' : r.status === 'rejected' ? 'pending' : r.status);
  // Written as their own registration, at its time (a request id marks the participant's own change in the history).
  await tx.insert(auditLog).values(
    rows.map((r) => ({ ...auditRow({ actorId: null, requestId: 'demo-data' }, { eventId, action: 'registration.create', targetType: 'registration', targetId: r.id, after: { status: registered(r), categoryId: r.categoryId, email: r.email } }), createdAt: r.createdAt })),
  );
}
