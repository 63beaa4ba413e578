// Reads a wall time typed by an organiser ("2026-03-29T02:30") in an event's zone, refusing times that do not exist
// there (the hour skipped when clocks go forward) or exist twice (the hour repeated when they go back).
// Example: parseWallTime('2026-09-17T09:00', 'Asia/Shanghai') → { instant: 2026-09-17T01:00:00.000Z }
import { DateTime } from 'luxon';

export type WallTimeProblem = 'format' | 'nonexistent' | 'ambiguous';

export type WallTimeResult = { instant: Date; problem?: undefined } | { instant?: undefined; problem: WallTimeProblem };

// As a browser's date-time field sends it (2026-09-17T09:00, with :00 seconds at times), or as people type it (a
// space for the T, full-width digits from a Chinese keyboard).
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T| +)(\d{2}):(\d{2})(?::00(?:\.0{1,3})?)?$/;

export function parseWallTime(text: string, zone: string): WallTimeResult {
  const match = WALL_TIME.exec(text.normalize('NFKC').trim());
  if (!match) return { problem: 'format' };
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  // Luxon reads 24:00 as the next midnight; a form field never shows it.
  if (hour > 23 || minute > 59) return { problem: 'format' };
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!dt.isValid) return { problem: 'format' };
  // Luxon moves a time in a gap forward; if the clock reading changed, it was never shown on a wall clock there.
  if (dt.year !== year || dt.month !== month || dt.day !== day || dt.hour !== hour || dt.minute !== minute) return { problem: 'nonexistent' };
  if (dt.getPossibleOffsets().length > 1) return { problem: 'ambiguous' };
  return { instant: dt.toJSDate() };
}

/** The wall time of an instant in a zone, as the form field shows it: "2026-09-17T09:00". */
export function formatWallTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * The instant whose clocks in `to` read what `instant`'s read in `from` (a time entered in a zone since corrected),
 * refused as parseWallTime refuses it when `to` skips or repeats that reading.
 * Example: keepWallTime(new Date('2027-07-01T01:00:00Z'), 'Asia/Shanghai', 'Europe/Berlin') → { instant: 2027-07-01T07:00:00.000Z }
 */
export function keepWallTime(instant: Date, from: string, to: string): WallTimeResult {
  const kept = parseWallTime(formatWallTime(instant, from), to);
  // Offsets are whole minutes, so seconds read the same everywhere: carried over as they were.
  return kept.problem ? kept : { instant: new Date(kept.instant.getTime() + instant.getUTCSeconds() * 1000 + instant.getUTCMilliseconds()) };
}
