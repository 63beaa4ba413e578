// The helpers behind the reader's zone and schema.org data: zone names from URLs, days a session spans, ISO times
// with offsets, JSON-LD that cannot break out of its script, query strings. Also run under TZ=America/New_York.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { pageZone } from '../../src/features/agenda/public-zone.ts';
import { withQuery } from '../../src/lib/with-query.ts';
import { jsonLdScript } from '../../src/lib/json-ld.ts';
import { daysLater, isoWithOffset, parseViewerZone, supportedTimeZones, timeZonesByRegion } from '../../src/lib/time-zones.ts';

describe('parseViewerZone', () => {
  it('accepts listed zones and UTC, other spellings of them, and nothing else', () => {
    expect(parseViewerZone('Europe/Rome')).toBe('Europe/Rome');
    expect(parseViewerZone('UTC')).toBe('UTC');
    expect(parseViewerZone('europe/rome')).toBe('Europe/Rome');
    for (const bad of [undefined, '', 'Mars/Olympus', '+08:00', 'Europe/Rome/x', '<script>', 'x'.repeat(101)]) expect(parseViewerZone(bad)).toBeUndefined();
  });

  it('answers with the current IANA name for the older names ICU and Chrome still use, and for other aliases', () => {
    expect(
      ['Asia/Kolkata', 'Asia/Calcutta', 'asia/saigon', 'America/Buenos_Aires', 'Asia/Katmandu', 'Asia/Rangoon', 'Europe/Kiev', 'America/Godthab', 'Pacific/Truk', 'Asia/Chongqing', 'Asia/Macao', 'US/Eastern'].map(
        parseViewerZone,
      ),
    ).toEqual(['Asia/Kolkata', 'Asia/Kolkata', 'Asia/Ho_Chi_Minh', 'America/Argentina/Buenos_Aires', 'Asia/Kathmandu', 'Asia/Yangon', 'Europe/Kyiv', 'America/Nuuk', 'Pacific/Chuuk', 'Asia/Shanghai', 'Asia/Macau', 'America/New_York']);
  });

  it('lists every zone by its current IANA name, none by an older one', () => {
    const zones = supportedTimeZones();
    const older = ['Africa/Asmera', 'America/Buenos_Aires', 'America/Catamarca', 'America/Coral_Harbour', 'America/Cordoba', 'America/Godthab', 'America/Indianapolis', 'America/Jujuy', 'America/Louisville', 'America/Mendoza', 'Asia/Calcutta', 'Asia/Katmandu', 'Asia/Rangoon', 'Asia/Saigon', 'Atlantic/Faeroe', 'Europe/Kiev', 'Pacific/Enderbury', 'Pacific/Ponape', 'Pacific/Truk'];
    expect(older.filter((zone) => zones.has(zone))).toEqual([]);
    const current = ['Africa/Asmara', 'America/Argentina/Buenos_Aires', 'America/Argentina/Catamarca', 'America/Atikokan', 'America/Argentina/Cordoba', 'America/Nuuk', 'America/Indiana/Indianapolis', 'America/Argentina/Jujuy', 'America/Kentucky/Louisville', 'America/Argentina/Mendoza', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Yangon', 'Asia/Ho_Chi_Minh', 'Atlantic/Faroe', 'Europe/Kyiv', 'Pacific/Kanton', 'Pacific/Pohnpei', 'Pacific/Chuuk'];
    expect(current.filter((zone) => !zones.has(zone))).toEqual([]);
    expect(older.map(parseViewerZone)).toEqual(current);
    expect(zones.size).toBe(new Set(Intl.supportedValuesOf('timeZone')).size + 1);
  });

  it('never throws and returns only zones of the list (property)', () => {
    const zones = [...supportedTimeZones()];
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom(...zones), fc.constantFrom(...zones).map((z) => z.toLowerCase())), (value) => {
        const zone = parseViewerZone(value);
        if (zone !== undefined) expect(supportedTimeZones().has(zone)).toBe(true);
        if (supportedTimeZones().has(value)) expect(zone).toBe(value);
      }),
    );
  });

  it('offers the common zones by region, each once and each one the server accepts, plus the event’s and reader’s own', () => {
    const regions = timeZonesByRegion();
    expect(regions.map((r) => r.region)).toEqual(['Africa', 'America', 'Asia', 'Australia', 'Europe', 'Pacific', 'UTC']);
    const zones = regions.flatMap((r) => r.zones);
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones.length).toBe(54);
    for (const zone of zones) expect(supportedTimeZones().has(zone)).toBe(true);
    expect(zones).toEqual(expect.arrayContaining(['Asia/Shanghai', 'Europe/Rome', 'America/New_York', 'UTC']));
    const withOwn = timeZonesByRegion(['Pacific/Fiji', 'Asia/Shanghai', undefined]).flatMap((r) => r.zones);
    expect(withOwn.length).toBe(55);
    expect(withOwn).toContain('Pacific/Fiji');
    // An older name of a listed zone adds nothing; of another zone, its current name.
    expect(timeZonesByRegion(['Asia/Calcutta', 'asia/ho_chi_minh'])).toEqual(regions);
    expect(timeZonesByRegion(['Asia/Katmandu', 'Mars/Base']).find((r) => r.region === 'Asia')!.zones).toContain('Asia/Kathmandu');
  });

  it('names the zones of the Americas and Asia as IANA does now', () => {
    const zonesOf = (region: string) => timeZonesByRegion().find((r) => r.region === region)!.zones;
    expect(zonesOf('America')).toEqual([
      'America/Argentina/Buenos_Aires', 'America/Bogota', 'America/Chicago', 'America/Denver', 'America/Lima', 'America/Los_Angeles',
      'America/Mexico_City', 'America/New_York', 'America/Santiago', 'America/Sao_Paulo', 'America/Toronto',
    ]);
    expect(zonesOf('Asia')).toEqual([
      'Asia/Almaty', 'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Dubai', 'Asia/Ho_Chi_Minh', 'Asia/Hong_Kong', 'Asia/Jakarta', 'Asia/Jerusalem', 'Asia/Karachi', 'Asia/Kolkata',
      'Asia/Kuala_Lumpur', 'Asia/Macau', 'Asia/Manila', 'Asia/Riyadh', 'Asia/Seoul', 'Asia/Shanghai', 'Asia/Singapore', 'Asia/Taipei', 'Asia/Tashkent', 'Asia/Tehran', 'Asia/Tokyo',
    ]);
  });
});

describe('pageZone', () => {
  it('takes a reader’s zone for the event’s own when only its spelling differs, and lists it once', () => {
    const same = pageZone('Asia/Calcutta', { tz: 'Asia/Kolkata' }, '/events/x/agenda');
    expect([same.zone, same.viewerZone, same.keep]).toEqual(['Asia/Calcutta', undefined, '']);
    expect(same.zonePageHref).toBe('/events/x/time-zone');
    const old = pageZone('Asia/Shanghai', { tz: 'Asia/Saigon' }, '/events/x/agenda');
    expect([old.zone, old.viewerZone, old.keep]).toEqual(['Asia/Ho_Chi_Minh', 'Asia/Ho_Chi_Minh', '?tz=Asia%2FHo_Chi_Minh']);
  });

  it('links the time-zone page with the page to come back to, its zone and language; the plain agenda needs no return', () => {
    const grid = pageZone('Asia/Shanghai', { tz: 'Europe/Rome', lang: 'zh-CN' }, '/events/x/agenda', { view: 'grid' }, { view: 'grid', day: '2026-10-25' });
    expect(grid.zonePageHref).toBe('/events/x/time-zone?return=%2Fevents%2Fx%2Fagenda%3Fview%3Dgrid%26day%3D2026-10-25&tz=Europe%2FRome&lang=zh-CN');
    // The "event time" link keeps the view but not the day, which event time may not have.
    expect(grid.eventTimeHref).toBe('/events/x/agenda?view=grid&lang=zh-CN');
    expect(pageZone('Asia/Shanghai', {}, '/events/x/agenda', {}, { q: '' }).zonePageHref).toBe('/events/x/time-zone');
    expect(pageZone('Asia/Shanghai', {}, '/events/x/agenda/changes').zonePageHref).toBe('/events/x/time-zone?return=%2Fevents%2Fx%2Fagenda%2Fchanges');
    const search = pageZone('Asia/Shanghai', {}, '/events/x/agenda', { q: '李娜 & co' }, { q: '李娜 & co' });
    expect(search.zonePageHref).toBe('/events/x/time-zone?return=%2Fevents%2Fx%2Fagenda%3Fq%3D%25E6%259D%258E%25E5%25A8%259C%2B%2526%2Bco');
  });
});

describe('daysLater and isoWithOffset', () => {
  const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toJSDate();

  it('counts the calendar days between start and end in the zone, DST days included', () => {
    expect(daysLater(at('2026-10-24T23:30', 'Asia/Shanghai'), at('2026-10-25T00:30', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe(1);
    expect(daysLater(at('2026-10-24T23:30', 'Asia/Shanghai'), at('2026-10-25T00:30', 'Asia/Shanghai'), 'America/New_York')).toBe(0);
    // A 25-hour day in Rome still counts as one day.
    expect(daysLater(at('2026-10-24T12:00', 'Europe/Rome'), at('2026-10-25T12:00', 'Europe/Rome'), 'Europe/Rome')).toBe(1);
    expect(daysLater(at('2026-10-24T09:00', 'Europe/Rome'), at('2026-10-26T08:00', 'Europe/Rome'), 'Europe/Rome')).toBe(2);
  });

  it('prints ISO 8601 with the zone’s offset at that instant', () => {
    expect(isoWithOffset(new Date('2026-09-17T01:00:00Z'), 'Asia/Shanghai')).toBe('2026-09-17T09:00:00+08:00');
    expect(isoWithOffset(new Date('2026-10-24T01:00:00Z'), 'Europe/Rome')).toBe('2026-10-24T03:00:00+02:00');
    expect(isoWithOffset(new Date('2026-10-26T01:00:00Z'), 'Europe/Rome')).toBe('2026-10-26T02:00:00+01:00');
  });
});

describe('jsonLdScript', () => {
  it('escapes what could end the script, and parses back to the same data (property)', () => {
    expect(jsonLdScript({ name: '</script><script>alert(1)</script>' })).toBe(
      '<script type="application/ld+json">{"name":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}</script>',
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const html = jsonLdScript(value);
        const body = html.slice('<script type="application/ld+json">'.length, -'</script>'.length);
        expect(body).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(body)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('withQuery', () => {
  it('builds query strings from the non-empty parameters', () => {
    expect(withQuery('/a', { view: undefined, q: '', tz: 'Europe/Rome', lang: 'zh-CN' })).toBe('/a?tz=Europe%2FRome&lang=zh-CN');
    expect(withQuery('/a', {})).toBe('/a');
  });
});
