// The time zones a reader may pick to see an agenda in, and the small facts pages print about a time in a zone.
// Example: parseViewerZone('Europe/Rome') → 'Europe/Rome'; parseViewerZone('Mars/Base') → undefined
import { DateTime } from 'luxon';

let known: Set<string> | undefined;
let regions: { region: string; zones: string[] }[] | undefined;

/** Every IANA zone this runtime's Intl knows, plus 'UTC' (which Intl lists under Etc or not at all). */
export function supportedTimeZones(): ReadonlySet<string> {
  // Built on first use, not at import: the list is ~400 names.
  known ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return known;
}

/**
 * A zone asked for in a URL as Intl lists it, or undefined when it is missing, empty or unknown (the page then shows
 * the event's zone). Other spellings of a listed zone are accepted: browsers report 'Asia/Kolkata' where this
 * runtime's list says 'Asia/Calcutta'. Example: parseViewerZone('Asia/Kolkata') → 'Asia/Calcutta'
 */
export function parseViewerZone(value: string | undefined): string | undefined {
  if (!value || value.length > 100) return undefined;
  const zones = supportedTimeZones();
  if (zones.has(value)) return value;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return zones.has(canonical) ? canonical : undefined;
}

/**
 * The zones the picker offers: where a forum's participants, speakers and partners usually are. Listing all ~420
 * made every agenda page 16 KB heavier on phones; any other zone still works through ?tz=, and the page's script
 * offers the browser's own zone in one click (adding it to the list).
 */
const COMMON_ZONES = [
  'Africa/Cairo', 'Africa/Casablanca', 'Africa/Johannesburg', 'Africa/Lagos', 'Africa/Nairobi', 'Africa/Addis_Ababa',
  'America/Bogota', 'America/Buenos_Aires', 'America/Chicago', 'America/Denver', 'America/Lima', 'America/Los_Angeles',
  'America/Mexico_City', 'America/New_York', 'America/Santiago', 'America/Sao_Paulo', 'America/Toronto',
  'Asia/Almaty', 'Asia/Bangkok', 'Asia/Kolkata', 'Asia/Dhaka', 'Asia/Dubai', 'Asia/Ho_Chi_Minh', 'Asia/Hong_Kong',
  'Asia/Jakarta', 'Asia/Jerusalem', 'Asia/Karachi', 'Asia/Kuala_Lumpur', 'Asia/Macau', 'Asia/Manila', 'Asia/Riyadh',
  'Asia/Seoul', 'Asia/Shanghai', 'Asia/Singapore', 'Asia/Taipei', 'Asia/Tashkent', 'Asia/Tehran', 'Asia/Tokyo',
  'Australia/Perth', 'Australia/Sydney',
  'Europe/Athens', 'Europe/Berlin', 'Europe/Budapest', 'Europe/Helsinki', 'Europe/Istanbul', 'Europe/Lisbon',
  'Europe/London', 'Europe/Madrid', 'Europe/Moscow', 'Europe/Paris', 'Europe/Rome', 'Europe/Warsaw',
  'Pacific/Auckland', 'UTC',
];

/**
 * The picker's zones grouped by their first part (Africa, America …), for a <select> with <optgroup>s: the common
 * ones, plus the event's and the reader's own when they are not among them.
 * Example: timeZonesByRegion(['Pacific/Fiji']) → [{ region: 'Africa', zones: [...] }, …, { region: 'Pacific', zones: ['Pacific/Auckland', 'Pacific/Fiji'] }, …]
 */
export function timeZonesByRegion(extra: (string | undefined)[] = []): { region: string; zones: string[] }[] {
  regions ??= group(COMMON_ZONES.map((zone) => parseViewerZone(zone)).filter((zone): zone is string => zone !== undefined));
  const more = extra.filter((zone): zone is string => zone !== undefined && !regions!.some((r) => r.zones.includes(zone)));
  return more.length === 0 ? regions : group([...regions.flatMap((r) => r.zones), ...more]);
}

function group(zones: string[]): { region: string; zones: string[] }[] {
  const byRegion = new Map<string, string[]>();
  for (const zone of [...new Set(zones)].sort()) {
    const region = zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : 'UTC';
    byRegion.set(region, [...(byRegion.get(region) ?? []), zone]);
  }
  return [...byRegion].map(([region, list]) => ({ region, zones: list }));
}

/** ISO 8601 with the zone's offset at that instant, as schema.org wants: '2026-09-17T09:00:00+08:00'. */
export function isoWithOffset(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true })!;
}

/** The calendar day of an instant in a zone: '2026-09-17'. */
export function dayInZone(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** How many calendar days after its start's day a session ends, in a zone: 23:30–00:30 → 1; 09:00–10:00 → 0. */
export function daysLater(start: Date, end: Date, zone: string): number {
  const a = DateTime.fromJSDate(start, { zone }).startOf('day');
  const b = DateTime.fromJSDate(end, { zone }).startOf('day');
  return Math.max(0, Math.round(b.diff(a, 'days').days));
}
