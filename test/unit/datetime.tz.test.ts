// Zone-aware formatting must not depend on the machine's zone: CI runs this file under UTC and America/New_York.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasMessage } from '../../src/i18n/index.ts';
import { formatDate, formatDateRange, formatDateTime, formatTime, isValidTimeZone, utcOffsetLabel, utcOffsetSpan, zoneName } from '../../src/lib/datetime.ts';
import { timeZonesByRegion } from '../../src/lib/time-zones.ts';

const at = (iso: string) => new Date(iso);

describe('formatDateTime', () => {
  it('prints Beijing wall time with the zone named (issue example)', () => {
    expect(formatDateTime(at('2025-09-17T01:00:00Z'), 'Asia/Shanghai', 'en')).toBe('17 Sep 2025, 09:00 (Beijing time, UTC+8)');
    expect(formatDateTime(at('2025-09-17T01:00:00Z'), 'Asia/Shanghai', 'zh-CN')).toBe('2025年9月17日 09:00（北京时间）');
  });

  it('crosses the date line correctly: 23:30 UTC is the next morning in Beijing', () => {
    expect(formatDateTime(at('2025-03-26T23:30:00Z'), 'Asia/Shanghai', 'en')).toBe('27 Mar 2025, 07:30 (Beijing time, UTC+8)');
  });

  it('follows daylight saving time in zones that have it', () => {
    expect(formatDateTime(at('2025-09-17T01:00:00Z'), 'America/New_York', 'en')).toBe('16 Sep 2025, 21:00 (New York time, UTC-4)');
    expect(formatDateTime(at('2025-12-17T01:00:00Z'), 'America/New_York', 'en')).toBe('16 Dec 2025, 20:00 (New York time, UTC-5)');
    expect(formatDateTime(at('2025-03-30T00:30:00Z'), 'Europe/Rome', 'en')).toBe('30 Mar 2025, 01:30 (Rome time, UTC+1)');
    expect(formatDateTime(at('2025-03-30T01:30:00Z'), 'Europe/Rome', 'en')).toBe('30 Mar 2025, 03:30 (Rome time, UTC+2)');
  });

  it('prints every instant of a minute alike, and the next minute apart, also at a DST change', () => {
    expect(formatDateTime(at('2025-03-30T00:59:00.000Z'), 'Europe/Rome', 'en')).toBe('30 Mar 2025, 01:59 (Rome time, UTC+1)');
    expect(formatDateTime(at('2025-03-30T00:59:59.999Z'), 'Europe/Rome', 'en')).toBe('30 Mar 2025, 01:59 (Rome time, UTC+1)');
    expect(formatDateTime(at('2025-03-30T01:00:00.000Z'), 'Europe/Rome', 'en')).toBe('30 Mar 2025, 03:00 (Rome time, UTC+2)');
  });

  it('keeps seconds apart where a zone’s offset had seconds (Monrovia, -0:44:30 until 1972)', () => {
    // 23:15:50 and 23:16:10 local: one UTC minute, two wall minutes.
    expect(formatDateTime(at('1971-01-01T00:00:20Z'), 'Africa/Monrovia', 'en')).toMatch(/^31 Dec 1970, 23:15 /);
    expect(formatDateTime(at('1971-01-01T00:00:40Z'), 'Africa/Monrovia', 'en')).toMatch(/^31 Dec 1970, 23:16 /);
  });

  it('agrees with the unremembered date and time for any instant, whatever was printed before in that minute', () => {
    const zones = ['Asia/Shanghai', 'Europe/Rome', 'America/New_York', 'Asia/Kolkata', 'Africa/Monrovia', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: 0, max: 59_999 }), fc.constantFrom(...zones), fc.constantFrom('en' as const, 'zh-CN' as const), (ms, offset, zone, locale) => {
          const earlier = new Date(ms - (ms % 60_000) + ((ms + offset) % 60_000));
          formatDateTime(earlier, zone, locale);
          const instant = new Date(ms);
          const text = formatDateTime(instant, zone, locale);
          expect(text.startsWith(formatDate(instant, zone, locale))).toBe(true);
          expect(text).toContain(formatTime(instant, zone, locale));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names every zone the picker offers from the locale files, the same all year round', () => {
    const zones = timeZonesByRegion().flatMap((region) => region.zones);
    expect(zones).toHaveLength(54);
    for (const locale of ['en', 'zh-CN'] as const) for (const zone of zones) expect(hasMessage(locale, `zone.${zone}`), `${locale} zone.${zone}`).toBe(true);
    expect(formatDateTime(at('2025-09-17T01:00:00Z'), 'Asia/Kolkata', 'en')).toBe('17 Sep 2025, 06:30 (India time, UTC+5:30)');
    // Madrid before and after the change to summer time: one name, two offsets.
    expect(formatDateTime(at('2027-03-27T10:00:00Z'), 'Europe/Madrid', 'en')).toBe('27 Mar 2027, 11:00 (Madrid time, UTC+1)');
    expect(formatDateTime(at('2027-03-29T10:00:00Z'), 'Europe/Madrid', 'zh-CN')).toBe('2027年3月29日 12:00（马德里时间）');
  });

  it('falls back to the generic Intl name, not the standard or summer one, for other zones', () => {
    expect(zoneName(at('2025-01-17T01:00:00Z'), 'Europe/Vienna', 'en')).toBe('Central European Time');
    expect(zoneName(at('2025-07-17T01:00:00Z'), 'Europe/Vienna', 'en')).toBe('Central European Time');
    expect(zoneName(at('2025-07-17T01:00:00Z'), 'America/Winnipeg', 'zh-CN')).toBe('北美中部时间');
  });

  it('gives a span crossing a daylight-saving change both offsets', () => {
    expect(utcOffsetSpan(at('2027-03-28T00:30:00Z'), at('2027-03-28T01:30:00Z'), 'Europe/Rome')).toBe('UTC+1 → UTC+2');
    expect(utcOffsetSpan(at('2027-03-28T01:30:00Z'), at('2027-03-28T02:30:00Z'), 'Europe/Rome')).toBe('UTC+2');
    expect(utcOffsetSpan(at('2027-03-28T00:30:00Z'), at('2027-03-28T01:30:00Z'), 'Asia/Shanghai')).toBe('UTC+8');
  });
});

describe('formatDateRange', () => {
  it.each([
    ['2025-09-15T01:00:00Z', '2025-09-19T09:00:00Z', 'en', '15–19 Sep 2025'],
    ['2025-09-15T01:00:00Z', '2025-09-19T09:00:00Z', 'zh-CN', '2025年9月15日至19日'],
    ['2025-09-30T01:00:00Z', '2025-10-02T09:00:00Z', 'en', '30 Sep – 2 Oct 2025'],
    ['2025-09-30T01:00:00Z', '2025-10-02T09:00:00Z', 'zh-CN', '2025年9月30日至10月2日'],
    ['2025-12-30T01:00:00Z', '2026-01-02T09:00:00Z', 'en', '30 Dec 2025 – 2 Jan 2026'],
    ['2025-12-30T01:00:00Z', '2026-01-02T09:00:00Z', 'zh-CN', '2025年12月30日至2026年1月2日'],
    ['2025-03-27T01:00:00Z', '2025-03-27T09:30:00Z', 'en', '27 Mar 2025'],
    ['2025-03-27T01:00:00Z', '2025-03-27T09:30:00Z', 'zh-CN', '2025年3月27日'],
  ] as const)('%s – %s in %s → %s', (start, end, locale, expected) => {
    expect(formatDateRange(at(start), at(end), 'Asia/Shanghai', locale)).toBe(expected);
  });

  it('uses the event’s zone, not UTC, to decide the days', () => {
    // 17:00 UTC on the 14th is 01:00 on the 15th in Beijing.
    expect(formatDateRange(at('2025-09-14T17:00:00Z'), at('2025-09-15T09:00:00Z'), 'Asia/Shanghai', 'en')).toBe('15 Sep 2025');
  });

  it('counts an end at midnight as the day before', () => {
    expect(formatDateRange(at('2025-09-14T16:00:00Z'), at('2025-09-16T16:00:00Z'), 'Asia/Shanghai', 'en')).toBe('15–16 Sep 2025');
  });
});

describe('zones', () => {
  it('labels offsets', () => {
    expect(utcOffsetLabel(at('2025-06-01T00:00:00Z'), 'Asia/Shanghai')).toBe('UTC+8');
    expect(utcOffsetLabel(at('2025-06-01T00:00:00Z'), 'Europe/London')).toBe('UTC+1');
    expect(utcOffsetLabel(at('2025-01-01T00:00:00Z'), 'Europe/London')).toBe('UTC');
    expect(utcOffsetLabel(at('2025-01-01T00:00:00Z'), 'America/Havana')).toBe('UTC-5');
  });

  it('knows valid IANA names', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => formatDate(at('2025-01-01T00:00:00Z'), 'Mars/Olympus_Mons', 'en')).toThrow('Unknown time zone: Mars/Olympus_Mons');
  });

  it('agrees with Intl on the Beijing calendar date for any instant', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const [y, m, d] = intl.format(instant).split('-').map(Number);
        expect(formatDate(instant, 'Asia/Shanghai', 'zh-CN')).toBe(`${y}年${m}月${d}日`);
      }),
    );
  });
});
