// Participant exports read from the database: registrations in batches, so 20,000 of them never sit in memory at
// once, with what their columns (participant-export-columns.ts) need. Full identity document numbers go only to
// those allowed to reveal them, each one audited in the transaction that reads it.
// Example: for await (const rows of exportParticipantBatches(db, cipher, ids, columns, { ...context, eventId }, audit)) …
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { agendaSessions, checkIns, type ConsentKind, registrationCategories, registrationConsents, registrations, sessionBookings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { FieldCipher } from '../../lib/field-cipher.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { writeAudit, writeAuditMany, type AuditActor } from '../audit/service.ts';
import { CHECK_IN_COLUMNS, exportColumnHeader, FULL_ID_NUMBER_COLUMN, participantExportRows, type ExportCell, type ExportColumn, type ExportContext, type ExportRegistration } from './participant-export-columns.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Registrations read (and, with full numbers, audited) per transaction. */
export const EXPORT_BATCH_SIZE = 500;

/** What the rows need to know about the event: its zone and its categories' names. */
export async function loadExportContext(db: Db, event: { id: string; timezone: string }, locale: Locale): Promise<ExportContext> {
  const categories = await db.select({ id: registrationCategories.id, code: registrationCategories.code, name: registrationCategories.name }).from(registrationCategories).where(eq(registrationCategories.eventId, event.id));
  return { locale, timezone: event.timezone, categories: new Map(categories.map((c) => [c.id, { code: c.code, name: c.name as LocalizedText }])) };
}

export interface ExportNeeds {
  sessions: boolean;
  consents: boolean;
  idNumbers: boolean;
  checkIns: boolean;
}

/** What besides the registration rows the columns need to read. */
export function exportNeedsOf(columns: readonly ExportColumn[]): ExportNeeds {
  const keys = new Set(columns.flatMap((column) => ('key' in column ? [column.key] : [])));
  return {
    sessions: keys.has('sessions'),
    consents: keys.has('consentProcessing') || keys.has('consentSensitive') || keys.has('consentCrossBorder'),
    idNumbers: keys.has('idNumber') || keys.has(FULL_ID_NUMBER_COLUMN),
    checkIns: CHECK_IN_COLUMNS.some((key) => keys.has(key)),
  };
}

/**
 * The event's registrations with these ids, in the order of `ids`, with their bookings, live consents and decrypted
 * numbers as `needs` asks. Ids of erased registrations or of another event are left out.
 */
export async function loadExportRegistrations(db: Db, cipher: FieldCipher, eventId: string, ids: readonly string[], needs: ExportNeeds): Promise<ExportRegistration[]> {
  if (ids.length === 0) return [];
  const idList = [...ids];
  const rows = await db
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.id, idList), isNull(registrations.erasedAt)));
  const sessions = new Map<string, LocalizedText[]>();
  if (needs.sessions) {
    const booked = await db
      .select({ registrationId: sessionBookings.registrationId, title: agendaSessions.title })
      .from(sessionBookings)
      .innerJoin(agendaSessions, eq(agendaSessions.id, sessionBookings.sessionId))
      .where(inArray(sessionBookings.registrationId, idList))
      .orderBy(asc(agendaSessions.startsAt), asc(agendaSessions.id));
    for (const b of booked) sessions.set(b.registrationId, [...(sessions.get(b.registrationId) ?? []), b.title as LocalizedText]);
  }
  const consents = new Map<string, ConsentKind[]>();
  if (needs.consents) {
    const live = await db
      .select({ registrationId: registrationConsents.registrationId, kind: registrationConsents.kind })
      .from(registrationConsents)
      .where(and(inArray(registrationConsents.registrationId, idList), isNull(registrationConsents.withdrawnAt)));
    for (const c of live) consents.set(c.registrationId, [...(consents.get(c.registrationId) ?? []), c.kind]);
  }
  const admitted = new Map<string, { at: Date; door: string }>();
  if (needs.checkIns) {
    // The standing admission to the event (one at most: an undone one is not an admission).
    const standing = await db
      .select({ registrationId: checkIns.registrationId, at: checkIns.checkedInAt, door: checkIns.door })
      .from(checkIns)
      .where(and(eq(checkIns.eventId, eventId), inArray(checkIns.registrationId, idList), isNull(checkIns.sessionId), isNull(checkIns.undoneAt)));
    for (const c of standing) admitted.set(c.registrationId, { at: c.at, door: c.door });
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  return idList.flatMap((id) => {
    const registration = byId.get(id);
    if (!registration) return [];
    const idNumber = needs.idNumbers && registration.idNumber ? cipher.decrypt(registration.idNumber, registration.id) : null;
    return [{ registration, sessions: sessions.get(id) ?? [], consents: consents.get(id) ?? [], idNumber, checkIn: admitted.get(id) ?? null }];
  });
}

/**
 * The rows of an export, a batch at a time. With the full document number, each batch is read in one transaction
 * with an audit row per number it holds: no number leaves unmasked without its audit row.
 */
export async function* exportParticipantBatches(
  db: Db,
  cipher: FieldCipher,
  ids: readonly string[],
  columns: readonly ExportColumn[],
  context: ExportContext & { eventId: string },
  audit: { actor: AuditActor; format: ExportFormat },
): AsyncGenerator<ExportCell[][]> {
  const needs = exportNeedsOf(columns);
  const revealing = columns.some((column) => 'key' in column && column.key === FULL_ID_NUMBER_COLUMN);
  for (let start = 0; start < ids.length; start += EXPORT_BATCH_SIZE) {
    const batch = ids.slice(start, start + EXPORT_BATCH_SIZE);
    const items = revealing
      ? await db.transaction(async (tx) => {
          const read = await loadExportRegistrations(tx, cipher, context.eventId, batch, needs);
          await writeAuditMany(
            tx,
            audit.actor,
            read
              .filter((item) => item.idNumber)
              .map(({ registration: r }) => ({ eventId: r.eventId, action: 'registration.identity.export', targetType: 'registration', targetId: r.id, after: { idType: r.idType, format: audit.format } })),
          );
          return read;
        })
      : await loadExportRegistrations(db, cipher, context.eventId, batch, needs);
    yield participantExportRows(items, columns, context);
  }
}

/**
 * The header and rows of these registrations at once, in memory: for small lists and tests (an import read back as
 * an export). Full document numbers are refused here, as this path writes no audit rows.
 * Example: await participantExportTable(db, cipher, event, ids, exportColumnsOf(['familyName', 'email'], [], false).columns!, 'en')
 */
export async function participantExportTable(db: Db, cipher: FieldCipher, event: { id: string; timezone: string }, ids: readonly string[], columns: readonly ExportColumn[], locale: Locale): Promise<ExportCell[][]> {
  if (columns.some((column) => 'key' in column && column.key === FULL_ID_NUMBER_COLUMN)) throw new Error('full document numbers are exported only through exportParticipantBatches, which audits them');
  const context = await loadExportContext(db, event, locale);
  const items = await loadExportRegistrations(db, cipher, event.id, ids, exportNeedsOf(columns));
  return [columns.map((column) => exportColumnHeader(column, context)), ...participantExportRows(items, columns, context)];
}

/** One audit row per export: who took which columns of how many registrations, and in which format. */
export async function recordParticipantExport(db: Db, actor: AuditActor, eventId: string, details: { format: ExportFormat; columns: readonly ExportColumn[]; rows: number }): Promise<void> {
  await writeAudit(db, actor, { eventId, action: 'registration.export', targetType: 'event', targetId: eventId, after: { format: details.format, columns: details.columns.map((c) => c.id), rows: details.rows } });
}
