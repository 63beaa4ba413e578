// A participant's starred sessions of one event, kept on the server once they confirmed their e-mail address, so the
// same stars show on every device; the private feed secret opens their personal calendar subscription.
import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { belongsTo, createdAt, id, updatedAt } from './common.ts';
import { events } from './events.ts';

export const personalAgendas = pgTable(
  'personal_agendas',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    /** Normalised (trimmed, lower-case); a registration for the same event and address will carry these stars. */
    email: text('email').notNull(),
    /** Ids of published sessions, in the order they were starred. */
    sessionIds: jsonb('session_ids').$type<string[]>().notNull().default([]),
    /**
     * 256 random bits, base64url: the last part of the private feed's address. Kept as is, not hashed, because the
     * personal agenda page shows the address again on every device; it reveals only which public sessions someone
     * starred, and the row is reached by it alone through a unique index.
     */
    feedSecret: text('feed_secret').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('personal_agendas_event_email_unique').on(t.eventId, t.email),
    unique('personal_agendas_feed_secret_unique').on(t.feedSecret),
    check('personal_agendas_feed_secret_format', sql`${t.feedSecret} ~ '^[A-Za-z0-9_-]{43}$'`),
    check('personal_agendas_session_ids_array', sql`jsonb_typeof(${t.sessionIds}) = 'array'`),
  ],
);
