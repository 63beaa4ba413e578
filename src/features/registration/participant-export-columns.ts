// The columns of a participant export an organiser may choose, and registrations turned into rows of those columns in
// the organiser's language: the one place that decides what a cell holds, for both file formats.
// Example: participantExportRows([{ registration }], exportColumnsOf(['familyName', 'status'], [], false).columns!, context)
import type { ConsentKind } from '../../db/schema/index.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { zoneName } from '../../lib/datetime.ts';
import { maskDocumentNumber } from '../../lib/field-cipher.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { answerText, needText } from './answer-text.ts';
import type { FormQuestion } from './form.ts';
import type { RegistrationRow } from './service.ts';

export const PERSON_COLUMNS = ['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'nationality', 'email', 'mobile'] as const;
export const REGISTRATION_COLUMNS = ['category', 'status', 'createdAt', 'sessions', 'dietary', 'interpretation'] as const;
export const PRIVACY_COLUMNS = ['consentProcessing', 'consentSensitive', 'consentCrossBorder', 'idType', 'idNumber'] as const;
/** The admission at the event's door (not to sessions): whether, when (in the event's zone) and at which door. Never the ticket code: it is the QR code's secret. */
export const CHECK_IN_COLUMNS = ['checkedIn', 'checkedInAt', 'checkInDoor'] as const;
/** The columns of instants: the CSV writes them as wall times in the event's zone, the workbook as Excel dates. */
export const DATE_COLUMNS: ReadonlySet<string> = new Set(['createdAt', 'checkedInAt']);
/** The document number in full: offered only to those holding `identity.reveal`, and audited per registration. */
export const FULL_ID_NUMBER_COLUMN = 'idNumberFull';
/** What the export form has ticked at first: who they are and where their registration stands. */
export const DEFAULT_EXPORT_COLUMNS: readonly string[] = ['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'email', 'mobile', 'category', 'status', 'createdAt'];
/** A custom question's answers: `question.<question id>`. */
export const QUESTION_COLUMN_PREFIX = 'question.';

export type StandardColumn = (typeof PERSON_COLUMNS)[number] | (typeof REGISTRATION_COLUMNS)[number] | (typeof CHECK_IN_COLUMNS)[number] | (typeof PRIVACY_COLUMNS)[number] | typeof FULL_ID_NUMBER_COLUMN;
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
  /** The standing admission at the event's door, if any. */
  checkIn?: { at: Date; door: string } | null;
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
  const standard: StandardColumn[] = [...PERSON_COLUMNS, ...REGISTRATION_COLUMNS, ...CHECK_IN_COLUMNS, ...PRIVACY_COLUMNS, ...(canRevealFull ? [FULL_ID_NUMBER_COLUMN as StandardColumn] : [])];
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
  checkedIn: ({ checkIn }, { locale }) => yesNo(Boolean(checkIn), locale),
  checkedInAt: ({ checkIn }) => checkIn?.at ?? '',
  checkInDoor: ({ checkIn }) => checkIn?.door ?? '',
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
