// The public agenda in the reader's own zone (?tz=): correct wall times on both sides of Rome's return to winter
// time, sessions regrouped under the reader's dates, a session across midnight on the right day with its end marked,
// unknown zones ignored. Runs under TZ=UTC and TZ=America/New_York: the server's own zone must not matter.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, agendaVersions, type PublishedSession } from '../../src/db/schema/index.ts';
import { supportedTimeZones, timeZonesByRegion } from '../../src/lib/time-zones.ts';
import { zoneOptionsByRegion } from '../../src/lib/zone-options.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
const ids: Record<string, string> = {};
const SLUG = 'china-italy-innovation-week';

const get = (path: string, lang: 'en' | 'zh-CN' = 'en') => new HttpAgent(t.app, { lang }).get(path);
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

/** The agenda as [day heading, [title, time line]…] pairs, read from the page. */
function daysOf(body: string): [string, [string, string][]][] {
  return body
    .split('<section class="agenda-day"')
    .slice(1)
    .map((section) => {
      const heading = /<h2 id="group-\d+">([^<]*)<\/h2>/.exec(section)![1]!;
      const cards = [...section.matchAll(/<p class="session-card__time">([^]*?)<\/p>[^]*?<h3 class="session-card__title"><a [^>]*>([^]*?)<\/a>/g)];
      return [heading, cards.map((m) => [text(m[2]!), text(m[1]!)] as [string, string])];
    });
}

beforeAll(async () => {
  t = await buildTestApp();
  // A China–Italy innovation week on Beijing time; Rome leaves summer time on Sunday 25 October 2026 at 03:00.
  event = await createEvent(t.db, {
    slug: SLUG,
    kind: 'innovation-week',
    status: 'published',
    title: { en: 'China–Italy Innovation Week', 'zh-CN': '中意创新周' },
    startsAt: wallTime('2026-10-23 00:00'),
    endsAt: wallTime('2026-10-28 00:00'),
  });
  const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  const { rooms } = await createVenueWithRooms(t.db, event.id, [300, 120]);
  const rows = await t.db
    .insert(agendaSessions)
    .values([
      { eventId: event.id, type: 'plenary', title: { en: 'Before the change' }, roomId: rooms[0]!.id, startsAt: wallTime('2026-10-24 09:00'), endsAt: wallTime('2026-10-24 10:00') },
      { eventId: event.id, type: 'networking', title: { en: 'Midnight session', 'zh-CN': '午夜交流' }, roomId: rooms[1]!.id, startsAt: wallTime('2026-10-24 23:30'), endsAt: wallTime('2026-10-25 00:30') },
      { eventId: event.id, type: 'plenary', title: { en: 'After the change' }, roomId: rooms[0]!.id, startsAt: wallTime('2026-10-26 09:00'), endsAt: wallTime('2026-10-26 10:00') },
      { eventId: event.id, type: 'workshop', title: { en: 'Early workshop' }, roomId: rooms[1]!.id, startsAt: wallTime('2026-10-27 07:30'), endsAt: wallTime('2026-10-27 08:30') },
    ])
    .returning();
  for (const row of rows) ids[row.title.en!] = row.id;
  expect((await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`)).statusCode).toBe(303);
});
afterAll(async () => t.close());

describe('the agenda in the event zone (default, and without JavaScript)', () => {
  it('lists a session across midnight under its start day, its end marked as the next day', async () => {
    const res = await get(`/events/${SLUG}/agenda`);
    expect(res.body).toContain('<p class="zone-notice" title="Asia/Shanghai">All times are in Beijing time.</p>');
    expect(res.body).toContain('<option value="" title="Asia/Shanghai">Event time (Beijing time)</option>');
    expect(daysOf(res.body)).toEqual([
      ['24 Oct 2026', [['Before the change', '09:00–10:00'], ['Midnight session', '23:30–00:30 +1 day']]],
      ['26 Oct 2026', [['After the change', '09:00–10:00']]],
      ['27 Oct 2026', [['Early workshop', '07:30–08:30']]],
    ]);
    const zh = await get(`/events/${SLUG}/agenda`, 'zh-CN');
    expect(daysOf(zh.body)[0]).toEqual(['2026年10月24日', [['Before the change 仅英文', '09:00–10:00'], ['午夜交流', '23:30–00:30 次日']]]);
  });
});

describe('the agenda in the reader’s zone', () => {
  it('offers a short list of common zones, with a zone outside it added and selected when asked for', async () => {
    const plain = await get(`/events/${SLUG}/agenda`);
    // Each zone's option holds its IANA name as its value (the event-time option's is empty).
    const zones = (body: string) => [...body.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    expect(zones(plain.body)).toHaveLength(54);
    expect(zones(plain.body)).toContain('Asia/Shanghai');
    const fiji = await get(`/events/${SLUG}/agenda?tz=Pacific/Fiji`);
    // Outside the table, named by its IANA name's city.
    expect(fiji.body).toContain('<option value="Pacific/Fiji" title="Pacific/Fiji" selected>Fiji</optgroup>');
    expect(zones(fiji.body)).toHaveLength(55);
  });

  it('lists zones by their current IANA names and selects one whichever name the link or browser gave', async () => {
    const zones = (body: string) => [...body.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    for (const tz of ['Asia/Kolkata', 'Asia/Calcutta', 'asia/calcutta']) {
      const res = await get(`/events/${SLUG}/agenda?tz=${encodeURIComponent(tz)}`);
      expect(res.body, tz).toContain('<option value="Asia/Kolkata" title="Asia/Kolkata" selected>Kolkata<');
      expect(zones(res.body), tz).not.toContain('Asia/Calcutta');
      expect(res.body, tz).toContain(`<a href="/events/${SLUG}/speakers?tz&#x3D;Asia%2FKolkata">Speakers</a>`);
      expect(zones(res.body), tz).toHaveLength(54);
    }
    const saigon = await get(`/events/${SLUG}/agenda?tz=Asia/Saigon`);
    expect(saigon.body).toContain('<option value="Asia/Ho_Chi_Minh" title="Asia/Ho_Chi_Minh" selected>Ho Chi Minh City<');
    const buenosAires = await get(`/events/${SLUG}/agenda?tz=America/Buenos_Aires`);
    expect(buenosAires.body).toContain(
      '<optgroup label="America"><option value="America/Bogota">Bogotá<option value="America/Argentina/Buenos_Aires" title="America/Argentina/Buenos_Aires" selected>Buenos Aires<option value="America/Chicago">Chicago<',
    );
    expect(zones(buenosAires.body)).toHaveLength(54);
    // A zone outside the list, asked for by its older name, joins it by its current one.
    const kathmandu = await get(`/events/${SLUG}/agenda?tz=Asia/Katmandu`);
    expect(kathmandu.body).toContain('<option value="Asia/Karachi">Karachi<option value="Asia/Kathmandu" title="Asia/Kathmandu" selected>Kathmandu<option value="Asia/Kolkata">Kolkata<');
    expect(zones(kathmandu.body)).toHaveLength(55);
  });

  it('names the picker’s groups in the reader’s language, the zones keeping their IANA names as values', async () => {
    const groups = (body: string) => [...body.matchAll(/<optgroup label="([^"]+)">/g)].map((m) => m[1]);
    const en = await get(`/events/${SLUG}/agenda`);
    expect(groups(en.body)).toEqual(['Africa', 'America', 'Asia', 'Australia', 'Europe', 'Pacific', 'UTC']);
    const zh = await get(`/events/${SLUG}/agenda`, 'zh-CN');
    expect(groups(zh.body)).toEqual(['非洲', '美洲', '亚洲', '澳大利亚', '欧洲', '太平洋', 'UTC']);
    expect(zh.body).toContain('<optgroup label="亚洲"><option value="Asia/Almaty">阿拉木图<option value="Asia/Macau">澳门<option value="Asia/Dhaka">达卡<');
    expect(zh.body).toContain('<optgroup label="UTC"><option value="UTC">协调世界时（UTC）</optgroup>');
    // Every option as value=name, in the page's order: the lists zoneOptionsByRegion's tests spell out.
    const options = (body: string) => [...body.matchAll(/<option value="([^"]+)"[^>]*>([^<]+)/g)].map((m) => `${m[1]}=${m[2]}`);
    for (const [locale, body] of [['en', en.body], ['zh-CN', zh.body]] as const) {
      expect(options(body), locale).toEqual(zoneOptionsByRegion(timeZonesByRegion(), locale).flatMap((r) => r.zones.map((z) => `${z.value}=${z.name}`)));
    }
    expect(options(zh.body).slice(0, 3)).toEqual(['Africa/Casablanca=卡萨布兰卡', 'Africa/Cairo=开罗', 'Africa/Lagos=拉各斯']);
    const fiji = await get(`/events/${SLUG}/agenda?tz=Pacific/Fiji`, 'zh-CN');
    expect(fiji.body).toContain('<optgroup label="太平洋"><option value="Pacific/Auckland">奥克兰<option value="Pacific/Fiji" title="Pacific/Fiji" selected>Fiji</optgroup>');
  });

  it('shows Rome time on both sides of the change to winter time: 09:00 Beijing is 03:00, then 02:00', async () => {
    const res = await get(`/events/${SLUG}/agenda?tz=Europe/Rome`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<p class="zone-notice" title="Europe/Rome">Times are shown in Rome time, the zone you chose. The event itself runs on Beijing time.</p>');
    expect(res.body).toContain('<a href="/events/china-italy-innovation-week/agenda" data-zone-choice="event">Show in event time (Beijing time)</a>');
    expect(res.body).toContain('<option value="Europe/Rome" title="Europe/Rome" selected>Rome<');
    expect(daysOf(res.body)).toEqual([
      ['24 Oct 2026', [['Before the change', '03:00–04:00'], ['Midnight session', '17:30–18:30']]],
      ['26 Oct 2026', [['After the change', '02:00–03:00']]],
      ['27 Oct 2026', [['Early workshop', '00:30–01:30']]],
    ]);
    const zh = await get(`/events/${SLUG}/agenda?tz=Europe/Rome`, 'zh-CN');
    expect(zh.body).toContain('<p class="zone-notice" title="Europe/Rome">时间按您选择的罗马时间显示。活动本身采用北京时间。</p>');
    expect(zh.body).toContain('<option value="Europe/Rome" title="Europe/Rome" selected>罗马<');
  });

  it('moves sessions to the reader’s dates: New York sees Monday’s 09:00 on Sunday evening', async () => {
    const res = await get(`/events/${SLUG}/agenda?tz=America/New_York`);
    expect(daysOf(res.body)).toEqual([
      ['23 Oct 2026', [['Before the change', '21:00–22:00']]],
      ['24 Oct 2026', [['Midnight session', '11:30–12:30']]],
      ['25 Oct 2026', [['After the change', '21:00–22:00']]],
      ['26 Oct 2026', [['Early workshop', '19:30–20:30']]],
    ]);
  });

  it('marks the next day wherever a session crosses the reader’s midnight, and not where it does not', async () => {
    expect(daysOf((await get(`/events/${SLUG}/agenda?tz=UTC`)).body)).toEqual([
      ['24 Oct 2026', [['Before the change', '01:00–02:00'], ['Midnight session', '15:30–16:30']]],
      ['26 Oct 2026', [['After the change', '01:00–02:00'], ['Early workshop', '23:30–00:30 +1 day']]],
    ]);
    expect(daysOf((await get(`/events/${SLUG}/agenda?tz=Asia/Tokyo`)).body)).toEqual([
      ['24 Oct 2026', [['Before the change', '10:00–11:00']]],
      ['25 Oct 2026', [['Midnight session', '00:30–01:30']]],
      ['26 Oct 2026', [['After the change', '10:00–11:00']]],
      ['27 Oct 2026', [['Early workshop', '08:30–09:30']]],
    ]);
  });

  it('shows a session page in the reader’s zone with its offset, and the event time beside it', async () => {
    const before = await get(`/events/${SLUG}/sessions/${ids['Before the change']}?tz=Europe/Rome`);
    expect(text(before.body.slice(before.body.indexOf('<dl class="facts session-facts">'), before.body.indexOf('</dl>')))).toBe(
      'When 24 Oct 2026 03:00–04:00 Rome time (UTC+2) In event time 24 Oct 2026 09:00–10:00 Beijing time (UTC+8) Where Room 301, China National Convention Center Language Chinese Interpretation None',
    );
    const after = await get(`/events/${SLUG}/sessions/${ids['After the change']}?tz=Europe/Rome`);
    expect(after.body).toContain('<span class="session-when__date">26 Oct 2026</span>');
    expect(after.body).toContain('<time datetime="2026-10-26T01:00:00.000Z">02:00</time>–<time datetime="2026-10-26T02:00:00.000Z">03:00</time>');
    expect(after.body).toContain('<span class="session-when__zone">Rome time (UTC+1)</span>');
    const midnight = await get(`/events/${SLUG}/sessions/${ids['Midnight session']}?tz=America/New_York`);
    expect(text(midnight.body.slice(midnight.body.indexOf('<dl class="facts session-facts">'), midnight.body.indexOf('<dt>Where</dt>')))).toBe(
      'When 24 Oct 2026 11:30–12:30 New York time (UTC-4) In event time 24 Oct 2026 23:30–00:30 +1 day Beijing time (UTC+8)',
    );
    // JSON-LD keeps the event’s own offset whatever the reader's zone.
    expect(midnight.body).toContain('"startDate":"2026-10-24T23:30:00+08:00","endDate":"2026-10-25T00:30:00+08:00"');
  });

  it('keeps zone, view, search and language in links and forms', async () => {
    const res = await get(`/events/${SLUG}/agenda?tz=Europe/Rome&view=room&q=change&lang=en`);
    expect(res.body).toContain('<a href="/events/china-italy-innovation-week/agenda?q&#x3D;change&amp;tz&#x3D;Europe%2FRome&amp;lang&#x3D;en">By day</a>');
    expect(res.body).toContain('<input type="hidden" name="tz" value="Europe/Rome">');
    expect(res.body).toContain('<input type="hidden" name="lang" value="en">');
    // The zone form carries the view and search, and its "event time" link drops only the zone.
    expect(res.body).toContain('<input type="hidden" name="view" value="room"><input type="hidden" name="q" value="change"><input type="hidden" name="lang" value="en">');
    expect(res.body).toContain('<a href="/events/china-italy-innovation-week/agenda?view&#x3D;room&amp;q&#x3D;change&amp;lang&#x3D;en" data-zone-choice="event">');
    expect(res.body).toContain(`<a href="/events/${SLUG}/sessions/${ids['Before the change']}?tz&#x3D;Europe%2FRome&amp;lang&#x3D;en">Before the change</a>`);
    expect(res.body).toContain(`<a href="/events/${SLUG}/speakers?tz&#x3D;Europe%2FRome&amp;lang&#x3D;en">Speakers</a>`);
  });

  it('ignores a zone it does not know, and the event’s own zone, showing event time without an error', async () => {
    const plain = daysOf((await get(`/events/${SLUG}/agenda`)).body);
    for (const tz of ['Mars/Olympus_Mons', '', '<script>', 'Europe/Rome/x', 'Asia/Shanghai', 'x'.repeat(500)]) {
      const res = await get(`/events/${SLUG}/agenda?tz=${encodeURIComponent(tz)}`);
      expect(res.statusCode, tz).toBe(200);
      expect(res.body).toContain('<p class="zone-notice" title="Asia/Shanghai">All times are in Beijing time.</p>');
    expect(res.body).toContain('<option value="" title="Asia/Shanghai">Event time (Beijing time)</option>');
      expect(daysOf(res.body)).toEqual(plain);
      expect((await get(`/events/${SLUG}/sessions/${ids['Midnight session']}?tz=${encodeURIComponent(tz)}`)).statusCode).toBe(200);
    }
  });
});

describe('every listed time, in any zone (property)', () => {
  it('equals the session’s instant printed in the chosen zone, under the day it starts in that zone', async () => {
    const other = await createEvent(t.db, { slug: 'zone-property-forum', status: 'published' });
    const zones = [...supportedTimeZones()];
    let version = 0;
    const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / 60_000, max: Date.parse('2027-12-31T00:00:00Z') / 60_000 }).map((m) => m * 60_000);
    const session = fc.record({ start: instant, minutes: fc.integer({ min: 5, max: 26 * 60 }) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...zones), fc.array(session, { minLength: 1, maxLength: 6 }), async (zone, drafts) => {
        version += 1;
        const sessions: PublishedSession[] = drafts.map((d, i) => ({
          id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          title: { en: `Session ${i}` },
          startsAt: new Date(d.start).toISOString(),
          endsAt: new Date(d.start + d.minutes * 60_000).toISOString(),
          roomId: null,
          status: 'scheduled',
          type: 'other',
        }));
        await t.db.insert(agendaVersions).values({ eventId: other.id, version, sessions, speakers: [], changes: [], publishedAt: t.clock.now() });
        const res = await get(`/events/${other.slug}/agenda?tz=${encodeURIComponent(zone)}`);
        expect(res.statusCode).toBe(200);
        const times = [...res.body.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)];
        expect(times).toHaveLength(sessions.length * 2);
        for (const [, iso, shown] of times) expect(shown).toBe(DateTime.fromISO(iso!, { zone }).toFormat('HH:mm'));
        const expected = new Map<string, [string, string][]>();
        for (const s of [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
          const start = DateTime.fromISO(s.startsAt, { zone });
          const end = DateTime.fromISO(s.endsAt, { zone });
          const days = Math.round(end.startOf('day').diff(start.startOf('day'), 'days').days);
          const heading = start.setLocale('en').toFormat('d LLL yyyy');
          const later = days === 0 ? '' : days === 1 ? ' +1 day' : ` +${days} days`;
          expected.set(heading, [...(expected.get(heading) ?? []), [s.title.en!, `${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}${later}`]]);
        }
        expect(daysOf(res.body)).toEqual([...expected]);
      }),
      { numRuns: 30 },
    );
  });
});
