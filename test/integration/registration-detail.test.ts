// The organiser's page of one registration, as the help desk reads it: category, status and waiting-list place, the
// sessions booked (or asked for; a cancelled one marked) with their times in the event’s zone, dietary and
// interpretation needs, the answers to the event’s questions, and the check-ins — when, at which door, by whom, to
// the event and to each session — in English and Chinese. Admissions and their undoing appear in the history (one
// audit row written with the admission); what participants change through their manage link is theirs in the
// history, a promotion it sets off the system’s.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, checkIns, invitationCodes, registrationQuestions, registrations } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createConferenceRegistration } from '../factories/conference-registration.ts';
import type { EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let staff: HttpAgent;
let organiserUser: TestUser;
let staffUser: TestUser;
let guestId: string;
let visitId: string;
let workshopId: string;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Registration ids by family name. */
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp({ env: { FORM_MIN_SECONDS: '0' } });
  t.clock.set('2027-03-01T02:00:00Z');
  // Two seats: the third person waits.
  const conference = await createConferenceRegistration(t.db, { capacity: 2 });
  event = conference.event;
  guestId = conference.category.id;
  visitId = conference.sessions.visit.id;
  workshopId = conference.sessions.workshop.id;
  const { heard, dinner } = conference.questions;

  await register({ familyName: 'Okafor', givenName: 'Amara', email: 'amara.okafor@example.ng', dietary: 'other', dietaryNote: 'No nuts', interpretation: 'en-to-zh', sessionIds: [visitId, workshopId], [`q_${heard.id}`]: 'embassy', [`q_${dinner.id}`]: 'yes' });
  await register({ familyName: 'Li', givenName: 'Wei', email: 'li.wei@example.cn', country: 'CN', mobileCountry: 'CN', mobile: '13800138000' });
  await register({ familyName: 'Rossi', givenName: 'Marco', email: 'marco.rossi@example.it', country: 'IT', mobileCountry: 'IT', mobile: '3123456789', sessionIds: [workshopId] });
  for (const row of await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))) ids[row.familyName] = row.id;
  organiserUser = await createUser(t.db, { email: 'organiser@iasp.example.org', roles: [[event.id, 'organiser']] });
  staffUser = await createUser(t.db, { email: 'liu.yang@iasp.example.org', name: 'Liu Yang', roles: [[event.id, 'checkin']] });
  await signInAt('2027-04-20T00:30:00Z');
});
afterAll(async () => t?.close());

/** Moves the clock to `iso` and signs the organiser and the door's staff member in afresh (sessions end when idle). */
async function signInAt(iso: string) {
  t.clock.set(iso);
  organiser = await signedInAgent(t, organiserUser);
  staff = await signedInAgent(t, staffUser);
}

/** Registers through the real form, as a participant does. */
async function register(fields: Record<string, string | string[]>) {
  const agent = new HttpAgent(t.app);
  const page = await agent.get('/events/iasp-2027/register');
  expect(page.statusCode).toBe(200);
  const res = await agent.post('/events/iasp-2027/register', {
    ...hiddenFields(page.body, '/events/iasp-2027/register'),
    categoryId: guestId, nameZh: '', organisation: 'Lagos Innovation Hub', jobTitle: 'Director', country: 'NG', mobileCountry: 'NG', mobile: '0803 123 4567',
    dietary: 'none', interpretation: 'none', residence: 'other', nationality: 'NG', consent: 'yes',
    ...fields,
  });
  expect(res.statusCode, res.body.slice(0, 1000)).toBe(303);
}

const pageUrl = (familyName: string) => `/admin/events/${event.id}/registrations/${ids[familyName]}`;
/** Text without tags, spaces collapsed. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ').replace(/ ([,.;:：；，。）)])/g, '$1').trim();
/** The line under the person’s name: their status, and their place when they wait. */
const leadOf = (body: string) => text(/<p class="lead">([\s\S]*?)<\/p>/.exec(body)![1]!);
/** The page's facts, label → value, as one reads them. */
const factsOf = (body: string) => Object.fromEntries([...body.matchAll(/<div><dt>([^<]+)<\/dt><dd[^>]*>([\s\S]*?)<\/dd><\/div>/g)].map((m) => [m[1]!, text(m[2]!)]));
/** The part of the page under the heading with this id, up to the next heading. */
function sectionHtml(body: string, id: string): string {
  const start = body.indexOf(`<h2 id="${id}">`);
  expect(start).toBeGreaterThan(-1);
  return body.slice(start, body.indexOf('<h2', start + 1));
}
const sectionOf = (body: string, id: string) => text(sectionHtml(body, id));
/** The lines of the sessions list. */
const sessionsOf = (body: string) => [...sectionHtml(body, 'sessions').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]!));
/** The history's rows: when, what, who. */
const historyOf = (body: string) =>
  [...sectionHtml(body, 'history').matchAll(/<tr>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([\s\S]*?)<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<\/tr>/g)].map((m) => [m[1]!, text(m[2]!), m[3]!]);

async function pageIn(familyName: string, lang: 'en' | 'zh-CN') {
  organiser.lang = lang;
  try {
    const res = await organiser.get(pageUrl(familyName));
    expect(res.statusCode).toBe(200);
    return res.body;
  } finally {
    organiser.lang = 'en';
  }
}

/** The door's scanner admitting a person picked from the search, as its script posts it. */
async function postScan(familyName: string, door: string, session?: string) {
  const page = await staff.get(`/admin/events/${event.id}/check-in`);
  const token = /data-csrf="([^"]+)"/.exec(page.body)![1]!;
  return staff.app.inject({
    method: 'POST',
    url: `/admin/events/${event.id}/check-in`,
    remoteAddress: staff.remoteAddress,
    headers: { accept: 'application/json', 'content-type': 'application/json', cookie: staff.cookieHeader, 'x-csrf-token': token },
    payload: JSON.stringify({ registrationId: ids[familyName], door, ...(session ? { session } : {}) }),
  });
}

async function scan(familyName: string, door: string, session?: string) {
  const res = await postScan(familyName, door, session);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().checkIn as { id: string };
}

describe('what the help desk sees', () => {
  it('shows the category, status, booked sessions with their times, needs and answers, not yet checked in', async () => {
    const body = await pageIn('Okafor', 'en');
    expect(leadOf(body)).toBe('Confirmed');
    expect(body).toContain('<span class="badge badge--reg-confirmed">Confirmed</span>');
    const facts = factsOf(body);
    expect(facts).toMatchObject({ Category: 'Participant', 'Dietary needs': 'No nuts', 'Interpretation needs': 'English into Chinese' });
    expect(sectionOf(body, 'check-in')).toBe('Check-in Not checked in');
    expect(sessionsOf(body)).toEqual([
      'Visit to the Suzhou Industrial Park incubator and its robotics laboratories 21 Apr 2027, 14:00–17:00 (Beijing time) Not checked in',
      'Technology transfer workshop 22 Apr 2027, 09:00–10:30 (Beijing time) Not checked in',
    ]);
    expect(sectionOf(body, 'answers')).toBe('Answers to the registration questions How did you hear about the conference? An embassy Will you join the gala dinner? Yes Anything else we should know? Not answered');
  });

  it('names the invitation code the person came with, linked to the codes', async () => {
    const [person] = await t.db.select().from(registrations).where(and(eq(registrations.eventId, event.id), eq(registrations.familyName, 'Okafor')));
    const [code] = await t.db.insert(invitationCodes).values({ eventId: event.id, categoryId: person!.categoryId, code: 'GUEST-7KQ2-M9XD', used: 1 }).returning();
    await t.db.update(registrations).set({ invitationCodeId: code!.id }).where(eq(registrations.id, person!.id));
    try {
      expect(await pageIn('Okafor', 'en')).toContain(`<div><dt>Invitation code</dt><dd><a href="/admin/events/${event.id}/registration/codes?q=GUEST-7KQ2-M9XD"><code>GUEST-7KQ2-M9XD</code></a></dd></div>`);
    } finally {
      await t.db.update(registrations).set({ invitationCodeId: null }).where(eq(registrations.id, person!.id));
      await t.db.delete(invitationCodes).where(eq(invitationCodes.id, code!.id));
    }
  });

  it('says all of it in Chinese, with Chinese punctuation', async () => {
    const body = await pageIn('Okafor', 'zh-CN');
    expect(leadOf(body)).toBe('已确认');
    expect(factsOf(body)).toMatchObject({ 参会身份: '参会代表', 饮食需求: 'No nuts', 同传需求: '英译中' });
    expect(sectionOf(body, 'check-in')).toBe('签到 未签到');
    expect(sessionsOf(body)).toEqual(['参观苏州工业园区孵化器及机器人实验室 2027年4月21日 14:00–17:00（北京时间） 未签到', '技术转移工作坊 2027年4月22日 09:00–10:30（北京时间） 未签到']);
    expect(sectionOf(body, 'answers')).toBe('报名问题的回答 您从何处得知本次大会？ 使馆 是否出席欢迎晚宴？ 是 其他需要说明的事项 未填写');
  });

  it('shows a waiting person’s place and the sessions they asked for', async () => {
    const body = await pageIn('Rossi', 'en');
    expect(leadOf(body)).toBe('On the waiting list Place 1');
    expect(body).toContain('<span class="badge badge--reg-waitlisted">On the waiting list</span>');
    expect(sectionOf(body, 'sessions')).toBe('Sessions asked for Booked when the registration is confirmed, if seats are left. Technology transfer workshop 22 Apr 2027, 09:00–10:30 (Beijing time)');
    expect(leadOf(await pageIn('Rossi', 'zh-CN'))).toBe('候补中 排第1位');
  });
});

describe('check-ins', () => {
  it('shows when, at which door and by whom the person came in, to the event and to a session, and each admission in the history', async () => {
    await signInAt('2027-04-20T00:42:00Z');
    const entrance = await scan('Okafor', 'North entrance');
    await signInAt('2027-04-21T05:55:00Z');
    const bus = await scan('Okafor', 'Bus 1', visitId);

    const body = await pageIn('Okafor', 'en');
    expect(sectionOf(body, 'check-in')).toBe('Check-in Checked in at North entrance by Liu Yang on 20 Apr 2027, 08:42 (Beijing time, UTC+8)');
    expect(sessionsOf(body)).toEqual([
      'Visit to the Suzhou Industrial Park incubator and its robotics laboratories 21 Apr 2027, 14:00–17:00 (Beijing time) Checked in at Bus 1 by Liu Yang on 21 Apr 2027, 13:55 (Beijing time, UTC+8)',
      'Technology transfer workshop 22 Apr 2027, 09:00–10:30 (Beijing time) Not checked in',
    ]);
    // Dated by the database like every audit row (the test clock moves only the app's time).
    expect(historyOf(body).map((row) => row.slice(1))).toEqual([
      ['Checked in to Visit to the Suzhou Industrial Park incubator and its robotics laboratories at Bus 1', 'Liu Yang (liu.yang@iasp.example.org)'],
      ['Checked in at North entrance', 'Liu Yang (liu.yang@iasp.example.org)'],
      ['Registered', 'The participant'],
    ]);
    // One audit row per admission, written with it.
    const rows = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'checkin.admit'), eq(auditLog.targetId, ids.Okafor!))).orderBy(auditLog.createdAt, auditLog.id);
    expect(rows.map(({ actorId, eventId, targetType, before, after }) => ({ actorId, eventId, targetType, before, after }))).toEqual([
      { actorId: staffUser.id, eventId: event.id, targetType: 'registration', before: null, after: { checkInId: entrance.id, door: 'North entrance', sessionId: null } },
      { actorId: staffUser.id, eventId: event.id, targetType: 'registration', before: null, after: { checkInId: bus.id, door: 'Bus 1', sessionId: visitId } },
    ]);
    // The request that admitted, as for every audit row written in a request.
    expect(rows.map((row) => row.requestId)).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
    // A refused scan (already in) admits nobody and writes no audit row.
    expect((await postScan('Okafor', 'South gate')).statusCode).toBe(409);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'checkin.admit'), eq(auditLog.targetId, ids.Okafor!)))).toHaveLength(2);

    const zh = await pageIn('Okafor', 'zh-CN');
    expect(sectionOf(zh, 'check-in')).toBe('签到 已签到 时间：2027年4月20日 08:42（北京时间）；入口：North entrance；经办人：Liu Yang');
    expect(historyOf(zh).slice(0, 2).map((row) => row[1])).toEqual(['在Bus 1签到：参观苏州工业园区孵化器及机器人实验室', '在North entrance签到']);
  });

  it('shows an undone admission in the history and the person as not checked in, until they come in again', async () => {
    const [active] = await t.db.select().from(checkIns).where(and(eq(checkIns.registrationId, ids.Okafor!), eq(checkIns.door, 'North entrance')));
    t.clock.set('2027-04-21T06:10:00Z');
    const page = await staff.get(`/admin/events/${event.id}/check-in?door=North%20entrance`);
    const undo = await staff.post(`/admin/events/${event.id}/check-in/${active!.id}/undo`, { _csrf: /data-csrf="([^"]+)"/.exec(page.body)![1]!, door: 'North entrance' });
    expect(undo.statusCode).toBe(303);
    let body = await pageIn('Okafor', 'en');
    expect(sectionOf(body, 'check-in')).toBe('Check-in Not checked in');
    expect(historyOf(body)[0]!.slice(1)).toEqual(['Check-in at North entrance undone', 'Liu Yang (liu.yang@iasp.example.org)']);
    expect(historyOf(await pageIn('Okafor', 'zh-CN'))[0]![1]).toBe('撤销在North entrance的签到');

    t.clock.set('2027-04-21T06:12:00Z');
    await scan('Okafor', 'South gate');
    body = await pageIn('Okafor', 'en');
    expect(sectionOf(body, 'check-in')).toBe('Check-in Checked in at South gate by Liu Yang on 21 Apr 2027, 14:12 (Beijing time, UTC+8)');
    expect(historyOf(body).map((row) => row.slice(1))).toEqual([
      ['Checked in at South gate', 'Liu Yang (liu.yang@iasp.example.org)'],
      ['Check-in at North entrance undone', 'Liu Yang (liu.yang@iasp.example.org)'],
      ['Checked in to Visit to the Suzhou Industrial Park incubator and its robotics laboratories at Bus 1', 'Liu Yang (liu.yang@iasp.example.org)'],
      ['Checked in at North entrance', 'Liu Yang (liu.yang@iasp.example.org)'],
      ['Registered', 'The participant'],
    ]);
  });
});

describe('the mails sent to a person', () => {
  it('are listed for organisers, but not the contents of one holding the manage link, which cancels and deletes', async () => {
    await expect.poll(() => t.mail.to('li.wei@example.cn').length, { timeout: 15_000 }).toBeGreaterThan(0);
    const manageLink = /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec(t.mail.to('li.wei@example.cn')[0]!.text!)![1]!;
    const log = await organiser.get(`/admin/events/${event.id}/mail?template=registration`);
    const ids = [...log.body.matchAll(/<a href="\/admin\/mail\/([0-9a-f-]{36})">/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const page = await organiser.get(`/admin/mail/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('The contents of this message are not shown');
      expect(page.body).not.toContain(manageLink);
      for (const part of ['raw', 'html', 'attachments/0']) expect((await organiser.get(`/admin/mail/${id}/${part}`)).statusCode, part).toBe(403);
    }
  });
});

describe('who did it', () => {
  it('names the participant for what they changed through their manage link, and the system for a promotion it set off', async () => {
    const link = (email: string) => /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec(t.mail.to(email)[0]!.text!)![1]!;
    await expect.poll(() => t.mail.to('li.wei@example.cn').length, { timeout: 15_000 }).toBe(1);
    const li = new HttpAgent(t.app);
    const manage = `/registrations/manage/${link('li.wei@example.cn')}`;
    const details = await li.submit(manage, { familyName: 'Li', givenName: 'Wei', nameZh: '李伟', organisation: 'Tsinghua University', jobTitle: '', mobileCountry: 'CN', mobile: '13800138000', dietary: 'vegetarian', interpretation: 'none' }, `${manage}/details`);
    expect(details.statusCode).toBe(303);
    // Cancelling frees Li Wei's seat for Marco Rossi, who waited.
    expect((await li.submit(manage, { confirm: 'yes' }, `${manage}/cancel`)).statusCode).toBe(303);

    expect(historyOf(await pageIn('Li', 'en')).map((row) => row.slice(1))).toEqual([
      ['Registration cancelled', 'The participant'],
      ['Details changed: Name in Chinese characters, Organisation, Job title and Dietary needs', 'The participant'],
      ['Registered', 'The participant'],
    ]);
    expect(historyOf(await pageIn('Li', 'zh-CN')).map((row) => row[2])).toEqual(['参会者本人', '参会者本人', '参会者本人']);
    expect(historyOf(await pageIn('Rossi', 'en')).map((row) => row.slice(1))).toEqual([
      ['Promoted from the waiting list', 'The system'],
      ['Registered', 'The participant'],
    ]);
    // The audit log says the same.
    const log = await organiser.get(`/admin/events/${event.id}/audit?action=registration.update`);
    expect([...log.body.matchAll(/<td data-label="Person">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['The participant']);
  });
});

describe('a booked session that is cancelled', () => {
  it('stays on the list, marked cancelled, in both languages', async () => {
    await t.db.update(agendaSessions).set({ status: 'cancelled' }).where(eq(agendaSessions.id, workshopId));
    expect(sessionsOf(await pageIn('Okafor', 'en'))[1]).toBe('Technology transfer workshop Session cancelled 22 Apr 2027, 09:00–10:30 (Beijing time) Not checked in');
    expect(sessionsOf(await pageIn('Okafor', 'zh-CN'))[1]).toBe('技术转移工作坊 场次已取消 2027年4月22日 09:00–10:30（北京时间） 未签到');
  });
});

describe('text the organisers wrote in one language only', () => {
  it('shows a question label written only in English on the Chinese page marked as English', async () => {
    const conference = await t.db.select().from(registrations).where(eq(registrations.id, ids.Okafor!));
    const questionId = Object.keys(conference[0]!.answers).find((id) => conference[0]!.answers[id] === 'embassy')!;
    await t.db.update(registrationQuestions).set({ label: { en: 'How did you hear about the conference?' } }).where(eq(registrationQuestions.id, questionId));
    const zh = await pageIn('Okafor', 'zh-CN');
    expect(sectionHtml(zh, 'answers')).toContain('<div><dt><span lang="en">How did you hear about the conference?</span> <span class="lang-marker">仅英文</span></dt><dd class="pre-line">使馆</dd></div>');
    expect(sectionHtml(await pageIn('Okafor', 'en'), 'answers')).toContain('<div><dt>How did you hear about the conference?</dt><dd class="pre-line">An embassy</dd></div>');
  });
});

describe('an admission to a session removed since', () => {
  it('still reads as a session admission in the history, not as one at the event door', async () => {
    // Sessions are cancelled, not deleted, through the pages; the rows of one deleted in the database go with it.
    await t.db.delete(checkIns).where(eq(checkIns.sessionId, visitId));
    await t.db.delete(agendaSessions).where(eq(agendaSessions.id, visitId));
    const history = historyOf(await pageIn('Okafor', 'en')).map((row) => row[1]);
    expect(history).toContain('Checked in to a session since removed at Bus 1');
    expect(history.filter((row) => row === 'Checked in at Bus 1')).toEqual([]);
    expect(historyOf(await pageIn('Okafor', 'zh-CN')).map((row) => row[1])).toContain('在Bus 1签到：已删除的场次');
  });
});

describe('an erased registration', () => {
  it('shows none of the person’s data: no name, address, needs or answers, and the history without its contents', async () => {
    await expect.poll(() => t.mail.to('marco.rossi@example.it').length, { timeout: 15_000 }).toBeGreaterThan(0);
    const link = /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec(t.mail.to('marco.rossi@example.it')[0]!.text!)![1]!;
    const marco = new HttpAgent(t.app);
    const deleted = await marco.submit(`/registrations/manage/${link}`, { confirm: 'yes' }, `/registrations/manage/${link}/delete`);
    expect([deleted.statusCode, deleted.headers.location]).toEqual([303, '/registrations/deleted?event=iasp-2027']);

    const body = await pageIn('Rossi', 'en');
    expect(/<h1>([^<]*)<\/h1>/.exec(body)![1]).toBe('Erased registration');
    expect(Object.keys(factsOf(body))).toEqual(['Category', 'Registered on', 'Identity document number']);
    for (const gone of ['Marco', 'Rossi', 'marco.rossi', '3123456789', 'Dietary needs', 'Answers to the registration questions']) expect(body, gone).not.toContain(gone);
    expect(historyOf(body).map((row) => row.slice(1))).toEqual([
      ['Personal data erased', 'The participant'],
      ['Registration cancelled', 'The participant'],
      ['Promoted from the waiting list', 'The system'],
      ['Registered', 'The participant'],
    ]);
  });
});
