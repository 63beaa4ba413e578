// Seats: the event's, a category's and a bookable session's counters. Each is raised by one conditional UPDATE that
// succeeds only while a seat is free (no read-then-write), inside the caller's transaction; the CHECK constraints on
// the counters are the last guard. Releasing lowers them the same way and never below zero.
import { and, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { agendaSessions, registrationCategories, registrationSettings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

/**
 * Takes one seat of the event and one of the category, or neither: false when either is full. The category goes
 * first; when the event is full its seat is given back in the same transaction.
 */
export function takeSeat(tx: Db, eventId: string, categoryId: string): Promise<boolean> {
  return takeSeats(tx, eventId, categoryId, 1);
}

/**
 * Takes `count` seats of the event and as many of the category, all or none (an import confirms a whole list at
 * once): the same two conditional UPDATEs as for one seat, each raising its counter only while that many are free.
 */
export async function takeSeats(tx: Db, eventId: string, categoryId: string, count: number): Promise<boolean> {
  if (count === 0) return true;
  const category = await tx
    .update(registrationCategories)
    .set({ taken: sql`${registrationCategories.taken} + ${count}::int` })
    .where(
      and(
        eq(registrationCategories.id, categoryId),
        eq(registrationCategories.eventId, eventId),
        or(isNull(registrationCategories.capacity), lte(sql`${registrationCategories.taken} + ${count}::int`, registrationCategories.capacity)),
      ),
    )
    .returning({ taken: registrationCategories.taken });
  if (category.length === 0) return false;
  const event = await tx
    .update(registrationSettings)
    .set({ taken: sql`${registrationSettings.taken} + ${count}::int` })
    .where(and(eq(registrationSettings.eventId, eventId), or(isNull(registrationSettings.capacity), lte(sql`${registrationSettings.taken} + ${count}::int`, registrationSettings.capacity))))
    .returning({ taken: registrationSettings.taken });
  if (event.length > 0) return true;
  await tx
    .update(registrationCategories)
    .set({ taken: sql`${registrationCategories.taken} - ${count}::int` })
    .where(eq(registrationCategories.id, categoryId));
  return false;
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
      and(
        eq(agendaSessions.id, sessionId),
        eq(agendaSessions.eventId, eventId),
        eq(agendaSessions.status, 'scheduled'),
        lt(agendaSessions.booked, agendaSessions.capacity),
      ),
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
