// What the time-zone page lists: the event's zone first, then the common zones and all the others by region, each
// as a city in the reader's language with its UTC offset on the event's dates and a link back to the page the reader
// came from (zone-return.ts) in that zone. The grid's day is kept where that zone has it, else the grid opens on its
// first day, as it does for a zone with no day asked.
// Example: buildZonePicker({ event, locale: 'en', target: { path: '/events/expo/agenda', params: {} }, sessionStarts: [] }).eventChoice.offset → 'UTC+08:00'
import { DateTime } from 'luxon';
import type { Locale } from '../../i18n/index.ts';
import { zoneName } from '../../lib/datetime.ts';
import { allTimeZonesByRegion, parseViewerZone, timeZonesByRegion } from '../../lib/time-zones.ts';
import { zoneOptionsByRegion } from '../../lib/zone-options.ts';
import { returnHref, type ReturnTarget } from './zone-return.ts';

export interface ZoneChoice {
  zone: string;
  /** The city ('Rome', '罗马'); for the event's own entry at the top, the zone's name ('Beijing time'). */
  name: string;
  /** 'UTC+08:00', or 'UTC+02:00 → UTC+01:00' for a zone whose offset changes during the event. */
  offset: string;
  href: string;
  /** The zone the page the reader came from shows its times in. */
  current: boolean;
  /** The event's own zone: its link shows event time (no ?tz). */
  event: boolean;
}

type Region = { region: string; zones: ZoneChoice[] };

export interface ZonePicker {
  eventChoice: ZoneChoice;
  common: Region[];
  more: Region[];
  /** The page the reader came from, as it was. */
  backHref: string;
}

interface PickerInput {
  event: { timezone: string; startsAt: Date; endsAt: Date };
  /** The reader's current zone (a parsed ?tz), when it is not the event's. */
  viewerZone?: string;
  target: ReturnTarget;
  lang?: string;
  locale: Locale;
  /** The published sessions' starts (ms), for the grid's day: only read when the target has one. */
  sessionStarts: readonly number[];
}

export function buildZonePicker({ event, viewerZone, target, lang, locale, sessionStarts }: PickerInput): ZonePicker {
  const eventZone = parseViewerZone(event.timezone) ?? event.timezone;
  const offsets = offsetsDuring(event.startsAt, event.endsAt);
  const day = target.params.day;
  const choice = (zone: string, name: string): ZoneChoice => {
    const isEvent = zone === eventZone;
    const offset = offsets(zone);
    return {
      zone,
      name,
      offset: offset.start === offset.end ? offsetLabel(offset.start) : `${offsetLabel(offset.start)} → ${offsetLabel(offset.end)}`,
      href: returnHref(target, { tz: isEvent ? undefined : zone, lang, keepDay: day !== undefined && hasSessionOn(day, zone, offset, sessionStarts) }),
      current: viewerZone ? zone === viewerZone : isEvent,
      event: isEvent,
    };
  };
  const regions = (list: ReturnType<typeof zoneOptionsByRegion>) => list.map(({ region, zones }) => ({ region, zones: zones.map((z) => choice(z.value, z.name)) }));
  const common = zoneOptionsByRegion(timeZonesByRegion([eventZone, viewerZone]), locale);
  const listed = new Set(common.flatMap((r) => r.zones.map((z) => z.value)));
  const more = zoneOptionsByRegion(allTimeZonesByRegion(), locale)
    .map(({ region, zones }) => ({ region, zones: zones.filter((z) => !listed.has(z.value)) }))
    .filter((r) => r.zones.length > 0);
  return {
    eventChoice: choice(eventZone, zoneName(event.startsAt, eventZone, locale)),
    common: regions(common),
    more: regions(more),
    backHref: returnHref(target, { tz: viewerZone, lang }),
  };
}

/** 'UTC+08:00', 'UTC-03:30', 'UTC+00:00': fixed width, so a column of them lines up. */
export function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

type Offsets = { start: number; end: number };

// Each zone's offsets on an event's dates, kept per pair of dates: the ~420 zones cost Luxon about 15 ms, once per
// event and process rather than for every address the page is asked at (any ?return= is a new one to render).
const keptOffsets = new Map<string, Map<string, Offsets>>();
const MAX_KEPT_EVENTS = 50;

/** A zone's offset in minutes at the event's start and at its last moment (before its exclusive end). */
function offsetsDuring(startsAt: Date, endsAt: Date): (zone: string) => Offsets {
  const [from, to] = [startsAt.getTime(), Math.max(startsAt.getTime(), endsAt.getTime() - 1)];
  const key = `${from}|${to}`;
  let byZone = keptOffsets.get(key);
  if (!byZone) {
    if (keptOffsets.size >= MAX_KEPT_EVENTS) keptOffsets.delete(keptOffsets.keys().next().value!);
    keptOffsets.set(key, (byZone = new Map()));
  }
  const zones = byZone;
  return (zone) => {
    let found = zones.get(zone);
    if (!found) zones.set(zone, (found = { start: DateTime.fromMillis(from, { zone }).offset, end: DateTime.fromMillis(to, { zone }).offset }));
    return found;
  };
}

/**
 * Whether a session starts on `day` (YYYY-MM-DD) in the zone, as the grid lists its days. A zone whose offset stays
 * the same through the event needs only arithmetic; one that changes (a daylight-saving change) asks Luxon where the
 * day's midnights fall.
 */
function hasSessionOn(day: string, zone: string, offset: Offsets, starts: readonly number[]): boolean {
  let from: number;
  let to: number;
  if (offset.start === offset.end) {
    from = Date.parse(`${day}T00:00:00Z`) - offset.start * 60_000;
    to = from + 86_400_000;
  } else {
    const midnight = DateTime.fromISO(day, { zone });
    [from, to] = [midnight.toMillis(), midnight.plus({ days: 1 }).toMillis()];
  }
  return starts.some((start) => start >= from && start < to);
}
