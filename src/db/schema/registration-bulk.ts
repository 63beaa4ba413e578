// Bulk actions on registrations (approve, reject, move category, resend, message): one run per submit, with one
// item per registration chosen. Each item is done in its own transaction that also records its outcome, so a run
// that stops half-way (a crash, a deploy) carries on where it was and never does a registration twice.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { belongsTo, createdAt, id, inList } from './common.ts';
import { users } from './accounts.ts';
import { events } from './events.ts';
import { registrations } from './registration.ts';

export const BULK_ACTIONS = ['approve', 'reject', 'move', 'resend', 'message'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** What the organiser asked for beyond the action: the optional decision message, the target category, the mail. */
export interface BulkParams {
  message?: string | null;
  categoryId?: string;
  subject?: string;
  body?: string;
  /**
   * A message to everyone a filter matches also reaches cancelled and rejected registrations only when the filter
   * asked for that status; people ticked one by one always get it.
   */
  toEnded?: boolean;
}

export const registrationBulkRuns = pgTable(
  'registration_bulk_runs',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** The request that started the run, written on each audit row the run makes. */
    requestId: text('request_id'),
    /** The one-time token of the form that started it: the same form sent twice (a double click) starts one run. */
    formToken: text('form_token'),
    action: text('action').$type<BulkAction>().notNull(),
    params: jsonb('params').$type<BulkParams>().notNull().default({}),
    total: integer('total').notNull(),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('registration_bulk_runs_event_idx').on(t.eventId, t.createdAt),
    unique('registration_bulk_runs_form_token_unique').on(t.eventId, t.formToken),
    check('registration_bulk_runs_action_check', sql`${t.action} in (${inList(BULK_ACTIONS)})`),
    check('registration_bulk_runs_total_positive', sql`${t.total} > 0`),
  ],
);

export const registrationBulkItems = pgTable(
  'registration_bulk_items',
  {
    runId: belongsTo('run_id', () => registrationBulkRuns.id),
    registrationId: belongsTo('registration_id', () => registrations.id),
    /** Order of the list the organiser saw, so people are handled (and a waiting list filled) in that order. */
    position: integer('position').notNull(),
    /** Null until done; then 'done' or 'skipped'. */
    outcome: text('outcome').$type<'done' | 'skipped'>(),
    /** What happened, as a locale key suffix: confirmed, waitlisted, notPending, categoryFull … */
    detail: text('detail'),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'registration_bulk_items_pk', columns: [t.runId, t.registrationId] }),
    index('registration_bulk_items_todo_idx').on(t.runId, t.position),
    check('registration_bulk_items_outcome_check', sql`${t.outcome} is null or ${t.outcome} in ('done', 'skipped')`),
    check('registration_bulk_items_outcome_has_detail', sql`(${t.outcome} is null) = (${t.detail} is null)`),
  ],
);
