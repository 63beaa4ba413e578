// Speaker invitations: an organiser asks a person on the event's speaker list to take part in one or more sessions,
// each with a role; the mailed link lets them accept or decline, and the organiser sees the answer and can remind.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accessTokens } from './access-tokens.ts';
import { users } from './accounts.ts';
import { agendaSessions, SESSION_PERSON_ROLES, speakers, type SessionPersonRole } from './agenda.ts';
import { belongsTo, createdAt, id, inList } from './common.ts';
import { events } from './events.ts';

export const INVITATION_ANSWERS = ['accepted', 'declined'] as const;
export type InvitationAnswer = (typeof INVITATION_ANSWERS)[number];
export const INVITATION_LOCALES = ['en', 'zh-CN'] as const;
/** The longest personal message an organiser may write (characters). */
export const INVITATION_MESSAGE_MAX = 2000;
/** The longest reason a person may give for declining (characters). */
export const DECLINE_REASON_MAX = 500;

export const speakerInvitations = pgTable(
  'speaker_invitations',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    speakerId: belongsTo('speaker_id', () => speakers.id),
    /** The organiser who sent it (named in the mail). */
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    /** The personal message, as typed (escaped when shown). */
    message: text('message').notNull().default(''),
    /** The language of the mail and of the answer page. */
    locale: text('locale').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answer: text('answer').$type<InvitationAnswer>(),
    declineReason: text('decline_reason'),
    /** The link of the last mail (a reminder issues a new one; earlier links keep working until they expire). */
    tokenId: uuid('token_id').references(() => accessTokens.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('speaker_invitations_event_idx').on(t.eventId, t.speakerId),
    check('speaker_invitations_answer_check', sql`${t.answer} is null or ${t.answer} in (${inList(INVITATION_ANSWERS)})`),
    check('speaker_invitations_answered_together', sql`(${t.answer} is null) = (${t.answeredAt} is null)`),
    check('speaker_invitations_locale_check', sql`${t.locale} in (${inList(INVITATION_LOCALES)})`),
    check('speaker_invitations_message_length', sql.raw(`length(message) <= ${INVITATION_MESSAGE_MAX}`)),
    check('speaker_invitations_reason_length', sql.raw(`decline_reason is null or length(decline_reason) <= ${DECLINE_REASON_MAX}`)),
  ],
);

/** The sessions an invitation asks about, each with the role offered. */
export const speakerInvitationSessions = pgTable(
  'speaker_invitation_sessions',
  {
    invitationId: belongsTo('invitation_id', () => speakerInvitations.id),
    sessionId: belongsTo('session_id', () => agendaSessions.id),
    role: text('role').$type<SessionPersonRole>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'speaker_invitation_sessions_pk', columns: [t.invitationId, t.sessionId] }),
    index('speaker_invitation_sessions_session_idx').on(t.sessionId),
    check('speaker_invitation_sessions_role_check', sql`${t.role} in (${inList(SESSION_PERSON_ROLES)})`),
  ],
);
