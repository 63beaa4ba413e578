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

/** The supported zones grouped by their first part (Africa, America …), for a <select> with <optgroup>s. */
export function timeZonesByRegion(): { region: string; zones: string[] }[] {
  if (!regions) {
    const byRegion = new Map<string, string[]>();
    for (const zone of [...supportedTimeZones()].sort()) {
      const region = zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : 'UTC';
      byRegion.set(region, [...(byRegion.get(region) ?? []), zone]);
    }
    regions = [...byRegion].map(([region, zones]) => ({ region, zones }));
  }
  return regions;
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
