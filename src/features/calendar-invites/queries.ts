// Invitation rows and what they are planned from, each scoped by event id.
import { and, asc, eq } from 'drizzle-orm';
import { agendaSessions, calendarInvites, messages, sessionPeople, speakers, users } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type CalendarInviteRow = typeof calendarInvites.$inferSelect;
export type NewCalendarInvite = typeof calendarInvites.$inferInsert;

/** The last invite of every speaker and session of the event, with its mail's delivery state. */
export function findLatestInvites(db: Db, eventId: string) {
  return db
    .select({ invite: calendarInvites, delivery: messages.status })
    .from(calendarInvites)
    .leftJoin(messages, eq(messages.id, calendarInvites.messageId))
    .where(and(eq(calendarInvites.eventId, eventId), eq(calendarInvites.latest, true)))
    .orderBy(asc(calendarInvites.sentAt));
}

/** The event's speakers with the language of their account, when they have one under the same address. */
export function findInviteRecipients(db: Db, eventId: string) {
  return db
    .select({ id: speakers.id, name: speakers.name, email: speakers.email, accountLocale: users.locale })
    .from(speakers)
    .leftJoin(users, eq(users.email, speakers.email))
    .where(eq(speakers.eventId, eventId));
}

/** Stores an invite as the pair's latest (the one before it stays, as history). */
export async function recordInvite(tx: Db, row: NewCalendarInvite): Promise<void> {
  await tx
    .update(calendarInvites)
    .set({ latest: false })
    .where(and(eq(calendarInvites.sessionId, row.sessionId), eq(calendarInvites.speakerId, row.speakerId), eq(calendarInvites.latest, true)));
  await tx.insert(calendarInvites).values({ ...row, latest: true });
}

/** Every person's current answer on the event's sessions (live, not as published). */
export function findAnswersOfEvent(db: Db, eventId: string) {
  return db
    .select({ sessionId: sessionPeople.sessionId, speakerId: sessionPeople.speakerId, role: sessionPeople.role, status: sessionPeople.status })
    .from(sessionPeople)
    .innerJoin(agendaSessions, eq(agendaSessions.id, sessionPeople.sessionId))
    .where(eq(agendaSessions.eventId, eventId));
}
