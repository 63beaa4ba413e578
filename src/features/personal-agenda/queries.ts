// Personal agenda rows, always looked up within their event.
import { and, eq, isNull } from 'drizzle-orm';
import { personalAgendas, registrations, sessionBookings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type PersonalAgendaRow = typeof personalAgendas.$inferSelect;

export async function findPersonalAgenda(db: Db, eventId: string, id: string): Promise<PersonalAgendaRow | undefined> {
  const [row] = await db.select().from(personalAgendas).where(and(eq(personalAgendas.eventId, eventId), eq(personalAgendas.id, id)));
  return row;
}

export async function findPersonalAgendaByEmail(db: Db, eventId: string, email: string): Promise<PersonalAgendaRow | undefined> {
  const [row] = await db.select().from(personalAgendas).where(and(eq(personalAgendas.eventId, eventId), eq(personalAgendas.email, email)));
  return row;
}

export async function findPersonalAgendaByFeedSecret(db: Db, eventId: string, feedSecret: string): Promise<PersonalAgendaRow | undefined> {
  const [row] = await db.select().from(personalAgendas).where(and(eq(personalAgendas.eventId, eventId), eq(personalAgendas.feedSecret, feedSecret)));
  return row;
}

/** Creates the row, or returns the existing one for the same event and address untouched. */
export async function insertPersonalAgenda(db: Db, row: typeof personalAgendas.$inferInsert): Promise<PersonalAgendaRow> {
  await db.insert(personalAgendas).values(row).onConflictDoNothing({ target: [personalAgendas.eventId, personalAgendas.email] });
  return (await findPersonalAgendaByEmail(db, row.eventId, row.email))!;
}

export async function setStarredSessions(db: Db, eventId: string, id: string, sessionIds: string[], now: Date): Promise<PersonalAgendaRow> {
  const [row] = await db
    .update(personalAgendas)
    .set({ sessionIds, updatedAt: now })
    .where(and(eq(personalAgendas.eventId, eventId), eq(personalAgendas.id, id)))
    .returning();
  return row!;
}

/**
 * The sessions the address's confirmed registration for the event has booked (site visits, workshops): its personal
 * agenda shows them beside the stars, so the calendar feed carries them and follows when they move.
 */
export async function findBookedSessionIds(db: Db, eventId: string, email: string): Promise<string[]> {
  const rows = await db
    .select({ sessionId: sessionBookings.sessionId })
    .from(sessionBookings)
    .innerJoin(registrations, eq(registrations.id, sessionBookings.registrationId))
    .where(and(eq(registrations.eventId, eventId), eq(registrations.email, email), eq(registrations.status, 'confirmed'), isNull(registrations.erasedAt)));
  return rows.map((r) => r.sessionId);
}
