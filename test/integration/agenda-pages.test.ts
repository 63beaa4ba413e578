// Public session, speaker and changelog pages show published data only (never a speaker's e-mail address), 404 for
// anything else, link to each other and carry schema.org Event JSON-LD.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, registrationSettings, sessionPeople, speakers, tracks } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { findPublishedAgenda } from '../../src/features/agenda/publish.ts';
import { sessionBooking } from '../../src/features/agenda/session-booking.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { publishAgendaAsIs } from '../factories/agenda.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let organiserUser: Awaited<ReturnType<typeof createUser>>;
const ids = { keynote: '', visit: '', late: '', dropped: '', added: '', liNa: '', marco: '', hidden: '', room2: '' };

const SLUG = 'china-italy-innovation-forum';
const get = (path: string, lang: 'en' | 'zh-CN' = 'en') => new HttpAgent(t.app, { lang }).get(path);
const publish = () => organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, {
    slug: SLUG,
    status: 'published',
    title: { en: 'China–Italy Innovation Forum', 'zh-CN': '中意创新论坛' },
    description: { en: 'Two days of **science parks** & <partners>.' },
    contactEmail: 'forum@forumdesk.example.org',
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-19 00:00'),
  });
  organiserUser = await createUser(t.db, { roles: [[event.id, 'organiser']] });
  organiser = await signedInAgent(t, organiserUser);
  const { rooms } = await createVenueWithRooms(t.db, event.id, [300, 120]);
  ids.room2 = rooms[1]!.id;
  const [track] = await t.db.insert(tracks).values({ eventId: event.id, name: { en: 'Digital Silk Road', 'zh-CN': '数字丝绸之路' }, colour: '#0969da' }).returning();
  const people = await t.db
    .insert(speakers)
    .values([
      { eventId: event.id, name: { en: 'Li Na', 'zh-CN': '李娜' }, title: { en: 'Director', 'zh-CN': '主任' }, organisation: { en: 'Zhongguancun Science Park', 'zh-CN': '中关村科技园区' }, country: 'CN', email: 'li.na@zgc.example.cn' },
      { eventId: event.id, name: { en: 'Marco Rossi' }, title: { en: 'Professor' }, organisation: { en: 'Politecnico di Milano' }, country: 'IT', email: 'marco.rossi@polimi.example.it' },
      { eventId: event.id, name: { en: 'Not On Agenda' }, email: 'nobody@example.org' },
    ])
    .returning();
  [ids.liNa, ids.marco, ids.hidden] = people.map((p) => p.id) as [string, string, string];
  const sessions = await t.db
    .insert(agendaSessions)
    .values([
      {
        eventId: event.id,
        type: 'keynote',
        title: { en: 'Opening keynote', 'zh-CN': '开幕主旨演讲' },
        abstract: { en: 'How **parks** grow.\n\n<script>alert(1)</script>' },
        roomId: rooms[0]!.id,
        trackId: track!.id,
        language: 'zh',
        interpretation: 'zh-en',
        startsAt: wallTime('2026-09-17 09:00'),
        endsAt: wallTime('2026-09-17 09:45'),
      },
      { eventId: event.id, type: 'site-visit', title: { en: 'Visit to the robotics lab' }, language: 'en', capacity: 30, startsAt: wallTime('2026-09-18 14:00'), endsAt: wallTime('2026-09-18 16:00') },
      { eventId: event.id, type: 'networking', title: { en: 'Late networking' }, roomId: rooms[1]!.id, language: 'en', startsAt: wallTime('2026-09-17 23:30'), endsAt: wallTime('2026-09-18 00:30') },
      { eventId: event.id, type: 'break', title: { en: 'Tea break' }, startsAt: wallTime('2026-09-17 10:00'), endsAt: wallTime('2026-09-17 10:30') },
    ])
    .returning();
  [ids.keynote, ids.visit, ids.late, ids.dropped] = sessions.map((s) => s.id) as [string, string, string, string];
  await t.db.insert(sessionPeople).values([
    { sessionId: ids.keynote, speakerId: ids.liNa, role: 'speaker', position: 0 },
    { sessionId: ids.keynote, speakerId: ids.marco, role: 'moderator', position: 1 },
    { sessionId: ids.visit, speakerId: ids.marco, role: 'host', position: 0 },
  ]);
  expect((await publish()).statusCode).toBe(303);
});
afterAll(async () => t.close());

const SESSION = (id: string) => `/events/${SLUG}/sessions/${id}`;
const SPEAKER = (id: string) => `/events/${SLUG}/speakers/${id}`;

/** The parsed JSON-LD of a page; the script body must not contain a raw "<". */
function jsonLd(body: string): unknown {
  const match = /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(body);
  expect(match).not.toBeNull();
  expect(match![1]).not.toContain('<');
  return JSON.parse(match![1]!);
}

describe('a session page', () => {
  it('shows the published session: time in Beijing time, room, track, languages, abstract and people linked', async () => {
    const res = await get(SESSION(ids.keynote));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Opening keynote · China–Italy Innovation Forum · Forum Desk</title>');
    expect(res.body).toContain('<h1 class="session-page__title">Opening keynote</h1>');
    expect(res.body).toContain(
      '<span class="session-when__date">17 Sep 2026</span>\n' +
        '        <span class="session-when__time"><time datetime="2026-09-17T01:00:00.000Z">09:00</time>–<time datetime="2026-09-17T01:45:00.000Z">09:45</time></span>\n' +
        '        <span class="session-when__zone">Beijing time (UTC+8)</span>',
    );
    expect(res.body).toContain('<dt>Where</dt>\n      <dd>Room 301, China National Convention Center</dd>');
    expect(res.body).toContain('<dd><svg class="track-swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" rx="2" fill="#0969da"/></svg> Digital Silk Road</dd>');
    expect(res.body).toContain('<dt>Language</dt>\n      <dd>Chinese</dd>');
    expect(res.body).toContain('<dt>Interpretation</dt>\n      <dd>Simultaneous, Chinese ↔ English</dd>');
    // Markdown rendered, script shown as text.
    expect(res.body).toContain('<div class="prose"><p>How <strong>parks</strong> grow.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n</div>');
    expect(res.body).toContain(`<li><a href="${SPEAKER(ids.liNa)}">Li Na</a> <span class="muted">(Speaker)</span></li>`);
    expect(res.body).toContain(`<li><a href="${SPEAKER(ids.marco)}">Marco Rossi</a> <span class="muted">(Moderator)</span></li>`);
    expect(res.body).toContain('<p class="zone-notice" title="Asia/Shanghai">All times are in Beijing time.</p>');
    expect(res.body).not.toContain('capacity-note');
    expect(res.body).not.toContain('notice--cancelled');
  });

  it('is in Chinese for Chinese readers', async () => {
    const res = await get(SESSION(ids.keynote), 'zh-CN');
    expect(res.body).toContain('<h1 class="session-page__title">开幕主旨演讲</h1>');
    expect(res.body).toContain('<span class="session-when__date">2026年9月17日</span>');
    expect(res.body).toContain('<span class="session-when__zone">北京时间（UTC+8）</span>');
    expect(res.body).toContain(`<li><a href="${SPEAKER(ids.liNa)}">李娜</a><span class="muted">（演讲嘉宾）</span></li>`);
    // No Chinese abstract: the English one, marked.
    expect(res.body).toContain('<p class="lang-marker">仅英文</p><div class="prose" lang="en">');
  });

  it('says how many seats a bookable session has left, as the registration form does, and links to the form while it is open', async () => {
    const res = await get(SESSION(ids.visit));
    // No registration yet: the seats, and nowhere to book them.
    expect(res.body).toContain('<p class="capacity-note">Booking required: 30 seats left.</p>');
    expect(res.body).toContain('<dt>Interpretation</dt>\n      <dd>None</dd>');
    const at = t.clock.now();
    t.clock.set('2026-08-10T02:00:00Z');
    const [settings] = await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-08-01 00:00'), closesAt: wallTime('2026-09-16 00:00') }).returning();
    try {
      await t.db.update(agendaSessions).set({ booked: 4 }).where(eq(agendaSessions.id, ids.visit));
      const link = ` <a href="/events/${SLUG}/register#field-sessionIds">Book a seat on the registration form</a>`;
      expect((await get(SESSION(ids.visit))).body).toContain(`<p class="capacity-note">Booking required: 26 seats left.${link}</p>`);
      expect((await get(SESSION(ids.visit), 'zh-CN')).body).toContain(`<p class="capacity-note">需提前预约：剩余26个名额。<a href="/events/${SLUG}/register#field-sessionIds">在报名表中预约</a></p>`);
      await t.db.update(agendaSessions).set({ booked: 29 }).where(eq(agendaSessions.id, ids.visit));
      expect((await get(SESSION(ids.visit))).body).toContain(`<p class="capacity-note">Booking required: 1 seat left.${link}</p>`);
      // Full: said so, and no link to a form that cannot book it.
      await t.db.update(agendaSessions).set({ booked: 30 }).where(eq(agendaSessions.id, ids.visit));
      expect((await get(SESSION(ids.visit))).body).toContain('<p class="capacity-note">Booking required: this session is full.</p>');
      expect((await get(SESSION(ids.visit), 'zh-CN')).body).toContain('<p class="capacity-note">需提前预约：名额已满。</p>');
      // Registration closed: the seats left, without the link.
      await t.db.update(agendaSessions).set({ booked: 4 }).where(eq(agendaSessions.id, ids.visit));
      t.clock.set('2026-09-16T12:00:00Z');
      expect((await get(SESSION(ids.visit))).body).toContain('<p class="capacity-note">Booking required: 26 seats left.</p>');
    } finally {
      await t.db.update(agendaSessions).set({ booked: 0 }).where(eq(agendaSessions.id, ids.visit));
      await t.db.delete(registrationSettings).where(eq(registrationSettings.eventId, settings!.eventId));
      t.clock.set(at.toISOString());
    }
  });

  it('reads neither the seats nor the registration window for a session published without a capacity, or cancelled', async () => {
    // Any read through this database throws.
    const noReads = new Proxy({}, { get: () => { throw new Error('read'); } }) as unknown as Db;
    const version = await findPublishedAgenda(t.db, event.id);
    const published = (id: string) => version!.sessions.find((s) => s.id === id)!;
    expect(published(ids.keynote).capacity).toBe(null);
    expect(await sessionBooking(noReads, event.id, published(ids.keynote), t.clock.now())).toBeUndefined();
    expect(await sessionBooking(noReads, event.id, { ...published(ids.visit), status: 'cancelled' }, t.clock.now())).toBeUndefined();
    // A bookable session is read, as the form counts it.
    await expect(sessionBooking(noReads, event.id, published(ids.visit), t.clock.now())).rejects.toThrow('read');
    expect(await sessionBooking(t.db, event.id, published(ids.visit), t.clock.now())).toEqual({ left: 30, full: false, canRegister: false });
  });

  it('shows no seats line for a session published without a capacity, though it has one since (not yet published)', async () => {
    await t.db.update(agendaSessions).set({ capacity: 50 }).where(eq(agendaSessions.id, ids.keynote));
    try {
      const res = await get(SESSION(ids.keynote));
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('capacity-note');
      // The visit, published with its capacity, says its seats.
      expect((await get(SESSION(ids.visit))).body).toContain('<p class="capacity-note">Booking required: 30 seats left.</p>');
    } finally {
      await t.db.update(agendaSessions).set({ capacity: null }).where(eq(agendaSessions.id, ids.keynote));
    }
  });

  it('marks a session that ends after midnight as ending the next day', async () => {
    const res = await get(SESSION(ids.late));
    expect(res.body).toContain('<span class="session-when__date">17 Sep 2026</span>');
    expect(res.body).toContain(
      '<time datetime="2026-09-17T15:30:00.000Z">23:30</time>–<time datetime="2026-09-17T16:30:00.000Z">00:30</time> <span class="day-offset">+1 day</span>',
    );
    expect((await get(SESSION(ids.late), 'zh-CN')).body).toContain('<span class="day-offset">次日</span>');
  });

  it('carries schema.org Event JSON-LD: times with the +08:00 offset, room in venue, people, the event as superEvent', async () => {
    const res = await get(SESSION(ids.keynote));
    expect(jsonLd(res.body)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'Opening keynote',
      description: 'How parks grow. <script>alert(1)</script>',
      startDate: '2026-09-17T09:00:00+08:00',
      endDate: '2026-09-17T09:45:00+08:00',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      // The room, with its venue's address (what search engines ask of a place), inside the venue.
      location: {
        '@type': 'Place',
        name: 'Room 301',
        address: 'Chaoyang District, Beijing',
        containedInPlace: { '@type': 'Place', name: 'China National Convention Center', address: 'Chaoyang District, Beijing' },
      },
      performer: [
        { '@type': 'Person', name: 'Li Na', url: `http://forumdesk.test${SPEAKER(ids.liNa)}` },
        { '@type': 'Person', name: 'Marco Rossi', url: `http://forumdesk.test${SPEAKER(ids.marco)}` },
      ],
      inLanguage: 'zh',
      url: `http://forumdesk.test${SESSION(ids.keynote)}`,
      superEvent: {
        '@type': 'Event',
        name: 'China–Italy Innovation Forum',
        url: `http://forumdesk.test/events/${SLUG}`,
        startDate: '2026-09-17T00:00:00+08:00',
        endDate: '2026-09-19T00:00:00+08:00',
      },
    });
    // A session without a room (a visit, a break) is at the event's venue.
    expect(jsonLd((await get(SESSION(ids.visit))).body)).toMatchObject({
      maximumAttendeeCapacity: 30,
      inLanguage: 'en',
      performer: [{ '@type': 'Person', name: 'Marco Rossi' }],
      location: { '@type': 'Place', name: 'China National Convention Center', address: 'Chaoyang District, Beijing' },
    });
    expect(jsonLd((await get(SESSION(ids.keynote), 'zh-CN')).body)).toMatchObject({ name: '开幕主旨演讲', superEvent: { name: '中意创新论坛' } });
  });
});

describe('speaker pages', () => {
  it('list the published people in name order with title, organisation and country', async () => {
    const res = await get(`/events/${SLUG}/speakers`);
    expect(res.statusCode).toBe(200);
    const names = [...res.body.matchAll(/<h2 class="speaker-card__name"><a href="([^"]+)">([^<]+)<\/a><\/h2>/g)].map((m) => [m[1], m[2]]);
    expect(names).toEqual([
      [SPEAKER(ids.liNa), 'Li Na'],
      [SPEAKER(ids.marco), 'Marco Rossi'],
    ]);
    expect(res.body).toContain('<p class="speaker-card__line">Director</p>\n    <p class="speaker-card__line">Zhongguancun Science Park</p>\n    <p class="speaker-card__line muted">China</p>');
    expect(res.body).not.toContain('Not On Agenda');
    const zh = await get(`/events/${SLUG}/speakers`, 'zh-CN');
    expect(zh.body).toContain('<p class="speaker-card__line muted">意大利</p>');
  });

  it('show one person, their name in both languages, and their sessions', async () => {
    const res = await get(SPEAKER(ids.liNa));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Li Na</h1>\n  <p class="page-intro__context" lang="zh-CN">李娜</p>');
    expect(res.body).toContain('<dt>Title</dt>\n    <dd>Director</dd>');
    expect(res.body).toContain('<dt>Organisation</dt>\n    <dd>Zhongguancun Science Park</dd>');
    expect(res.body).toContain('<dt>Country</dt>\n    <dd>China</dd>');
    const sessions = [...res.body.matchAll(/<li class="session-card" data-session-id="([^"]+)">/g)].map((m) => m[1]);
    expect(sessions).toEqual([ids.keynote]);
    expect(res.body).toContain('<span class="session-card__day">17 Sep 2026</span> <time datetime="2026-09-17T01:00:00.000Z">09:00</time>');
    const marco = await get(SPEAKER(ids.marco), 'zh-CN');
    expect(marco.body).toContain('<h1><span lang="en">Marco Rossi</span> <span class="lang-marker">仅英文</span></h1>');
    expect([...marco.body.matchAll(/data-session-id="([^"]+)"/g)].map((m) => m[1])).toEqual([ids.keynote, ids.visit]);
  });

  it('name the page and its event in the browser tab, in the reader’s language', async () => {
    const titleOf = async (path: string, lang: 'en' | 'zh-CN') => /<title>([^<]*)<\/title>/.exec((await get(path, lang)).body)?.[1];
    expect(await titleOf(`/events/${SLUG}`, 'en')).toBe('China–Italy Innovation Forum · Forum Desk');
    expect(await titleOf(`/events/${SLUG}/agenda`, 'en')).toBe('Agenda · China–Italy Innovation Forum · Forum Desk');
    expect(await titleOf(`/events/${SLUG}/agenda`, 'zh-CN')).toBe('议程 · 中意创新论坛 · Forum Desk');
    expect(await titleOf(`/events/${SLUG}/agenda/calendars`, 'zh-CN')).toBe('日历订阅 · 中意创新论坛 · Forum Desk');
    expect(await titleOf(`/events/${SLUG}/my-agenda`, 'en')).toBe('My agenda · China–Italy Innovation Forum · Forum Desk');
  });

  it('never show an e-mail address, on any public page', async () => {
    const pages = [`/events/${SLUG}`, `/events/${SLUG}/agenda`, `/events/${SLUG}/speakers`, SPEAKER(ids.liNa), SPEAKER(ids.marco), SESSION(ids.keynote), SESSION(ids.visit), `/events/${SLUG}/agenda/changes`, `/events/${SLUG}/agenda/calendars`];
    for (const path of pages) {
      for (const lang of ['en', 'zh-CN'] as const) {
        const body = (await get(path, lang)).body;
        for (const email of ['li.na@zgc.example.cn', 'marco.rossi@polimi.example.it', 'nobody@example.org']) expect(body, `${path} ${lang}`).not.toContain(email);
        expect(body).not.toContain('mailto:li.na');
      }
    }
  });
});

describe('not found', () => {
  it('answers 404 for unknown, malformed, unpublished and other events’ ids, and for a draft event', async () => {
    const other = await createEvent(t.db, { slug: 'other-forum', status: 'published' });
    const [foreign] = await t.db.insert(agendaSessions).values({ eventId: other.id, type: 'panel', title: { en: 'Elsewhere' }, startsAt: other.startsAt, endsAt: other.endsAt }).returning();
    const [foreignSpeaker] = await t.db.insert(speakers).values({ eventId: other.id, name: { en: 'Someone Else' } }).returning();
    await t.db.insert(sessionPeople).values({ sessionId: foreign!.id, speakerId: foreignSpeaker!.id, role: 'speaker' });
    const otherOrganiser = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
    expect((await otherOrganiser.submit(`/admin/events/${other.id}/agenda`, {}, `/admin/events/${other.id}/agenda/publish`)).statusCode).toBe(303);
    expect((await get(`/events/other-forum/sessions/${foreign!.id}`)).statusCode).toBe(200);
    const [unpublished] = await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'panel', title: { en: 'Not yet' }, startsAt: wallTime('2026-09-18 09:00'), endsAt: wallTime('2026-09-18 10:00') }).returning();
    const draft = await createEvent(t.db, { slug: 'draft-forum-pages', status: 'draft' });
    const missing = [
      SESSION('01900000-0000-7000-8000-000000000000'),
      SESSION('not-a-uuid'),
      SESSION(`${ids.keynote}x`),
      SESSION(unpublished!.id),
      SESSION(foreign!.id),
      SPEAKER(foreignSpeaker!.id),
      SPEAKER(ids.hidden),
      SPEAKER('nobody'),
      `/events/draft-forum-pages/sessions/${ids.keynote}`,
      `/events/${draft.slug}/speakers`,
      `/events/${draft.slug}/agenda/changes`,
      `/events/${draft.slug}/agenda/calendars`,
      `/events/no-such-forum/speakers/${ids.liNa}`,
    ];
    for (const path of missing) expect((await get(path)).statusCode, path).toBe(404);
    await t.db.delete(agendaSessions).where(eq(agendaSessions.id, unpublished!.id));
  });

  it('never fails on whatever id or zone a link carries (property)', async () => {
    const knownToIntl = (zone: string) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return zone.trim() !== '';
      } catch {
        return false;
      }
    };
    // Random text that happens to name a zone Intl knows ("GB", "EST", "utc") is a chosen zone, not garbage: left out.
    const notAZone = fc.string({ maxLength: 60 }).filter((text) => !knownToIntl(text));
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }).filter((id) => !['.', '..'].includes(id)), fc.oneof(notAZone, fc.constantFrom('Europe/Rome', 'UTC', 'Asia/Shanghai', 'europe/rome', 'America/New_York')), async (id, tz) => {
        const query = `?tz=${encodeURIComponent(tz)}`;
        const session = await get(`${SESSION(encodeURIComponent(id))}${query}`);
        expect([404]).toContain(session.statusCode);
        const speaker = await get(`${SPEAKER(encodeURIComponent(id))}${query}`);
        expect([404]).toContain(speaker.statusCode);
        const page = await get(`${SESSION(ids.keynote)}${query}`);
        expect(page.statusCode).toBe(200);
        // Zone names are matched as Intl matches them (case does not matter); anything else is ignored.
        const chosen = ['Europe/Rome', 'UTC', 'America/New_York', 'europe/rome'].includes(tz);
        expect(page.body.includes('<p class="zone-notice" title="Asia/Shanghai">All times are in Beijing time.</p>')).toBe(!chosen);
        expect(page.body.includes('the zone you chose')).toBe(chosen);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the agenda page', () => {
  it('links sessions, people, speakers and the changelog, and marks each card with its session id', async () => {
    const res = await get(`/events/${SLUG}/agenda`);
    expect(res.body).toContain(`<li class="session-card" data-session-id="${ids.keynote}">`);
    expect(res.body).toContain(`<h3 class="session-card__title"><a href="${SESSION(ids.keynote)}">Opening keynote</a></h3>`);
    expect(res.body).toContain(`<li><a href="${SPEAKER(ids.marco)}">Marco Rossi</a> <span class="muted">(Moderator)</span></li>`);
    expect(res.body).toContain(`<li><a href="/events/${SLUG}/speakers">Speakers</a></li>`);
    expect(res.body).toContain(`<li><a href="/events/${SLUG}/agenda/changes">What changed</a></li>`);
    expect(res.body).toContain(
      '<time datetime="2026-09-17T15:30:00.000Z">23:30</time>–<time datetime="2026-09-17T16:30:00.000Z">00:30</time> <span class="day-offset" title="ends the next day">+1 day</span>',
    );
  });
});

describe('the changelog', () => {
  it('lists each version with exactly what changed, moves and renames in words, after a second publication', async () => {
    await t.db.update(agendaSessions).set({ startsAt: wallTime('2026-09-17 10:00'), endsAt: wallTime('2026-09-17 10:45'), roomId: ids.room2 }).where(eq(agendaSessions.id, ids.keynote));
    await t.db.update(agendaSessions).set({ title: { en: 'Visit to the robotics and AI lab' } }).where(eq(agendaSessions.id, ids.visit));
    await t.db.update(agendaSessions).set({ status: 'cancelled' }).where(eq(agendaSessions.id, ids.late));
    await t.db.delete(agendaSessions).where(eq(agendaSessions.id, ids.dropped));
    const [added] = await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'other', title: { en: 'Closing remarks', 'zh-CN': '闭幕致辞' }, startsAt: wallTime('2026-09-18 17:00'), endsAt: wallTime('2026-09-18 17:30') }).returning();
    ids.added = added!.id;
    t.clock.advance({ hours: 2 });
    organiser = await signedInAgent(t, organiserUser);
    expect((await publish()).statusCode).toBe(303);

    const res = await get(`/events/${SLUG}/agenda/changes`);
    expect(res.statusCode).toBe(200);
    const versions = [...res.body.matchAll(/<h2 id="version-(\d+)">([^<]+)<\/h2>\n  <p class="muted">([^<]+)<\/p>/g)].map((m) => [m[2], m[3]]);
    expect(versions).toEqual([
      ['Version 2', 'Published 25 Nov 2026, 12:00 (Beijing time, UTC+8)'],
      ['Version 1', 'Published 25 Nov 2026, 10:00 (Beijing time, UTC+8)'],
    ]);
    const v2 = res.body.slice(res.body.indexOf('id="version-2"'), res.body.indexOf('id="version-1"'));
    const items = [...v2.matchAll(/<li class="change change--(\w+)">([^]*?)<\/li>/g)].map((m) => [m[1], m[2]]);
    expect(items).toEqual([
      ['moved', `<span class="change__kind">Moved</span> <a href="${SESSION(ids.keynote)}">Opening keynote</a><span class="change__detail">17 Sep 2026, 09:00–09:45, Room 301 → 17 Sep 2026, 10:00–10:45, Room 302</span>`],
      // Added, cancelled and removed ones say when and where, so two of one title are told apart.
      ['cancelled', `<span class="change__kind">Cancelled</span> <a href="${SESSION(ids.late)}">Late networking</a><span class="change__detail">17 Sep 2026, 23:30–00:30 +1 day, Room 302</span>`],
      ['renamed', `<span class="change__kind">Renamed</span> <a href="${SESSION(ids.visit)}">Visit to the robotics and AI lab</a><span class="change__detail">Previously “Visit to the robotics lab”</span>`],
      ['added', `<span class="change__kind">Added</span> <a href="${SESSION(ids.added)}">Closing remarks</a><span class="change__detail">18 Sep 2026, 17:00–17:30</span>`],
      // Removed: no page to link to.
      ['removed', '<span class="change__kind">Removed</span> Tea break<span class="change__detail">17 Sep 2026, 10:00–10:30</span>'],
    ]);
    const v1 = res.body.slice(res.body.indexOf('id="version-1"'));
    expect([...v1.matchAll(/<li class="change change--(\w+)">/g)].map((m) => m[1])).toEqual(['added', 'added', 'added', 'added']);
    expect(v1).toContain('<span class="change__kind">Added</span> Tea break<span class="change__detail">17 Sep 2026, 10:00–10:30</span></li>');
    const zh = await get(`/events/${SLUG}/agenda/changes`, 'zh-CN');
    expect(zh.body).toContain('<span class="change__kind">调整时间或地点</span>');
    expect(zh.body).toContain('<span class="change__detail">2026年9月17日 09:00–09:45，301会议室 → 2026年9月17日 10:00–10:45，302会议室</span>');
    expect(zh.body).toContain('<p class="muted">发布于2026年11月25日 12:00（北京时间）</p>');
    const rome = await get(`/events/${SLUG}/agenda/changes?tz=Europe/Rome`);
    expect(rome.body).toContain('Published 25 Nov 2026, 05:00 (Rome time, UTC+1)');
    // Handlebars writes "=" in attributes as &#x3D;, which browsers read as "=".
    expect(rome.body).toContain(`<a href="${SESSION(ids.keynote)}?tz&#x3D;Europe%2FRome">Opening keynote</a><span class="change__detail">17 Sep 2026, 03:00–03:45, Room 301 → 17 Sep 2026, 04:00–04:45, Room 302</span>`);
  });

  it('keeps a cancelled session visible as cancelled on the agenda and on its page, and says so to search engines', async () => {
    const agenda = await get(`/events/${SLUG}/agenda`);
    expect(agenda.body).toContain(`<li class="session-card session-card--cancelled" data-session-id="${ids.late}">`);
    expect(agenda.body).toContain(`<a href="${SESSION(ids.late)}">Late networking</a> <span class="badge badge--archived">Cancelled</span>`);
    const page = await get(SESSION(ids.late));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<article class="session-page session-page--cancelled"');
    expect(page.body).toContain('<p class="notice__title">This session is cancelled.</p>');
    expect(jsonLd(page.body)).toMatchObject({ name: 'Late networking', eventStatus: 'https://schema.org/EventCancelled', startDate: '2026-09-17T23:30:00+08:00', endDate: '2026-09-18T00:30:00+08:00' });
    // The removed session is gone; the new one is there.
    expect((await get(SESSION(ids.dropped))).statusCode).toBe(404);
    expect((await get(SESSION(ids.added))).statusCode).toBe(200);
  });

  it('says when nothing is published yet', async () => {
    await createEvent(t.db, { slug: 'unpublished-agenda-forum', status: 'published' });
    const res = await get('/events/unpublished-agenda-forum/agenda/changes');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('The agenda has not been published yet.');
    expect((await get('/events/unpublished-agenda-forum/speakers')).body).toContain('No speakers have been published yet.');
  });
});

describe('the event page', () => {
  it('carries schema.org Event JSON-LD with plain description, offset dates, place and organiser', async () => {
    const res = await get(`/events/${SLUG}`);
    expect(jsonLd(res.body)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'China–Italy Innovation Forum',
      description: 'Two days of science parks & <partners>.',
      startDate: '2026-09-17T00:00:00+08:00',
      endDate: '2026-09-19T00:00:00+08:00',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: { '@type': 'Place', name: 'China National Convention Center', address: 'Chaoyang District, Beijing' },
      // Named: by the privacy notice's organisation when registration names one, else by the forum.
      organizer: { '@type': 'Organization', name: 'China–Italy Innovation Forum', url: `http://forumdesk.test/events/${SLUG}`, email: 'forum@forumdesk.example.org' },
      url: `http://forumdesk.test/events/${SLUG}`,
      inLanguage: 'en',
    });
    expect(res.body).toContain('<script type="application/ld+json">{"@context":"https://schema.org","@type":"Event","name":"China–Italy Innovation Forum","description":"Two days of science parks \\u0026 \\u003cpartners\\u003e."');
    const [settings] = await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-08-01 00:00'), closesAt: wallTime('2026-09-16 00:00'), controllerName: 'Zhongguancun Science Park Administrative Committee' }).returning();
    try {
      expect(jsonLd((await get(`/events/${SLUG}`)).body)).toMatchObject({ organizer: { '@type': 'Organization', name: 'Zhongguancun Science Park Administrative Committee' } });
    } finally {
      await t.db.delete(registrationSettings).where(eq(registrationSettings.eventId, settings!.eventId));
    }
  });

  it('names a sub-forum’s parent as superEvent and a forum’s sub-forums as subEvents', async () => {
    const child = await createEvent(t.db, {
      slug: 'china-italy-green-tech',
      kind: 'sub-forum',
      parentId: event.id,
      title: { en: 'Green Technology Sub-forum' },
      startsAt: wallTime('2026-09-18 09:00'),
      endsAt: wallTime('2026-09-18 12:00'),
    });
    const sub = { '@type': 'Event', name: 'Green Technology Sub-forum', url: `http://forumdesk.test/events/${child.slug}`, startDate: '2026-09-18T09:00:00+08:00', endDate: '2026-09-18T12:00:00+08:00' };
    expect(jsonLd((await get(`/events/${SLUG}`)).body)).toMatchObject({ subEvent: [sub] });
    expect(jsonLd((await get(`/events/${child.slug}`)).body)).toMatchObject({
      name: 'Green Technology Sub-forum',
      superEvent: { '@type': 'Event', name: 'China–Italy Innovation Forum', url: `http://forumdesk.test/events/${SLUG}`, startDate: '2026-09-17T00:00:00+08:00', endDate: '2026-09-19T00:00:00+08:00' },
    });
  });

  it('leads back from every page of a sub-forum through its forum, as the sub-forum’s own page does', async () => {
    const child = await createEvent(t.db, { slug: 'china-italy-robotics', kind: 'sub-forum', parentId: event.id, title: { en: 'Robotics Sub-forum', 'zh-CN': '机器人分论坛' }, startsAt: wallTime('2026-09-18 09:00'), endsAt: wallTime('2026-09-18 12:00') });
    const [talk] = await t.db.insert(agendaSessions).values({ eventId: child.id, type: 'keynote', title: { en: 'Robots in parks' }, startsAt: wallTime('2026-09-18 09:00'), endsAt: wallTime('2026-09-18 10:00') }).returning();
    const [chen] = await t.db.insert(speakers).values({ eventId: child.id, name: { en: 'Chen Jie' }, email: 'chen.jie@robotics.example.cn' }).returning();
    await t.db.insert(sessionPeople).values({ sessionId: talk!.id, speakerId: chen!.id, role: 'speaker', position: 0 });
    await publishAgendaAsIs(t.db, child, t.clock);
    const base = `/events/${child.slug}`;
    const crumbs = async (path: string) => /<nav class="breadcrumb"[\s\S]*?<\/nav>/.exec((await get(path)).body)![0].replace(/\s+</g, '<');
    const head = `<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">All events</a></li><li><a href="/events/${SLUG}">China–Italy Innovation Forum</a></li><li><a href="${base}">Robotics Sub-forum</a></li>`;
    const agenda = `<li><a href="${base}/agenda">Agenda</a></li>`;
    const current = (text: string) => `<li class="breadcrumb__current" aria-current="page">${text}</li></ol></nav>`;
    expect(await crumbs(base)).toBe(`<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">All events</a></li><li><a href="/events/${SLUG}">China–Italy Innovation Forum</a></li>${current('Robotics Sub-forum')}`);
    expect(await crumbs(`${base}/agenda`)).toBe(head + current('Agenda'));
    expect(await crumbs(`${base}/speakers`)).toBe(head + current('Speakers'));
    expect(await crumbs(`${base}/speakers/${chen!.id}`)).toBe(`${head}<li><a href="${base}/speakers">Speakers</a></li>${current('Chen Jie')}`);
    expect(await crumbs(`${base}/sessions/${talk!.id}`)).toBe(head + agenda + current('Robots in parks'));
    expect(await crumbs(`${base}/my-agenda`)).toBe(head + agenda + current('My agenda'));
    expect(await crumbs(`${base}/agenda/changes`)).toBe(head + agenda + current('Changes to the agenda'));
    expect(await crumbs(`${base}/agenda/calendars`)).toBe(head + agenda + current('Calendar feeds'));
    // The reader's zone is kept on the way back, to the forum too.
    expect(await crumbs(`${base}/sessions/${talk!.id}?tz=Europe/Rome`)).toContain(`<li><a href="/events/${SLUG}?tz&#x3D;Europe%2FRome">China–Italy Innovation Forum</a></li><li><a href="${base}?tz&#x3D;Europe%2FRome">Robotics Sub-forum</a></li>`);
    // A forum's own pages have no forum above them.
    expect(await crumbs(`/events/${SLUG}/agenda`)).toBe(`<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">All events</a></li><li><a href="/events/${SLUG}">China–Italy Innovation Forum</a></li>${current('Agenda')}`);
  });
});
