// Seats: the event's, a category's and a bookable session's counters. Each is raised by one conditional UPDATE that
// succeeds only while a seat is free (no read-then-write), inside the caller's transaction; the CHECK constraints on
// the counters are the last guard. Releasing lowers them the same way and never below zero.
import { type AnyColumn, and, eq, gt, inArray, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { agendaSessions, registrationCategories, registrationSettings } from '../../db/schema/index.ts';
import { resultRows } from '../../db/result-rows.ts';
import type { Db } from '../../db/types.ts';

/** A counter with room for `count` more: it has no capacity, or `count` more stay within it. Every seat rule's base. */
export const roomFor = (taken: AnyColumn, capacity: AnyColumn, count: number | SQL) => sql`(${capacity} is null or ${taken} + ${count}::int <= ${capacity})`;

/** Seats a bookable session has left, as the form and the session's page show them: never below none. */
export const seatsLeftIn = (session: { capacity: number; booked: number }) => Math.max(0, session.capacity - session.booked);

/** A bookable session with a seat free: scheduled (not cancelled), with a capacity, not full. */
export const sessionSeatFree = (): SQL =>
  sql`(${agendaSessions.status} = 'scheduled' and ${agendaSessions.booked} < ${agendaSessions.capacity})`;

/**
 * Whether a registration of this category would get a seat now, and how many of the sessions would get one, read
 * with the very rules the conditional updates below apply, and writing nothing (the answer to a known address).
 */
export async function seatsFreeNow(tx: Db, eventId: string, categoryId: string, sessionIds: string[]): Promise<{ seat: boolean; sessionsFree: number }> {
  const result = await tx.execute(sql`
    select
      exists (select 1 from ${registrationSettings} where ${registrationSettings.eventId} = ${eventId} and ${roomFor(registrationSettings.taken, registrationSettings.capacity, 1)})
      and exists (select 1 from ${registrationCategories} where ${registrationCategories.id} = ${categoryId} and ${registrationCategories.eventId} = ${eventId} and ${roomFor(registrationCategories.taken, registrationCategories.capacity, 1)})
      as "seat",
      (select count(*) from ${agendaSessions} where ${agendaSessions.eventId} = ${eventId} and ${inArray(agendaSessions.id, sessionIds)} and ${sessionSeatFree()})::int as "sessionsFree"`);
  const [row] = resultRows<{ seat: boolean; sessionsFree: number }>(result);
  return { seat: row?.seat === true, sessionsFree: row?.sessionsFree ?? 0 };
}

/**
 * Takes one seat of the event and one of the category, or neither: false when either is full. Both counters are
 * raised by one statement, so a registration keeps the two hottest rows of an event locked for a single round trip
 * before it commits. The category's update runs only while the event had room in the statement's snapshot; should
 * the event fill up in that same instant (its update re-checks the row it locked), the category's seat is given back.
 */
export function takeSeat(tx: Db, eventId: string, categoryId: string): Promise<boolean> {
  return takeSeats(tx, eventId, categoryId, 1);
}

/**
 * Takes `count` seats of the event and as many of the category, all or none (an import confirms a whole list at
 * once), each counter raised only while that many are free.
 */
export async function takeSeats(tx: Db, eventId: string, categoryId: string, count: number): Promise<boolean> {
  if (count === 0) return true;
  const result = await tx.execute(sql`
    with ${seatUpdates(eventId, categoryId, count)}
    select (select count(*) from category_seat)::int as "category", (select count(*) from event_seat)::int as "event"`);
  const [taken] = resultRows<{ category: number; event: number }>(result);
  if (taken?.event === 1) return true;
  if (taken?.category === 1) {
    await tx
      .update(registrationCategories)
      .set({ taken: sql`${registrationCategories.taken} - ${count}::int` })
      .where(eq(registrationCategories.id, categoryId));
  }
  return false;
}

/**
 * The two conditional updates as common table expressions `category_seat` and `event_seat` (each returns one row
 * when it took its seats), for a statement that takes the seats along with other work (registration/at-once.ts).
 * The event's seat is taken only once the category's was: read `event_seat` to know whether both were.
 */
export function seatUpdates(eventId: string | Placeholder, categoryId: string | Placeholder, count: number): SQL {
  return sql`category_seat as (
      update ${registrationCategories} set "taken" = "taken" + ${count}::int
      where "id" = ${categoryId} and "event_id" = ${eventId} and ${roomFor(registrationCategories.taken, registrationCategories.capacity, count)}
        and exists (select 1 from ${registrationSettings} where ${registrationSettings.eventId} = ${eventId} and ${roomFor(registrationSettings.taken, registrationSettings.capacity, count)})
      returning 1
    ), event_seat as (
      update ${registrationSettings} set "taken" = "taken" + ${count}::int
      where "event_id" = ${eventId} and ${roomFor(registrationSettings.taken, registrationSettings.capacity, count)} and exists (select 1 from category_seat)
      returning 1
    )`;
}

/** Gives back the seat a confirmed registration held, in the event and in its category. */
export async function releaseSeat(tx: Db, eventId: string, categoryId: string): Promise<void> {
  await tx
    .update(registrationCategories)
    .set({ taken: sql`${registrationCategories.taken} - 1` })
    .where(and(eq(registrationCategories.id, categoryId), gt(registrationCategories.taken, 0)));
  await tx
    .update(registrationSettings)
    .set({ taken: sql`${registrationSettings.taken} - 1` })
    .where(and(eq(registrationSettings.eventId, eventId), gt(registrationSettings.taken, 0)));
}

/** Books one seat of a bookable session of the event: false when it is full, cancelled or not bookable. */
export async function takeSessionSeat(tx: Db, eventId: string, sessionId: string): Promise<boolean> {
  const rows = await tx
    .update(agendaSessions)
    .set({ booked: sql`${agendaSessions.booked} + 1` })
    .where(
      and(eq(agendaSessions.id, sessionId), eq(agendaSessions.eventId, eventId), sessionSeatFree()),
    )
    .returning({ booked: agendaSessions.booked });
  return rows.length > 0;
}

export async function releaseSessionSeat(tx: Db, sessionId: string): Promise<void> {
  await tx
    .update(agendaSessions)
    .set({ booked: sql`${agendaSessions.booked} - 1` })
    .where(and(eq(agendaSessions.id, sessionId), gt(agendaSessions.booked, 0)));
}
