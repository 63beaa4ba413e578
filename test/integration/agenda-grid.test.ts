// The agenda builder: one day as rooms × times, conflicts marked, and sessions moved or duplicated through forms
// whose wall times are checked in the event’s zone (a DST gap in Rome refused), nothing written when refused; audited.
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, sessionPeople, speakers, tracks } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { csrfTokenIn, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

const ROME = 'Europe/Rome';
let t: TestApp;
let week: EventRow;
let other: EventRow;
let room301: string;
let room302: string;
let otherRoomId: string;
let otherSessionId: string;
let organiser: HttpAgent;
let checkin: HttpAgent;
let organiserOfOther: HttpAgent;

type NewSession = typeof agendaSessions.$inferInsert;
async function addSession(values: Partial<NewSession> & Pick<NewSession, 'startsAt' | 'endsAt'>, eventId = week.id) {
  const [row] = await t.db.insert(agendaSessions).values({ eventId, type: 'keynote', title: { en: 'Session', 'zh-CN': '场次' }, ...values }).returning();
  return row!;
}
const rome = (local: string) => wallTime(local, ROME);
const sessionRow = async (id: string) => (await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, id)))[0]!;
const auditOf = (id: string) => t.db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.id);
const base = () => `/admin/events/${week.id}/agenda`;

beforeAll(async () => {
  t = await buildTestApp();
  // A China–Italy innovation week in Rome, across the start of summer time on Sunday 29 March 2026.
  week = await createEvent(t.db, {
    slug: 'china-italy-week-grid',
    kind: 'innovation-week',
    timezone: ROME,
    title: { en: 'China–Italy Innovation Week', 'zh-CN': '中意创新合作周' },
    startsAt: rome('2026-03-27 00:00'),
    endsAt: rome('2026-03-31 00:00'),
  });
  other = await createEvent(t.db);
  const venue = await createVenueWithRooms(t.db, week.id, [200, 80]);
  room301 = venue.rooms[0]!.id;
  room302 = venue.rooms[1]!.id;
  otherRoomId = (await createVenueWithRooms(t.db, other.id, [80])).rooms[0]!.id;
  otherSessionId = (await addSession({ startsAt: new Date('2027-03-27T02:00:00Z'), endsAt: new Date('2027-03-27T03:00:00Z'), roomId: otherRoomId }, other.id)).id;
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[week.id, 'organiser']] }));
  checkin = await signedInAgent(t, await createUser(t.db, { roles: [[week.id, 'checkin']] }));
  organiserOfOther = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
});
afterAll(async () => t.close());

describe('the grid of a day', () => {
  it('shows a day tab per event day, rooms as columns, 15-minute rows, each session spanning its length', async () => {
    const keynote = await addSession({ title: { en: 'Opening keynote', 'zh-CN': '开幕主旨演讲' }, roomId: room301, startsAt: rome('2026-03-28 10:00'), endsAt: rome('2026-03-28 10:45') });
    await addSession({ title: { en: 'Green hydrogen roundtable' }, type: 'roundtable', roomId: room302, startsAt: rome('2026-03-28 10:00'), endsAt: rome('2026-03-28 11:00') });
    await addSession({ title: { en: 'Press briefing' }, type: 'other', startsAt: rome('2026-03-28 11:00'), endsAt: rome('2026-03-28 11:30') });
    const page = await organiser.get(`${base()}/grid?day=2026-03-28`);
    expect(page.statusCode).toBe(200);
    // Handlebars writes "=" in attributes as &#x3D;; the browser reads both alike.
    const res = { body: page.body.replaceAll('&#x3D;', '=') };
    const nav = res.body.slice(res.body.indexOf('<nav class="day-tabs"'), res.body.indexOf('</nav>', res.body.indexOf('<nav class="day-tabs"')));
    const tabs = [...nav.matchAll(/<li><a href="([^"]+)"( aria-current="page")?>([^<]+)<\/a><\/li>/g)].map((m) => [m[1], Boolean(m[2]), m[3]]);
    expect(tabs).toEqual([
      [`${base()}/grid?day=2026-03-27`, false, '27 Mar 2026'],
      [`${base()}/grid?day=2026-03-28`, true, '28 Mar 2026'],
      [`${base()}/grid?day=2026-03-29`, false, '29 Mar 2026'],
      [`${base()}/grid?day=2026-03-30`, false, '30 Mar 2026'],
    ]);
    const rooms = [...res.body.matchAll(/<span class="agenda-grid__room-name">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(rooms).toEqual(['Room 301', 'Room 302', 'No room yet']);
    const rows = [...res.body.matchAll(/<th scope="row" class="agenda-grid__time">(?:<span class="agenda-grid__minor">)?(\d\d:\d\d)/g)].map((m) => m[1]);
    expect(rows).toEqual(['10:00', '10:15', '10:30', '10:45', '11:00', '11:15']);
    const spans = [...res.body.matchAll(/<td rowspan="(\d+)" class="agenda-grid__cell">\s*<div class="grid-session[^"]*" data-session="[^"]+">\s*<a class="grid-session__title" href="[^"]+">([^<]+)<\/a>/g)].map((m) => [m[2], Number(m[1])]);
    expect(spans).toEqual([
      ['Opening keynote', 3],
      ['Green hydrogen roundtable', 4],
      ['Press briefing', 2],
    ]);
    expect(res.body).toContain(`<a href="${base()}/${keynote.id}/move">Move<span class="visually-hidden"> Opening keynote</span></a>`);
    expect(res.body).toContain(`<a href="${base()}/${keynote.id}/duplicate">Duplicate<span class="visually-hidden"> Opening keynote</span></a>`);
    expect(res.body).toContain(`<a class="agenda-grid__add" href="${base()}/new?roomId=${room301}&amp;startsAt=2026-03-28T10%3A00">`);
    // A free quarter hour of Room 301 (after the keynote) opens the new-session form there and then.
    expect(res.body).toContain(`<td class="agenda-grid__free" data-starts="2026-03-28T10:45" data-room="${room301}"><a href="${base()}/new?roomId=${room301}&amp;startsAt=2026-03-28T10%3A45" tabindex="-1" aria-hidden="true">+</a></td>`);
    expect(res.body).not.toContain('badge--conflict');
  });

  it('opens the first day by default, says when a day is empty, and answers 404 for a day that is not the event’s', async () => {
    const first = await organiser.get(`${base()}/grid`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h2 id="grid-heading">27 Mar 2026</h2>');
    expect(first.body).toContain('No sessions on this day yet.');
    expect([...first.body.matchAll(/<th scope="row" class="agenda-grid__time">(?:<span class="agenda-grid__minor">)?(\d\d:\d\d)/g)].map((m) => m[1])).toHaveLength(36);
    expect((await organiser.get(`${base()}/grid?day=2026-04-02`)).statusCode).toBe(404);
    expect((await organiser.get(`${base()}/grid?day=not-a-day`)).statusCode).toBe(404);
  });

  it('has one hour fewer on the day summer time begins, labelled by the clocks in Rome', async () => {
    await addSession({ title: { en: 'Early breakfast' }, type: 'networking', roomId: room301, startsAt: rome('2026-03-29 01:30'), endsAt: rome('2026-03-29 03:30') });
    const res = await organiser.get(`${base()}/grid?day=2026-03-29`);
    const rows = [...res.body.matchAll(/<th scope="row" class="agenda-grid__time">(?:<span class="agenda-grid__minor">)?(\d\d:\d\d)/g)].map((m) => m[1]);
    expect(rows).toEqual(['01:30', '01:45', '03:00', '03:15']);
    expect(res.body).toMatch(/<td rowspan="4" class="agenda-grid__cell">\s*<div class="grid-session" data-session="[^"]+">\s*<a class="grid-session__title" href="[^"]+">Early breakfast<\/a>/);
  });

  it('prefills the new-session form with the room and start a grid link carries, ending 30 minutes later', async () => {
    const res = await organiser.get(`${base()}/new?roomId=${room302}&startsAt=2026-03-28T14:15`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="2026-03-28T14:15"');
    expect(res.body).toContain('value="2026-03-28T14:45"');
    expect(res.body).toContain(`<option value="${room302}" selected>`);
    // Sent from there, the organiser comes back to the grid of the new session's day.
    const created = await organiser.submit(`${base()}/new?roomId=${room302}&startsAt=2026-03-28T14:15`, { type: 'workshop', titleEn: 'Design sprint', titleZh: '', roomId: room302, startsAt: '2026-03-28T14:15', endsAt: '2026-03-28T14:45', language: 'en' }, base());
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe(`${base()}/grid?day=2026-03-28`);
    const plain = await organiser.submit(`${base()}/new`, { type: 'workshop', titleEn: 'Design review', titleZh: '', roomId: room302, startsAt: '2026-03-28T15:15', endsAt: '2026-03-28T15:45', language: 'en' }, base());
    expect(plain.headers.location).toBe(base());
    const junk = await organiser.get(`${base()}/new?roomId=nonsense&startsAt=2026-99-99T99:99`);
    expect(junk.statusCode).toBe(200);
    expect(junk.body).toContain('value="2026-03-27T09:00"');
  });
});

describe('addresses typed by hand', () => {
  it('never answers 5xx for any day on the grid or any room and start on the new-session form (property)', async () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('2026-03-29', '2026-03-29T02:30', '2026-02-30T10:00', room301, room301.toUpperCase(), ''));
    await fc.assert(
      fc.asyncProperty(text, text, async (a, b) => {
        const grid = await organiser.get(`${base()}/grid?${new URLSearchParams({ day: a })}`);
        expect([200, 404]).toContain(grid.statusCode);
        const form = await organiser.get(`${base()}/new?${new URLSearchParams({ roomId: a, startsAt: b })}`);
        expect(form.statusCode).toBe(200);
      }),
      { numRuns: 40 },
    );
  });
});

describe('moving a session', () => {
  it('keeps its length, changes day, time and room, and audits before and after', async () => {
    const s = await addSession({ title: { en: 'Technology transfer workshop' }, type: 'workshop', roomId: room301, startsAt: rome('2026-03-27 15:00'), endsAt: rome('2026-03-27 16:40') });
    const form = await organiser.get(`${base()}/${s.id}/move`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="day" type="date" value="2026-03-27"');
    expect(form.body).toContain('name="start" type="time" value="15:00"');
    expect(form.body).toContain('<p>Now: 27 Mar 2026, 15:00–16:40 (Rome time) · 100 minutes</p>');
    const res = await organiser.submit(`${base()}/${s.id}/move`, { day: '2026-03-30', start: '09:30', roomId: room302 });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base()}/grid?day=2026-03-30`);
    const moved = await sessionRow(s.id);
    expect([moved.startsAt.toISOString(), moved.endsAt.toISOString(), moved.roomId]).toEqual(['2026-03-30T07:30:00.000Z', '2026-03-30T09:10:00.000Z', room302]);
    const audit = await auditOf(s.id);
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      [
        'session.move',
        { startsAt: '2026-03-27T14:00:00.000Z', endsAt: '2026-03-27T15:40:00.000Z', roomId: room301 },
        { startsAt: '2026-03-30T07:30:00.000Z', endsAt: '2026-03-30T09:10:00.000Z', roomId: room302 },
      ],
    ]);
    expect((await organiser.get(res.headers.location as string)).body).toContain('The session was moved.');
  });

  it('allows a move into a clash, which the agenda lists as a conflict and the grid marks, blocking publication', async () => {
    const a = await addSession({ title: { en: 'Smart manufacturing panel' }, type: 'panel', roomId: room301, startsAt: rome('2026-03-30 14:00'), endsAt: rome('2026-03-30 15:00') });
    const b = await addSession({ title: { en: 'Life sciences pitch session' }, type: 'parallel', roomId: room302, startsAt: rome('2026-03-30 16:00'), endsAt: rome('2026-03-30 17:00') });
    const res = await organiser.submit(`${base()}/${b.id}/move`, { day: '2026-03-30', start: '14:30', roomId: room301 });
    expect(res.statusCode).toBe(303);
    expect([(await sessionRow(b.id)).startsAt.toISOString(), (await sessionRow(b.id)).endsAt.toISOString()]).toEqual(['2026-03-30T12:30:00.000Z', '2026-03-30T13:30:00.000Z']);
    const agenda = await organiser.get(base());
    expect(agenda.body).toContain('Two sessions in one room at the same time:');
    const grid = await organiser.get(`${base()}/grid?day=2026-03-30`);
    for (const id of [a.id, b.id]) expect(grid.body).toContain(`<div class="grid-session grid-session--hard" data-session="${id}">`);
    expect(grid.body.match(/<a class="badge badge--conflict" href="[^"]+#conflicts-hard">Conflict<\/a>/g)).toHaveLength(2);
    expect(grid.body).toContain('1 conflict must be fixed before publishing.');
    // Side by side: Room 301 has two lanes that day.
    expect(grid.body).toContain(`<th scope="col" colspan="2" class="agenda-grid__room" data-room="${room301}">`);
    // Fixed by moving it back out of the way.
    expect((await organiser.submit(`${base()}/${b.id}/move`, { day: '2026-03-30', start: '16:00', roomId: room302 })).statusCode).toBe(303);
    expect((await organiser.get(`${base()}/grid?day=2026-03-30`)).body).not.toContain('badge--conflict');
  });

  it.each([
    [{ day: '2026-03-29', start: '02:30' }, 'start', 'This time does not exist in the event’s zone'],
    [{ day: '2026-04-02', start: '10:00' }, 'day', 'Choose one of the event’s days.'],
    [{ day: '2026-03-30', start: '23:30' }, 'start', 'At this time the session would start before the event begins or end after it ends: the event runs from 27 Mar 2026, 00:00 (Rome time, UTC+1) to 31 Mar 2026, 00:00 (Rome time, UTC+2). Choose an earlier or later start.'],
    [{ day: '30/03/2026', start: '10:00' }, 'day', 'Enter a date such as 2026-09-17.'],
    [{ day: '2026-03-30', start: '25:00' }, 'start', 'Enter a time such as 09:30.'],
    [{ day: '2026-03-30', start: '10:00', roomId: 'other' }, 'roomId', 'Choose a room of this event.'],
  ])('refuses %j with a message on %s, 422, nothing written', async (fields, field, message) => {
    const s = await addSession({ title: { en: 'Investment matchmaking' }, roomId: room301, startsAt: rome('2026-03-28 15:00'), endsAt: rome('2026-03-28 15:45') });
    const before = await sessionRow(s.id);
    const roomId = 'roomId' in fields ? otherRoomId : room301;
    const res = await organiser.submit(`${base()}/${s.id}/move`, { ...fields, roomId });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<a href="#field-${field}">${message}`);
    expect(res.body).toContain(`id="field-${field}-error"`);
    expect(await sessionRow(s.id)).toEqual(before);
    expect(await auditOf(s.id)).toEqual([]);
  });

  it('never answers 5xx and never writes when the form is refused, whatever the fields hold (property)', async () => {
    const s = await addSession({ title: { en: 'Fuzzed session' }, roomId: room302, startsAt: rome('2026-03-27 11:00'), endsAt: rome('2026-03-27 11:30') });
    let before = await sessionRow(s.id);
    let accepted = 0;
    const csrf = csrfTokenIn((await organiser.get(`${base()}/${s.id}/move`)).body);
    const dayish = fc.oneof(fc.string({ maxLength: 14 }), fc.constantFrom('2026-03-29', '2026-02-30', '2026-03-31', '0000-00-00', '2026-03-27 '), fc.string({ unit: 'binary', maxLength: 12 }));
    const timeish = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('02:30', '24:00', '23:59', '-1:00', '9:00'), fc.string({ unit: 'binary', maxLength: 6 }));
    const roomish = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(otherRoomId, otherRoomId.toUpperCase(), `${room301}x`, ''), fc.uuid());
    await fc.assert(
      fc.asyncProperty(dayish, timeish, roomish, async (day, start, roomId) => {
        const res = await organiser.post(`${base()}/${s.id}/move`, { _csrf: csrf, day, start, roomId });
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode === 303) {
          // Some random fields make a valid move (a day of the week, a time, no room): that one is saved.
          accepted += 1;
          before = await sessionRow(s.id);
          return;
        }
        expect(res.statusCode).toBe(422);
        expect(await sessionRow(s.id)).toEqual(before);
      }),
      { numRuns: 60 },
    );
    // One audit row per accepted move, none for a refused one.
    expect(await auditOf(s.id)).toHaveLength(accepted);
  });
});

describe('duplicating a session', () => {
  it('offers right after the original by default and copies title, type, track, people and room, audited', async () => {
    const [track] = await t.db.insert(tracks).values({ eventId: week.id, name: { en: 'Green technology', 'zh-CN': '绿色技术' }, colour: '#1a7f37' }).returning();
    const people = await t.db
      .insert(speakers)
      .values([
        { eventId: week.id, name: { en: 'Marco Rossi', 'zh-CN': '马可·罗西' } },
        { eventId: week.id, name: { en: 'Li Na', 'zh-CN': '李娜' } },
      ])
      .returning();
    const s = await addSession({ title: { en: 'Battery recycling panel', 'zh-CN': '电池回收对话' }, type: 'panel', trackId: track!.id, roomId: room302, language: 'en', interpretation: 'zh-en', startsAt: rome('2026-03-27 14:00'), endsAt: rome('2026-03-27 15:15') });
    await t.db.insert(sessionPeople).values([
      { sessionId: s.id, speakerId: people[1]!.id, role: 'moderator', position: 0, status: 'accepted' },
      { sessionId: s.id, speakerId: people[0]!.id, role: 'panelist', position: 1, status: 'declined' },
    ]);
    const form = await organiser.get(`${base()}/${s.id}/duplicate`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="day" type="date" value="2026-03-27"');
    expect(form.body).toContain('name="start" type="time" value="15:15"');
    expect(form.body).toContain(`<option value="${room302}" selected>`);
    // What the browser sends when the organiser accepts the defaults.
    const res = await organiser.submit(`${base()}/${s.id}/duplicate`, { day: '2026-03-27', start: '15:15', roomId: room302 });
    expect(res.statusCode).toBe(303);
    const copies = (await t.db.select().from(agendaSessions).where(and(eq(agendaSessions.eventId, week.id), eq(agendaSessions.trackId, track!.id)))).filter((r) => r.id !== s.id);
    expect(copies).toHaveLength(1);
    const copy = copies[0]!;
    expect(copy).toMatchObject({ title: { en: 'Battery recycling panel', 'zh-CN': '电池回收对话' }, type: 'panel', trackId: track!.id, roomId: room302, language: 'en', interpretation: 'zh-en', status: 'scheduled' });
    expect([copy.startsAt.toISOString(), copy.endsAt.toISOString()]).toEqual(['2026-03-27T14:15:00.000Z', '2026-03-27T15:30:00.000Z']);
    const copiedPeople = await t.db.select({ speakerId: sessionPeople.speakerId, role: sessionPeople.role, position: sessionPeople.position, status: sessionPeople.status }).from(sessionPeople).where(eq(sessionPeople.sessionId, copy.id)).orderBy(sessionPeople.position);
    // Invited afresh: accepting (or declining) the original says nothing about another time.
    expect(copiedPeople).toEqual([
      { speakerId: people[1]!.id, role: 'moderator', position: 0, status: 'invited' },
      { speakerId: people[0]!.id, role: 'panelist', position: 1, status: 'invited' },
    ]);
    const audit = await auditOf(copy.id);
    expect(audit.map((a) => a.action)).toEqual(['session.create', 'session.duplicate']);
    expect(audit[1]!.before).toEqual({ sourceId: s.id });
    expect(audit[1]!.after).toEqual({ startsAt: '2026-03-27T14:15:00.000Z', endsAt: '2026-03-27T15:30:00.000Z', roomId: room302 });
  });

  it('offers the first time the room is free for as long as the session lasts, not the slot of the next session', async () => {
    const first = await addSession({ title: { en: 'Morning pitch round' }, roomId: room301, startsAt: rome('2026-03-30 09:00'), endsAt: rome('2026-03-30 10:00') });
    await addSession({ title: { en: 'Investor panel' }, roomId: room301, startsAt: rome('2026-03-30 10:00'), endsAt: rome('2026-03-30 10:30') });
    await addSession({ title: { en: 'Jury briefing' }, roomId: room301, startsAt: rome('2026-03-30 11:00'), endsAt: rome('2026-03-30 11:45') });
    // A cancelled session does not hold the room; one in another room neither.
    await addSession({ title: { en: 'Cancelled talk' }, roomId: room301, status: 'cancelled', startsAt: rome('2026-03-30 11:45'), endsAt: rome('2026-03-30 12:45') });
    await addSession({ title: { en: 'Elsewhere' }, roomId: room302, startsAt: rome('2026-03-30 11:45'), endsAt: rome('2026-03-30 12:45') });
    // 10:30–11:00 is too short for an hour: the copy goes after the briefing.
    const form = (await organiser.get(`${base()}/${first.id}/duplicate`)).body;
    expect(form).toContain('name="day" type="date" value="2026-03-30"');
    expect(form).toContain('name="start" type="time" value="11:45"');
  });

  it('refuses a copy on a time the clocks skip, nothing written', async () => {
    const s = await addSession({ title: { en: 'Night hackathon check-in' }, roomId: room301, startsAt: rome('2026-03-28 22:00'), endsAt: rome('2026-03-28 22:30') });
    const count = async () => (await t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, week.id))).length;
    const before = await count();
    const res = await organiser.submit(`${base()}/${s.id}/duplicate`, { day: '2026-03-29', start: '02:00' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This time does not exist in the event’s zone');
    expect(await count()).toBe(before);
  });
});

describe('who may use the builder', () => {
  it('refuses check-in staff (view only) with 403 and finds nothing of another event (404)', async () => {
    const s = await addSession({ title: { en: 'Closing remarks' }, roomId: room301, startsAt: rome('2026-03-30 17:00'), endsAt: rome('2026-03-30 17:30') });
    const before = await sessionRow(s.id);
    for (const url of [`${base()}/grid`, `${base()}/${s.id}/move`, `${base()}/${s.id}/duplicate`]) expect((await checkin.get(url)).statusCode, url).toBe(403);
    const csrf = csrfTokenIn((await checkin.get('/account')).body);
    for (const action of ['move', 'duplicate']) {
      expect((await checkin.post(`${base()}/${s.id}/${action}`, { _csrf: csrf, day: '2026-03-30', start: '09:00', roomId: room301 })).statusCode).toBe(403);
    }
    expect((await organiserOfOther.get(`${base()}/grid`)).statusCode).toBe(404);
    // Another event’s session through this event’s address.
    expect((await organiser.get(`${base()}/${otherSessionId}/move`)).statusCode).toBe(404);
    const own = csrfTokenIn((await organiser.get(`${base()}/grid`)).body);
    expect((await organiser.post(`${base()}/${otherSessionId}/move`, { _csrf: own, day: '2026-03-30', start: '09:00', roomId: '' })).statusCode).toBe(404);
    expect(await sessionRow(s.id)).toEqual(before);
  });
});
