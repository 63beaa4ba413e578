// Prints instants as wall time in an event's zone, with the zone named in the reader's language.
// Example: formatDateTime(new Date('2025-09-17T01:00:00Z'), 'Asia/Shanghai', 'en') → '17 Sep 2025, 09:00 (Beijing time, UTC+8)'
import { DateTime } from 'luxon';
import { hasMessage, translate, type Locale } from '../i18n/index.ts';

// Luxon locale for month names; 'en' prints "Sep" where en-GB would print "Sept".
const LUXON_LOCALE: Record<Locale, string> = { en: 'en', 'zh-CN': 'zh-CN' };

// Luxon computes zone offsets through Intl on every call (~0.1–0.3 ms); pages print the same few instants again
// and again, so finished strings are remembered. Cleared wholesale when full: cheap, and bounded.
const MEMO_LIMIT = 10_000;
const memo = new Map<string, string>();
function remember(key: string, make: () => string): string {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = make();
    memo.set(key, value);
  }
  return value;
}

function inZone(instant: Date, zone: string, locale: Locale): DateTime {
  const dt = DateTime.fromJSDate(instant, { zone }).setLocale(LUXON_LOCALE[locale]);
  if (!dt.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  return dt;
}

/** True for IANA zone names Luxon (and so the Intl data) knows. */
export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** "UTC+8", "UTC+5:30", "UTC-4", "UTC" at the given instant. */
export function utcOffsetLabel(instant: Date, zone: string): string {
  const dt = DateTime.fromJSDate(instant, { zone });
  return dt.offset === 0 ? 'UTC' : `UTC${dt.toFormat('Z')}`;
}

/** "UTC+1", or "UTC+1 → UTC+2" for a span that crosses a change of the zone's offset (a daylight-saving change). */
export function utcOffsetSpan(start: Date, end: Date, zone: string): string {
  const [from, to] = [utcOffsetLabel(start, zone), utcOffsetLabel(end, zone)];
  return from === to ? from : `${from} → ${to}`;
}

/**
 * "Beijing time" / "北京时间" from the locale files (every common zone has one), else the generic name
 * Intl gives for that language ("Central European Time", not "… Standard Time", which is wrong for half the year
 * and for the days of an event that crosses the change). An unknown zone throws, as it is never remembered.
 */
export function zoneName(instant: Date, zone: string, locale: Locale): string {
  const key = `zone.${zone}`;
  if (hasMessage(locale, key)) return translate(locale, key);
  return remember(`zone|${zone}|${locale}`, () => {
    inZone(instant, zone, locale);
    const parts = new Intl.DateTimeFormat(LUXON_LOCALE[locale], { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(instant);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
  });
}

export function formatDate(instant: Date, zone: string, locale: Locale): string {
  return inZone(instant, zone, locale).toFormat(translate(locale, 'format.date'));
}

export function formatTime(instant: Date, zone: string, locale: Locale): string {
  return inZone(instant, zone, locale).toFormat(translate(locale, 'format.time'));
}

/** Date and time with the zone named: "17 Sep 2025, 09:00 (Beijing time, UTC+8)" / "2025年9月17日 09:00（北京时间）". */
export function formatDateTime(instant: Date, zone: string, locale: Locale): string {
  return remember(`dt|${minuteKey(instant)}|${zone}|${locale}`, () => buildDateTime(instant, zone, locale));
}

// Since 1973 every zone's offset is whole minutes (Liberia's -0:44:30 was the last to go), so two instants in one
// UTC minute print the same minute-precise text: a key per minute lets "now" (a check-in, a sent mail) hit the
// memo on every call within that minute, instead of adding a fresh entry per call.
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1973, 0, 1);
function minuteKey(instant: Date): string {
  const ms = instant.getTime();
  return ms >= WHOLE_MINUTE_OFFSETS_SINCE ? `m${Math.floor(ms / 60_000)}` : String(ms);
}

function buildDateTime(instant: Date, zone: string, locale: Locale): string {
  return translate(locale, 'format.dateTimeZone', {
    date: formatDate(instant, zone, locale),
    time: formatTime(instant, zone, locale),
    zone: zoneName(instant, zone, locale),
    offset: utcOffsetLabel(instant, zone),
  });
}

/**
 * The calendar days an event spans in its own zone, shortened where month or year repeat:
 * "15–19 Sep 2025" / "2025年9月15日至19日". An end exactly at midnight belongs to the day before.
 */
export function formatDateRange(start: Date, end: Date, zone: string, locale: Locale): string {
  return remember(`dr|${start.getTime()}|${end.getTime()}|${zone}|${locale}`, () => buildDateRange(start, end, zone, locale));
}

function buildDateRange(start: Date, end: Date, zone: string, locale: Locale): string {
  const a = inZone(start, zone, locale);
  let b = inZone(end, zone, locale);
  if (b > a && b.equals(b.startOf('day'))) b = b.minus({ milliseconds: 1 });
  if (a.hasSame(b, 'day')) return a.toFormat(translate(locale, 'format.date'));
  const span = a.hasSame(b, 'month') ? 'SameMonth' : a.hasSame(b, 'year') ? 'SameYear' : 'OtherYear';
  return translate(locale, span === 'SameMonth' ? 'format.rangeJoinSameMonth' : 'format.rangeJoin', {
    start: a.toFormat(translate(locale, `format.range${span}Start`)),
    end: b.toFormat(translate(locale, `format.range${span}End`)),
  });
}
