// Badge print jobs: a PDF of many badges made in the background with progress, kept in the database (so any process
// can serve it, on PGlite or a shared PostgreSQL) until it expires.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { belongsTo, bytea, createdAt, id, inList } from './common.ts';
import { events } from './events.ts';

export const BADGE_LAYOUTS = ['a6', 'a4-8'] as const;
export type BadgeLayout = (typeof BADGE_LAYOUTS)[number];
export const BADGE_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type BadgeJobStatus = (typeof BADGE_JOB_STATUSES)[number];

export const badgeJobs = pgTable(
  'badge_jobs',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    layout: text('layout').$type<BadgeLayout>().notNull(),
    /** The one-time token of the form that asked: sending it twice (a double click) makes one job, not two. */
    formToken: text('form_token'),
    status: text('status').$type<BadgeJobStatus>().notNull().default('queued'),
    /** The registrations as the organiser's filter found them when asking, in print order: the PDF holds exactly these. */
    registrationIds: uuid('registration_ids').array().notNull(),
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    pdf: bytea('pdf'),
    /** A short, non-personal reason when the job failed (e.g. the CJK font is missing on the server). */
    error: text('error'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** The PDF holds personal data: it is deleted with its row at this time. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('badge_jobs_event_idx').on(t.eventId, t.createdAt),
    unique('badge_jobs_form_token_unique').on(t.eventId, t.formToken),
    index('badge_jobs_expires_idx').on(t.expiresAt),
    check('badge_jobs_layout_check', sql`${t.layout} in (${inList(BADGE_LAYOUTS)})`),
    check('badge_jobs_status_check', sql`${t.status} in (${inList(BADGE_JOB_STATUSES)})`),
    check('badge_jobs_progress', sql`${t.total} = cardinality(${t.registrationIds}) and ${t.total} > 0 and ${t.done} between 0 and ${t.total}`),
    check('badge_jobs_pdf_when_done', sql`(${t.status} = 'done') = (${t.pdf} is not null)`),
  ],
);
