// Speakers' reminders a day and an hour before their session, as the queue holds them and as their mail app receives
// them: each publication queues, moves or cancels the jobs (checked in pg-boss's own table, whose clock is the
// database's), and a job mails each accepted person once, in their language; times are the stored instants also
// when the server runs in New York (npm run test:tz).
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, sessionPeople, sessionReminders, sessionReminderSends, speakers } from '../../src/db/schema/index.ts';
import type { SessionReminderJob } from '../../src/features/session-reminders/schedule.ts';
import { sendSessionReminder } from '../../src/features/session-reminders/send.ts';
import { sessionFormFields, type SessionPersonLine } from '../helpers/session-form.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
/** An event already past by real time, for the worker's own run. */
let pastEvent: EventRow;
let organiser: HttpAgent;
let rooms: { id: string }[];
let pastRooms: { id: string }[];
const SLUG = 'digital-economy-speakers';
const person = { liNa: '', wang: '', marco: '', ines: '', noMail: '' };

beforeAll(async () => {
  t = await buildTestApp();
  // The app's clock, well before the sessions; the queue's clock is the database's (real time).
  t.clock.set('2027-03-01T00:00:00Z');
  event = await createEvent(t.db, { slug: SLUG, title: { en: 'Digital Economy Forum', 'zh-CN': '数字经济论坛' }, startsAt: wallTime('2027-03-01 00:00'), endsAt: wallTime('2027-03-12 00:00') });
  pastEvent = await createEvent(t.db, { slug: 'spring-briefings', title: { en: 'Spring Briefings' }, startsAt: wallTime('2026-06-01 00:00'), endsAt: wallTime('2026-06-02 00:00') });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser'], [pastEvent.id, 'organiser']] }));
  rooms = (await createVenueWithRooms(t.db, event.id, [300, 120])).rooms;
  pastRooms = (await createVenueWithRooms(t.db, pastEvent.id, [80])).rooms;
  const add = async (values: Omit<typeof speakers.$inferInsert, 'eventId'>) => (await t.db.insert(speakers).values({ eventId: event.id, ...values }).returning())[0]!.id;
  person.liNa = await add({ name: { en: 'Li Na', 'zh-CN': '李娜' }, email: 'li.na@example.org' });
  person.wang = await add({ name: { 'zh-CN': '王伟' }, email: 'wang.wei@example.cn' });
  person.marco = await add({ name: { en: 'Marco Rossi' }, email: 'marco.rossi@example.org' });
  person.ines = await add({ name: { en: 'Inês Costa' }, email: 'ines.costa@example.pt' });
  person.noMail = await add({ name: { en: 'Kenji Sato' } });
});
afterAll(async () => t?.close());

type Line = SessionPersonLine;
interface SessionFields {
  title: string;
  room: number;
  from: string;
  to: string;
  status?: string;
  people: Line[];
}

/** The session form as an organiser fills it in (wall times in Beijing). */
function formFields(s: SessionFields, roomList = rooms): Record<string, string> {
  return sessionFormFields({ ...s, roomId: roomList[s.room]!.id });
}

async function createSession(s: SessionFields, ev = event, roomList = rooms): Promise<string> {
  const res = await organiser.submit(`/admin/events/${ev.id}/agenda/new`, formFields(s, roomList), `/admin/events/${ev.id}/agenda`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  const [row] = await t.db.select({ id: agendaSessions.id }).from(agendaSessions).where(and(eq(agendaSessions.eventId, ev.id), sql`${agendaSessions.title}->>'en' = ${s.title}`));
  return row!.id;
}

async function editSession(id: string, s: SessionFields): Promise<void> {
  const res = await organiser.submit(`/admin/events/${event.id}/agenda/${id}/edit`, formFields(s), `/admin/events/${event.id}/agenda/${id}`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
}

async function publish(ev = event): Promise<void> {
  const res = await organiser.submit(`/admin/events/${ev.id}/agenda`, {}, `/admin/events/${ev.id}/agenda/publish`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows?: T[] }).rows ?? (result as T[]);

interface QueuedJob {
  id: string;
  state: string;
  startAfter: string;
  data: SessionReminderJob;
}

/** The session's reminder jobs as pg-boss holds them, by scheduled time. */
async function jobsOf(sessionId: string): Promise<QueuedJob[]> {
  const result = await t.db.execute(
    sql`select id::text as id, state::text as state, start_after, data from pgboss.job where name = 'session.reminder' and data->>'sessionId' = ${sessionId} order by start_after, created_on`,
  );
  return rowsOf<{ id: string; state: string; start_after: Date | string; data: SessionReminderJob }>(result).map((r) => ({ id: r.id, state: r.state, startAfter: new Date(r.start_after).toISOString(), data: r.data }));
}

const remindersOf = async (sessionId: string) =>
  (await t.db.select().from(sessionReminders).where(eq(sessionReminders.sessionId, sessionId))).sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());

/** Waits until no mail is left waiting, so "no new mail" can be asserted. */
async function settled(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const result = await t.db.execute(sql`select count(*)::int as n from pgboss.job where name in ('mail.send', 'calendar.invites') and state in ('created', 'retry', 'active')`);
    if (Number(rowsOf<{ n: number }>(result)[0]?.n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('jobs did not settle');
}

const ctx = () => ({ clock: t.clock, mail: t.app.mail });
const reminderMails = (address: string) => t.mail.to(address).filter((m) => !m.attachments.some((a) => a.filename === 'invite.ics'));
const sessionPage = (id: string) => `http://forumdesk.test/events/${SLUG}/sessions/${id}`;

describe('speaker reminders in the queue', () => {
  let keynote = '';
  const keynoteAt = (from: string, to: string, status = 'scheduled'): SessionFields => ({
    title: 'Opening keynote',
    room: 0,
    from,
    to,
    status,
    people: [
      { speakerId: person.liNa, role: 'speaker', answer: 'accepted' },
      { speakerId: person.wang, role: 'moderator', answer: 'accepted' },
      { speakerId: person.marco, role: 'panelist', answer: 'declined' },
      { speakerId: person.ines, role: 'panelist', answer: 'invited' },
      { speakerId: person.noMail, role: 'host', answer: 'accepted' },
    ],
  });

  it('publishing queues two jobs, at exactly the start less 24 h and less 1 h', async () => {
    keynote = await createSession(keynoteAt('2027-03-10T09:00', '2027-03-10T09:45'));
    await publish();
    const jobs = await jobsOf(keynote);
    expect(jobs.map((j) => [j.state, j.startAfter, j.data.kind, j.data.sessionStartsAt])).toEqual([
      ['created', '2027-03-09T01:00:00.000Z', '24h', '2027-03-10T01:00:00.000Z'],
      ['created', '2027-03-10T00:00:00.000Z', '1h', '2027-03-10T01:00:00.000Z'],
    ]);
    const rows = await remindersOf(keynote);
    expect(rows.map((r) => [r.kind, r.jobId, r.sendAt.toISOString(), r.sessionStartsAt.toISOString(), r.agendaVersion, r.sentAt])).toEqual([
      ['24h', jobs[0]!.id, '2027-03-09T01:00:00.000Z', '2027-03-10T01:00:00.000Z', 1, null],
      ['1h', jobs[1]!.id, '2027-03-10T00:00:00.000Z', '2027-03-10T01:00:00.000Z', 1, null],
    ]);
    expect(jobs.map((j) => j.data)).toEqual(rows.map((r) => ({ eventId: event.id, reminderId: r.id, sessionId: keynote, kind: r.kind, sessionStartsAt: '2027-03-10T01:00:00.000Z' })));
  });

  it('publishing again with no change touches nothing', async () => {
    const [jobsBefore, rowsBefore] = [await jobsOf(keynote), await remindersOf(keynote)];
    await publish();
    expect(await jobsOf(keynote)).toEqual(jobsBefore);
    expect(await remindersOf(keynote)).toEqual(rowsBefore);
  });

  it('a moved session is re-scheduled: the new jobs follow its start and the old ones are cancelled', async () => {
    const old = await jobsOf(keynote);
    await editSession(keynote, keynoteAt('2027-03-11T14:00', '2027-03-11T14:45'));
    await publish();
    const jobs = await jobsOf(keynote);
    expect(jobs.map((j) => [j.id, j.state, j.startAfter, j.data.kind])).toEqual([
      [old[0]!.id, 'cancelled', '2027-03-09T01:00:00.000Z', '24h'],
      [old[1]!.id, 'cancelled', '2027-03-10T00:00:00.000Z', '1h'],
      [expect.any(String), 'created', '2027-03-10T06:00:00.000Z', '24h'],
      [expect.any(String), 'created', '2027-03-11T05:00:00.000Z', '1h'],
    ]);
    const live = jobs.filter((j) => j.state === 'created');
    const rows = await remindersOf(keynote);
    expect(rows.map((r) => [r.kind, r.jobId, r.sendAt.toISOString(), r.sessionStartsAt.toISOString(), r.agendaVersion])).toEqual([
      // Version 2: publishing with nothing changed (the test before) made no version.
      ['24h', live[0]!.id, '2027-03-10T06:00:00.000Z', '2027-03-11T06:00:00.000Z', 2],
      ['1h', live[1]!.id, '2027-03-11T05:00:00.000Z', '2027-03-11T06:00:00.000Z', 2],
    ]);
  });

  it('a session with nobody accepted gets no job', async () => {
    const quiet = await createSession({
      title: 'Closing remarks',
      room: 1,
      from: '2027-03-11T17:00',
      to: '2027-03-11T17:30',
      people: [
        { speakerId: person.marco, role: 'speaker', answer: 'declined' },
        { speakerId: person.ines, role: 'host', answer: 'invited' },
        { speakerId: person.noMail, role: 'moderator', answer: 'declined' },
      ],
    });
    await publish();
    expect(await jobsOf(quiet)).toEqual([]);
    expect(await remindersOf(quiet)).toEqual([]);
  });

  it('a reminder whose time has already passed is not queued: ten hours ahead, only the hour-before one', async () => {
    // 2027-03-01 18:00 in Beijing is ten hours after the app's clock.
    const soon = await createSession({ title: 'Press briefing', room: 1, from: '2027-03-01T18:00', to: '2027-03-01T18:30', people: [{ speakerId: person.liNa, role: 'speaker', answer: 'accepted' }] });
    await publish();
    expect((await jobsOf(soon)).map((j) => [j.state, j.startAfter, j.data.kind])).toEqual([['created', '2027-03-01T09:00:00.000Z', '1h']]);
  });
});

describe('the reminder job', () => {
  let keynote = '';
  const jobOf = async (kind: '24h' | '1h') => (await jobsOf(keynote)).find((j) => j.state === 'created' && j.data.kind === kind)!;

  beforeAll(async () => {
    const [row] = await t.db.select({ id: agendaSessions.id }).from(agendaSessions).where(and(eq(agendaSessions.eventId, event.id), sql`${agendaSessions.title}->>'en' = 'Opening keynote'`));
    keynote = row!.id;
    await settled();
  });

  it('mails each accepted person with an address, in their language, with time, room, role and what to bring; once', async () => {
    const job = await jobOf('24h');
    t.clock.set('2027-03-10T06:00:05Z');
    // Two runs of the job at once (an expired job retried beside the first): one mails, the other waits and finds it done.
    const runs = await Promise.all([sendSessionReminder(t.db, ctx(), job.id, job.data), sendSessionReminder(t.db, ctx(), job.id, job.data)]);
    expect(runs.map((r) => (r.outcome === 'sent' ? r.mails : r.outcome)).sort()).toEqual([0, 2]);
    // A later retry (e.g. after a lost acknowledgement) finds both sends and mails nobody.
    expect(await sendSessionReminder(t.db, ctx(), job.id, job.data)).toEqual({ outcome: 'sent', mails: 0 });
    await settled();

    const [en, ...moreEn] = reminderMails('li.na@example.org');
    expect(moreEn).toEqual([]);
    expect(en!.subject).toBe('Tomorrow: Opening keynote');
    expect(en!.to).toMatchObject({ value: [{ address: 'li.na@example.org', name: 'Li Na' }] });
    expect(en!.text).toContain(
      [
        'Dear Li Na,',
        '',
        'A reminder of your session at Digital Economy Forum tomorrow. Thank you again for taking part.',
        '',
        'Session: Opening keynote',
        'When: 11 Mar 2027, 14:00–14:45 (Beijing time)',
        'Where: Room 301, China National Convention Center',
        'Your role: Speaker',
        '',
        'Please come to the room 30 minutes before your session so the technicians can check your microphone and slides.',
        '',
        'What to bring:',
        '- Your slides on a USB stick (PowerPoint or PDF, 16:9), even if you sent them to us before.',
        '- If you present from your own laptop, its charger and an HDMI adapter.',
        '- Your badge or a photo ID for the speakers’ entrance.',
        '',
        'Session page:',
        sessionPage(keynote),
      ].join('\n'),
    );
    expect(en!.html).toContain(`href="${sessionPage(keynote)}"`);

    const [zh, ...moreZh] = reminderMails('wang.wei@example.cn');
    expect(moreZh).toEqual([]);
    expect(zh!.subject).toBe('明日提醒：Opening keynote');
    expect(zh!.text).toContain('尊敬的王伟：');
    expect(zh!.text).toContain('提醒您：您在数字经济论坛参与的场次将于明天举行。再次感谢您的参与。');
    expect(zh!.text).toContain('地点：301会议室，国家会议中心');
    expect(zh!.text).toContain('您的角色：对话主持');
    expect(zh!.text).toContain('- U盘拷贝的演示文稿（PowerPoint或PDF，16:9），即使此前已发给我们也请携带。');

    // Declined, only invited, or without an address: nothing.
    expect(reminderMails('marco.rossi@example.org')).toEqual([]);
    expect(reminderMails('ines.costa@example.pt')).toEqual([]);
    const sends = await t.db.select().from(sessionReminderSends).where(eq(sessionReminderSends.sessionId, keynote));
    expect(sends.map((s) => [s.recipientEmail, s.kind, s.locale, s.role, s.sessionStartsAt.toISOString(), s.sentAt.toISOString()]).sort()).toEqual([
      ['li.na@example.org', '24h', 'en', 'speaker', '2027-03-11T06:00:00.000Z', '2027-03-10T06:00:05.000Z'],
      ['wang.wei@example.cn', '24h', 'zh-CN', 'moderator', '2027-03-11T06:00:00.000Z', '2027-03-10T06:00:05.000Z'],
    ]);
    expect(sends.every((s) => s.messageId !== null)).toBe(true);
    expect((await remindersOf(keynote)).map((r) => [r.kind, r.sentAt?.toISOString() ?? null])).toEqual([
      ['24h', '2027-03-10T06:00:05.000Z'],
      ['1h', null],
    ]);
    // Back to the organiser's day, so their sign-in (which lasts hours, not days) still holds.
    t.clock.set('2027-03-01T00:00:00Z');
  });

  it('the hour-before one skips someone who declined since publication, and carries the organiser’s own list', async () => {
    const saved = await organiser.submit(`/admin/events/${event.id}/agenda/reminders`, { bringEn: '', bringZh: '  演示文稿U盘 \n\n电源转换插头\n' });
    expect(saved.statusCode).toBe(303);
    await t.db.update(sessionPeople).set({ status: 'declined' }).where(and(eq(sessionPeople.sessionId, keynote), eq(sessionPeople.speakerId, person.liNa)));
    // An address added after the publication is used: it is looked up when the job runs.
    await t.db.update(speakers).set({ email: 'kenji.sato@example.jp' }).where(eq(speakers.id, person.noMail));
    const job = await jobOf('1h');
    t.clock.set('2027-03-11T05:00:02Z');
    expect(await sendSessionReminder(t.db, ctx(), job.id, job.data)).toEqual({ outcome: 'sent', mails: 2 });
    await settled();
    expect(reminderMails('li.na@example.org').map((m) => m.subject)).toEqual(['Tomorrow: Opening keynote']);
    const zh = reminderMails('wang.wei@example.cn');
    expect(zh.map((m) => m.subject)).toEqual(['明日提醒：Opening keynote', '一小时后开始：Opening keynote']);
    expect(zh[1]!.text).toContain('请现在前往会议室：技术人员将在开始前30分钟与您进行音响调试。');
    expect(zh[1]!.text).toContain('时间：2027年3月11日 14:00–14:45（北京时间）');
    expect(zh[1]!.text).toContain(`请携带：\n- 演示文稿U盘\n- 电源转换插头\n\n场次页面：\n${sessionPage(keynote)}\n`);
    expect(zh[1]!.html).toContain('<li>演示文稿U盘</li>');
    // Only a Chinese list was written: an English reader gets the standard list in English.
    const [kenji, ...moreKenji] = reminderMails('kenji.sato@example.jp');
    expect(moreKenji).toEqual([]);
    expect(kenji!.subject).toBe('In one hour: Opening keynote');
    expect(kenji!.text).toContain('Your role: Host\n\nPlease make your way to the room now: the technicians expect you 30 minutes before the start for a sound check.');
    expect(kenji!.text).toContain('What to bring:\n- Your slides on a USB stick (PowerPoint or PDF, 16:9), even if you sent them to us before.\n');
    t.clock.set('2027-03-01T00:00:00Z');
  });

  it('a job replaced by a later publication, run too early or after the start sends nothing', async () => {
    const cancelled = (await jobsOf(keynote)).find((j) => j.state === 'cancelled')!;
    const before = t.mail.messages.length;
    expect(await sendSessionReminder(t.db, ctx(), cancelled.id, cancelled.data)).toEqual({ outcome: 'replaced' });
    const job = await jobOf('1h');
    t.clock.set('2027-03-11T04:49:00Z');
    expect(await sendSessionReminder(t.db, ctx(), job.id, job.data)).toEqual({ outcome: 'early' });
    t.clock.set('2027-03-11T06:00:00Z');
    expect(await sendSessionReminder(t.db, ctx(), job.id, job.data)).toEqual({ outcome: 'too-late' });
    await settled();
    expect(t.mail.messages).toHaveLength(before);
    t.clock.set('2027-03-01T00:00:00Z');
  });

  it('cancelling the session and publishing drops its jobs', async () => {
    await editSession(keynote, {
      title: 'Opening keynote',
      room: 0,
      from: '2027-03-11T14:00',
      to: '2027-03-11T14:45',
      status: 'cancelled',
      people: [{ speakerId: person.wang, role: 'moderator', answer: 'accepted' }],
    });
    const live = (await jobsOf(keynote)).filter((j) => j.state === 'created');
    expect(live).toHaveLength(2);
    await publish();
    const after = await jobsOf(keynote);
    expect(after.filter((j) => j.state === 'created')).toEqual([]);
    expect(after.filter((j) => live.some((l) => l.id === j.id)).map((j) => j.state)).toEqual(['cancelled', 'cancelled']);
    expect(await remindersOf(keynote)).toEqual([]);
    // Its job, had it started before the publication cancelled it, finds no reminder and sends nothing.
    t.clock.set('2027-03-11T05:00:02Z');
    expect(await sendSessionReminder(t.db, ctx(), live[1]!.id, live[1]!.data)).toEqual({ outcome: 'replaced' });
    t.clock.set('2027-03-01T00:00:00Z');
  });
});

describe('the reminder worker', () => {
  it('runs a due job by itself: the queue starts it when the database’s clock passes start_after', async () => {
    // A session already past by real time, the app's clock just before its hour-before reminder: the queue holds a
    // job that is due at once (the database's clock), and our clock says it is on time.
    t.clock.set('2026-05-31T23:55:00Z');
    const [guest] = await t.db.insert(speakers).values({ eventId: pastEvent.id, name: { en: 'Inês Costa' }, email: 'ines.costa@example.pt' }).returning();
    const briefing = await createSession({ title: 'Morning briefing', room: 0, from: '2026-06-01T09:00', to: '2026-06-01T09:30', people: [{ speakerId: guest!.id, role: 'host', answer: 'accepted' }] }, pastEvent, pastRooms);
    await publish(pastEvent);
    const [job] = await jobsOf(briefing);
    expect([job!.startAfter, job!.data.kind]).toEqual(['2026-06-01T00:00:00.000Z', '1h']);
    await expect.poll(() => reminderMails('ines.costa@example.pt').map((m) => m.subject), { timeout: 20_000, interval: 200 }).toEqual(['In one hour: Morning briefing']);
    expect(reminderMails('ines.costa@example.pt')[0]!.text).toContain('Your role: Host');
    expect(reminderMails('ines.costa@example.pt')[0]!.text).toContain('When: 1 Jun 2026, 09:00–09:30 (Beijing time)');
    expect((await jobsOf(briefing)).map((j) => j.state)).toEqual(['completed']);
    t.clock.set('2027-03-01T00:00:00Z');
  });
});
