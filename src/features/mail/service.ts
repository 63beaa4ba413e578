// Outgoing mail: composed and queued inside the business transaction, delivered after commit by a worker that
// records the server's answer with the status change, retries temporary failures and stops on permanent ones.
import { randomUUID } from 'node:crypto';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { together } from '../../db/together.ts';
import { isEmailAddress, parseMailbox } from '../../lib/email-address.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { composeMessage, type IcalEventPart, type MailAttachment } from './compose.ts';
import {
  cancelQueuedMessage,
  claimMessage,
  countMessagesByStatus,
  findEventForMail,
  findMessage,
  insertMessage,
  listEventsWithMessages,
  listEventZones,
  listMessages,
  settleMessage,
  type EventForMail,
  type MessageFilter,
  type MessageRow,
} from './queries.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { MailRenderer, MailTemplate } from './render.ts';
import { OUTBOX_RESPONSE, type MailTransport } from './transport.ts';

export interface MailContext {
  config: Pick<Config, 'MAIL_FROM' | 'MAIL_REPLY_TO' | 'BASE_URL'>;
  renderer: MailRenderer;
  jobs: Jobs;
}

export interface MailRequest {
  to: { email: string; name?: string };
  template: MailTemplate;
  /** For templates with several subjects (a registration confirmed, waitlisted …): emails.<template>.subject.<variant>. */
  subjectVariant?: string;
  locale: Locale;
  eventId?: string;
  /** The event of eventId, when the caller has just read it: spares reading it again. */
  event?: EventForMail;
  batchId?: string;
  data?: Record<string, unknown>;
  attachments?: MailAttachment[];
  alternative?: MailAttachment;
  /** A calendar invitation: shown by mail clients as one (accept/decline buttons), and attached as a file. */
  icalEvent?: IcalEventPart;
  /** Deliver no earlier than this (bulk sends spread themselves out). */
  startAfter?: Date;
}

export interface QueuedMail {
  id: string;
  messageId: string;
}

/** A new Message-ID in the sender's own domain, as RFC 5322 recommends. */
function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}
const senderDomain = (from: string) => parseMailbox(from).address.split('@')[1] ?? 'forumdesk.localhost';

/**
 * Composes a message and queues its delivery as part of `tx`: nothing is sent unless `tx` commits.
 * Example: await db.transaction(async (tx) => { …; await queueMail(tx, mail, { to, template: 'message', locale, data }); });
 */
export async function queueMail(tx: Db, ctx: MailContext, request: MailRequest): Promise<QueuedMail> {
  const email = request.to.email.trim();
  if (!isEmailAddress(email)) throw new ValidationError({ email: { key: 'errors.mail.invalidRecipient', vars: { email } } });
  const message = await composeMail(tx, ctx, request, email);
  // The row's id is known before it is written, so the row and its delivery job go out together.
  await together([insertMessage(tx, message), ctx.jobs.enqueue(tx, QUEUES.mailSend, { messageId: message.id }, request.startAfter ? { startAfter: request.startAfter } : {})]);
  return { id: message.id, messageId: message.messageId };
}

/** The row for a message, rendered and composed, not yet inserted (bulk sends insert many at once). */
export async function composeMail(db: Db, ctx: MailContext, request: MailRequest, email: string) {
  const event = request.eventId ? (request.event ?? (await findEventForMail(db, request.eventId))) : undefined;
  if (request.eventId && !event) throw new NotFoundError('event', { id: request.eventId });
  const rendered = ctx.renderer.render({
    template: request.template,
    ...(request.subjectVariant ? { subjectVariant: request.subjectVariant } : {}),
    locale: request.locale,
    recipientName: request.to.name,
    event,
    data: request.data ?? {},
    baseUrl: ctx.config.BASE_URL,
  });
  const messageId = newMessageId(senderDomain(ctx.config.MAIL_FROM));
  const attachments = request.attachments ?? [];
  const raw = await composeMessage({
    from: parseMailbox(ctx.config.MAIL_FROM),
    ...(ctx.config.MAIL_REPLY_TO ? { replyTo: parseMailbox(ctx.config.MAIL_REPLY_TO) } : event?.contactEmail ? { replyTo: { address: event.contactEmail } } : {}),
    to: { address: email, ...(request.to.name ? { name: request.to.name } : {}) },
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId,
    date: new Date(),
    attachments,
    ...(request.alternative ? { alternative: request.alternative } : {}),
    ...(request.icalEvent ? { icalEvent: request.icalEvent } : {}),
  });
  return {
    id: uuidv7(),
    eventId: request.eventId ?? null,
    batchId: request.batchId ?? null,
    recipientEmail: email,
    recipientName: request.to.name ?? null,
    template: request.template,
    locale: request.locale,
    subject: rendered.subject,
    messageId,
    raw,
    attachments: [
      ...attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length, ...(a.cid ? { cid: a.cid } : {}) })),
      ...(request.icalEvent ? [{ filename: request.icalEvent.filename, contentType: 'application/ics', size: request.icalEvent.content.length }] : []),
    ],
  };
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/** SMTP 5xx answers (a refused recipient, a rejected message) will not change by trying again. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describeSmtpError(error: unknown): string {
  const e = error as { response?: string; responseCode?: number; code?: string; message?: string };
  return (e.response ?? [e.code, e.message].filter(Boolean).join(': ')).slice(0, 1000);
}

/**
 * Delivers one queued message. Safe to run twice: a sent or cancelled message is skipped; a message left
 * "sending" by a crash is sent again with the same bytes, so the same Message-ID.
 */
export async function deliverMessage(db: Db, transport: MailTransport, from: string, id: string, lastAttempt: boolean): Promise<DeliveryOutcome> {
  const claimed = await claimMessage(db, id);
  if (!claimed) return 'skipped';
  if (transport.kind === 'outbox') {
    await settleMessage(db, id, { status: 'sent', smtpResponse: OUTBOX_RESPONSE });
    return 'sent';
  }
  try {
    const info = await transport.transporter.sendMail({ envelope: { from: parseMailbox(from).address, to: [claimed.recipientEmail] }, raw: claimed.raw });
    await settleMessage(db, id, { status: 'sent', smtpResponse: info.response ?? null });
    return 'sent';
  } catch (error) {
    const permanent = isPermanent(error);
    await settleMessage(db, id, { status: permanent || lastAttempt ? 'failed' : 'queued', lastError: describeSmtpError(error) });
    return permanent || lastAttempt ? 'failed' : 'retry';
  }
}

/** Stops a queued message from going out. False when it has already left (or was never queued). */
export function cancelMessage(db: Db, id: string): Promise<boolean> {
  return cancelQueuedMessage(db, id);
}

/** Queues a copy of a message with a new Message-ID, for "resend" in the mail log. */
export async function resendMessage(tx: Db, jobs: Jobs, id: string): Promise<QueuedMail> {
  const original = await findMessage(tx, id);
  if (!original) throw new NotFoundError('message', { id });
  const messageId = newMessageId(original.messageId.slice(original.messageId.indexOf('@') + 1, -1));
  const raw = replaceMessageId(original.raw, messageId);
  const copy = await insertMessage(tx, {
    id: uuidv7(),
    eventId: original.eventId,
    recipientEmail: original.recipientEmail,
    recipientName: original.recipientName,
    template: original.template,
    locale: original.locale,
    subject: original.subject,
    messageId,
    raw,
    attachments: original.attachments,
    resendOf: original.id,
  });
  await jobs.enqueue(tx, QUEUES.mailSend, { messageId: copy.id });
  return { id: copy.id, messageId };
}

// Composed messages carry exactly one Message-ID header, written by us; a resend needs its own.
function replaceMessageId(raw: Buffer, messageId: string): Buffer {
  const text = raw.toString('latin1');
  const headerEnd = text.indexOf('\r\n\r\n');
  const head = text.slice(0, headerEnd).replace(/^Message-ID: <[^>]*>$/im, `Message-ID: ${messageId}`);
  return Buffer.from(head + text.slice(headerEnd), 'latin1');
}

export const MAIL_LOG_PAGE_SIZE = 50;

/**
 * One page of the mail log, newest first, with counts per status. The counts ignore the status filter, so they
 * read as "how many of each" for the chosen event and template.
 */
export async function listMailLog(db: Db, filter: MessageFilter, page: number) {
  const { status, ...withoutStatus } = filter;
  const counts = await countMessagesByStatus(db, withoutStatus);
  const total = status ? counts[status] : Object.values(counts).reduce((sum, n) => sum + n, 0);
  const pageCount = Math.max(1, Math.ceil(total / MAIL_LOG_PAGE_SIZE));
  const rows = await listMessages(db, filter, MAIL_LOG_PAGE_SIZE, (page - 1) * MAIL_LOG_PAGE_SIZE);
  const zones = await listEventZones(db, [...new Set(rows.flatMap((r) => (r.eventId ? [r.eventId] : [])))]);
  const withZones = rows.map((r) => ({ ...r, eventTimezone: r.eventId ? zones.get(r.eventId) : undefined }));
  return { rows: withZones, counts, total, page, pageCount, pageSize: MAIL_LOG_PAGE_SIZE };
}

/** The mail one person was sent about an event, newest first (at most `limit`): for their registration's history. */
export function listMailsToRecipient(db: Db, eventId: string, email: string, limit: number) {
  return listMessages(db, { eventId, recipientEmail: email }, limit, 0);
}

/** The events the mail log can be filtered by: those that have mail. */
export function listMailEvents(db: Db) {
  return listEventsWithMessages(db);
}

export interface StoredMessage {
  row: MessageRow;
  event: Awaited<ReturnType<typeof findEventForMail>>;
  /** The stored bytes read back as a mail client would: headers, HTML and text parts, attachments. */
  parsed: ParsedMail;
}

/** A message with its event and its parsed content, for the mail viewer. Throws NotFoundError for an unknown id. */
export async function readStoredMessage(db: Db, id: string): Promise<StoredMessage> {
  const row = await findMessage(db, id);
  if (!row) throw new NotFoundError('message', { id });
  const event = row.eventId ? await findEventForMail(db, row.eventId) : undefined;
  return { row, event, parsed: await simpleParser(row.raw) };
}

/** One attachment of a stored message by its position in the message. Throws NotFoundError when there is none. */
export async function readStoredAttachment(db: Db, id: string, index: number): Promise<Attachment> {
  const { parsed } = await readStoredMessage(db, id);
  const attachment = parsed.attachments[index];
  if (!attachment) throw new NotFoundError('attachment', { id, index });
  return attachment;
}

/**
 * "Cancel" in the mail log, audited with the cancellation: NotFoundError for an unknown id, ConflictError once the
 * message has left the queue.
 */
export async function cancelMessageFromLog(db: Db, actor: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (await cancelMessage(tx, id)) {
      const row = (await findMessage(tx, id))!;
      await writeAudit(tx, actor, { eventId: row.eventId, action: 'mail.cancel', targetType: 'message', targetId: id, before: { status: 'queued' }, after: { status: 'cancelled', to: row.recipientEmail, subject: row.subject } });
      return;
    }
    if (!(await findMessage(tx, id))) throw new NotFoundError('message', { id });
    throw new ConflictError('mailLog.errors.notQueued');
  });
}

/** "Resend" in the mail log: the copy, its delivery job and the audit row are written together. */
export function resendMessageFromLog(db: Db, jobs: Jobs, actor: AuditActor, id: string): Promise<QueuedMail> {
  return db.transaction(async (tx) => {
    const copy = await resendMessage(tx, jobs, id);
    const row = (await findMessage(tx, copy.id))!;
    await writeAudit(tx, actor, { eventId: row.eventId, action: 'mail.resend', targetType: 'message', targetId: id, after: { copy: copy.id, to: row.recipientEmail, subject: row.subject } });
    return copy;
  });
}
