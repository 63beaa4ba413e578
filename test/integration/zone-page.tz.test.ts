// The time-zone page: every zone as a link back to the agenda page the reader came from, in that zone, the event's
// first, each with its UTC offset on the event's dates; the return address read strictly (no other event's page,
// no other site). Runs under TZ=UTC and TZ=America/New_York: the server's own zone must not matter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, type PublishedSession } from '../../src/db/schema/index.ts';
import { listSessionDays } from '../../src/features/agenda/public-grid.ts';
import { translate } from '../../src/i18n/index.ts';
import { allTimeZonesByRegion, timeZonesByRegion } from '../../src/lib/time-zones.ts';
import { zoneOptionsByRegion } from '../../src/lib/zone-options.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { CHINA_ITALY_WEEK, createChinaItalyWeek } from '../factories/china-italy-week.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';

let t: TestApp;
let event: EventRow;
let ids: Record<string, string>;
const SLUG = CHINA_ITALY_WEEK;
const PAGE = `/events/${SLUG}/time-zone`;
const AGENDA = `/events/${SLUG}/agenda`;

const get = (path: string, lang: 'en' | 'zh-CN' = 'en') => new HttpAgent(t.app, { lang }).get(path);
const unescape = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const withReturn = (back: string, more = '') => `${PAGE}?return=${encodeURIComponent(back)}${more}`;

interface Choice {
  name: string;
  offset: string;
  href: string;
  marks: string[];
  current: boolean;
}

/** The page's zone entries by list: the event's, then each region's under "Common cities" and "More cities". */
function listsOf(body: string): { heading: string; choices: Choice[] }[] {
  const main = body.slice(body.indexOf('<div class="zone-picker"'));
  return [...main.matchAll(/(?:<h3>([^<]+)<\/h3>\s*)?<ul class="zone-list[^"]*">([^]*?)<\/ul>/g)].map((m) => ({
    heading: m[1] ?? '',
    choices: [...m[2]!.matchAll(/<li><a href="([^"]+)"( aria-current="true")?>([^<]+)<\/a>((?:\s+<span class="badge [^"]+">[^<]+<\/span>)*)\s+<span class="zone-list__offset">([^<]+)<\/span><\/li>/g)].map((c) => ({
      name: c[3]!,
      offset: c[5]!,
      href: unescape(c[1]!),
      marks: [...c[4]!.matchAll(/<span class="badge [^"]+">([^<]+)</g)].map((b) => b[1]!),
      current: Boolean(c[2]),
    })),
  }));
}

const tzOf = (href: string) => new URLSearchParams(href.split('?')[1]).get('tz') ?? 'Asia/Shanghai';
const choiceOf = (body: string, name: string) => listsOf(body).flatMap((l) => l.choices).find((c) => c.name === name);

beforeAll(async () => {
  t = await buildTestApp();
  ({ event, ids } = await createChinaItalyWeek(t.db, t.clock));
});
afterAll(async () => t.close());

describe('the agenda pages lead to the time-zone page', () => {
  it('instead of a list of zones, say which zone the times are in and link the time-zone page with the page’s query', async () => {
    const plain = await get(AGENDA);
    expect(plain.body).not.toContain('<select');
    expect(plain.body).toContain(`<p class="zone-notice" title="Asia/Shanghai">All times are in Beijing time.</p>\n  <a class="zone-control__change" href="${PAGE}">Change time zone</a>`);
    const room = await get(`${AGENDA}?view=room&q=change&tz=Europe/Rome&lang=zh-CN`);
    expect(unescape(room.body)).toContain(`<a class="zone-control__change" href="${PAGE}?return=%2Fevents%2F${SLUG}%2Fagenda%3Fview%3Droom%26q%3Dchange&tz=Europe%2FRome&lang=zh-CN">更改时区</a>`);
    // The way back to event time stays one click.
    expect(unescape(room.body)).toContain(`<p class="zone-toggle"><a href="${AGENDA}?view=room&q=change&lang=zh-CN" data-zone-choice="event">按活动当地时间显示（北京时间）</a></p>`);
    const grid = await get(`${AGENDA}?view=grid&day=2026-10-26`);
    expect(unescape(grid.body)).toContain(`href="${PAGE}?return=%2Fevents%2F${SLUG}%2Fagenda%3Fview%3Dgrid%26day%3D2026-10-26">Change time zone</a>`);
    const session = await get(`/events/${SLUG}/sessions/${ids['Early workshop']}`);
    expect(session.body).toContain(`href="${PAGE}?return&#x3D;%2Fevents%2F${SLUG}%2Fsessions%2F${ids['Early workshop']}">Change time zone</a>`);
  });
});

describe('the time-zone page', () => {
  it('lists the event’s zone first, then the common cities and all the others by region, each zone once', async () => {
    const res = await get(PAGE);
    expect(res.statusCode).toBe(200);
    const lists = listsOf(res.body);
    expect(lists[0]).toEqual({ heading: '', choices: [{ name: 'Beijing time', offset: 'UTC+08:00', href: AGENDA, marks: ['Event time', 'Shown now'], current: true }] });
    const headings = lists.slice(1).map((l) => l.heading);
    const common = res.body.indexOf('<h2 id="zones-common">Common cities</h2>');
    const more = res.body.indexOf('<h2 id="zones-more">More cities</h2>');
    expect([common > 0, more > common]).toEqual([true, true]);
    expect(headings).toEqual(['Africa', 'America', 'Asia', 'Australia', 'Europe', 'Pacific', 'UTC', 'Africa', 'America', 'Antarctica', 'Arctic', 'Asia', 'Atlantic', 'Australia', 'Europe', 'Indian Ocean', 'Pacific']);
    const listed = lists.slice(1).flatMap((l) => l.choices.map((c) => tzOf(c.href)));
    expect([...listed].sort()).toEqual(allTimeZonesByRegion().flatMap((r) => r.zones).sort());
    expect(lists.slice(1, 8).flatMap((l) => l.choices)).toHaveLength(54);
    expect(lists.find((l) => l.heading === 'UTC')!.choices).toEqual([{ name: 'UTC', offset: 'UTC+00:00', href: `${AGENDA}?tz=UTC`, marks: [], current: false }]);
    // The event's zone among its region's cities too, marked alike.
    expect(choiceOf(res.body, 'Shanghai')).toEqual({ name: 'Shanghai', offset: 'UTC+08:00', href: AGENDA, marks: ['Event time', 'Shown now'], current: true });
    expect(res.body).toContain('<h1>Choose a time zone</h1>');
    expect(res.body).toContain('<li class="breadcrumb__current" aria-current="page">Choose a time zone</li>');
  });

  it('gives each zone its offset on the event’s dates: Rome changes during the week, New York after it', async () => {
    const res = await get(PAGE);
    expect(choiceOf(res.body, 'Rome')).toEqual({ name: 'Rome', offset: 'UTC+02:00 → UTC+01:00', href: `${AGENDA}?tz=Europe%2FRome`, marks: [], current: false });
    expect(choiceOf(res.body, 'New York')!.offset).toBe('UTC-04:00');
    expect(choiceOf(res.body, 'Kolkata')!.offset).toBe('UTC+05:30');
    expect(choiceOf(res.body, 'Sydney')!.offset).toBe('UTC+11:00');
    // Outside the common cities, under "More cities".
    const kathmandu = listsOf(res.body).slice(8).flatMap((l) => l.choices).find((c) => c.name === 'Kathmandu');
    expect(kathmandu).toEqual({ name: 'Kathmandu', offset: 'UTC+05:45', href: `${AGENDA}?tz=Asia%2FKathmandu`, marks: [], current: false });
    // A summer event: New York four hours behind, Sydney ten ahead, Rome two.
    const summer = await createEvent(t.db, { slug: 'summer-forum', status: 'published', timezone: 'Europe/Rome', startsAt: wallTime('2026-07-01 00:00', 'Europe/Rome'), endsAt: wallTime('2026-07-03 00:00', 'Europe/Rome') });
    const page = await get(`/events/${summer.slug}/time-zone`);
    expect(['New York', 'Sydney', 'Rome', 'London'].map((name) => choiceOf(page.body, name)!.offset)).toEqual(['UTC-04:00', 'UTC+10:00', 'UTC+02:00', 'UTC+01:00']);
    expect(listsOf(page.body)[0]!.choices[0]).toEqual({ name: 'Rome time', offset: 'UTC+02:00', href: `/events/${summer.slug}/agenda`, marks: ['Event time', 'Shown now'], current: true });
  });

  it('names zones and regions in Chinese, and marks the zone shown now', async () => {
    const res = await get(`${PAGE}?tz=Europe%2FRome&lang=zh-CN`, 'zh-CN');
    expect(res.body).toContain('<p class="zone-notice" title="Europe/Rome">时间按您选择的罗马时间显示。活动本身采用北京时间。</p>');
    const lists = listsOf(res.body);
    expect(lists[0]!.choices).toEqual([{ name: '北京时间', offset: 'UTC+08:00', href: `${AGENDA}?lang=zh-CN`, marks: ['活动当地时间'], current: false }]);
    expect(lists.slice(1, 8).map((l) => l.heading)).toEqual(['非洲', '美洲', '亚洲', '澳大利亚', '欧洲', '太平洋', 'UTC']);
    expect(choiceOf(res.body, '罗马')).toEqual({ name: '罗马', offset: 'UTC+02:00 → UTC+01:00', href: `${AGENDA}?tz=Europe%2FRome&lang=zh-CN`, marks: ['当前显示'], current: true });
    // In pinyin order: Bālí, Bólín, Bùdápèisī; the others of "More cities" too.
    expect(lists.find((l) => l.heading === '欧洲')!.choices.slice(0, 3).map((c) => c.name)).toEqual(['巴黎', '柏林', '布达佩斯']);
    expect(res.body).toContain('<h2 id="zones-more">更多城市</h2>');
    expect(res.body).toContain(`<p><a href="${AGENDA}?tz&#x3D;Europe%2FRome&amp;lang&#x3D;zh-CN">不更改，返回</a></p>`);
    // A zone outside the common ones, chosen, joins them and is marked there.
    const fiji = await get(`${PAGE}?tz=Pacific/Fiji`);
    const pacific = listsOf(fiji.body).slice(1, 8).find((l) => l.heading === 'Pacific')!;
    expect(pacific.choices.map((c) => [c.name, c.current])).toEqual([['Auckland', false], ['Fiji', true]]);
    expect(listsOf(fiji.body).slice(8).flatMap((l) => l.choices).some((c) => c.name === 'Fiji')).toBe(false);
  });

  it('names the common cities as the zone-options table does, in the reader’s language and order', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const lists = listsOf((await get(PAGE, locale)).body).slice(1, 8);
      const expected = zoneOptionsByRegion(timeZonesByRegion(), locale);
      expect(lists.map((l) => l.heading), locale).toEqual(expected.map((r) => translate(locale, `zoneRegion.${r.region}`)));
      expect(lists.flatMap((l) => l.choices.map((c) => `${tzOf(c.href)}=${c.name}`)), locale).toEqual(expected.flatMap((r) => r.zones.map((z) => `${z.value}=${z.name}`)));
    }
    const zh = listsOf((await get(PAGE, 'zh-CN')).body);
    expect(zh[1]!.choices.slice(0, 3).map((c) => c.name)).toEqual(['卡萨布兰卡', '开罗', '拉各斯']);
    expect(zh.find((l) => l.heading === 'UTC')!.choices.map((c) => c.name)).toEqual(['协调世界时（UTC）']);
  });

  it('marks the zone shown by its current IANA name, whichever name the link or browser gave', async () => {
    const marked = (body: string) => listsOf(body).flatMap((l) => l.choices.filter((c) => c.current).map((c) => `${c.name}=${c.href}`));
    for (const tz of ['Asia/Kolkata', 'Asia/Calcutta', 'asia/calcutta']) {
      const res = await get(`${PAGE}?tz=${encodeURIComponent(tz)}`);
      expect(marked(res.body), tz).toEqual([`Kolkata=${AGENDA}?tz=Asia%2FKolkata`]);
      expect(res.body.slice(res.body.indexOf('<div class="zone-picker"')), tz).not.toContain('Calcutta');
    }
    expect(marked((await get(`${PAGE}?tz=Asia/Saigon`)).body)).toEqual([`Ho Chi Minh City=${AGENDA}?tz=Asia%2FHo_Chi_Minh`]);
    expect(marked((await get(`${PAGE}?tz=America/Buenos_Aires`)).body)).toEqual([`Buenos Aires=${AGENDA}?tz=America%2FArgentina%2FBuenos_Aires`]);
    // A zone outside the common ones, asked for by its older name, joins them by its current one.
    const kathmandu = (await get(`${PAGE}?tz=Asia/Katmandu`)).body;
    expect(listsOf(kathmandu).slice(1, 8).find((l) => l.heading === 'Asia')!.choices.map((c) => c.name).slice(8, 11)).toEqual(['Karachi', 'Kathmandu', 'Kolkata']);
    expect(marked(kathmandu)).toEqual([`Kathmandu=${AGENDA}?tz=Asia%2FKathmandu`]);
  });

  it('leads back to the page it came from with that page’s query, in the zone picked', async () => {
    const back = `${AGENDA}?view=room&q=change`;
    const res = await get(withReturn(back, '&tz=Asia/Tokyo&lang=en'));
    expect(choiceOf(res.body, 'Rome')!.href).toBe(`${AGENDA}?view=room&q=change&tz=Europe%2FRome&lang=en`);
    expect(listsOf(res.body)[0]!.choices[0]!.href).toBe(`${AGENDA}?view=room&q=change&lang=en`);
    expect(choiceOf(res.body, 'Tokyo')!.current).toBe(true);
    expect(unescape(res.body)).toContain(`<p><a href="${AGENDA}?view=room&q=change&tz=Asia%2FTokyo&lang=en">Back without changing</a></p>`);
    // The link is the agenda's own address for that view, search and zone.
    const agenda = await get(choiceOf(res.body, 'Rome')!.href);
    expect(agenda.body).toContain('<p class="zone-notice" title="Europe/Rome">Times are shown in Rome time, the zone you chose.');
    expect(agenda.body).toContain('<span aria-current="page">By room</span>');
    for (const page of [`/events/${SLUG}/sessions/${ids['Early workshop']}`, `/events/${SLUG}/speakers/${ids['Early workshop']}`, `/events/${SLUG}/agenda/changes`, `/events/${SLUG}/my-agenda`]) {
      const zones = await get(withReturn(page));
      expect(choiceOf(zones.body, 'Rome')!.href, page).toBe(`${page}?tz=Europe%2FRome`);
    }
  });

  it('keeps the grid’s day in the zones that have sessions on it, and opens the first day in the others', async () => {
    // 27 October: the early workshop at 07:30 in Beijing is the evening before in New York and in UTC.
    const res = await get(withReturn(`${AGENDA}?view=grid&day=2026-10-27`));
    expect(['Rome', 'Tokyo', 'New York', 'London'].map((name) => choiceOf(res.body, name)!.href)).toEqual([
      `${AGENDA}?view=grid&day=2026-10-27&tz=Europe%2FRome`,
      `${AGENDA}?view=grid&day=2026-10-27&tz=Asia%2FTokyo`,
      `${AGENDA}?view=grid&tz=America%2FNew_York`,
      `${AGENDA}?view=grid&tz=Europe%2FLondon`,
    ]);
    expect(listsOf(res.body)[0]!.choices[0]!.href).toBe(`${AGENDA}?view=grid&day=2026-10-27`);
    // Every zone keeps the day exactly when the grid lists it among that zone's days (else it would be not found).
    const starts = (await t.db.select().from(agendaSessions)).filter((r) => r.eventId === event.id).map((r) => ({ startsAt: r.startsAt.toISOString() }) as PublishedSession);
    for (const choice of listsOf(res.body).slice(1).flatMap((l) => l.choices)) {
      const zone = tzOf(choice.href);
      expect(choice.href.includes('day=2026-10-27'), zone).toBe(listSessionDays(starts, zone).includes('2026-10-27'));
    }
    for (const name of ['Rome', 'New York', 'London']) expect((await get(choiceOf(res.body, name)!.href)).statusCode, name).toBe(200);
  });

  it('refuses a return to anywhere but the event’s own agenda pages, leading to its agenda instead', async () => {
    const other = await createEvent(t.db, { slug: 'other-forum', status: 'published' });
    for (const back of [
      'https://evil.example/events/china-italy-innovation-week/agenda',
      '//evil.example/events/china-italy-innovation-week/agenda',
      '/\\evil.example/agenda',
      `/events/${other.slug}/agenda`,
      `/events/${SLUG}/agenda/../../../admin`,
      `/events/${SLUG}//agenda`,
      `/events/${SLUG}/register`,
      `/events/${SLUG}/agenda/calendars`,
      `/events/${SLUG}/sessions/not-an-id`,
      `/events/${SLUG}/sessions/${ids['Early workshop']}/x`,
      `/events/${SLUG}`,
      'javascript:alert(1)',
      `/events/${SLUG}/agenda?view=grid&day=tomorrow&q=x`,
    ]) {
      const res = await get(withReturn(back));
      expect(res.statusCode, back).toBe(200);
      const hrefs = listsOf(res.body).flatMap((l) => l.choices.map((c) => c.href));
      expect(hrefs.every((href) => href === `${AGENDA}?view=grid` || href === AGENDA || href.startsWith(`${AGENDA}?tz=`) || href.startsWith(`${AGENDA}?view=grid&tz=`)), back).toBe(true);
      // (The language switch echoes the page's own address, as on every page, for /lang to check and come back to.)
      const picker = res.body.slice(res.body.indexOf('<div class="zone-picker"'));
      expect(picker, back).not.toContain('evil.example');
      expect(picker, back).not.toContain('javascript:');
    }
    expect((await get(`${PAGE}?return=${'x'.repeat(2001)}`)).statusCode).toBe(400);
    expect((await get('/events/no-such-event/time-zone')).statusCode).toBe(404);
  });

  it('is a shared page: the same bytes for every visitor, revalidated by its entity tag', async () => {
    const first = await get(`${PAGE}?tz=Europe/Rome`);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await get(`${PAGE}?tz=Europe/Rome`, 'en');
    expect(again.headers.etag).toBe(first.headers.etag);
    const revalidated = await new HttpAgent(t.app).get(`${PAGE}?tz=Europe/Rome`, { 'if-none-match': String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
  });
});
