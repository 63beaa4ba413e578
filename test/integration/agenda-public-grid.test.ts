// The public agenda’s time grid (?view=grid): one day of the published agenda as rooms × times in the shown zone, a
// cell per session linking to its page and spanning its rows, a break for all participants across every room (or in
// a column of its own when something runs beside it), day tabs, the reader's zone, both languages, cached like the
// other views.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, tracks } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
const ids: Record<string, string> = {};
const AGENDA = '/events/silk-road-forum/agenda';
const GRID = `${AGENDA}?view=grid`;

const get = (path: string, lang: 'en' | 'zh-CN' = 'en') => new HttpAgent(t.app, { lang }).get(path);
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

/** The grid as rows of [time, cells], each cell 'free' or '<title> rowspan[xcolspan]', read from the page. */
function gridOf(body: string): [string, string[]][] {
  const tbody = body.split('<tbody>')[1]!.split('</tbody>')[0]!;
  return tbody
    .split('<tr ')
    .slice(1)
    .map((row) => {
      const time = text(/<th scope="row"[^>]*>([^]*?)<\/th>/.exec(row)![1]!);
      const cells = [...row.matchAll(/<td( rowspan="(\d+)")?( colspan="(\d+)")? class="([^"]+)">([^]*?)<\/td>/g)].map((m) =>
        m[5] === 'agenda-grid__free' ? 'free' : `${text(/class="grid-session__title"[^>]*>([^]*?)<\/a>/.exec(m[6]!)![1]!)} ${m[2]}${m[4] ? `x${m[4]}` : ''}`,
      );
      return [time, cells] as [string, string[]];
    });
}

const columnsOf = (body: string) => [...body.split('</thead>')[0]!.matchAll(/<th scope="col" colspan="(\d+)" class="agenda-grid__room">([^]*?)<\/th>/g)].map((m) => `${text(m[2]!.replace('</span><span', '</span> / <span'))} (${m[1]})`);

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, {
    slug: 'silk-road-forum',
    status: 'published',
    title: { en: 'Digital Silk Road Forum', 'zh-CN': '数字丝绸之路论坛' },
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-19 00:00'),
  });
  const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  const { rooms } = await createVenueWithRooms(t.db, event.id, [300, 120]);
  const [track] = await t.db.insert(tracks).values({ eventId: event.id, name: { en: 'Digital economy', 'zh-CN': '数字经济' }, colour: '#0969da' }).returning();
  const rows = await t.db
    .insert(agendaSessions)
    .values([
      // 17 September: two rooms, a lunch for everyone with nothing beside it, a plenary still waiting for its room.
      { eventId: event.id, type: 'keynote', title: { en: 'Opening keynote', 'zh-CN': '开幕主旨演讲' }, roomId: rooms[0]!.id, trackId: track!.id, interpretation: 'zh-en', startsAt: wallTime('2026-09-17 09:00'), endsAt: wallTime('2026-09-17 09:45') },
      { eventId: event.id, type: 'workshop', title: { en: 'Data workshop', 'zh-CN': '数据工作坊' }, roomId: rooms[1]!.id, startsAt: wallTime('2026-09-17 09:30'), endsAt: wallTime('2026-09-17 10:30') },
      { eventId: event.id, type: 'break', title: { en: 'Lunch break', 'zh-CN': '午餐' }, startsAt: wallTime('2026-09-17 12:00'), endsAt: wallTime('2026-09-17 13:00') },
      { eventId: event.id, type: 'plenary', title: { en: 'Closing plenary', 'zh-CN': '闭幕全体会议' }, startsAt: wallTime('2026-09-17 17:00'), endsAt: wallTime('2026-09-17 17:30') },
      // 18 September: networking for everyone while a panel runs: it takes a column of its own.
      { eventId: event.id, type: 'panel', title: { en: 'Panel on standards' }, roomId: rooms[0]!.id, startsAt: wallTime('2026-09-18 10:00'), endsAt: wallTime('2026-09-18 11:00') },
      { eventId: event.id, type: 'networking', title: { en: 'Networking', 'zh-CN': '交流' }, startsAt: wallTime('2026-09-18 10:30'), endsAt: wallTime('2026-09-18 11:00') },
    ])
    .returning();
  for (const row of rows) ids[row.title.en!] = row.id;
  expect((await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`)).statusCode).toBe(303);
});
afterAll(async () => t.close());

describe('the public time grid', () => {
  it('is offered beside the list views, which keep zone and language but not the search', async () => {
    const list = await get(`${AGENDA}?view=room&q=lunch&tz=Europe%2FRome&lang=zh-CN`);
    expect(list.body).toContain('<li><a href="/events/silk-road-forum/agenda?view&#x3D;grid&amp;tz&#x3D;Europe%2FRome&amp;lang&#x3D;zh-CN">时间表</a></li>');
    const grid = await get(GRID);
    expect(grid.body).toContain(
      '<ul><li><a href="/events/silk-road-forum/agenda">By day</a></li><li><a href="/events/silk-road-forum/agenda?view&#x3D;room">By room</a></li><li><a href="/events/silk-road-forum/agenda?view&#x3D;track">By track</a></li><li><span aria-current="page">Grid</span></li></ul>',
    );
    // No search on the grid: it shows whole days; a ?q is ignored.
    expect(grid.body).not.toContain('role="search"');
    expect(gridOf((await get(`${GRID}&q=lunch`)).body)).toEqual(gridOf(grid.body));
  });

  it('opens on the first day, rooms across and quarter hours down, each session a link spanning its rows', async () => {
    const res = await get(GRID);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      '<nav class="day-tabs" aria-label="Days of the agenda">\n' +
        '  <ul><li><a href="/events/silk-road-forum/agenda?view&#x3D;grid&amp;day&#x3D;2026-09-17" aria-current="page">17 Sep 2026</a></li><li><a href="/events/silk-road-forum/agenda?view&#x3D;grid&amp;day&#x3D;2026-09-18">18 Sep 2026</a></li></ul>\n' +
        '</nav>',
    );
    expect(res.body).toContain('<h2 id="grid-heading">17 Sep 2026</h2>');
    expect(res.body).toContain('<caption class="visually-hidden">Sessions by room and time, Beijing time</caption>');
    expect(columnsOf(res.body)).toEqual(['Room 301 / China National Convention Center (1)', 'Room 302 / China National Convention Center (1)', 'Room to be announced (1)']);
    const rows = gridOf(res.body);
    expect(rows.slice(0, 6)).toEqual([
      ['09:00', ['Opening keynote 3', 'free', 'free']],
      ['09:15', ['free', 'free']],
      ['09:30', ['Data workshop 4', 'free']],
      ['09:45', ['free', 'free']],
      ['10:00', ['free', 'free']],
      ['10:15', ['free', 'free']],
    ]);
    // Lunch is for everyone and nothing runs beside it: one cell across all three columns.
    expect(rows.slice(12, 17)).toEqual([
      ['12:00', ['Lunch break 4x3']],
      ['12:15', []],
      ['12:30', []],
      ['12:45', []],
      ['13:00', ['free', 'free', 'free']],
    ]);
    expect(rows.slice(-2)).toEqual([
      ['17:00', ['free', 'free', 'Closing plenary 2']],
      ['17:15', ['free', 'free']],
    ]);
    expect(res.body).toContain('<td rowspan="4" colspan="3" class="agenda-grid__cell agenda-grid__cell--everyone">');
    expect(res.body).toContain(`<a class="grid-session__title" href="/events/silk-road-forum/sessions/${ids['Opening keynote']}">Opening keynote</a>`);
    expect(res.body).toContain('<span class="grid-session__time"><time datetime="2026-09-17T01:00:00.000Z">09:00</time>–<time datetime="2026-09-17T01:45:00.000Z">09:45</time></span>');
    expect(res.body).toContain(
      '<span class="grid-session__meta">Keynote · <svg class="track-swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2" fill="#0969da"/></svg> Digital economy · Simultaneous, Chinese ↔ English</span>',
    );
    // Read-only: no links to add, move or edit anything.
    expect(res.body).not.toContain('/admin/');
  });

  it('puts networking for everyone in a column of its own when a session runs beside it', async () => {
    const res = await get(`${GRID}&day=2026-09-18`);
    expect(res.body).toContain('<a href="/events/silk-road-forum/agenda?view&#x3D;grid&amp;day&#x3D;2026-09-18" aria-current="page">18 Sep 2026</a>');
    expect(columnsOf(res.body)).toEqual(['Room 301 / China National Convention Center (1)', 'For all participants (1)']);
    expect(gridOf(res.body)).toEqual([
      ['10:00', ['Panel on standards 4', 'free']],
      ['10:15', ['free']],
      ['10:30', ['Networking 2']],
      ['10:45', []],
    ]);
    expect(res.body).toContain('<td rowspan="2" class="agenda-grid__cell agenda-grid__cell--everyone">');
  });

  it('refuses a malformed day and does not find a day without sessions', async () => {
    expect((await get(`${GRID}&day=17-09-2026`)).statusCode).toBe(400);
    expect((await get(`${GRID}&day=2026-09-19`)).statusCode).toBe(404);
    expect((await get(`${GRID}&day=2026-02-30`)).statusCode).toBe(404);
  });

  it('shows days and times in the reader’s zone, with the grid’s first day when the zone changes', async () => {
    // Los Angeles is 15 hours behind Beijing in September: the 17th's sessions fall on the 16th there.
    const res = await get(`${GRID}&tz=America%2FLos_Angeles`);
    expect(res.body).toContain('Times are shown in Los Angeles time, the zone you chose.');
    expect(res.body).toContain(
      '<ul><li><a href="/events/silk-road-forum/agenda?view&#x3D;grid&amp;day&#x3D;2026-09-16&amp;tz&#x3D;America%2FLos_Angeles" aria-current="page">16 Sep 2026</a></li><li><a href="/events/silk-road-forum/agenda?view&#x3D;grid&amp;day&#x3D;2026-09-17&amp;tz&#x3D;America%2FLos_Angeles">17 Sep 2026</a></li></ul>',
    );
    expect(res.body).toContain('<caption class="visually-hidden">Sessions by room and time, Los Angeles time</caption>');
    const rows = gridOf(res.body);
    // The closing plenary (17:00 in Beijing) is at 02:00 on the 17th there: no column for it on the 16th.
    expect(columnsOf(res.body)).toEqual(['Room 301 / China National Convention Center (1)', 'Room 302 / China National Convention Center (1)']);
    expect(rows[0]).toEqual(['18:00', ['Opening keynote 3', 'free']]);
    expect(rows.find(([time]) => time === '21:00')).toEqual(['21:00', ['Lunch break 4x2']]);
    expect(res.body).toContain('<time datetime="2026-09-17T01:00:00.000Z">18:00</time>–<time datetime="2026-09-17T01:45:00.000Z">18:45</time>');
    // The 18th in Beijing is the 17th in Los Angeles, and the 18th there has nothing.
    const next = await get(`${GRID}&day=2026-09-17&tz=America%2FLos_Angeles`);
    expect(columnsOf(next.body)).toEqual(['Room 301 / China National Convention Center (1)', 'Room to be announced (1)', 'For all participants (1)']);
    expect(gridOf(next.body)[0]).toEqual(['02:00', ['free', 'Closing plenary 2', 'free']]);
    expect(gridOf(next.body).find(([time]) => time === '19:00')).toEqual(['19:00', ['Panel on standards 4', 'free', 'free']]);
    expect((await get(`${GRID}&day=2026-09-18&tz=America%2FLos_Angeles`)).statusCode).toBe(404);
    // The way back to event time keeps the grid but not the day, which event time may not have; the time-zone page
    // is given the day, to keep it in the zones that have it.
    const day = await get(`${GRID}&day=2026-09-17&tz=America%2FLos_Angeles`);
    expect(day.body).toContain('<a href="/events/silk-road-forum/agenda?view&#x3D;grid" data-zone-choice="event">');
    expect(day.body).toContain('<a class="zone-control__change" href="/events/silk-road-forum/time-zone?return&#x3D;%2Fevents%2Fsilk-road-forum%2Fagenda%3Fview%3Dgrid%26day%3D2026-09-17&amp;tz&#x3D;America%2FLos_Angeles">');
  });

  it('speaks Chinese', async () => {
    const res = await get(GRID, 'zh-CN');
    expect(res.body).toContain('<nav class="day-tabs" aria-label="议程日期">');
    expect(res.body).toContain('aria-current="page">2026年9月17日</a>');
    expect(res.body).toContain('<li><span aria-current="page">时间表</span></li>');
    expect(res.body).toContain('<caption class="visually-hidden">按会议室和时间排列的场次，北京时间</caption>');
    expect(res.body).toContain('<p class="agenda-grid-hint">左右滑动表格可查看所有会议室。<a href="/events/silk-road-forum/agenda">按日期查看议程</a></p>');
    expect(columnsOf(res.body)).toEqual(['301会议室 / 国家会议中心 (1)', '302会议室 / 国家会议中心 (1)', '会议室待定 (1)']);
    expect(gridOf(res.body)[12]).toEqual(['12:00', ['午餐 4x3']]);
    expect(res.body).toContain('<span class="grid-session__meta">主旨演讲 · <svg');
    const day2 = await get(`${GRID}&day=2026-09-18`, 'zh-CN');
    expect(columnsOf(day2.body)).toEqual(['301会议室 / 国家会议中心 (1)', '全体参会者 (1)']);
  });

  it('is cached per address like the other views, and the default page holds no grid', async () => {
    const first = await get(`${GRID}&day=2026-09-18`);
    const again = await get(`${GRID}&day=2026-09-18`);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await get(GRID)).headers.etag).not.toBe(first.headers.etag);
    const plain = await get(AGENDA);
    expect(plain.body).not.toContain('agenda-grid');
    expect(plain.body).not.toContain('day-tabs');
    expect(plain.body).toContain('role="search"');
  });
});
