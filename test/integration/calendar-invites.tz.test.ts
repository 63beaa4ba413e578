// Speakers' calendar invitations as their mail app receives them (real SMTP, parsed with mailparser and ical.js):
// one REQUEST when they accepted and the agenda is published, one update per publication that moves or renames the
// session, a CANCEL when they leave it, all with one UID and a rising SEQUENCE; times are the stored instants also
// when the server runs in New York (npm run test:tz).
import { and, eq, sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, calendarInvites, speakers } from '../../src/db/schema/index.ts';
import { sendCalendarInvites } from '../../src/features/calendar-invites/service.ts';
import { formatWallTime } from '../../src/lib/wall-time.ts';
import { sessionFormFields, type SessionPersonLine } from '../helpers/session-form.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { csrfTokenIn, type HttpAgent } from '../helpers/http-agent.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let rooms: { id: string }[];
const SLUG = 'belt-and-road-speakers';
const person = { liNa: '', marco: '', wang: '' };

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, {
    slug: SLUG,
    title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' },
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-19 00:00'),
  });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  rooms = (await createVenueWithRooms(t.db, event.id, [300, 120])).rooms;
  const add = async (values: Omit<typeof speakers.$inferInsert, 'eventId'>) => (await t.db.insert(speakers).values({ eventId: event.id, ...values }).returning())[0]!.id;
  person.liNa = await add({ name: { en: 'Li Na', 'zh-CN': '李娜' }, email: 'li.na@example.org' });
  person.marco = await add({ name: { en: 'Marco Rossi' }, email: 'marco.rossi@example.org' });
  person.wang = await add({ name: { 'zh-CN': '王伟' }, email: 'wang.wei@example.cn' });
});
afterAll(async () => t?.close());

type Line = SessionPersonLine;
interface SessionFields {
  title: string;
  abstract?: string;
  room: number;
  from: string;
  to: string;
  status?: string;
  people: Line[];
}

/** The session form as an organiser fills it in (wall times in Beijing). */
function formFields(s: SessionFields): Record<string, string> {
  return sessionFormFields({ ...s, roomId: rooms[s.room]!.id });
}

async function createSession(s: SessionFields): Promise<string> {
  const res = await organiser.submit(`/admin/events/${event.id}/agenda/new`, formFields(s), `/admin/events/${event.id}/agenda`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  const [row] = await t.db.select({ id: agendaSessions.id }).from(agendaSessions).where(and(eq(agendaSessions.eventId, event.id), sql`${agendaSessions.title}->>'en' = ${s.title}`));
  return row!.id;
}

async function editSession(id: string, s: SessionFields): Promise<void> {
  const res = await organiser.submit(`/admin/events/${event.id}/agenda/${id}/edit`, formFields(s), `/admin/events/${event.id}/agenda/${id}`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
}

async function publish(): Promise<void> {
  t.clock.advance({ minutes: 7 });
  const res = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
  expect(res.statusCode).toBe(303);
  await settled();
}

/** Waits until no invitation run and no delivery is left waiting, so "no new mail" can be asserted. */
const settled = () => jobsSettled(t.db);

interface Invite {
  mail: ParsedMail;
  raw: string;
  /** The Content-Type method parameter of the text/calendar part. */
  partMethod: string | undefined;
  method: string;
  uid: string;
  sequence: number;
  status: string;
  start: string;
  end: string;
  stamp: string;
  summary: string;
  location: string | null;
  description: string;
  organizer: { value: string; cn: string };
  attendee: { value: string; cn: string; role: string; partstat: string; rsvp: string };
}

function readInvite(mail: ParsedMail): Invite {
  const attachment = mail.attachments.find((a) => a.filename === 'invite.ics');
  expect(attachment, 'invite.ics attached').toBeDefined();
  const calendarPart = mail.attachments.find((a) => a.contentType === 'text/calendar');
  expect(calendarPart, 'text/calendar part').toBeDefined();
  const raw = attachment!.content.toString('utf8');
  expect(calendarPart!.content.toString('utf8')).toBe(raw);
  const contentType = calendarPart!.headers.get('content-type') as { value: string; params: Record<string, string> };
  const calendar = new ICAL.Component(ICAL.parse(raw));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const organizer = vevent.getFirstProperty('organizer')!;
  const attendee = vevent.getFirstProperty('attendee')!;
  return {
    mail,
    raw,
    partMethod: contentType.params.method,
    method: String(calendar.getFirstPropertyValue('method')),
    uid: String(vevent.getFirstPropertyValue('uid')),
    sequence: Number(vevent.getFirstPropertyValue('sequence')),
    status: String(vevent.getFirstPropertyValue('status')),
    start: (vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (vevent.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
    stamp: (vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString(),
    summary: String(vevent.getFirstPropertyValue('summary')),
    location: (vevent.getFirstPropertyValue('location') as string | null) ?? null,
    description: String(vevent.getFirstPropertyValue('description')),
    organizer: { value: String(organizer.getFirstValue()), cn: String(organizer.getParameter('cn')) },
    attendee: {
      value: String(attendee.getFirstValue()),
      cn: String(attendee.getParameter('cn')),
      role: String(attendee.getParameter('role')),
      partstat: String(attendee.getParameter('partstat')),
      rsvp: String(attendee.getParameter('rsvp')),
    },
  };
}

const invitesTo = (address: string) => t.mail.to(address).map(readInvite);
const stored = async (id: string) => (await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, id)))[0]!;
const sessionPage = (id: string) => `http://forumdesk.test/events/${SLUG}/sessions/${id}`;

describe('calendar invitations to speakers', () => {
  let keynote = '';
  const keynoteAt = (from: string, to: string, room: number, title = 'Opening keynote', people: Line[] = [{ speakerId: person.liNa, role: 'speaker', answer: 'accepted' }]) => ({ title, room, from, to, people });

  it('an unknown answer is refused at the person’s line, with nothing written', async () => {
    const res = await organiser.submit(
      `/admin/events/${event.id}/agenda/new`,
      formFields({ title: 'Refused', room: 0, from: '2026-09-17T09:00', to: '2026-09-17T09:30', people: [{ speakerId: person.liNa, role: 'speaker', answer: 'maybe' }] }),
      `/admin/events/${event.id}/agenda`,
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Choose the person’s answer: invited, accepted or declined.');
    expect(await t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, event.id))).toEqual([]);
  });

  it('go to nobody who has not accepted', async () => {
    keynote = await createSession(keynoteAt('2026-09-17T09:00', '2026-09-17T09:45', 0, 'Opening keynote', [{ speakerId: person.liNa, role: 'speaker', answer: 'invited' }]));
    await publish();
    expect(t.mail.messages).toHaveLength(0);
  });

  it('accept and publish: one REQUEST, SEQUENCE 0, at the stored instant in UTC, ORGANIZER the From address', async () => {
    await editSession(keynote, keynoteAt('2026-09-17T09:00', '2026-09-17T09:45', 0));
    await publish();
    const [first, ...more] = invitesTo('li.na@example.org');
    expect(more).toHaveLength(0);
    const session = await stored(keynote);
    expect(first!.mail.subject).toBe('Calendar invitation: Opening keynote');
    expect(first!.mail.from!.value).toEqual([{ name: 'Forum Desk', address: 'no-reply@forumdesk.localhost' }]);
    expect(first!.partMethod).toBe('REQUEST');
    expect(first!.raw).toContain('DTSTART:20260917T010000Z');
    expect(first!.raw).toContain('DTEND:20260917T014500Z');
    expect(first!.raw).not.toContain('TZID');
    expect(first).toMatchObject({
      method: 'REQUEST',
      sequence: 0,
      status: 'CONFIRMED',
      start: session.startsAt.toISOString(),
      end: session.endsAt.toISOString(),
      stamp: t.clock.now().toISOString(),
      summary: 'Opening keynote',
      location: 'Room 301, China National Convention Center',
      description: `Your role: Speaker\n${sessionPage(keynote)}`,
      organizer: { value: 'mailto:no-reply@forumdesk.localhost', cn: 'Belt and Road Innovation Forum' },
      attendee: { value: 'MAILTO:li.na@example.org', cn: 'Li Na', role: 'REQ-PARTICIPANT', partstat: 'ACCEPTED', rsvp: 'FALSE' },
    });
    expect(first!.uid).toMatch(/^invite-[0-9a-f-]{36}@forumdesk\.test$/);
    expect(first!.mail.text).toContain('Opening keynote');
    expect(first!.mail.text).toContain('17 Sep 2026, 09:00–09:45 (Beijing time)');
    expect(first!.mail.html).toContain(sessionPage(keynote));
    // Calendar apps' Accept/Decline would go to the no-reply ORGANIZER: RSVP=FALSE, and the mail says where to answer.
    expect(first!.mail.text).toContain(
      `\nAccept or Decline in your calendar app does not reach the organisers: to change your answer, write to them at ${event.contactEmail} (or use the link in an invitation mail, if you received one).\nYour sessions in the speaker portal:\nhttp://forumdesk.test/speaker\n`,
    );
    expect(first!.mail.html).toContain('<a href="http://forumdesk.test/speaker" style="color: #0b3d91;">Your sessions in the speaker portal</a></p>');
  });

  it('move, move again and rename, remove: SEQUENCE 1, 2, 3 on the same UID, REQUEST ×2 then CANCEL', async () => {
    await editSession(keynote, keynoteAt('2026-09-17T10:00', '2026-09-17T10:45', 0));
    await publish();
    await editSession(keynote, keynoteAt('2026-09-17T11:00', '2026-09-17T11:30', 1, 'Opening keynote: joint laboratories'));
    await publish();
    const beforeRemoval = await stored(keynote);
    await editSession(keynote, keynoteAt('2026-09-17T11:00', '2026-09-17T11:30', 1, 'Opening keynote: joint laboratories', []));
    await publish();
    const invites = invitesTo('li.na@example.org');
    expect(invites.map((i) => [i.method, i.partMethod, i.sequence, i.status])).toEqual([
      ['REQUEST', 'REQUEST', 0, 'CONFIRMED'],
      ['REQUEST', 'REQUEST', 1, 'CONFIRMED'],
      ['REQUEST', 'REQUEST', 2, 'CONFIRMED'],
      ['CANCEL', 'CANCEL', 3, 'CANCELLED'],
    ]);
    expect(new Set(invites.map((i) => i.uid)).size).toBe(1);
    expect(invites.map((i) => [i.start, i.end])).toEqual([
      ['2026-09-17T01:00:00.000Z', '2026-09-17T01:45:00.000Z'],
      ['2026-09-17T02:00:00.000Z', '2026-09-17T02:45:00.000Z'],
      ['2026-09-17T03:00:00.000Z', '2026-09-17T03:30:00.000Z'],
      [beforeRemoval.startsAt.toISOString(), beforeRemoval.endsAt.toISOString()],
    ]);
    expect(invites.map((i) => i.mail.subject)).toEqual([
      'Calendar invitation: Opening keynote',
      'Updated: Opening keynote',
      'Updated: Opening keynote: joint laboratories',
      'Cancelled: Opening keynote: joint laboratories',
    ]);
    expect(invites[2]!.location).toBe('Room 302, China National Convention Center');
    // Every DTSTAMP is the moment of its own mail, in UTC.
    expect(new Set(invites.map((i) => i.stamp)).size).toBe(4);
    for (const invite of invites) {
      expect(invite.organizer.value).toBe(`mailto:${invite.mail.from!.value[0]!.address}`);
      expect(invite.attendee.rsvp).toBe('FALSE');
    }
    expect(invites[3]!.attendee.partstat).toBe('NEEDS-ACTION');
    // Nothing to answer in a cancellation.
    expect(invites[3]!.mail.text).not.toContain('Accept or Decline');
  });

  it('re-adding a removed speaker starts a new UID at SEQUENCE 0', async () => {
    const [firstUid] = new Set(invitesTo('li.na@example.org').map((i) => i.uid));
    await editSession(keynote, keynoteAt('2026-09-17T11:00', '2026-09-17T11:30', 1, 'Opening keynote: joint laboratories'));
    await publish();
    const invites = invitesTo('li.na@example.org');
    expect(invites).toHaveLength(5);
    expect(invites[4]).toMatchObject({ method: 'REQUEST', sequence: 0, start: '2026-09-17T03:00:00.000Z' });
    expect(invites[4]!.uid).not.toBe(firstUid);
  });

  it('an abstract-only edit sends nothing; neither does publishing again unchanged', async () => {
    const before = t.mail.messages.length;
    await editSession(keynote, { ...keynoteAt('2026-09-17T11:00', '2026-09-17T11:30', 1, 'Opening keynote: joint laboratories'), abstract: 'How **joint labs** work.' });
    await publish();
    await publish();
    expect(t.mail.messages).toHaveLength(before);
  });

  let panel = '';
  it('ten edits to a session and one publication send one update', async () => {
    panel = await createSession({ title: 'Panel: green corridors', room: 1, from: '2026-09-18T14:00', to: '2026-09-18T15:00', people: [{ speakerId: person.marco, role: 'panelist', answer: 'accepted' }] });
    await publish();
    expect(invitesTo('marco.rossi@example.org').map((i) => [i.method, i.sequence])).toEqual([['REQUEST', 0]]);
    for (let i = 1; i <= 10; i += 1) {
      await editSession(panel, { title: `Panel: green corridors (${i})`, room: i % 2, from: `2026-09-18T${String(14 + (i % 3)).padStart(2, '0')}:00`, to: `2026-09-18T${String(15 + (i % 3)).padStart(2, '0')}:30`, people: [{ speakerId: person.marco, role: 'panelist', answer: 'accepted' }] });
    }
    await publish();
    const invites = invitesTo('marco.rossi@example.org');
    expect(invites.map((i) => [i.method, i.sequence, i.summary])).toEqual([
      ['REQUEST', 0, 'Panel: green corridors'],
      ['REQUEST', 1, 'Panel: green corridors (10)'],
    ]);
    const session = await stored(panel);
    expect([invites[1]!.start, invites[1]!.end]).toEqual([session.startsAt.toISOString(), session.endsAt.toISOString()]);
    expect(formatWallTime(session.startsAt, 'Asia/Shanghai')).toBe('2026-09-18T15:00');
    expect(invites[1]!.attendee.partstat).toBe('ACCEPTED');
  });

  it('a cancelled session sends a CANCEL; a speaker with only a Chinese name gets it in Chinese', async () => {
    const signing = await createSession({ title: 'Signing ceremony', room: 0, from: '2026-09-18T09:00', to: '2026-09-18T10:00', people: [{ speakerId: person.wang, role: 'host', answer: 'accepted' }] });
    await publish();
    await editSession(signing, { title: 'Signing ceremony', room: 0, from: '2026-09-18T09:00', to: '2026-09-18T10:00', status: 'cancelled', people: [{ speakerId: person.wang, role: 'host', answer: 'accepted' }] });
    await publish();
    const invites = invitesTo('wang.wei@example.cn');
    expect(invites.map((i) => [i.method, i.partMethod, i.sequence, i.status, i.attendee.partstat])).toEqual([
      ['REQUEST', 'REQUEST', 0, 'CONFIRMED', 'ACCEPTED'],
      ['CANCEL', 'CANCEL', 1, 'CANCELLED', 'ACCEPTED'],
    ]);
    expect(invites[0]!.mail.subject).toBe('日历邀请：Signing ceremony');
    expect(invites[0]!.location).toBe('301会议室，国家会议中心');
    expect(invites[0]!.description).toBe(`您的角色：主持人\n${sessionPage(signing)}`);
    expect(invites[0]!.organizer.cn).toBe('一带一路创新论坛');
    expect(invites[1]!.mail.subject).toBe('已取消：Signing ceremony');
  });

  it('a new role on a published session is an update of the same entry, naming the new role', async () => {
    const before = invitesTo('marco.rossi@example.org');
    const details = { title: 'Panel: green corridors (10)', room: 0, from: '2026-09-18T15:00', to: '2026-09-18T16:30' };
    expect(formatWallTime((await stored(panel)).startsAt, 'Asia/Shanghai')).toBe(details.from);
    await editSession(panel, { ...details, people: [{ speakerId: person.marco, role: 'moderator', answer: 'accepted' }] });
    await publish();
    const invites = invitesTo('marco.rossi@example.org');
    expect(invites).toHaveLength(before.length + 1);
    const update = invites.at(-1)!;
    expect([update.method, update.uid, update.sequence, update.mail.subject, update.description]).toEqual([
      'REQUEST',
      before[0]!.uid,
      2,
      'Updated: Panel: green corridors (10)',
      `Your role: Moderator\n${sessionPage(panel)}`,
    ]);
    expect(update.mail.text).toContain('Your role: Moderator');
  });

  it('a new address: the old one’s entry is cancelled, saying where the invitation went, and the new one gets a first invitation', async () => {
    const [guest] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Chen Jie' }, email: 'chen.jie@example.org' }).returning();
    const workshop = await createSession({ title: 'Joint laboratories workshop', room: 0, from: '2026-09-18T17:00', to: '2026-09-18T18:00', people: [{ speakerId: guest!.id, role: 'speaker', answer: 'accepted' }] });
    await publish();
    const [first] = invitesTo('chen.jie@example.org');
    const saved = await organiser.submit(`/admin/events/${event.id}/speakers/${guest!.id}/edit`, { nameEn: 'Chen Jie', nameZh: '', email: 'chen.jie@example.com' }, `/admin/events/${event.id}/speakers/${guest!.id}`);
    expect(saved.statusCode).toBe(303);
    // Nothing to publish: the organiser sends the updates.
    expect((await organiser.submit(`/admin/events/${event.id}/agenda/invites`, {})).statusCode).toBe(303);
    await settled();
    const old = invitesTo('chen.jie@example.org');
    expect(old.map((i) => [i.method, i.partMethod, i.uid, i.sequence, i.status, i.attendee.value, i.attendee.partstat])).toEqual([
      ['REQUEST', 'REQUEST', first!.uid, 0, 'CONFIRMED', 'MAILTO:chen.jie@example.org', 'ACCEPTED'],
      ['CANCEL', 'CANCEL', first!.uid, 1, 'CANCELLED', 'MAILTO:chen.jie@example.org', 'ACCEPTED'],
    ]);
    expect(old[1]!.mail.subject).toBe('Calendar entry moved to your new address: Joint laboratories workshop');
    expect(old[1]!.mail.text).toContain(
      '\n\nThe organisers now write to you about Belt and Road Innovation Forum at another e-mail address, and the calendar invitation for this session goes there. This message takes the entry out of the calendar at this address; the session itself is not cancelled.\n\n',
    );
    expect(old[1]!.mail.text).not.toContain('no longer on this session');
    // The old address may have been a mistyped one, a stranger's: it is not told the new one.
    expect(`${old[1]!.mail.subject} ${old[1]!.mail.text} ${old[1]!.mail.html}`).not.toContain('chen.jie@example.com');
    const fresh = invitesTo('chen.jie@example.com');
    expect(fresh.map((i) => [i.method, i.sequence, i.status, i.attendee.value, i.mail.subject])).toEqual([
      ['REQUEST', 0, 'CONFIRMED', 'MAILTO:chen.jie@example.com', 'Calendar invitation: Joint laboratories workshop'],
    ]);
    expect(fresh[0]!.uid).not.toBe(first!.uid);
    expect(fresh[0]!.mail.text).toContain('Thank you for taking part in Belt and Road Innovation Forum. Here is your session, with an invitation for your calendar.');
    const rows = await t.db.select().from(calendarInvites).where(and(eq(calendarInvites.sessionId, workshop), eq(calendarInvites.speakerId, guest!.id)));
    expect(rows.map((r) => [r.method, r.sequence, r.recipientEmail, r.latest])).toEqual([
      ['REQUEST', 0, 'chen.jie@example.org', false],
      ['CANCEL', 1, 'chen.jie@example.org', false],
      ['REQUEST', 0, 'chen.jie@example.com', true],
    ]);
    // Settled: another run sends nothing to either address.
    const before = t.mail.messages.length;
    await sendCalendarInvites(t.db, { clock: t.clock, mail: t.app.mail }, event.id);
    await settled();
    expect(t.mail.messages).toHaveLength(before);
  });

  it('keeps one row per mail, the last one marked latest', async () => {
    const rows = await t.db.select().from(calendarInvites).where(and(eq(calendarInvites.eventId, event.id), eq(calendarInvites.speakerId, person.liNa)));
    expect(rows.map((r) => [r.method, r.sequence, r.latest])).toEqual([
      ['REQUEST', 0, false],
      ['REQUEST', 1, false],
      ['REQUEST', 2, false],
      ['CANCEL', 3, false],
      ['REQUEST', 0, true],
    ]);
  });
});

describe('the organiser’s page of calendar invitations', () => {
  const page = () => `/admin/events/${event.id}/agenda/invites`;
  const rowOf = (html: string, name: string) => {
    const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`<strong>${name}</strong>`));
    expect(row, `row of ${name}`).toBeDefined();
    return row!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  };

  it('shows each person’s answer, last invite and whether their calendar is up to date', async () => {
    const res = await organiser.get(page());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Every calendar matches the published agenda.');
    const liNa = rowOf(res.body, 'Li Na');
    expect(liNa).toContain('Accepted');
    // What the last mail was, without its SEQUENCE passing for an agenda version.
    expect(liNa).toContain('Accepted Invitation · ');
    expect(liNa).toContain('Up to date');
    expect(rowOf(res.body, 'Marco Rossi')).toContain('Accepted Update 2 · ');
    expect(rowOf(res.body, '王伟')).toContain('Accepted Cancellation · ');
    expect(rowOf(res.body, '王伟')).toContain('Removed from their calendar');
    expect(res.body).not.toContain('(version');
    const zh = await organiser.get(`${page()}?lang=zh-CN`);
    expect(rowOf(zh.body, 'Marco Rossi')).toContain('已接受 第 2 次更新 · ');
    expect(rowOf(zh.body, '李娜')).toContain('已接受 邀请 · ');
  });

  it('someone accepted on a session since the last publication waits for the next one, and is told apart', async () => {
    const [guest] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Sofia Lind' }, email: 'sofia.lind@example.se' }).returning();
    const panel = (await t.db.select({ id: agendaSessions.id }).from(agendaSessions).where(sql`${agendaSessions.title}->>'en' = 'Panel: green corridors (10)'`))[0]!.id;
    const people: Line[] = [
      { speakerId: person.marco, role: 'moderator', answer: 'accepted' },
      { speakerId: guest!.id, role: 'panelist', answer: 'accepted' },
    ];
    await editSession(panel, { title: 'Panel: green corridors (10)', room: 0, from: '2026-09-18T15:00', to: '2026-09-18T16:30', people });
    const res = await organiser.get(page());
    expect(res.body).toContain('Every calendar matches the published agenda.');
    const sofia = rowOf(res.body, 'Sofia Lind');
    expect(sofia).toBe('Sofia Lind · Panelist sofia.lind@example.se Accepted None sent Not on the published agenda yet: invited when you publish');
    expect(rowOf((await organiser.get(`${page()}?lang=zh-CN`)).body, 'Sofia Lind')).toContain('尚未列入已发布的议程：发布后发送邀请');
    await organiser.submit(page(), {});
    await settled();
    expect(t.mail.to('sofia.lind@example.se')).toHaveLength(0);
    await publish();
    expect(invitesTo('sofia.lind@example.se').map((i) => [i.method, i.sequence, i.summary])).toEqual([['REQUEST', 0, 'Panel: green corridors (10)']]);
    expect(rowOf((await organiser.get(page())).body, 'Sofia Lind')).toContain('Up to date');
  });

  it('"send updates" mails the calendars that are behind: a speaker whose address was added after publishing', async () => {
    const [guest] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Aisha Al Mansouri' } }).returning();
    const talk = await createSession({ title: 'Talent exchange', room: 0, from: '2026-09-18T11:00', to: '2026-09-18T11:30', people: [{ speakerId: guest!.id, role: 'speaker', answer: 'accepted' }] });
    await publish();
    expect(rowOf((await organiser.get(page())).body, 'Aisha Al Mansouri')).toContain('No e-mail address');
    const saved = await organiser.submit(`/admin/events/${event.id}/speakers/${guest!.id}/edit`, { nameEn: 'Aisha Al Mansouri', nameZh: '', email: 'aisha@example.ae' }, `/admin/events/${event.id}/speakers/${guest!.id}`);
    expect(saved.statusCode).toBe(303);
    const behind = await organiser.get(page());
    expect(behind.body).toContain('One calendar needs an invitation, an update or a cancellation.');
    expect(rowOf(behind.body, 'Aisha Al Mansouri')).toContain('Invitation not sent yet');
    expect(t.mail.to('aisha@example.ae')).toHaveLength(0);
    const sent = await organiser.submit(page(), {});
    expect(sent.statusCode).toBe(303);
    expect((await organiser.follow(sent)).body).toContain('The updates are being sent.');
    await settled();
    const invites = invitesTo('aisha@example.ae');
    expect(invites.map((i) => [i.method, i.sequence, i.summary, i.description])).toEqual([['REQUEST', 0, 'Talent exchange', `Your role: Speaker\n${sessionPage(talk)}`]]);
    expect(rowOf((await organiser.get(page())).body, 'Aisha Al Mansouri')).toContain('Up to date');
    // A second press finds nothing to do.
    const before = t.mail.messages.length;
    await organiser.submit(page(), {});
    await settled();
    expect(t.mail.messages).toHaveLength(before);
  });

  it('two runs at once (a publication and "send updates", or a retried job) send the mail once', async () => {
    const [guest] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Jonas Berg' } }).returning();
    await createSession({ title: 'Technology transfer', room: 1, from: '2026-09-18T16:00', to: '2026-09-18T16:30', people: [{ speakerId: guest!.id, role: 'speaker', answer: 'accepted' }] });
    await publish();
    await t.db.update(speakers).set({ email: 'jonas.berg@example.se' }).where(eq(speakers.id, guest!.id));
    const ctx = { clock: t.clock, mail: t.app.mail };
    const queued = await Promise.all([sendCalendarInvites(t.db, ctx, event.id), sendCalendarInvites(t.db, ctx, event.id), sendCalendarInvites(t.db, ctx, event.id)]);
    expect(queued.sort()).toEqual([0, 0, 1]);
    await settled();
    expect(invitesTo('jonas.berg@example.se').map((i) => [i.method, i.sequence])).toEqual([['REQUEST', 0]]);
  });

  it('is for the event’s organisers only', async () => {
    const door = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
    expect((await door.get(page())).statusCode).toBe(403);
    const other = await createEvent(t.db);
    const stranger = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
    // Another event’s organiser is not told the event exists.
    expect((await stranger.get(page())).statusCode).toBe(404);
    const before = t.mail.messages.length;
    // With a valid CSRF token of their own session, so it is the permission that refuses.
    const token = csrfTokenIn((await door.get('/account')).body);
    expect((await door.post(page(), { _csrf: token })).statusCode).toBe(403);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, 'calendar-invites.update')))).toHaveLength(4);
    await settled();
    expect(t.mail.messages).toHaveLength(before);
  });
});
