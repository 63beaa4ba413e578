// The public agenda shows the last published version only, by day in the event’s zone with the zone named, in the
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
  // A break in a room, a break for everyone, and a session still waiting for its room.
  await t.db.insert(agendaSessions).values([
    { eventId: event.id, type: 'break', title: { en: 'Coffee break', 'zh-CN': '茶歇' }, roomId: room.id, startsAt: wallTime('2026-09-17 10:00'), endsAt: wallTime('2026-09-17 10:15') },
    { eventId: event.id, type: 'break', title: { en: 'Lunch break', 'zh-CN': '午餐' }, startsAt: wallTime('2026-09-17 12:00'), endsAt: wallTime('2026-09-17 13:00') },
    { eventId: event.id, type: 'plenary', title: { en: 'Closing plenary', 'zh-CN': '闭幕全体会议' }, startsAt: wallTime('2026-09-17 17:00'), endsAt: wallTime('2026-09-17 17:30') },
  ]);
  await t.db.insert(sessionPeople).values({ sessionId: session!.id, speakerId: speaker!.id, role: 'speaker' });
  sessionId = session!.id;
});
afterAll(async () => t.close());

const publish = () => organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);

/** The agenda page's groups as [heading, titles of its sessions as shown]. */
function groupsOf(body: string): [string, string[]][] {
  return body
    .split('<section class="agenda-day"')
    .slice(1)
    .map((section) => [
      /<h2 id="group-\d+">([^<]*)<\/h2>/.exec(section)![1]!,
      [...section.matchAll(/<h3 class="session-card__title"><a [^>]*>(.*?)<\/a>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '')),
    ]);
}

describe('the public agenda', () => {
  it('says it is coming before the first publication', async () => {
    const res = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('The agenda will be published here soon.');
    // A search of an agenda not yet published finds nothing to clear: the page still says it is coming.
    const searched = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?q=keynote');
    expect(searched.body).toContain('<p class="empty-state__title">The agenda will be published here soon.</p>');
    expect(searched.body).not.toContain('Clear search');
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

describe('a forum whose own agenda is not out yet', () => {
  it('says so and leads to its published sub-forums’ agendas, keeping the reader’s zone', async () => {
    const forum = await createEvent(t.db, { slug: 'zgc-forum-soon', kind: 'forum', status: 'published', title: { en: 'Zhongguancun Forum', 'zh-CN': '中关村论坛' }, startsAt: wallTime('2026-09-16 00:00'), endsAt: wallTime('2026-09-20 00:00') });
    await createEvent(t.db, { slug: 'zgc-sub-forum-soon', kind: 'sub-forum', parentId: forum.id, status: 'published', title: { en: 'Belt and Road sub-forum', 'zh-CN': '一带一路分论坛' }, startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    await createEvent(t.db, { slug: 'zgc-draft-sub-forum', kind: 'sub-forum', parentId: forum.id, status: 'draft', title: { en: 'A draft sub-forum' }, startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    const res = await new HttpAgent(t.app).get('/events/zgc-forum-soon/agenda?tz=Europe%2FRome');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('The agenda will be published here soon.');
    expect(res.body).toContain('<h2 id="sub-agendas-title">Agendas of its sub-forums</h2>');
    expect(res.body).toContain('<ul><li><a href="/events/zgc-sub-forum-soon/agenda?tz&#x3D;Europe%2FRome">Belt and Road sub-forum</a></li></ul>');
    expect(res.body).not.toContain('A draft sub-forum');
    // An event with its agenda out lists none.
    expect((await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda')).body).not.toContain('sub-agendas-title');
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
    expect(admin.body).toContain('<li>Cancelled: Opening keynote (new speaker)<span class="change__detail">');
  });
});

describe('views and search', () => {
  it('groups by room and by track, and narrows to sessions whose title or speaker matches', async () => {
    const byRoom = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?view=room');
    expect(byRoom.body).toContain('<h2 id="group-0">Room 301</h2>');
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

  it('by room, lists breaks and networking without a room for all participants, last; only other roomless sessions await a room', async () => {
    const en = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?view=room');
    expect(groupsOf(en.body)).toEqual([
      ['Room 301', ['Opening keynote (new speaker)', 'Coffee break']],
      ['Room to be announced', ['Closing plenary']],
      ['For all participants', ['Lunch break', 'Evening networking']],
    ]);
    const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get('/events/belt-and-road-forum/agenda?view=room');
    expect(groupsOf(zh.body)).toEqual([
      ['301会议室', ['Opening keynote (new speaker) 仅英文', '茶歇']],
      ['会议室待定', ['闭幕全体会议']],
      ['全体参会者', ['午餐', 'Evening networking 仅英文']],
    ]);
    // By day and by track a break is where it always was: in its day, and among the sessions without a track.
    const byTrack = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?view=track');
    expect(groupsOf(byTrack.body)).toEqual([
      ['Digital Silk Road', ['Opening keynote (new speaker)']],
      ['Other sessions', ['Coffee break', 'Lunch break', 'Closing plenary', 'Evening networking']],
    ]);
  });

  it('says how many sessions a search found, in good English and Chinese, with a way back to the whole agenda', async () => {
    const two = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?q=break');
    expect(two.body).toContain(
      '<div class="search-summary" role="status">\n' +
        '    <p class="search-summary__count">2 sessions match “break”.</p>\n' +
        '    <a href="/events/belt-and-road-forum/agenda">Clear search</a>\n' +
        '  </div>',
    );
    expect(groupsOf(two.body)).toEqual([['17 Sep 2026', ['Coffee break', 'Lunch break']]]);
    const one = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?q=%20NETWORKING%20');
    expect(one.body).toContain('<p class="search-summary__count">1 session matches “NETWORKING”.</p>');
    // The way back keeps the view, the reader's zone and the language, and drops only the search.
    const zh = await new HttpAgent(t.app).get(`/events/belt-and-road-forum/agenda?view=room&q=break&tz=${encodeURIComponent('Europe/Rome')}&lang=zh-CN`);
    expect(zh.body).toContain('<p class="search-summary__count">共有 2 个场次与“break”相符。</p>');
    expect(zh.body).toContain('<a href="/events/belt-and-road-forum/agenda?view&#x3D;room&amp;tz&#x3D;Europe%2FRome&amp;lang&#x3D;zh-CN">清除搜索</a>');
    expect(groupsOf(zh.body)).toEqual([
      ['301会议室', ['茶歇']],
      ['全体参会者', ['午餐']],
    ]);
    const zhOne = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(`/events/belt-and-road-forum/agenda?q=${encodeURIComponent('午餐')}`);
    expect(zhOne.body).toContain('<p class="search-summary__count">共有 1 个场次与“午餐”相符。</p>');
  });

  it('says plainly when a search finds nothing, with the same way back, and shows the query as text', async () => {
    const none = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?view=track&q=quantum');
    expect(none.body).toContain(
      '<div class="empty-state" role="status">\n' +
        '    <p class="empty-state__title">No session matches “quantum”.</p>\n' +
        '    <p class="empty-state__hint">The search looks in session titles and speakers’ names, in English and Chinese.</p>\n' +
        '    <p><a href="/events/belt-and-road-forum/agenda?view&#x3D;track">Clear search</a></p>\n' +
        '  </div>',
    );
    expect(none.body).not.toContain('search-summary');
    expect(none.body).not.toContain('<section class="agenda-day"');
    const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(`/events/belt-and-road-forum/agenda?q=${encodeURIComponent('量子')}`);
    expect(zh.body).toContain('<p class="empty-state__title">没有与“量子”相符的场次。</p>');
    expect(zh.body).toContain('<p class="empty-state__hint">搜索范围为场次的中英文标题和演讲嘉宾姓名。</p>');
    expect(zh.body).toContain('<p><a href="/events/belt-and-road-forum/agenda">清除搜索</a></p>');
    const markup = await new HttpAgent(t.app).get(`/events/belt-and-road-forum/agenda?q=${encodeURIComponent('<b>x</b>')}`);
    expect(markup.body).toContain('<p class="empty-state__title">No session matches “&lt;b&gt;x&lt;/b&gt;”.</p>');
  });

  it('adds nothing to the agenda without a search (a blank one included)', async () => {
    for (const url of ['/events/belt-and-road-forum/agenda', '/events/belt-and-road-forum/agenda?q=%20%20', '/events/belt-and-road-forum/agenda?view=room']) {
      const res = await new HttpAgent(t.app).get(url);
      expect(res.body, url).not.toContain('search-summary');
      expect(res.body, url).not.toContain('Clear search');
      expect(res.body, url).not.toContain('empty-state');
    }
    const blank = await new HttpAgent(t.app).get('/events/belt-and-road-forum/agenda?q=%20%20');
    expect(groupsOf(blank.body)).toEqual([['17 Sep 2026', ['Opening keynote (new speaker)', 'Coffee break', 'Lunch break', 'Closing plenary', 'Evening networking']]]);
  });
});
