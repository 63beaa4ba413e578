// The public agenda in the reader's own zone (?tz=): correct wall times on both sides of Rome's return to winter
// time, sessions regrouped under the reader's dates, a session across midnight on the right day with its end marked,
// unknown zones ignored. Runs under TZ=UTC and TZ=America/New_York: the server's own zone must not matter.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaVersions, type PublishedSession } from '../../src/db/schema/index.ts';
import { supportedTimeZones } from '../../src/lib/time-zones.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { CHINA_ITALY_WEEK, createChinaItalyWeek } from '../factories/china-italy-week.ts';
import { createEvent } from '../factories/events.ts';

let t: TestApp;
let ids: Record<string, string>;
const SLUG = CHINA_ITALY_WEEK;

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
  ({ ids } = await createChinaItalyWeek(t.db, t.clock));
});
afterAll(async () => t.close());

describe('the agenda in the event zone (default, and without JavaScript)', () => {
  it('lists a session across midnight under its start day, its end marked as the next day', async () => {
    const res = await get(`/events/${SLUG}/agenda`);
    expect(res.body).toContain('<p class="zone-notice" title="Asia/Shanghai">All times are in Beijing time.</p>');
    expect(res.body).toContain(`<a class="zone-control__change" href="/events/${SLUG}/time-zone">Change time zone</a>`);
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
  it('shows Rome time on both sides of the change to winter time: 09:00 Beijing is 03:00, then 02:00', async () => {
    const res = await get(`/events/${SLUG}/agenda?tz=Europe/Rome`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<p class="zone-notice" title="Europe/Rome">Times are shown in Rome time, the zone you chose. The event itself runs on Beijing time.</p>');
    expect(res.body).toContain('<a href="/events/china-italy-innovation-week/agenda" data-zone-choice="event">Show in event time (Beijing time)</a>');
    expect(res.body).toContain(`<a class="zone-control__change" href="/events/${SLUG}/time-zone?tz&#x3D;Europe%2FRome">Change time zone</a>`);
    expect(daysOf(res.body)).toEqual([
      ['24 Oct 2026', [['Before the change', '03:00–04:00'], ['Midnight session', '17:30–18:30']]],
      ['26 Oct 2026', [['After the change', '02:00–03:00']]],
      ['27 Oct 2026', [['Early workshop', '00:30–01:30']]],
    ]);
    const zh = await get(`/events/${SLUG}/agenda?tz=Europe/Rome`, 'zh-CN');
    expect(zh.body).toContain('<p class="zone-notice" title="Europe/Rome">时间按您选择的罗马时间显示。活动本身采用北京时间。</p>');
    expect(zh.body).toContain(`<a class="zone-control__change" href="/events/${SLUG}/time-zone?tz&#x3D;Europe%2FRome">更改时区</a>`);
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
    // The time-zone page is given the view and search to come back to, and the "event time" link drops only the zone.
    expect(res.body).toContain(`<a class="zone-control__change" href="/events/${SLUG}/time-zone?return&#x3D;%2Fevents%2F${SLUG}%2Fagenda%3Fview%3Droom%26q%3Dchange&amp;tz&#x3D;Europe%2FRome&amp;lang&#x3D;en">`);
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
      expect(res.body).toContain(`<a class="zone-control__change" href="/events/${SLUG}/time-zone">Change time zone</a>`);
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
