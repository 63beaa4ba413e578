// Bulk-send rows: the batch itself, its messages written a chunk at a time, and how far the writing has got.
import { eq, sql } from 'drizzle-orm';
import { mailBatches, messages } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { isUuid } from '../../lib/ids.ts';
import type { NewMessageRow } from './queries.ts';

export type MailBatchRow = typeof mailBatches.$inferSelect;
export type NewMailBatchRow = typeof mailBatches.$inferInsert;

export async function insertMailBatch(db: Db, row: NewMailBatchRow): Promise<MailBatchRow> {
  const [inserted] = await db.insert(mailBatches).values(row).returning();
  return inserted!;
}

export async function findMailBatch(db: Db, id: string): Promise<MailBatchRow | undefined> {
  const [row] = await db.select().from(mailBatches).where(eq(mailBatches.id, id));
  return row;
}

/** Locks the batch for the rest of `tx`, so two runs of one chunk cannot both write it. */
export async function lockMailBatch(tx: Db, id: string): Promise<MailBatchRow | undefined> {
  const [row] = await tx.select().from(mailBatches).where(eq(mailBatches.id, id)).for('update');
  return row;
}

/** How many messages of the batch exist: chunks are written in order, so this is also where the next one starts. */
export async function countBatchMessages(db: Db, batchId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.batchId, batchId));
  return row?.n ?? 0;
}

/** Inserts composed messages (ids already set) in one statement. */
export async function insertMessages(tx: Db, rows: NewMessageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(messages).values(rows);
}

/** The event a bulk send belongs to, for the permission check. */
export async function findMailBatchEventId(db: Db, id: string): Promise<string | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select({ eventId: mailBatches.eventId }).from(mailBatches).where(eq(mailBatches.id, id));
  return row?.eventId ?? undefined;
}
