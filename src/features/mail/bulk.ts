// Bulk sends: thousands of messages of one template, written and queued a chunk per transaction, each scheduled at
// its place in a rate limit (pg-boss startAfter), so the pace holds however many workers run.
// Example: const { batchId } = await startBulkSend(db, mail, { template: 'message', recipients, ratePerMinute: config.MAIL_BULK_RATE_PER_MINUTE });
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { isEmailAddress } from '../../lib/email-address.ts';
import { NotFoundError, ValidationError, type FieldErrors } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { countBatchMessages, findMailBatch, insertMailBatch, insertMessages, lockMailBatch, type MailBatchRow } from './bulk-queries.ts';
import { countMessagesByStatus, type NewMessageRow } from './queries.ts';
import type { MailTemplate } from './render.ts';
import { composeMail, type MailContext } from './service.ts';

/** Messages written and queued per transaction: big enough to be quick, small enough never to hold the database long. */
export const BULK_CHUNK_SIZE = 500;

export interface BulkRecipient {
  email: string;
  name?: string;
  locale: Locale;
  /** Template variables for this recipient, over the request's shared `data`. */
  data?: Record<string, unknown>;
}

export interface BulkSendRequest {
  eventId?: string;
  template: MailTemplate;
  recipients: BulkRecipient[];
  /** Template variables shared by every message. */
  data?: Record<string, unknown>;
  /** Messages per minute: the organiser's choice, else config.MAIL_BULK_RATE_PER_MINUTE. */
  ratePerMinute: number;
  /** When the first message may go (default now); message i goes no earlier than this + i × 60 / ratePerMinute s. */
  startAt?: Date;
}

/** What a mail.bulk job carries: the recipients not written by the request itself, from position `offset` on. */
export interface BulkJobData {
  batchId: string;
  offset: number;
  recipients: BulkRecipient[];
  data?: Record<string, unknown>;
}

export interface BulkSendStarted {
  batchId: string;
  total: number;
  /** Messages written and queued by the request itself; a mail.bulk job writes the rest. */
  queuedNow: number;
}

export interface BulkProgress {
  total: number;
  /** Waiting for their time slot, including those not yet written by the chunking job. */
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  cancelled: number;
  createdAt: Date;
  ratePerMinute: number;
  /** When the last message's slot comes, at the batch's rate. */
  expectedFinishAt: Date;
}

/**
 * Checks every address, records the batch and queues the first chunk in one transaction; the rest is written by a
 * mail.bulk job (see bulk-worker.ts) a chunk per transaction. Refuses the whole list if any address is invalid.
 */
export async function startBulkSend(db: Db, ctx: MailContext, request: BulkSendRequest): Promise<BulkSendStarted> {
  const ratePerMinute = request.ratePerMinute;
  const recipients = checkBulkRequest(request.recipients, ratePerMinute);
  const batch: MailBatchRow = {
    id: uuidv7(),
    eventId: request.eventId ?? null,
    template: request.template,
    total: recipients.length,
    ratePerMinute,
    createdAt: request.startAt ?? new Date(),
  };
  const first = recipients.slice(0, BULK_CHUNK_SIZE);
  const rest = recipients.slice(BULK_CHUNK_SIZE);
  // Composing (templates, CSS inlining, MIME) happens before the transaction opens, so it never holds the database.
  const rows = await composeChunk(db, ctx, batch, first, request.data);
  await db.transaction(async (tx) => {
    await insertMailBatch(tx, batch);
    await insertMessages(tx, rows);
    await enqueueDeliveries(tx, ctx.jobs, batch, rows, 0);
    if (rest.length > 0) {
      const job: BulkJobData = { batchId: batch.id, offset: first.length, recipients: rest, ...(request.data ? { data: request.data } : {}) };
      await ctx.jobs.enqueue(tx, QUEUES.mailBulk, job);
    }
  });
  return { batchId: batch.id, total: batch.total, queuedNow: rows.length };
}

/**
 * The mail.bulk job: writes the remaining chunks in order, a transaction each. Safe to run twice or to resume after a
 * crash: the batch's message count says where to carry on, read under a lock on the batch row.
 */
export async function continueBulkSend(db: Db, ctx: MailContext, job: BulkJobData): Promise<void> {
  const batch = await findMailBatch(db, job.batchId);
  if (!batch) return;
  const end = job.offset + job.recipients.length;
  let written = await countBatchMessages(db, batch.id);
  while (written < end) {
    if (written < job.offset) throw new Error(`mail batch ${batch.id}: ${written} messages written, expected at least ${job.offset}`);
    const chunk = job.recipients.slice(written - job.offset, written - job.offset + BULK_CHUNK_SIZE);
    const rows = await composeChunk(db, ctx, batch, chunk, job.data);
    const start = written;
    written = await db.transaction(async (tx) => {
      await lockMailBatch(tx, batch.id);
      const already = await countBatchMessages(tx, batch.id);
      if (already !== start) return already; // another run wrote this chunk meanwhile: throw ours away
      await insertMessages(tx, rows);
      await enqueueDeliveries(tx, ctx.jobs, batch, rows, start);
      return start + rows.length;
    });
  }
}

/** Counts by status for the organiser's progress bar. Example: const p = await getBulkProgress(db, batchId); */
export async function getBulkProgress(db: Db, batchId: string): Promise<BulkProgress> {
  const batch = await findMailBatch(db, batchId);
  if (!batch) throw new NotFoundError('mail batch', { id: batchId });
  const counts = await countMessagesByStatus(db, { batchId });
  const written = counts.queued + counts.sending + counts.sent + counts.failed + counts.cancelled;
  return {
    total: batch.total,
    ...counts,
    queued: counts.queued + Math.max(0, batch.total - written),
    createdAt: batch.createdAt,
    ratePerMinute: batch.ratePerMinute,
    expectedFinishAt: slotOf(batch, batch.total - 1),
  };
}

/** Trimmed recipients, or a ValidationError naming every bad row (1-based, as the organiser's list shows them). */
function checkBulkRequest(recipients: BulkRecipient[], ratePerMinute: number): BulkRecipient[] {
  const fields: FieldErrors = {};
  if (recipients.length === 0) fields['recipients'] = { key: 'bulkMail.errors.noRecipients' };
  if (!Number.isInteger(ratePerMinute) || ratePerMinute < 1) fields['ratePerMinute'] = { key: 'bulkMail.errors.rate', vars: { rate: ratePerMinute } };
  const trimmed = recipients.map((recipient, i) => {
    const email = recipient.email.trim();
    if (!isEmailAddress(email)) fields[`recipients.${i + 1}`] = { key: 'bulkMail.errors.invalidRecipient', vars: { row: i + 1, email } };
    return { ...recipient, email };
  });
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return trimmed;
}

async function composeChunk(
  db: Db,
  ctx: MailContext,
  batch: MailBatchRow,
  recipients: BulkRecipient[],
  shared: Record<string, unknown> | undefined,
): Promise<NewMessageRow[]> {
  const rows: NewMessageRow[] = [];
  for (const recipient of recipients) {
    const request = {
      to: { email: recipient.email, ...(recipient.name ? { name: recipient.name } : {}) },
      template: batch.template as MailTemplate,
      locale: recipient.locale,
      batchId: batch.id,
      data: { ...shared, ...recipient.data },
      ...(batch.eventId ? { eventId: batch.eventId } : {}),
    };
    rows.push(await composeMail(db, ctx, request, recipient.email));
  }
  return rows;
}

function enqueueDeliveries(tx: Db, jobs: Jobs, batch: MailBatchRow, rows: NewMessageRow[], offset: number): Promise<void> {
  return jobs.enqueueMany(
    tx,
    QUEUES.mailSend,
    rows.map((row, i) => ({ data: { messageId: row.id! }, startAfter: slotOf(batch, offset + i) })),
  );
}

/** Message i of the batch goes no earlier than the batch's start + i × 60 / rate seconds. */
function slotOf(batch: Pick<MailBatchRow, 'createdAt' | 'ratePerMinute'>, index: number): Date {
  return new Date(batch.createdAt.getTime() + Math.round((index * 60_000) / batch.ratePerMinute));
}
