// The public agenda shows the last published version only, by day in the event's zone with the zone named, in the
// reader's language; what organisers change afterwards appears only when they publish again.
import { eq } from 'drizzle-orm';
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
let sessionId: string;

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, {
    slug: 'belt-and-road-forum',
    status: 'published',
    title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' },
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-19 00:00'),
  });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  const room = (await createVenueWithRooms(t.db, event.id, [300])).rooms[0]!;
  const [track] = await t.db.insert(tracks).values({ eventId: event.id, name: { en: 'Digital Silk Road', 'zh-CN': '数字丝绸之路' }, colour: '#0969da' }).returning();
  const [speaker] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Li Na', 'zh-CN': '李娜' } }).returning();
  const [session] = await t.db
    .insert(agendaSessions)
    .values({ eventId: event.id, type: 'keynote', title: { en: 'Opening keynote', 'zh-CN': '开幕主旨演讲' }, roomId: room.id, trackId: track!.id, interpretation: 'zh-en', startsAt: wallTime('2026-09-17 09:00'), endsAt: wallTime('2026-09-17 09:45') })
    .returning();
  // Late in the evening in Beijing: the next morning in UTC, still 17 September on the agenda.
  await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'networking', title: { en: 'Evening networking' }, startsAt: wallTime('2026-09-17 23:00'), endsAt: wallTime('2026-09-17 23:45') });
  await t.db.insert(sessionPeople).values({ sessionId: session!.id, speakerId: speaker!.id, role: 'speaker' });
  sessionId = session!.id;
});
afterAll(async () => t.close());

const publish = () => organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);

describe('the public agenda', () => {
  it('says it is coming before the first publication', async () => {
    const res = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('The agenda will be published here soon.');
  });

  it('shows the published sessions by day in Beijing time, with room, track, interpretation and people', async () => {
    expect((await publish()).statusCode).toBe(303);
    const res = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda');
    expect(res.body).toContain('All times are in Beijing time.');
    expect(res.body.match(/<h2 id="group-\d+">/g)).toHaveLength(1);
    expect(res.body).toContain('<h2 id="group-0">17 Sep 2026</h2>');
    expect(res.body).toContain('<time datetime="2026-09-17T01:00:00.000Z">09:00</time>–<time datetime="2026-09-17T01:45:00.000Z">09:45</time>');
    expect(res.body).toContain('<time datetime="2026-09-17T15:00:00.000Z">23:00</time>');
    expect(res.body).toContain('Keynote · Room 301, China National Convention Center');
    expect(res.body).toContain('Digital Silk Road · Simultaneous, Chinese ↔ English');
    const [speaker] = await t.db.select().from(speakers).where(eq(speakers.eventId, event.id));
    expect(res.body).toContain(`<li><a href="/events/belt-and-road-forum/speakers/${speaker!.id}">Li Na</a> <span class="muted">(Speaker)</span></li>`);
    expect(res.body).toContain(`<li class="session-card" data-session-id="${sessionId}">`);
    expect(res.body).toContain(`<a href="/events/belt-and-road-forum/sessions/${sessionId}">Opening keynote</a>`);
    const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get('/events/belt-and-road-forum/agenda');
    expect(zh.body).toContain('所有时间均为北京时间。');
    expect(zh.body).toContain('开幕主旨演讲');
    expect(zh.body).toContain('<h2 id="group-0">2026年9月17日</h2>');
  });

  it('keeps showing the published version until the next publication', async () => {
    await t.db.update(agendaSessions).set({ title: { en: 'Opening keynote (new speaker)' } }).where(eq(agendaSessions.id, sessionId));
    expect((await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda')).body).not.toContain('new speaker');
    await publish();
    expect((await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda')).body).toContain('Opening keynote (new speaker)');
  });

  it('is not there for a draft event, and the event page links to it', async () => {
    const draft = await createEvent(t.db, { slug: 'draft-forum-agenda', status: 'draft' });
    expect((await new HttpAgent(t.app).get(`/events/${draft.slug}/agenda`)).statusCode).toBe(404);
    expect((await new HttpAgent(t.app).get('/events/belt-and-road-forum')).body).toContain('<a class="button button--secondary" href="/events/belt-and-road-forum/agenda">See the agenda</a>');
  });
});

describe('a cancelled session', () => {
  it('stays on the published agenda, marked cancelled, and the changelog says so', async () => {
    const form = await organiser.get(`/admin/events/${event.id}/agenda/${sessionId}/edit`);
    expect(form.body).toContain('<option value="cancelled">Cancelled</option>');
    const [row] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, sessionId));
    const res = await organiser.submit(
      `/admin/events/${event.id}/agenda/${sessionId}/edit`,
      {
        type: 'keynote',
        titleEn: 'Opening keynote (new speaker)',
        titleZh: '',
        roomId: row!.roomId!,
        trackId: row!.trackId!,
        startsAt: '2026-09-17T09:00',
        endsAt: '2026-09-17T09:45',
        language: 'zh',
        interpretation: 'zh-en',
        status: 'cancelled',
      },
      `/admin/events/${event.id}/agenda/${sessionId}`,
    );
    expect(res.statusCode).toBe(303);
    await publish();
    const page = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda');
    expect(page.body).toContain(`<li class="session-card session-card--cancelled" data-session-id="${sessionId}">`);
    expect(page.body).toContain('<span class="badge badge--archived">Cancelled</span>');
    const admin = await organiser.get(`/admin/events/${event.id}/agenda`);
    expect(admin.body).toContain('<li>Cancelled: Opening keynote (new speaker)</li>');
  });
});

describe('views and search', () => {
  it('groups by room and by track, and narrows to sessions whose title or speaker matches', async () => {
    const byRoom = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?view=room');
    expect(byRoom.body).toContain('<h2 id="group-0">Room 301</h2>');
    expect(byRoom.body).toContain('<h2 id="group-1">Room to be announced</h2>');
    expect(byRoom.body).toContain('<span aria-current="page">By room</span>');
    const byTrack = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?view=track');
    expect(byTrack.body).toContain('<h2 id="group-0">Digital Silk Road</h2>');
    const search = await new HttpAgent(t.app).get(`/events/belt-and-road-forum/agenda?q=${encodeURIComponent('NETWORKING')}`);
    expect(search.body).toContain('Evening networking');
    expect(search.body).not.toContain('Opening keynote');
    const none = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?q=quantum');
    expect(none.body).toContain('No session matches “quantum”.');
    expect((await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?view=hall')).statusCode).toBe(400);
  });
});
