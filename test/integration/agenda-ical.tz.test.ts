// The agenda’s iCalendar feeds, read back with ical.js as a calendar app would: every time is the stored instant
// (also when the server runs in New York), UIDs stay across publications, SEQUENCE rises only for a changed session,
// cancelled sessions say so, and the per-track and per-room feeds hold exactly their sessions.
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, sessionPeople, speakers, tracks } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
const ids: Record<'keynote' | 'panel' | 'visit' | 'networking', string> = { keynote: '', panel: '', visit: '', networking: '' };
const place: Record<'room1' | 'room2' | 'track1' | 'track2', string> = { room1: '', room2: '', track1: '', track2: '' };
const SLUG = 'belt-and-road-ical';

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  event = await createEvent(t.db, {
    slug: SLUG,
    status: 'published',
    title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' },
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-19 00:00'),
  });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  const { rooms } = await createVenueWithRooms(t.db, event.id, [300, 120]);
  const [digital, green] = await t.db
    .insert(tracks)
    .values([
      { eventId: event.id, name: { en: 'Digital Silk Road', 'zh-CN': '数字丝绸之路' }, colour: '#0969da' },
      { eventId: event.id, name: { en: 'Green Development', 'zh-CN': '绿色发展' }, colour: '#1a7f37' },
    ])
    .returning();
  const [speaker] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Li Na', 'zh-CN': '李娜' } }).returning();
  const insert = async (values: Omit<typeof agendaSessions.$inferInsert, 'eventId'>) => (await t.db.insert(agendaSessions).values({ eventId: event.id, ...values }).returning())[0]!.id;
  ids.keynote = await insert({
    type: 'keynote',
    title: { en: 'Opening keynote', 'zh-CN': '开幕主旨演讲' },
    abstract: { en: 'How **open science** parks work together.\n\nSee [the report](https://example.org/report).' },
    roomId: rooms[0]!.id,
    trackId: digital!.id,
    startsAt: wallTime('2026-09-17 09:00'),
    endsAt: wallTime('2026-09-17 09:45'),
  });
  ids.panel = await insert({ type: 'panel', title: { en: 'Panel: green corridors' }, roomId: rooms[1]!.id, trackId: green!.id, startsAt: wallTime('2026-09-17 10:00'), endsAt: wallTime('2026-09-17 11:00') });
  ids.visit = await insert({ type: 'site-visit', title: { en: 'Visit to Zhongguancun' }, roomId: rooms[1]!.id, startsAt: wallTime('2026-09-18 14:00'), endsAt: wallTime('2026-09-18 16:30') });
  // Across midnight in Beijing, and 15:30 UTC the day before: only the instant matters in the feed.
  ids.networking = await insert({ type: 'networking', title: { en: 'Late networking' }, startsAt: wallTime('2026-09-17 23:30'), endsAt: wallTime('2026-09-18 00:30') });
  await t.db.insert(sessionPeople).values({ sessionId: ids.keynote, speakerId: speaker!.id, role: 'speaker' });
  Object.assign(place, { room1: rooms[0]!.id, room2: rooms[1]!.id, track1: digital!.id, track2: green!.id });
});
afterAll(async () => t?.close());

const publish = async () => {
  const res = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
  expect(res.statusCode).toBe(303);
};

interface FeedEvent {
  uid: string;
  sequence: number;
  start: string;
  end: string;
  stamp: string;
  summary: string;
  description: string | null;
  location: string | null;
  url: string;
  status: string;
}

async function feed(path: string, lang = 'en') {
  const res = await new HttpAgent(t.app, { lang }).get(path);
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
  const calendar = new ICAL.Component(ICAL.parse(res.body));
  const events: FeedEvent[] = calendar.getAllSubcomponents('vevent').map((v) => ({
    uid: String(v.getFirstPropertyValue('uid')),
    sequence: Number(v.getFirstPropertyValue('sequence')),
    start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (v.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
    stamp: (v.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString(),
    summary: String(v.getFirstPropertyValue('summary')),
    description: (v.getFirstPropertyValue('description') as string | null) ?? null,
    location: (v.getFirstPropertyValue('location') as string | null) ?? null,
    url: String(v.getFirstPropertyValue('url')),
    status: String(v.getFirstPropertyValue('status')),
  }));
  return { raw: res.body, calendar, events, byUid: new Map(events.map((e) => [e.uid, e])), disposition: res.headers['content-disposition'] };
}

const uid = (id: string) => `${id}@forumdesk.test`;
const url = (id: string) => `http://forumdesk.test/events/${SLUG}/sessions/${id}`;

describe('the agenda feeds', () => {
  it('are not there before the first publication', async () => {
    expect((await new HttpAgent(t.app).get(`/events/${SLUG}/agenda.ics`)).statusCode).toBe(404);
  });

  it('hold one VEVENT per published session, at the stored instants, with UID, SEQUENCE, LOCATION, URL and status', async () => {
    await publish();
    const { raw, calendar, events, byUid, disposition } = await feed(`/events/${SLUG}/agenda.ics`);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Belt and Road Innovation Forum');
    // Saved under a name that says what it is; shown inline, so a phone offers to add it.
    expect(disposition).toBe(`inline; filename="${SLUG}-agenda.ics"`);
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Shanghai');
    // A calendar's own properties come before its events, and its last line is ended like every other (RFC 5545).
    expect(raw.indexOf('X-WR-TIMEZONE:Asia/Shanghai\r\n')).toBeLessThan(raw.indexOf('BEGIN:VEVENT'));
    expect(raw.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(events.map((e) => e.uid)).toEqual([uid(ids.keynote), uid(ids.panel), uid(ids.networking), uid(ids.visit)]);
    const stored = await t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, event.id));
    for (const session of stored) {
      expect(byUid.get(uid(session.id))!.start).toBe(session.startsAt.toISOString());
      expect(byUid.get(uid(session.id))!.end).toBe(session.endsAt.toISOString());
    }
    // Written as UTC instants, whatever the server's own zone.
    expect(raw).toContain('DTSTART:20260917T010000Z');
    expect(raw).toContain('DTSTART:20260917T153000Z');
    expect(raw).toContain('DTEND:20260917T163000Z');
    expect(raw).not.toContain('TZID');
    expect(byUid.get(uid(ids.keynote))).toEqual({
      uid: uid(ids.keynote),
      sequence: 0,
      start: '2026-09-17T01:00:00.000Z',
      end: '2026-09-17T01:45:00.000Z',
      stamp: expect.any(String),
      summary: 'Opening keynote',
      description: 'How open science parks work together.\n\nSee the report.\n\nSpeaker: Li Na',
      location: 'Room 301, China National Convention Center',
      url: `${url(ids.keynote)}?lang=en`,
      status: 'CONFIRMED',
    });
    expect(byUid.get(uid(ids.panel))!.location).toBe('Room 302, China National Convention Center');
    expect(byUid.get(uid(ids.networking))!.location).toBeNull();
    expect(events.every((e) => e.sequence === 0 && e.status === 'CONFIRMED')).toBe(true);
  });

  it('speak the reader’s language (?lang or Accept-Language), falling back to the other one', async () => {
    const zh = await feed(`/events/${SLUG}/agenda.ics?lang=zh-CN`);
    expect(zh.calendar.getFirstPropertyValue('x-wr-calname')).toBe('一带一路创新论坛');
    expect(zh.byUid.get(uid(ids.keynote))!.summary).toBe('开幕主旨演讲');
    expect(zh.byUid.get(uid(ids.keynote))!.location).toBe('301会议室，国家会议中心');
    expect(zh.byUid.get(uid(ids.keynote))!.url).toBe(`${url(ids.keynote)}?lang=zh-CN`);
    expect(zh.byUid.get(uid(ids.panel))!.summary).toBe('Panel: green corridors');
    expect((await feed(`/events/${SLUG}/agenda.ics`, 'zh-CN')).byUid.get(uid(ids.keynote))!.summary).toBe('开幕主旨演讲');
  });

  it('keep the UIDs across a re-publication; SEQUENCE rises for the changed sessions only; cancelled ones say so', async () => {
    const before = await feed(`/events/${SLUG}/agenda.ics`);
    t.clock.advance({ minutes: 5 });
    await t.db.update(agendaSessions).set({ title: { en: 'Panel: green corridors and ports' } }).where(eq(agendaSessions.id, ids.panel));
    await t.db.update(agendaSessions).set({ status: 'cancelled' }).where(eq(agendaSessions.id, ids.visit));
    await publish();
    const after = await feed(`/events/${SLUG}/agenda.ics`);
    expect(after.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
    expect(Object.fromEntries(after.events.map((e) => [e.uid, [e.sequence, e.status]]))).toEqual({
      [uid(ids.keynote)]: [0, 'CONFIRMED'],
      [uid(ids.panel)]: [1, 'CONFIRMED'],
      [uid(ids.networking)]: [0, 'CONFIRMED'],
      [uid(ids.visit)]: [1, 'CANCELLED'],
    });
    expect(after.byUid.get(uid(ids.panel))!.summary).toBe('Panel: green corridors and ports');
    // A cancelled session's title says so too, in the feed's language (Google Calendar shows STATUS:CANCELLED as on).
    expect(after.byUid.get(uid(ids.visit))!.summary).toBe(`Cancelled: ${before.byUid.get(uid(ids.visit))!.summary}`);
    const zhVisit = (await feed(`/events/${SLUG}/agenda.ics`, 'zh-CN')).byUid.get(uid(ids.visit))!.summary;
    expect(zhVisit.startsWith('已取消：')).toBe(true);
    // DTSTAMP is the publication's time: a new version, a new stamp.
    expect(new Date(after.events[0]!.stamp).getTime()).toBeGreaterThan(new Date(before.events[0]!.stamp).getTime());
    // Re-published unchanged: nothing rises again.
    await publish();
    const again = await feed(`/events/${SLUG}/agenda.ics`);
    expect(again.events.map((e) => e.sequence)).toEqual(after.events.map((e) => e.sequence));
  });

  it('per track and per room hold exactly their sessions', async () => {
    const track1 = await feed(`/events/${SLUG}/agenda/tracks/${place.track1}.ics`);
    expect(track1.events.map((e) => e.uid)).toEqual([uid(ids.keynote)]);
    expect(track1.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Belt and Road Innovation Forum – Digital Silk Road');
    expect(track1.disposition).toBe(`inline; filename="${SLUG}-track-digital-silk-road.ics"`);
    expect((await feed(`/events/${SLUG}/agenda/tracks/${place.track2}.ics`)).events.map((e) => e.uid)).toEqual([uid(ids.panel)]);
    const room2 = await feed(`/events/${SLUG}/agenda/rooms/${place.room2}.ics`);
    expect(room2.events.map((e) => e.uid)).toEqual([uid(ids.panel), uid(ids.visit)]);
    expect(room2.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Belt and Road Innovation Forum – Room 302');
    expect(room2.disposition).toBe(`inline; filename="${SLUG}-room-302.ics"`);
    expect((await feed(`/events/${SLUG}/agenda/rooms/${place.room1}.ics`)).events.map((e) => e.uid)).toEqual([uid(ids.keynote)]);
  });

  it('are 404 for an unknown track, room or event, and for a draft event', async () => {
    const agent = new HttpAgent(t.app);
    for (const path of [
      `/events/${SLUG}/agenda/tracks/${place.room1}.ics`,
      `/events/${SLUG}/agenda/rooms/${place.track1}.ics`,
      `/events/${SLUG}/agenda/rooms/not-a-uuid.ics`,
      `/events/${SLUG}/agenda/tracks/00000000-0000-4000-8000-000000000000.ics`,
      '/events/no-such-forum/agenda.ics',
    ]) {
      expect((await agent.get(path)).statusCode, path).toBe(404);
    }
    const draft = await createEvent(t.db, { slug: 'draft-forum-ical', status: 'draft' });
    expect((await agent.get(`/events/${draft.slug}/agenda.ics`)).statusCode).toBe(404);
  });

  it('are offered as webcal:// subscriptions and downloads: the whole agenda on its page, per track and room on the feeds page it links', async () => {
    const agent = new HttpAgent(t.app);
    const res = await agent.get(`/events/${SLUG}/agenda`);
    const base = `forumdesk.test/events/${SLUG}/agenda`;
    expect(res.body).toContain(`href="webcal://${base}.ics?lang&#x3D;en"`);
    expect(res.body).toContain(`href="http://${base}.ics?lang&#x3D;en" download`);
    expect(res.body).toContain(`<li class="session-card" data-session-id="${ids.keynote}">`);
    expect(res.body).not.toContain(`/tracks/${place.track1}.ics`);
    expect(res.body).toContain(`<a href="/events/${SLUG}/agenda/calendars">Feeds per track and per room</a>`);

    const feeds = await agent.get(`/events/${SLUG}/agenda/calendars`);
    expect(feeds.statusCode).toBe(200);
    expect(feeds.body).toContain('<h1>Calendar feeds</h1>');
    expect(feeds.body).toContain(`href="webcal://${base}.ics?lang&#x3D;en"`);
    expect(feeds.body).toContain(`href="webcal://${base}/tracks/${place.track1}.ics?lang&#x3D;en"`);
    expect(feeds.body).toContain(`href="http://${base}/rooms/${place.room2}.ics?lang&#x3D;en" download`);
    expect(feeds.body).toContain('Subscribe<span class="visually-hidden"> – Digital Silk Road</span>');
    // In Chinese, keeping the reader's zone in the way back to the agenda.
    const zh = await agent.get(`/events/${SLUG}/agenda/calendars?lang=zh-CN&tz=Europe%2FRome`);
    expect(zh.body).toContain('<h1>日历订阅</h1>');
    // The calendar comes in the language of the page it was taken from, whatever the calendar app asks for.
    expect(zh.body).toContain(`href="webcal://${base}/tracks/${place.track1}.ics?lang&#x3D;zh-CN"`);
    // Fetched as a calendar app does, asking for English: the link's own language wins.
    const link = /href="http:\/\/forumdesk\.test([^"]+\.ics)\?lang&#x3D;zh-CN" download/.exec(zh.body)![1]!;
    const zhFeed = await t.app.inject({ url: `${link}?lang=zh-CN`, headers: { 'accept-language': 'en' } });
    expect(zhFeed.statusCode).toBe(200);
    expect(zhFeed.body).toContain('一带一路创新论坛');
    expect(zh.body).toContain(`<li><a href="/events/${SLUG}/agenda?tz&#x3D;Europe%2FRome&amp;lang&#x3D;zh-CN">`);
    expect((await agent.get('/events/no-such-forum/agenda/calendars')).statusCode).toBe(404);
  });

  it('of a track or room whose sessions all left it are an empty calendar, so subscribers lose those sessions too', async () => {
    // Calendar apps keep what a feed last held when it cannot be fetched: a 404 would leave the panel in them.
    await t.db.update(agendaSessions).set({ trackId: place.track1 }).where(eq(agendaSessions.id, ids.panel));
    await publish();
    const green = await feed(`/events/${SLUG}/agenda/tracks/${place.track2}.ics`);
    expect(green.events).toEqual([]);
    expect(green.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Belt and Road Innovation Forum – Green Development');
    expect(green.disposition).toBe(`inline; filename="${SLUG}-track-green-development.ics"`);
    expect((await feed(`/events/${SLUG}/agenda/tracks/${place.track1}.ics`)).events.map((e) => e.uid)).toEqual([uid(ids.keynote), uid(ids.panel)]);
    // Another event's track is still not found here.
    const other = await createEvent(t.db, { slug: 'other-forum-ical', status: 'published' });
    const [elsewhere] = await t.db.insert(tracks).values({ eventId: other.id, name: { en: 'Elsewhere' }, colour: '#0969da' }).returning();
    expect((await new HttpAgent(t.app).get(`/events/${SLUG}/agenda/tracks/${elsewhere!.id}.ics`)).statusCode).toBe(404);
  });
});
