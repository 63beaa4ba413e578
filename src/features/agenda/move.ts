// Moving a session to another day, time or room (its length kept) and duplicating one, through small forms whose
// times are wall time in the event's zone; checked like the session form, and audited in the same transaction.
// Example: const { values, errors } = await validatePlacementForm(db, event, { day, start, roomId }, durationMs);
import { eq } from 'drizzle-orm';
import { agendaSessions } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Locale } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { formatWallTime, parseWallTime } from '../../lib/wall-time.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { dayOf, listGridDays } from './grid.ts';
import { findRoomIdsOfEvent, type AgendaSessionRow } from './queries.ts';
import { createSession, findPeopleOfSession } from './sessions.ts';

/** Where a session goes: a day ("2026-03-28"), a start ("10:15"), both wall time in the event's zone, and a room. */
export interface PlacementForm {
  day: string;
  start: string;
  roomId: string;
}

export interface Placement {
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/**
 * The form for a session where it is now (move), or for its copy (duplicate): in the same room, at the first time
 * from the session's end when the room is free for as long as it lasts (`others`: the event's sessions), so that the
 * copy lands in a gap rather than on the next session; right after the session when the room has no gap before the
 * event ends (the conflict report then shows the clash).
 */
export function placementFormOf(session: AgendaSessionRow, zone: string, where: 'here' | 'after', others: readonly AgendaSessionRow[] = [], eventEndsAt?: Date): PlacementForm {
  const at = where === 'here' ? session.startsAt : freeSlotAfter(session, others, eventEndsAt);
  const wall = formatWallTime(at, zone);
  return { day: wall.slice(0, 10), start: wall.slice(11), roomId: session.roomId ?? '' };
}

function freeSlotAfter(session: AgendaSessionRow, others: readonly AgendaSessionRow[], eventEndsAt: Date | undefined): Date {
  const length = session.endsAt.getTime() - session.startsAt.getTime();
  if (!session.roomId) return session.endsAt;
  const busy = others.filter((s) => s.roomId === session.roomId && s.status !== 'cancelled').sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  let start = session.endsAt.getTime();
  for (const s of busy) {
    if (s.startsAt.getTime() < start + length && s.endsAt.getTime() > start) start = s.endsAt.getTime();
  }
  return eventEndsAt && start + length > eventEndsAt.getTime() ? session.endsAt : new Date(start);
}

/**
 * Checks a placement for a session lasting `durationMs`: the day one of the event's, the time one that exists once on
 * the zone's clocks, the room one of this event's, and the whole session inside the event's dates.
 */
export async function validatePlacementForm(
  db: Db,
  event: { id: string; timezone: string; startsAt: Date; endsAt: Date },
  form: PlacementForm,
  durationMs: number,
  locale: Locale = 'en',
): Promise<{ values?: Placement; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const day = form.day.trim();
  const start = form.start.trim();
  if (!DAY.test(day)) errors.day = { key: 'agendaGrid.errors.day' };
  else if (!listGridDays(event, []).includes(day)) errors.day = { key: 'agendaGrid.errors.dayOutside' };
  if (!TIME.test(start)) errors.start = { key: 'agendaGrid.errors.start' };
  let roomId: string | null = null;
  if (form.roomId !== '') {
    const found = isUuid(form.roomId) ? await findRoomIdsOfEvent(db, event.id, [form.roomId.toLowerCase()]) : new Set<string>();
    if (found.size === 0) errors.roomId = { key: 'agenda.errors.room' };
    else roomId = form.roomId.toLowerCase();
  }
  let startsAt: Date | undefined;
  if (!errors.day && !errors.start) {
    const parsed = parseWallTime(`${day}T${start}`, event.timezone);
    if (parsed.problem) errors.start = { key: parsed.problem === 'format' ? 'agendaGrid.errors.start' : `agenda.errors.time.${parsed.problem}` };
    else startsAt = parsed.instant;
  }
  if (startsAt) {
    const endsAt = new Date(startsAt.getTime() + durationMs);
    // Saying when the event runs, so the organiser can pick a time that fits without leaving the form.
    if (startsAt < event.startsAt || endsAt > event.endsAt) {
      errors.start = { key: 'agendaGrid.errors.outsideEvent', vars: { from: formatDateTime(event.startsAt, event.timezone, locale), to: formatDateTime(event.endsAt, event.timezone, locale) } };
    }
    else if (Object.keys(errors).length === 0) return { errors, values: { startsAt, endsAt, roomId } };
  }
  return { errors };
}

const auditView = (p: Placement) => ({ startsAt: p.startsAt.toISOString(), endsAt: p.endsAt.toISOString(), roomId: p.roomId });

/** Moves a session; a move into a clash is allowed, and the conflict report lists it until it is fixed. */
export async function moveSession(db: Db, clock: Clock, actor: AuditActor, session: AgendaSessionRow, to: Placement): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(agendaSessions).set({ ...to, updatedAt: clock.now() }).where(eq(agendaSessions.id, session.id));
    await writeAudit(tx, actor, { eventId: session.eventId, action: 'session.move', targetType: 'session', targetId: session.id, before: auditView(session), after: auditView(to) });
  });
}

/**
 * A copy of the session (title, abstract, type, track, people, language, interpretation, seats) at a new place. Its
 * people are invited to it afresh: having accepted the original says nothing about another time, and an accepted
 * person would get a calendar invitation for the copy straight away.
 */
export async function duplicateSession(db: Db, actor: AuditActor, session: AgendaSessionRow, to: Placement): Promise<string> {
  const people = (await findPeopleOfSession(db, session.id)).map((person) => ({ ...person, status: 'invited' as const }));
  const { type, title, abstract, trackId, language, interpretation, capacity } = session;
  // createSession audits the new row as 'session.create'; the copy's origin is audited here too, in the same transaction.
  return db.transaction(async (tx) => {
    const id = await createSession(tx, actor, session.eventId, { type, title, abstract, trackId, language, interpretation, capacity, status: 'scheduled', people, ...to });
    await writeAudit(tx, actor, { eventId: session.eventId, action: 'session.duplicate', targetType: 'session', targetId: id, before: { sourceId: session.id }, after: auditView(to) });
    return id;
  });
}

export { dayOf };
