// Importing invited guests: an upload is read and kept (registration_imports), the organiser maps its columns and
// chooses category, status and mails, and a registration.import job checks EVERY row with the form's rules, then
// writes all of them in one transaction — or writes nothing and reports each problem by row and field. Confirmed
// rows take their seats with the same conditional UPDATEs as a registration (seats.ts), all at once. The file is
// dropped as soon as the import has an outcome.
// Example: const { id } = await createImport(db, actor, event.id, 'guests.xlsx', bytes); await startImport(…); (the job runs runImport)
import { and, eq, inArray, lt } from 'drizzle-orm';
import {
  ACTIVE_REGISTRATION_STATUSES,
  registrationCategories,
  registrationImports,
  registrations,
  registrationSettings,
  type ImportProblem,
  type ImportStatus,
} from '../../db/schema/index.ts';
import { hasSqlState } from '../../db/errors.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { ConflictError } from '../../lib/errors.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { writeAudit, writeAuditMany, type AuditActor } from '../audit/service.ts';
import type { MailContext } from '../mail/service.ts';
import { readImportFile, type ImportFileProblem } from './import-file.ts';
import type { ImportMapping } from './import-mapping.ts';
import { checkImportRow, IMPORT_CONSENT_VERSION } from './import-rows.ts';
import type { RegistrationMailJob } from './mail.ts';
import { newTicketCode } from './new-registration-rows.ts';
import type { RegistrationValues } from './service.ts';
import { takeSeats } from './seats.ts';

export type ImportRow = typeof registrationImports.$inferSelect;

/** Rows checked between two progress updates, and rows per INSERT (a statement's bound parameters are limited). */
const PROGRESS_EVERY = 1000;
const INSERT_CHUNK = 400;
/** Uploads never mapped are dropped after this long, with their file. */
const ABANDONED_AFTER_MS = 24 * 3_600_000;

export interface ImportContext {
  db: Db;
  clock: Clock;
  mail: MailContext;
}

export interface ImportChoices {
  /** The heading row, its headings and the rows below it, when the organiser chose another than the one found. */
  headerRow: number;
  headers: string[];
  totalRows: number;
  mapping: ImportMapping;
  categoryId: string;
  status: ImportStatus;
  sendMail: boolean;
  defaultLocale: Locale;
}

/** Reads the upload and keeps it for the mapping step; a file that cannot be read is refused with nothing written. */
export async function createImport(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  eventId: string,
  filename: string,
  bytes: Buffer,
): Promise<{ id: string } | { problem: ImportFileProblem; vars?: Record<string, number> }> {
  const file = await readImportFile(bytes, filename);
  if (!file.ok) return { problem: file.problem, ...(file.vars ? { vars: file.vars } : {}) };
  const id = uuidv7();
  const now = clock.now();
  await db.transaction(async (tx) => {
    await tx.delete(registrationImports).where(and(eq(registrationImports.eventId, eventId), eq(registrationImports.state, 'uploaded'), lt(registrationImports.createdAt, new Date(now.getTime() - ABANDONED_AFTER_MS))));
    await tx.insert(registrationImports).values({
      id,
      eventId,
      createdBy: actor.actorId,
      filename: filename.slice(0, 200),
      format: file.format,
      file: bytes,
      encoding: file.encoding,
      headerRow: file.headerRow,
      headers: file.headers,
      sample: file.firstRows,
      totalRows: file.rows.length,
      createdAt: now,
      updatedAt: now,
    });
  });
  return { id };
}

export async function findImport(db: Db, eventId: string, importId: string): Promise<ImportRow | undefined> {
  if (!isUuid(importId)) return undefined;
  const [row] = await db
    .select()
    .from(registrationImports)
    .where(and(eq(registrationImports.eventId, eventId), eq(registrationImports.id, importId.toLowerCase())));
  return row;
}

/** Records the organiser's choices and queues the job, once: a second submit of the same mapping is a conflict. */
export async function startImport(ctx: ImportContext, actor: AuditActor, row: ImportRow, choices: ImportChoices): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const started = await tx
      .update(registrationImports)
      .set({ ...choices, state: 'queued', updatedAt: ctx.clock.now() })
      .where(and(eq(registrationImports.id, row.id), eq(registrationImports.state, 'uploaded')))
      .returning({ id: registrationImports.id });
    if (started.length === 0) throw new ConflictError('registrationImport.errors.started');
    await ctx.mail.jobs.enqueue(tx, QUEUES.registrationImport, { importId: row.id, actorId: actor.actorId } satisfies RegistrationImportJob);
  });
}

export interface RegistrationImportJob {
  importId: string;
  actorId: string | null;
}

class ImportRefused extends Error {
  readonly key: string;
  readonly vars: Record<string, string | number>;
  constructor(key: string, vars: Record<string, string | number> = {}) {
    super(key);
    this.key = key;
    this.vars = vars;
  }
}

async function finish(db: Db, clock: Clock, id: string, set: Partial<typeof registrationImports.$inferInsert>): Promise<void> {
  await db
    .update(registrationImports)
    .set({ ...set, file: null, finishedAt: clock.now(), updatedAt: clock.now() })
    .where(eq(registrationImports.id, id));
}

/**
 * The job. Checks every row (progress saved as it goes), then imports all rows in one transaction, or none. Safe to
 * run again after a crash: nothing is written before the one transaction, which also marks the import done.
 */
export async function runImport(ctx: ImportContext, job: RegistrationImportJob): Promise<void> {
  const { db, clock } = ctx;
  const [row] = await db
    .update(registrationImports)
    .set({ state: 'validating', processedRows: 0, updatedAt: clock.now() })
    .where(and(eq(registrationImports.id, job.importId), inArray(registrationImports.state, ['queued', 'validating', 'importing'])))
    .returning();
  if (!row) return;
  const checked = await checkAllRows(ctx, row);
  if ('refused' in checked) return finish(db, clock, row.id, { state: 'failed', failureKey: checked.refused });
  if (checked.problems.length > 0) return finish(db, clock, row.id, { state: 'rejected', problems: checked.problems, processedRows: row.totalRows });
  await db.update(registrationImports).set({ state: 'importing', processedRows: row.totalRows, updatedAt: clock.now() }).where(eq(registrationImports.id, row.id));
  try {
    await writeRegistrations(ctx, { ...row, processedRows: row.totalRows }, checked.values, { actorId: job.actorId, requestId: null });
  } catch (error) {
    if (error instanceof ImportRefused) return finish(db, clock, row.id, { state: 'failed', failureKey: error.key, failureVars: error.vars });
    // Someone registered one of these addresses after the check: the unique index refused the whole import.
    if (hasSqlState(error, '23505')) return finish(db, clock, row.id, { state: 'failed', failureKey: 'registrationImport.failures.registeredMeanwhile' });
    throw error;
  }
}

async function checkAllRows(ctx: ImportContext, row: ImportRow): Promise<{ refused: string } | { problems: ImportProblem[]; values: RegistrationValues[] }> {
  const { db, clock } = ctx;
  const file = row.file ? await readImportFile(row.file, row.filename, row.headerRow) : undefined;
  if (!file?.ok) return { refused: 'registrationImport.failures.file' };
  const [category] = await db.select().from(registrationCategories).where(and(eq(registrationCategories.id, row.categoryId!), eq(registrationCategories.eventId, row.eventId)));
  if (!category) return { refused: 'registrationImport.failures.category' };
  const registered = new Set(
    (await db.select({ email: registrations.email }).from(registrations).where(and(eq(registrations.eventId, row.eventId), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES)))).map((r) => r.email),
  );
  const formCategory = { id: category.id, code: category.code, name: category.name as Record<string, string>, invitationOnly: category.invitationOnly, requiresApproval: category.requiresApproval, full: false };
  const options = { category: formCategory, defaultLocale: row.defaultLocale as Locale };
  const problems: ImportProblem[] = [];
  const values: RegistrationValues[] = [];
  const firstRowOf = new Map<string, number>();
  for (const [i, { row: number, cells }] of file.rows.entries()) {
    const checked = checkImportRow(number, cells, row.mapping, options);
    problems.push(...checked.problems);
    if (checked.values) {
      const email = checked.values.email;
      const first = firstRowOf.get(email);
      if (first !== undefined) problems.push({ row: number, field: 'email', key: 'registrationImport.problems.duplicateInFile', vars: { row: first } });
      else if (registered.has(email)) problems.push({ row: number, field: 'email', key: 'registrationImport.problems.alreadyRegistered' });
      else values.push(checked.values);
      if (first === undefined) firstRowOf.set(email, number);
    }
    if ((i + 1) % PROGRESS_EVERY === 0) await db.update(registrationImports).set({ processedRows: i + 1, updatedAt: clock.now() }).where(eq(registrationImports.id, row.id));
  }
  return { problems, values };
}

async function writeRegistrations(ctx: ImportContext, row: ImportRow, values: RegistrationValues[], actor: AuditActor): Promise<void> {
  const { db, clock, mail } = ctx;
  const status = row.status!;
  const categoryId = row.categoryId!;
  await db.transaction(async (tx) => {
    const now = clock.now();
    if (status === 'confirmed' && !(await takeSeats(tx, row.eventId, categoryId, values.length))) {
      // The event's seats are counted on its registration settings: an event without them has none to give yet.
      const [settings] = await tx.select({ eventId: registrationSettings.eventId }).from(registrationSettings).where(eq(registrationSettings.eventId, row.eventId));
      if (!settings) throw new ImportRefused('registrationImport.failures.notSetUp', { needed: values.length });
      throw new ImportRefused('registrationImport.failures.capacity', { needed: values.length, free: await freeSeats(tx, row.eventId, categoryId) });
    }
    const ids: string[] = [];
    for (let i = 0; i < values.length; i += INSERT_CHUNK) {
      const chunk = values.slice(i, i + INSERT_CHUNK).map((v) => {
        const id = uuidv7();
        ids.push(id);
        return {
          id,
          eventId: row.eventId,
          categoryId,
          status,
          holdsSeat: status === 'confirmed',
          email: v.email,
          familyName: v.familyName,
          givenName: v.givenName,
          nameZh: v.nameZh,
          organisation: v.organisation,
          jobTitle: v.jobTitle,
          country: v.country,
          mobile: v.mobile,
          dietary: v.dietary,
          interpretationNeeds: v.interpretationNeeds,
          residence: v.residence,
          nationality: v.nationality,
          locale: v.locale,
          ticketCode: newTicketCode(),
          consentAt: now,
          consentVersion: IMPORT_CONSENT_VERSION,
          createdAt: now,
          updatedAt: now,
        };
      });
      await tx.insert(registrations).values(chunk);
      // Each registration's own history says where it came from (the import's row below says what it did in all).
      await writeAuditMany(
        tx,
        actor,
        chunk.map((r) => ({ eventId: row.eventId, action: 'registration.imported', targetType: 'registration', targetId: r.id, after: { importId: row.id, filename: row.filename, status } })),
      );
    }
    if (row.sendMail) {
      // The mail says the organisers registered them: they did not fill in the form themselves.
      const kind = status === 'confirmed' ? 'imported' : 'imported-pending';
      for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
        await mail.jobs.enqueueMany(tx, QUEUES.registrationMail, ids.slice(i, i + INSERT_CHUNK).map((registrationId) => ({ data: { registrationId, kind, extras: {} } satisfies RegistrationMailJob })));
      }
    }
    await writeAudit(tx, actor, {
      eventId: row.eventId,
      action: 'registration.import',
      targetType: 'registration-import',
      targetId: row.id,
      after: { filename: row.filename, rows: values.length, status, categoryId, sendMail: row.sendMail },
    });
    await tx
      .update(registrationImports)
      .set({ state: 'done', importedRows: values.length, file: null, finishedAt: now, updatedAt: now })
      .where(eq(registrationImports.id, row.id));
  });
}

/** Seats still free for a category: the smaller of its own and the event's, for the capacity message. */
async function freeSeats(tx: Db, eventId: string, categoryId: string): Promise<number> {
  const [category] = await tx.select({ capacity: registrationCategories.capacity, taken: registrationCategories.taken }).from(registrationCategories).where(eq(registrationCategories.id, categoryId));
  const [settings] = await tx.select({ capacity: registrationSettings.capacity, taken: registrationSettings.taken }).from(registrationSettings).where(eq(registrationSettings.eventId, eventId));
  const left = [category, settings].filter((c) => c && c.capacity !== null).map((c) => c!.capacity! - c!.taken);
  return Math.max(0, Math.min(...left, Number.MAX_SAFE_INTEGER));
}
