// Participant exports: the columns an organiser may choose, and registrations turned into rows of those columns in
// the organiser's language, read in batches so 20,000 registrations never sit in memory at once. Full identity
// document numbers go only to those allowed to reveal them, each one audited in the transaction that reads it.
// Example: participantExportRows([{ registration }], exportColumnsOf(['familyName', 'status'], [], false).columns!, context)
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { agendaSessions, type ConsentKind, registrationCategories, registrationConsents, registrations, sessionBookings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { zoneName } from '../../lib/datetime.ts';
import { maskDocumentNumber, type FieldCipher } from '../../lib/field-cipher.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { writeAudit, writeAuditMany, type AuditActor } from '../audit/service.ts';
import { answerText, needText } from './answer-text.ts';
import type { FormQuestion } from './form.ts';
import type { RegistrationRow } from './service.ts';

export const PERSON_COLUMNS = ['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'nationality', 'email', 'mobile'] as const;
export const REGISTRATION_COLUMNS = ['category', 'status', 'createdAt', 'sessions', 'dietary', 'interpretation'] as const;
export const PRIVACY_COLUMNS = ['consentProcessing', 'consentSensitive', 'consentCrossBorder', 'idType', 'idNumber'] as const;
/** The document number in full: offered only to those holding `identity.reveal`, and audited per registration. */
export const FULL_ID_NUMBER_COLUMN = 'idNumberFull';
/** What the export form has ticked at first: who they are and where their registration stands. */
export const DEFAULT_EXPORT_COLUMNS: readonly string[] = ['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'email', 'mobile', 'category', 'status', 'createdAt'];
/** A custom question's answers: `question.<question id>`. */
export const QUESTION_COLUMN_PREFIX = 'question.';
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Registrations read (and, with full numbers, audited) per transaction. */
export const EXPORT_BATCH_SIZE = 500;

export type StandardColumn = (typeof PERSON_COLUMNS)[number] | (typeof REGISTRATION_COLUMNS)[number] | (typeof PRIVACY_COLUMNS)[number] | typeof FULL_ID_NUMBER_COLUMN;
export type ExportColumn = { id: string; key: StandardColumn } | { id: string; question: FormQuestion };
/** A text, or an instant (the CSV writes it as wall time in the event's zone, the workbook as an Excel date). */
export type ExportCell = string | Date;

/** One registration with what the columns may need besides its row. */
export interface ExportRegistration {
  registration: RegistrationRow;
  /** Titles of the booked sessions, in time order. */
  sessions?: readonly LocalizedText[];
  /** The consents given and not withdrawn. */
  consents?: readonly ConsentKind[];
  /** The document number decrypted, when a document-number column needs it. */
  idNumber?: string | null;
}

export interface ExportContext {
  locale: Locale;
  timezone: string;
  categories: ReadonlyMap<string, { code: string; name: LocalizedText }>;
}

export interface ColumnChoice {
  columns?: ExportColumn[];
  /** Names no column has (a typo, or a question since deleted). */
  unknown: string[];
  /** The full document number asked for without the right to see it. */
  forbidden: boolean;
}

/** Every column this organiser may choose, in the form's order: the fixed ones, then one per custom question. */
export function exportColumnOptions(questions: readonly FormQuestion[], canRevealFull: boolean): ExportColumn[] {
  const standard: StandardColumn[] = [...PERSON_COLUMNS, ...REGISTRATION_COLUMNS, ...PRIVACY_COLUMNS, ...(canRevealFull ? [FULL_ID_NUMBER_COLUMN as StandardColumn] : [])];
  return [...standard.map((key) => ({ id: key, key })), ...questions.map((question) => ({ id: `${QUESTION_COLUMN_PREFIX}${question.id}`, question }))];
}

/** The columns asked for by name, in the form's order and each once; or what is wrong with the request. */
export function exportColumnsOf(requested: readonly string[], questions: readonly FormQuestion[], canRevealFull: boolean): ColumnChoice {
  const options = exportColumnOptions(questions, canRevealFull);
  const known = new Set(options.map((option) => option.id));
  const unknown = [...new Set(requested.filter((id) => !known.has(id) && !(id === FULL_ID_NUMBER_COLUMN && !canRevealFull)))];
  const forbidden = !canRevealFull && requested.includes(FULL_ID_NUMBER_COLUMN);
  if (unknown.length > 0 || forbidden) return { unknown, forbidden };
  const wanted = new Set(requested);
  return { columns: options.filter((option) => wanted.has(option.id)), unknown, forbidden };
}

/** The column's header in the organiser's language; a question's header is its label. */
export function exportColumnHeader(column: ExportColumn, context: Pick<ExportContext, 'locale' | 'timezone'>): string {
  if ('question' in column) return pickLocalized(column.question.label, context.locale)?.text ?? column.id;
  // The zone by name ("Beijing time"), as the pages say it; the times in the column are wall times in it.
  return translate(context.locale, `participants.export.columns.${column.key}`, { zone: zoneName(new Date(), context.timezone, context.locale) });
}

type CellOf = (item: ExportRegistration, context: ExportContext) => ExportCell;
const yesNo = (given: boolean, locale: Locale) => translate(locale, given ? 'registration.yes' : 'registration.no');

const STANDARD_CELLS: Record<StandardColumn, CellOf> = {
  familyName: ({ registration: r }) => r.familyName,
  givenName: ({ registration: r }) => r.givenName,
  nameZh: ({ registration: r }) => r.nameZh ?? '',
  organisation: ({ registration: r }) => r.organisation,
  jobTitle: ({ registration: r }) => r.jobTitle ?? '',
  country: ({ registration: r }) => r.country,
  nationality: ({ registration: r }) => r.nationality ?? '',
  email: ({ registration: r }) => r.email,
  mobile: ({ registration: r }) => r.mobile,
  category: ({ registration: r }, { categories, locale }) => {
    const category = categories.get(r.categoryId);
    return category ? (pickLocalized(category.name, locale)?.text ?? category.code) : '';
  },
  status: ({ registration: r }, { locale }) => translate(locale, `registration.statuses.${r.status}`),
  createdAt: ({ registration: r }) => r.createdAt,
  sessions: ({ sessions }, { locale }) => (sessions ?? []).map((title) => pickLocalized(title, locale)?.text ?? '').join(translate(locale, 'punct.semicolon')),
  dietary: ({ registration: r }, { locale }) => needText(r.dietary, 'dietary', locale),
  interpretation: ({ registration: r }, { locale }) => needText(r.interpretationNeeds, 'interpretation', locale),
  consentProcessing: ({ consents }, { locale }) => yesNo(consents?.includes('processing') ?? false, locale),
  consentSensitive: ({ consents }, { locale }) => yesNo(consents?.includes('sensitive') ?? false, locale),
  consentCrossBorder: ({ consents }, { locale }) => yesNo(consents?.includes('cross-border') ?? false, locale),
  idType: ({ registration: r }, { locale }) => (r.idType ? translate(locale, `participants.export.idTypes.${r.idType}`) : ''),
  idNumber: ({ idNumber }) => (idNumber ? maskDocumentNumber(idNumber) : ''),
  idNumberFull: ({ idNumber }) => idNumber ?? '',
};

/**
 * Registrations as export rows: one row per registration, one cell per column, texts in the organiser's language
 * and empty texts for what is not there. Both file formats are written from these rows, and nothing else decides
 * what a cell holds.
 */
export function participantExportRows(items: readonly ExportRegistration[], columns: readonly ExportColumn[], context: ExportContext): ExportCell[][] {
  const cells = columns.map((column): CellOf => {
    if ('key' in column) return STANDARD_CELLS[column.key];
    const { question } = column;
    return ({ registration }, { locale }) => answerText(question, registration.answers[question.id], locale);
  });
  return items.map((item) => cells.map((cell) => cell(item, context)));
}

/** What the rows need to know about the event: its zone and its categories' names. */
export async function loadExportContext(db: Db, event: { id: string; timezone: string }, locale: Locale): Promise<ExportContext> {
  const categories = await db.select({ id: registrationCategories.id, code: registrationCategories.code, name: registrationCategories.name }).from(registrationCategories).where(eq(registrationCategories.eventId, event.id));
  return { locale, timezone: event.timezone, categories: new Map(categories.map((c) => [c.id, { code: c.code, name: c.name as LocalizedText }])) };
}

export interface ExportNeeds {
  sessions: boolean;
  consents: boolean;
  idNumbers: boolean;
}

/** What besides the registration rows the columns need to read. */
export function exportNeedsOf(columns: readonly ExportColumn[]): ExportNeeds {
  const keys = new Set(columns.flatMap((column) => ('key' in column ? [column.key] : [])));
  return {
    sessions: keys.has('sessions'),
    consents: keys.has('consentProcessing') || keys.has('consentSensitive') || keys.has('consentCrossBorder'),
    idNumbers: keys.has('idNumber') || keys.has(FULL_ID_NUMBER_COLUMN),
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
  const byId = new Map(rows.map((row) => [row.id, row]));
  return idList.flatMap((id) => {
    const registration = byId.get(id);
    if (!registration) return [];
    const idNumber = needs.idNumbers && registration.idNumber ? cipher.decrypt(registration.idNumber, registration.id) : null;
    return [{ registration, sessions: sessions.get(id) ?? [], consents: consents.get(id) ?? [], idNumber }];
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
