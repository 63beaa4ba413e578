// Lays out one day of an event's agenda as a table: a column per room (and one for sessions without a room), a row
// per step of wall time, each session spanning the rows of its duration. A table with rowspan rather than positioned
// boxes, because the strict CSP forbids style attributes and screen readers get row and column headers for free.
// Example: const grid = layOutDay({ day: '2026-03-28', zone: 'Europe/Rome', sessions, rooms });
import { DateTime } from 'luxon';

const MINUTE_MS = 60_000;

export interface GridSession {
  id: string;
  roomId: string | null;
  startsAt: Date;
  endsAt: Date;
}

export interface GridRoom {
  id: string;
}

/** What one table cell of a room's lane holds in one row. */
export type GridCell<S> =
  | { kind: 'session'; session: S; rowspan: number }
  /** A free slot: where a new session in this room would start. */
  | { kind: 'free'; startsAt: string };

export interface GridColumn<R> {
  /** null: the column of sessions without a room. */
  room: R | null;
  /** Overlapping sessions of one room (a conflict) sit side by side, one lane each. */
  lanes: number;
}

export interface GridRow<S> {
  /** Wall time in the event's zone, "09:15". */
  label: string;
  /** The row's wall time as the session form takes it: "2026-03-28T09:15". */
  startsAt: string;
  /** Whether the label is a full hour or half hour, which the table shows more strongly. */
  major: boolean;
  /** Whether the label is shown: every row with 15-minute steps, quarter hours only with 5-minute ones. */
  labelled: boolean;
  /** Per column, per lane: a cell, or nothing where a session above spans over this row. */
  cells: (GridCell<S> | undefined)[][];
}

export interface GridLayout<S, R> {
  columns: GridColumn<R>[];
  rows: GridRow<S>[];
  /** Minutes per row: 15, or 5 when a session starts or ends between quarter hours. */
  step: number;
}

/** The wall-clock day (ISO date) of an instant in a zone. */
export const dayOf = (instant: Date, zone: string): string => DateTime.fromJSDate(instant, { zone }).toISODate()!;

/** An instant on the day in the zone (its noon), for the date helpers, which show the day of an instant in a zone. */
export const noonOfDay = (day: string, zone: string): Date => DateTime.fromISO(day, { zone }).set({ hour: 12 }).toJSDate();

/**
 * The days an organiser can open: every day of the event in its zone (the end is exclusive, so an event ending at
 * midnight does not gain a day), plus any day a session was put on outside them, in date order.
 */
export function listGridDays(event: { startsAt: Date; endsAt: Date; timezone: string }, sessions: GridSession[], maxDays = 62): string[] {
  const days = new Set<string>();
  const last = dayOf(new Date(Math.max(event.startsAt.getTime(), event.endsAt.getTime() - 1)), event.timezone);
  let cursor = DateTime.fromJSDate(event.startsAt, { zone: event.timezone }).startOf('day');
  while (days.size < maxDays && cursor.toISODate()! <= last) {
    days.add(cursor.toISODate()!);
    cursor = cursor.plus({ days: 1 });
  }
  for (const session of sessions) days.add(dayOf(session.startsAt, event.timezone));
  return [...days].sort();
}

/** Lays out the sessions starting on `day`; an empty day shows 09:00–18:00 so there is somewhere to add one. */
export function layOutDay<S extends GridSession, R extends GridRoom>(input: { day: string; zone: string; sessions: S[]; rooms: R[] }): GridLayout<S, R> {
  const { day, zone } = input;
  const ofDay = input.sessions.filter((s) => dayOf(s.startsAt, zone) === day).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime());
  const minuteOf = (instant: Date) => DateTime.fromJSDate(instant, { zone }).minute;
  const step = ofDay.every((s) => minuteOf(s.startsAt) % 15 === 0 && minuteOf(s.endsAt) % 15 === 0) ? 15 : 5;
  const stepMs = step * MINUTE_MS;
  const midnight = DateTime.fromISO(day, { zone }).startOf('day');
  // Rows are steps of elapsed time, not of clock readings, so a day when the clocks change has one hour fewer or more.
  const first = ofDay.length ? Math.min(...ofDay.map((s) => s.startsAt.getTime())) : midnight.set({ hour: 9 }).toMillis();
  const lastEnd = ofDay.length ? Math.max(...ofDay.map((s) => s.endsAt.getTime())) : midnight.set({ hour: 18 }).toMillis();
  const start = floorToStep(first, zone, step);
  const rowCount = Math.max(1, Math.ceil((lastEnd - start) / stepMs));
  const rowOf = (instant: Date) => Math.floor((instant.getTime() - start) / stepMs);
  const endRowOf = (instant: Date) => Math.max(Math.ceil((instant.getTime() - start) / stepMs), 0);

  const hasUnplaced = ofDay.some((s) => s.roomId === null || !input.rooms.some((r) => r.id === s.roomId));
  const columnRooms: (R | null)[] = [...input.rooms, ...(hasUnplaced ? [null] : [])];
  const columns: GridColumn<R>[] = [];
  // lanes[c][l]: the sessions of column c placed in lane l, as [first row, row after the last].
  const placements: { session: S; column: number; lane: number; from: number; to: number }[] = [];
  columnRooms.forEach((room, column) => {
    const inColumn = ofDay.filter((s) => (room ? s.roomId === room.id : s.roomId === null || !input.rooms.some((r) => r.id === s.roomId)));
    const laneEnds: number[] = [];
    for (const session of inColumn) {
      const from = rowOf(session.startsAt);
      const to = Math.max(endRowOf(session.endsAt), from + 1);
      let lane = laneEnds.findIndex((end) => end <= from);
      if (lane === -1) lane = laneEnds.push(to) - 1;
      else laneEnds[lane] = to;
      placements.push({ session, column, lane, from, to: Math.min(to, rowCount) });
    }
    columns.push({ room, lanes: Math.max(1, laneEnds.length) });
  });

  const rows: GridRow<S>[] = Array.from({ length: rowCount }, (_, index) => {
    const at = DateTime.fromMillis(start + index * stepMs, { zone });
    return {
      label: at.toFormat('HH:mm'),
      startsAt: at.toFormat("yyyy-MM-dd'T'HH:mm"),
      major: at.minute % 30 === 0,
      labelled: at.minute % 15 === 0,
      cells: columns.map((c) => Array.from({ length: c.lanes }, () => ({ kind: 'free', startsAt: at.toFormat("yyyy-MM-dd'T'HH:mm") }) as GridCell<S> | undefined)),
    };
  });
  for (const p of placements) {
    rows[p.from]!.cells[p.column]![p.lane] = { kind: 'session', session: p.session, rowspan: p.to - p.from };
    for (let r = p.from + 1; r < p.to; r++) rows[r]!.cells[p.column]![p.lane] = undefined;
  }
  return { columns, rows, step };
}

/** The instant rounded down to a whole step of wall time (09:50 → 09:45 with 15-minute steps). */
function floorToStep(instant: number, zone: string, step: number): number {
  const at = DateTime.fromMillis(instant, { zone });
  return at.set({ minute: at.minute - (at.minute % step), second: 0, millisecond: 0 }).toMillis();
}
