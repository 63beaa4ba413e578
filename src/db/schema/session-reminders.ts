// The reminders mailed to the people on published sessions a day and an hour before: one row per session and kind
// with the pg-boss job that will send it (so a publication that moves the session can replace that job), and one
// row per person and reminder sent (so a retried job never mails anyone twice); and the organiser's own list of what
// to bring, per event.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { agendaSessions, speakers } from './agenda.ts';
import { belongsTo, createdAt, id, inList, localized, updatedAt } from './common.ts';
import { events } from './events.ts';
import { messages } from './mail.ts';

/** How long before the session each reminder goes out. */
export const SESSION_REMINDER_KINDS = ['24h', '1h'] as const;
export type SessionReminderKind = (typeof SESSION_REMINDER_KINDS)[number];

export const sessionReminders = pgTable(
  'session_reminders',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    sessionId: belongsTo('session_id', () => agendaSessions.id),
    kind: text('kind').$type<SessionReminderKind>().notNull(),
    /** The pg-boss job (queue session.reminder) that sends it; a job whose id is not here any more does nothing. */
    jobId: uuid('job_id').notNull(),
    /** The job's start_after: the published start less 24 h or 1 h. */
    sendAt: timestamp('send_at', { withTimezone: true }).notNull(),
    /** The published start the reminder is for: the job sends only while the published agenda still says so. */
    sessionStartsAt: timestamp('session_starts_at', { withTimezone: true }).notNull(),
    /** The agenda version that scheduled (or last re-scheduled) it. */
    agendaVersion: integer('agenda_version').notNull(),
    /** When the job ran and mailed (null until then). */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('session_reminders_session_kind_unique').on(t.sessionId, t.kind),
    index('session_reminders_event_idx').on(t.eventId),
    check('session_reminders_kind_check', sql`${t.kind} in (${inList(SESSION_REMINDER_KINDS)})`),
    check('session_reminders_before_start', sql`${t.sendAt} < ${t.sessionStartsAt}`),
  ],
);

export const sessionReminderSends = pgTable(
  'session_reminder_sends',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    sessionId: belongsTo('session_id', () => agendaSessions.id),
    speakerId: belongsTo('speaker_id', () => speakers.id),
    kind: text('kind').$type<SessionReminderKind>().notNull(),
    /** A session moved to another time earns a new reminder; the same time never a second one. */
    sessionStartsAt: timestamp('session_starts_at', { withTimezone: true }).notNull(),
    recipientEmail: text('recipient_email').notNull(),
    locale: text('locale').notNull(),
    role: text('role').notNull(),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('session_reminder_sends_once').on(t.sessionId, t.speakerId, t.kind, t.sessionStartsAt),
    index('session_reminder_sends_event_idx').on(t.eventId),
    check('session_reminder_sends_kind_check', sql`${t.kind} in (${inList(SESSION_REMINDER_KINDS)})`),
  ],
);

/** The event's own "what to bring" for the reminders, one item per line in each language; none: the standard list. */
export const sessionReminderSettings = pgTable('session_reminder_settings', {
  eventId: uuid('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  whatToBring: localized('what_to_bring').notNull().default({}),
  updatedAt: updatedAt(),
});
