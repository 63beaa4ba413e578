// Imports of invited guests from a CSV or XLSX file: one row per upload holds the file (only until the import has
// finished), the organiser's column mapping and choices, and the progress and outcome the page polls. The rows of
// the file become registrations in one transaction, or none do.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { belongsTo, bytea, createdAt, id, inList, updatedAt } from './common.ts';
import { events } from './events.ts';
import { registrationCategories } from './registration-setup.ts';

/**
 * uploaded: waiting for the mapping; queued → validating → importing: the job at work; rejected: rows have problems
 * (listed, nothing written); failed: the whole import was refused (capacity, a registration made meanwhile); done.
 */
export const IMPORT_STATES = ['uploaded', 'queued', 'validating', 'importing', 'rejected', 'failed', 'done'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];
export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** The statuses an import may create: a seat at once, or awaiting the organisers' approval. */
export const IMPORT_STATUSES = ['confirmed', 'pending'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One problem of one row: the spreadsheet's row number (the header is row 1), the field, a locale key. */
export interface ImportProblem {
  row: number;
  field: string;
  key: string;
  vars?: Record<string, string | number>;
}

export const registrationImports = pgTable(
  'registration_imports',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    /** Who uploaded it (no foreign key: the audit log keeps the same id after an account is gone). */
    createdBy: uuid('created_by'),
    filename: text('filename').notNull(),
    format: text('format').$type<ImportFormat>().notNull(),
    /** The uploaded bytes, dropped as soon as the import is rejected, failed or done. */
    file: bytea('file'),
    /** 'gb18030' when a CSV was not UTF-8 and was read as GBK/GB18030 (the page says so). */
    encoding: text('encoding').notNull().default('utf-8'),
    /** The spreadsheet row (from 1) holding the headings: found on upload (below any title), or chosen by the organiser. */
    headerRow: integer('header_row').notNull().default(1),
    /** The headings of headerRow, one per column. */
    headers: jsonb('headers').$type<string[]>().notNull(),
    /**
     * The file's first rows as read (blank ones left out): the rows the headings may be on and the first data rows,
     * shown on the mapping page to check columns and characters, and to choose the heading row, without re-reading the file.
     */
    sample: jsonb('sample').$type<{ row: number; cells: string[] }[]>().notNull().default([]),
    /** Import field → column index (0-based) in `headers`. */
    mapping: jsonb('mapping').$type<Record<string, number>>().notNull().default({}),
    categoryId: uuid('category_id').references(() => registrationCategories.id, { onDelete: 'cascade' }),
    status: text('status').$type<ImportStatus>(),
    sendMail: boolean('send_mail').notNull().default(false),
    /** The language of mails for rows that name none. */
    defaultLocale: text('default_locale').notNull().default('en'),
    state: text('state').$type<ImportState>().notNull().default('uploaded'),
    totalRows: integer('total_rows').notNull(),
    processedRows: integer('processed_rows').notNull().default(0),
    importedRows: integer('imported_rows').notNull().default(0),
    problems: jsonb('problems').$type<ImportProblem[]>().notNull().default([]),
    /** Why a failed import was refused: a locale key and its values. */
    failureKey: text('failure_key'),
    failureVars: jsonb('failure_vars').$type<Record<string, string | number>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('registration_imports_event_idx').on(t.eventId, t.createdAt),
    check('registration_imports_state_check', sql`${t.state} in (${inList(IMPORT_STATES)})`),
    check('registration_imports_format_check', sql`${t.format} in (${inList(IMPORT_FORMATS)})`),
    check('registration_imports_status_check', sql`${t.status} is null or ${t.status} in (${inList(IMPORT_STATUSES)})`),
    check('registration_imports_progress', sql`${t.processedRows} between 0 and ${t.totalRows} and ${t.importedRows} between 0 and ${t.totalRows}`),
    // The file is kept only while the import can still run.
    check('registration_imports_file_until_finished', sql`${t.state} in ('uploaded', 'queued', 'validating', 'importing') or ${t.file} is null`),
    check('registration_imports_header_row', sql`${t.headerRow} >= 1`),
    check('registration_imports_mapped_when_queued', sql`${t.state} = 'uploaded' or (${t.categoryId} is not null and ${t.status} is not null)`),
  ],
);
