// Seats: the event's, a category's and a bookable session's counters. Each is raised by one conditional UPDATE that
// succeeds only while a seat is free (no read-then-write), inside the caller's transaction; the CHECK constraints on
// the counters are the last guard. Releasing lowers them the same way and never below zero.
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { agendaSessions, registrationCategories, registrationSettings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

/**
 * Takes one seat of the event and one of the category, or neither: false when either is full. The category goes
 * first; when the event is full its seat is given back in the same transaction.
 */
export async function takeSeat(tx: Db, eventId: string, categoryId: string): Promise<boolean> {
  const category = await tx
    .update(registrationCategories)
    .set({ taken: sql`${registrationCategories.taken} + 1` })
    .where(
      and(
        eq(registrationCategories.id, categoryId),
        eq(registrationCategories.eventId, eventId),
        or(isNull(registrationCategories.capacity), lt(registrationCategories.taken, registrationCategories.capacity)),
      ),
    )
    .returning({ taken: registrationCategories.taken });
  if (category.length === 0) return false;
  const event = await tx
    .update(registrationSettings)
    .set({ taken: sql`${registrationSettings.taken} + 1` })
    .where(and(eq(registrationSettings.eventId, eventId), or(isNull(registrationSettings.capacity), lt(registrationSettings.taken, registrationSettings.capacity))))
    .returning({ taken: registrationSettings.taken });
  if (event.length > 0) return true;
  await tx
    .update(registrationCategories)
    .set({ taken: sql`${registrationCategories.taken} - 1` })
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
