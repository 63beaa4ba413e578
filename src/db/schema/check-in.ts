// Check-in at the doors: one row per admission of a registration, to the event (session_id null) or to one
// bookable session. A mistaken admission is undone (undone_at set), never deleted, so the doors' history stays.
// The rule "at most one active admission per registration (and session)" is a pair of unique partial indexes:
// two doors scanning the same ticket at the same moment give one admission, whatever the code does.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { agendaSessions } from './agenda.ts';
import { belongsTo, id } from './common.ts';
import { events } from './events.ts';
import { registrations } from './registration.ts';

export const checkIns = pgTable(
  'check_ins',
  {
    id: id(),
    /** The registration's event, copied so counts and lists per event need no join. */
    eventId: belongsTo('event_id', () => events.id),
    registrationId: belongsTo('registration_id', () => registrations.id),
    /** Null: admission to the event; else to this bookable session. */
    sessionId: uuid('session_id').references(() => agendaSessions.id, { onDelete: 'cascade' }),
    /** The door or desk the staff member named, e.g. "North entrance". */
    door: text('door').notNull(),
    staffUserId: uuid('staff_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The scanner's own id of the scan (a UUID made in the browser): a scan sent twice is recorded once. */
    clientId: uuid('client_id'),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneBy: uuid('undone_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('check_ins_one_active_per_event').on(t.registrationId).where(sql`session_id is null and undone_at is null`),
    uniqueIndex('check_ins_one_active_per_session').on(t.registrationId, t.sessionId).where(sql`session_id is not null and undone_at is null`),
    uniqueIndex('check_ins_client_id_unique').on(t.clientId),
    index('check_ins_event_idx').on(t.eventId, t.sessionId),
    // Every admission of one person, undone ones too (the organisers' page of a registration); the unique indexes hold only active ones.
    index('check_ins_registration_idx').on(t.registrationId),
    check('check_ins_door_length', sql`length(${t.door}) between 1 and 60`),
    check('check_ins_undone_after', sql`${t.undoneAt} is null or ${t.undoneAt} >= ${t.checkedInAt}`),
  ],
);
