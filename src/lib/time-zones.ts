// The time zones a reader may pick to see an agenda in, and the small facts pages print about a time in a zone.
// Example: parseViewerZone('Europe/Rome') → 'Europe/Rome'; parseViewerZone('Asia/Calcutta') → 'Asia/Kolkata'
import { DateTime } from 'luxon';

let known: Set<string> | undefined;
let regions: { region: string; zones: string[] }[] | undefined;
let allRegions: { region: string; zones: string[] }[] | undefined;

/**
 * ICU (and so Node's and Chrome's Intl) still lists and reports some zones by names IANA has since replaced; the
 * current names, which people know and the tz database's zone.tab uses, are on the right. Browsers report either.
 */
const IANA_NAME_OF_ICU_NAME: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};
const ianaName = (zone: string): string => IANA_NAME_OF_ICU_NAME[zone] ?? zone;

/** Every IANA zone this runtime's Intl knows, by its current IANA name (Asia/Kolkata), plus 'UTC'. */
export function supportedTimeZones(): ReadonlySet<string> {
  // Built on first use, not at import: the list is ~400 names.
  known ??= new Set([...Intl.supportedValuesOf('timeZone').map(ianaName), 'UTC']);
  return known;
}

/**
 * A zone asked for in a URL by its current IANA name, or undefined when it is missing, empty or unknown (the page
 * then shows the event's zone). Other spellings are accepted, so old links and every browser's report work: the
 * older names Chrome reports (Asia/Calcutta), other letter case, and aliases Intl knows (Asia/Chongqing).
 * Example: parseViewerZone('asia/saigon') → 'Asia/Ho_Chi_Minh'
 */
export function parseViewerZone(value: string | undefined): string | undefined {
  if (!value || value.length > 100) return undefined;
  const zones = supportedTimeZones();
  if (zones.has(value)) return value;
  let resolved: string;
  try {
    resolved = ianaName(new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone);
  } catch {
    return undefined;
  }
  return zones.has(resolved) ? resolved : undefined;
}

/**
 * The common zones: where a forum's participants, speakers and partners usually are. The time-zone page lists them
 * first, then all the others under "More cities".
 */
const COMMON_ZONES = [
  'Africa/Cairo', 'Africa/Casablanca', 'Africa/Johannesburg', 'Africa/Lagos', 'Africa/Nairobi', 'Africa/Addis_Ababa',
  'America/Bogota', 'America/Argentina/Buenos_Aires', 'America/Chicago', 'America/Denver', 'America/Lima', 'America/Los_Angeles',
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
 * The common zones grouped by their first part (Africa, America …), plus the event's and the reader's own when they
 * are not among them (by their current names, so an event kept on 'Asia/Calcutta' does not add a second Kolkata).
 * Pages name a group with {{t (concat "zoneRegion." region)}} and its zones by city with zoneOptionsByRegion
 * (zone-options.ts), which also orders them by those names.
 * Example: timeZonesByRegion(['Pacific/Fiji']) → [{ region: 'Africa', zones: [...] }, …, { region: 'Pacific', zones: ['Pacific/Auckland', 'Pacific/Fiji'] }, …]
 */
export function timeZonesByRegion(extra: (string | undefined)[] = []): { region: string; zones: string[] }[] {
  regions ??= group(COMMON_ZONES.map((zone) => parseViewerZone(zone)).filter((zone): zone is string => zone !== undefined));
  const more = extra.map((zone) => parseViewerZone(zone)).filter((zone): zone is string => zone !== undefined && !regions!.some((r) => r.zones.includes(zone)));
  return more.length === 0 ? regions : group([...regions.flatMap((r) => r.zones), ...more]);
}

/**
 * Every zone this runtime knows (supportedTimeZones), grouped by region like timeZonesByRegion: for the speaker
 * profile, where a person picks the zone they live in, and the time-zone page's "More cities", so no one is left out
 * (Europe/Stockholm).
 * Example: allTimeZonesByRegion().find((r) => r.region === 'Europe')!.zones.includes('Europe/Stockholm') → true
 */
export function allTimeZonesByRegion(): { region: string; zones: string[] }[] {
  allRegions ??= group([...supportedTimeZones()]);
  return allRegions;
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
