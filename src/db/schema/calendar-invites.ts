// The calendar invitations (iTIP REQUEST / CANCEL) mailed to the people on published sessions: one row per mail, with
// what the speaker's calendar was told, so the next publication can tell whether their copy is still right.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agendaSessions, speakers } from './agenda.ts';
import { belongsTo, createdAt, id, inList } from './common.ts';
import { events } from './events.ts';
import { messages } from './mail.ts';

export const INVITE_METHODS = ['REQUEST', 'CANCEL'] as const;
export type InviteMethod = (typeof INVITE_METHODS)[number];

export const calendarInvites = pgTable(
  'calendar_invites',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    sessionId: belongsTo('session_id', () => agendaSessions.id),
    speakerId: belongsTo('speaker_id', () => speakers.id),
    /** The same for every invite of one stay of the person on the session; a new one after a CANCEL. */
    uid: text('uid').notNull(),
    /** 0 for the first REQUEST of a UID, one more for each later mail with that UID. */
    sequence: integer('sequence').notNull(),
    method: text('method').$type<InviteMethod>().notNull(),
    recipientEmail: text('recipient_email').notNull(),
    locale: text('locale').notNull(),
    role: text('role').notNull(),
    // The snapshot the speaker's calendar now holds: what a later publication is compared with.
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    location: text('location').notNull(),
    title: text('title').notNull(),
    cancelled: boolean('cancelled').notNull(),
    /** The agenda version this invite brought the calendar up to. */
    agendaVersion: integer('agenda_version').notNull(),
    /** The mail that carries it (its delivery state shows on the organiser's page). */
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    /** True on the last invite of a speaker and session; only one per pair (the one UID their calendar knows). */
    latest: boolean('latest').notNull().default(true),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('calendar_invites_uid_sequence_unique').on(t.uid, t.sequence),
    uniqueIndex('calendar_invites_latest_unique').on(t.sessionId, t.speakerId).where(sql`${t.latest}`),
    index('calendar_invites_event_idx').on(t.eventId, t.latest),
    check('calendar_invites_method_check', sql`${t.method} in (${inList(INVITE_METHODS)})`),
    check('calendar_invites_sequence_nonnegative', sql`${t.sequence} >= 0`),
    check('calendar_invites_cancel_not_first', sql`${t.method} = 'REQUEST' or ${t.sequence} > 0`),
    check('calendar_invites_cancelled_is_cancel', sql`${t.cancelled} = (${t.method} = 'CANCEL')`),
    check('calendar_invites_times_ordered', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);
