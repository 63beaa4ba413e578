// The published agenda as a time grid for the public page (?view=grid): one day as rooms × times in the shown zone
// (the event's or the reader's), laid out as the organisers' grid is (grid.ts). As in the room view, breaks and
// networking without a room are for all participants: they span every column when nothing else runs then, else they
// get a column of their own, last, after "Room to be announced".
// Example: const grid = arrangeGrid(version.sessions, { day: '2026-09-17', zone: 'Europe/Rome', locale: 'en' });
import type { PublishedSession } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { dayOf, layOutDay, type GridCell } from './grid.ts';
import { compareRooms } from './part-order.ts';
import { isForEveryone, showSession, type ShownSession } from './public-agenda.ts';

// Column keys beside the room ids, which no id can be (PostgreSQL text holds no NUL).
const TO_BE_ANNOUNCED = '\u0000tba';
const FOR_EVERYONE = '\u0000everyone';

export interface PublicGridColumn {
  /** A room as published; absent for the two columns below. */
  room?: NonNullable<PublishedSession['room']>;
  toBeAnnounced?: true;
  forEveryone?: true;
  lanes: number;
}

export type PublicGridCell = { kind: 'session'; session: ShownSession; rowspan: number; /** Only on a break spanning every column. */ colspan?: number; forEveryone: boolean } | { kind: 'free' };

export interface PublicGridRow {
  label: string;
  major: boolean;
  labelled: boolean;
  /** The row's cells in table order: nothing where a cell above spans over this row. */
  cells: PublicGridCell[];
}

export interface PublicGrid {
  columns: PublicGridColumn[];
  rows: PublicGridRow[];
  /** Minutes per row: 15, or 5 when a session starts or ends between quarter hours. */
  step: number;
}

/** The days (ISO dates in `zone`) on which published sessions start, in order: the grid's day tabs. */
export function listSessionDays(sessions: PublishedSession[], zone: string): string[] {
  return [...new Set(sessions.map((s) => dayOf(new Date(s.startsAt), zone)))].sort();
}

/** The column a session sits in: its room's id when the room has a name, as the room view groups them. */
function columnKeyOf(session: ShownSession, locale: Locale): string {
  if (session.roomId && pickLocalized(session.room?.name, locale)) return session.roomId;
  return isForEveryone(session) ? FOR_EVERYONE : TO_BE_ANNOUNCED;
}

interface Placed {
  id: string;
  roomId: string;
  startsAt: Date;
  endsAt: Date;
  shown: ShownSession;
}

/** Lays out the sessions starting on `day` in `zone`: a column per room used that day, by name in the reader's language. */
export function arrangeGrid(sessions: PublishedSession[], options: { day: string; zone: string; locale: Locale }): PublicGrid {
  const { day, zone, locale } = options;
  const placed: Placed[] = sessions
    .map((s) => showSession(s, zone))
    .filter((s) => dayOf(s.startsAtDate, zone) === day)
    .map((s) => ({ id: s.id, startsAt: s.startsAtDate, endsAt: s.endsAtDate, shown: s, roomId: columnKeyOf(s, locale) }));
  const rooms = new Map<string, NonNullable<PublishedSession['room']>>();
  for (const p of placed) if (p.shown.room && p.roomId === p.shown.roomId) rooms.set(p.roomId, p.shown.room);
  const byName = compareRooms(locale);
  const roomColumns = [...rooms].map(([id, room]) => ({ id, room, name: pickLocalized(room.name, locale)?.text ?? '' })).sort(byName);
  const keys = [...roomColumns.map((r) => r.id), ...[TO_BE_ANNOUNCED, FOR_EVERYONE].filter((key) => placed.some((p) => p.roomId === key))];
  const layout = layOutDay({ day, zone, sessions: placed, rooms: keys.map((id) => ({ id })) });

  const columns: PublicGridColumn[] = layout.columns.map((column) => {
    const id = column.room!.id;
    if (id === TO_BE_ANNOUNCED) return { toBeAnnounced: true, lanes: column.lanes };
    if (id === FOR_EVERYONE) return { forEveryone: true, lanes: column.lanes };
    return { room: rooms.get(id)!, lanes: column.lanes };
  });
  const cellOf = (cell: GridCell<Placed>): PublicGridCell =>
    cell.kind === 'session' ? { kind: 'session', session: cell.session.shown, rowspan: cell.rowspan, forEveryone: cell.session.roomId === FOR_EVERYONE } : { kind: 'free' };
  const everyone = keys.indexOf(FOR_EVERYONE);
  const spanning = everyone > 0 && spanAcross(layout.rows.map((r) => r.cells), everyone);
  const width = columns.reduce((n, c, index) => (spanning && index === everyone ? n : n + c.lanes), 0);
  let coveredUntil = -1;
  const rows = layout.rows.map((row, index): PublicGridRow => {
    const head = { label: row.label, major: row.major, labelled: row.labelled };
    const shared = spanning ? row.cells[everyone]![0] : undefined;
    if (shared?.kind === 'session') {
      coveredUntil = index + shared.rowspan;
      return { ...head, cells: [{ ...(cellOf(shared) as PublicGridCell & { kind: 'session' }), colspan: width }] };
    }
    if (index < coveredUntil) return { ...head, cells: [] };
    const lanes = spanning ? row.cells.filter((_, column) => column !== everyone) : row.cells;
    return { ...head, cells: lanes.flatMap((lane) => lane.flatMap((cell) => (cell ? [cellOf(cell)] : []))) };
  });
  return { columns: spanning ? columns.filter((_, index) => index !== everyone) : columns, rows, step: layout.step };
}

/**
 * Whether every session of the all-participants column can span the whole row instead: the column has one lane and
 * in each of their rows every other column is free.
 */
function spanAcross(rows: (GridCell<Placed> | undefined)[][][], everyone: number): boolean {
  if (rows.some((cells) => cells[everyone]!.length > 1)) return false;
  return rows.every((cells, index) => {
    const cell = cells[everyone]![0];
    if (cell?.kind !== 'session') return true;
    return rows.slice(index, index + cell.rowspan).every((spanned) => spanned.every((lanes, column) => column === everyone || lanes.every((c) => c?.kind === 'free')));
  });
}
