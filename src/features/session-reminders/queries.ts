// Reminder rows and sends, each scoped by event id.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { agendaSessions, sessionPeople, sessionReminders, sessionReminderSends } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type SessionReminderRow = typeof sessionReminders.$inferSelect;
export type NewSessionReminderSend = typeof sessionReminderSends.$inferInsert;

/** Every reminder scheduled for the event's sessions. */
export function findRemindersOfEvent(db: Db, eventId: string) {
  return db.select().from(sessionReminders).where(eq(sessionReminders.eventId, eventId));
}

/**
 * The reminder a job was queued for, locked until the end of `tx` so two runs of it never overlap. The event row is
 * share-locked first, in the order a publication takes them (event, then its reminders): a run that started beside
 * a publication waits for it instead of deadlocking on the sends' foreign key to the event.
 */
export async function lockReminder(tx: Db, eventId: string, reminderId: string): Promise<SessionReminderRow | undefined> {
  await tx.execute(sql`select 1 from "events" where "id" = ${eventId} for key share`);
  const [row] = await tx
    .select()
    .from(sessionReminders)
    .where(and(eq(sessionReminders.eventId, eventId), eq(sessionReminders.id, reminderId)))
    .for('update');
  return row;
}

/** The people of a session who have accepted now (an answer changed since publication counts). */
export async function findAcceptedNow(db: Db, sessionId: string): Promise<Set<string>> {
  const rows = await db
    .select({ speakerId: sessionPeople.speakerId })
    .from(sessionPeople)
    .where(and(eq(sessionPeople.sessionId, sessionId), eq(sessionPeople.status, 'accepted')));
  return new Set(rows.map((r) => r.speakerId));
}

/** Claims one person's reminder; false when they already had it (a retried job). */
export async function claimReminderSend(tx: Db, row: NewSessionReminderSend): Promise<string | undefined> {
  const [claimed] = await tx.insert(sessionReminderSends).values(row).onConflictDoNothing().returning({ id: sessionReminderSends.id });
  return claimed?.id;
}

export async function setReminderSendMessage(tx: Db, sendId: string, messageId: string): Promise<void> {
  await tx.update(sessionReminderSends).set({ messageId }).where(eq(sessionReminderSends.id, sendId));
}

/** The sends of the event, for tests and the organiser's view. */
export function findReminderSendsOfEvent(db: Db, eventId: string, sessionIds?: string[]) {
  const scope = eq(sessionReminderSends.eventId, eventId);
  return db
    .select()
    .from(sessionReminderSends)
    .where(sessionIds ? and(scope, inArray(sessionReminderSends.sessionId, sessionIds)) : scope);
}

/** The event's scheduled reminders with their session's title and how many people had each, by send time. */
export function findReminderOverview(db: Db, eventId: string) {
  return db
    .select({
      id: sessionReminders.id,
      sessionId: sessionReminders.sessionId,
      title: agendaSessions.title,
      kind: sessionReminders.kind,
      sendAt: sessionReminders.sendAt,
      sessionStartsAt: sessionReminders.sessionStartsAt,
      sentAt: sessionReminders.sentAt,
      recipients: sql<number>`(select count(*)::int from ${sessionReminderSends} s where s.session_id = ${sessionReminders.sessionId} and s.kind = ${sessionReminders.kind} and s.session_starts_at = ${sessionReminders.sessionStartsAt})`,
    })
    .from(sessionReminders)
    .innerJoin(agendaSessions, eq(agendaSessions.id, sessionReminders.sessionId))
    .where(eq(sessionReminders.eventId, eventId))
    .orderBy(asc(sessionReminders.sendAt), asc(sessionReminders.kind));
}
