// Every outgoing message as a row: what was sent to whom, its exact bytes, and what the mail server answered.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, updatedAt } from './common.ts';
import { events } from './events.ts';

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];


export interface AttachmentSummary {
  filename: string;
  contentType: string;
  size: number;
  cid?: string;
}

/** A bulk send: many messages of one template, delivered at a limited rate, with progress. */
export const mailBatches = pgTable(
  'mail_batches',
  {
    id: id(),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'set null' }),
    template: text('template').notNull(),
    total: integer('total').notNull(),
    ratePerMinute: integer('rate_per_minute').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('mail_batches_total_positive', sql`${t.total} > 0`), check('mail_batches_rate_positive', sql`${t.ratePerMinute} > 0`)],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'set null' }),
    batchId: uuid('batch_id').references(() => mailBatches.id, { onDelete: 'set null' }),
    recipientEmail: text('recipient_email').notNull(),
    recipientName: text('recipient_name'),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    status: text('status').$type<MessageStatus>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** RFC 5322 Message-ID, fixed when the message is composed, so a resend after a crash carries the same one. */
    messageId: text('message_id').notNull(),
    /** The complete message as it goes on the wire (RFC 5322), composed once. */
    raw: bytea('raw').notNull(),
    attachments: jsonb('attachments').$type<AttachmentSummary[]>().notNull().default([]),
    /** The mail server's answer to the last attempt ("250 2.0.0 OK …"), or "kept in the local outbox". */
    smtpResponse: text('smtp_response'),
    /** The message this one resends, if any. */
    resendOf: uuid('resend_of'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    unique('messages_message_id_unique').on(t.messageId),
    index('messages_event_status_idx').on(t.eventId, t.status, t.createdAt),
    index('messages_status_created_idx').on(t.status, t.createdAt),
    index('messages_batch_idx').on(t.batchId, t.status),
    check('messages_status_check', sql.raw(`status in (${MESSAGE_STATUSES.map((s) => `'${s}'`).join(', ')})`)),
    check('messages_attempts_nonnegative', sql`${t.attempts} >= 0`),
    check('messages_sent_has_time', sql`(${t.status} = 'sent') = (${t.sentAt} is not null)`),
    check('messages_recipient_format', sql`${t.recipientEmail} ~ '^[^@\\s]+@[^@\\s]+$'`),
  ],
);
