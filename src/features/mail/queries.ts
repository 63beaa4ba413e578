// Message rows: inserted with the business change, claimed and settled by the worker, listed for the mail log.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { events, messages, type MessageStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { isUuid } from '../../lib/ids.ts';

export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;

/** Inserts a message; gives back its ids only (not the raw bytes just sent). */
export async function insertMessage(db: Db, row: NewMessageRow): Promise<Pick<MessageRow, 'id' | 'messageId'>> {
  const [inserted] = await db.insert(messages).values(row).returning({ id: messages.id, messageId: messages.messageId });
  return inserted!;
}

/** What a mail shows of its event (footer, reply-to). */
export type EventForMail = Pick<typeof events.$inferSelect, 'title' | 'slug' | 'timezone' | 'startsAt' | 'endsAt' | 'contactEmail'>;

export async function findEventForMail(db: Db, eventId: string): Promise<EventForMail | undefined> {
  const [row] = await db
    .select({ title: events.title, slug: events.slug, timezone: events.timezone, startsAt: events.startsAt, endsAt: events.endsAt, contactEmail: events.contactEmail })
    .from(events)
    .where(eq(events.id, eventId));
  return row;
}

/**
 * Takes a message for delivery: queued, or left "sending" by an attempt that died before recording its answer.
 * Returns nothing when it was already sent, cancelled or failed, so a job that runs twice sends once.
 */
export async function claimMessage(db: Db, id: string) {
  const [row] = await db
    .update(messages)
    .set({ status: 'sending', attempts: sql`${messages.attempts} + 1`, updatedAt: sql`now()` })
    .where(and(eq(messages.id, id), inArray(messages.status, ['queued', 'sending'])))
    .returning({ id: messages.id, raw: messages.raw, recipientEmail: messages.recipientEmail, messageId: messages.messageId, attempts: messages.attempts });
  return row;
}

/** Records the outcome of one attempt in the same statement that changes the status. */
export async function settleMessage(
  db: Db,
  id: string,
  outcome: { status: Extract<MessageStatus, 'sent' | 'failed' | 'queued'>; smtpResponse?: string | null; lastError?: string | null },
): Promise<void> {
  await db
    .update(messages)
    .set({
      status: outcome.status,
      smtpResponse: outcome.smtpResponse ?? null,
      lastError: outcome.lastError ?? null,
      sentAt: outcome.status === 'sent' ? sql`now()` : null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(messages.id, id), eq(messages.status, 'sending')));
}

export async function cancelQueuedMessage(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(messages)
    .set({ status: 'cancelled', updatedAt: sql`now()` })
    .where(and(eq(messages.id, id), eq(messages.status, 'queued')))
    .returning({ id: messages.id });
  return rows.length === 1;
}

export async function findMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  return row;
}

export interface MessageFilter {
  eventId?: string;
  status?: MessageStatus;
  template?: string;
  batchId?: string;
  /** One person's mail (the registration page's history). */
  recipientEmail?: string;
}

const listColumns = {
  id: messages.id,
  eventId: messages.eventId,
  eventTitle: events.title,
  recipientEmail: messages.recipientEmail,
  recipientName: messages.recipientName,
  template: messages.template,
  locale: messages.locale,
  subject: messages.subject,
  status: messages.status,
  attempts: messages.attempts,
  lastError: messages.lastError,
  createdAt: messages.createdAt,
  sentAt: messages.sentAt,
};

function filterWhere(filter: MessageFilter): SQL | undefined {
  return and(
    filter.eventId ? eq(messages.eventId, filter.eventId) : undefined,
    filter.status ? eq(messages.status, filter.status) : undefined,
    filter.template ? eq(messages.template, filter.template) : undefined,
    filter.batchId ? eq(messages.batchId, filter.batchId) : undefined,
    filter.recipientEmail ? eq(messages.recipientEmail, filter.recipientEmail) : undefined,
  );
}

export function listMessages(db: Db, filter: MessageFilter, limit: number, offset: number) {
  return db
    .select(listColumns)
    .from(messages)
    .leftJoin(events, eq(events.id, messages.eventId))
    .where(filterWhere(filter))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit)
    .offset(offset);
}

export type MessageListRow = Awaited<ReturnType<typeof listMessages>>[number];

export async function countMessagesByStatus(db: Db, filter: MessageFilter): Promise<Record<MessageStatus, number>> {
  const rows = await db
    .select({ status: messages.status, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(filterWhere(filter))
    .groupBy(messages.status);
  const counts: Record<MessageStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** The time zone of each given event, so the mail log reads each message's times as its organisers planned them. */
export async function listEventZones(db: Db, eventIds: string[]): Promise<Map<string, string>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db.select({ id: events.id, timezone: events.timezone }).from(events).where(inArray(events.id, eventIds));
  return new Map(rows.map((r) => [r.id, r.timezone]));
}

/** The events that have mail, newest first, for the mail log's event filter. */
export function listEventsWithMessages(db: Db) {
  return db
    .selectDistinct({ id: events.id, title: events.title, startsAt: events.startsAt })
    .from(events)
    .innerJoin(messages, eq(messages.eventId, events.id))
    .orderBy(desc(events.startsAt), events.id);
}

/** The event a message belongs to (undefined for account mail or an unknown id), for the permission check. */
export async function findMessageEventId(db: Db, id: string): Promise<string | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select({ eventId: messages.eventId }).from(messages).where(eq(messages.id, id));
  return row?.eventId ?? undefined;
}
