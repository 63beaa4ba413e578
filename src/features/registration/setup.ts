// The organiser's registration set-up: when the form is open, how many seats in all, the categories (each with its
// own seats, visibility, approval and invitation rules) and the event's own questions. Seat counters (`taken`) belong
// to the registration service; a capacity is lowered only by a conditional UPDATE that leaves it at or above `taken`,
// so an organiser racing a participant gets a field error and the CHECK constraints never fire.
import { parseWholeNumber } from '../../lib/whole-number.ts';
import { and, asc, count, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { DEFAULT_CATEGORY_COLOUR, registrationCategories, registrationConsents, registrationQuestions, registrations, registrationSettings, QUESTION_KINDS, type QuestionKind } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { hasSqlState } from '../../db/errors.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { localizedFromFields, type LocalizedText } from '../../lib/localized.ts';
import { formatWallTime, parseWallTime } from '../../lib/wall-time.ts';
import type { Locale } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { MailContext } from '../mail/service.ts';
import type { Clock } from '../../lib/clock.ts';
import { promoteFromWaitlist } from './service.ts';
import { CONTROL } from './form.ts';

/** Control characters but line breaks (and tabs): for texts that may run over several lines. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
import { closesAfterEnd } from '../events/date-rules.ts';
import { asciiSlug } from '../../lib/ascii-slug.ts';

export type SettingsRow = typeof registrationSettings.$inferSelect;
export type CategoryRow = typeof registrationCategories.$inferSelect;
export type QuestionRow = typeof registrationQuestions.$inferSelect;

/** The largest capacity a form accepts; no forum hall is larger. */
const MAX_CAPACITY = 1_000_000;
const NAME_MAX = 100;
const LABEL_MAX = 300;
const HELP_MAX = 1000;
const OPTION_LABEL_MAX = 200;
const MAX_OPTIONS = 50;
/**
 * The set-up forms' limits in characters, for their inputs' maxlength. The options box takes every option at its
 * longest: a value of 40 (see parseOptions), two labels, two " | " and a line break.
 */
export const SETUP_TEXT_LIMITS = { categoryName: NAME_MAX, label: LABEL_MAX, help: HELP_MAX, options: MAX_OPTIONS * (40 + 2 * OPTION_LABEL_MAX + 7) } as const;

/** Upload types an organiser may accept, each with the media type stored and checked against the file. */
export const FILE_TYPES = [
  { key: 'pdf', mediaType: 'application/pdf' },
  { key: 'jpeg', mediaType: 'image/jpeg' },
  { key: 'png', mediaType: 'image/png' },
  { key: 'docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
] as const;
/** 20 MiB, the schema's limit for one file. */
export const FILE_MAX_MB = 20;

const problemsOf = (errors: FieldErrors) => Object.keys(errors).length > 0;
const tooLong = (value: string, max: number) => [...value].length > max;

/** An optional whole number of seats: '' → null; anything but 1 … 1,000,000 → undefined (an error). */
function parseCapacity(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  return parseWholeNumber(text, { min: 1, max: MAX_CAPACITY });
}

const isOn = (value: string | undefined) => value === 'on' || value === 'yes' || value === 'true';

// — Settings —

/**
 * What saving settings needs beyond the database: the clock (a lapsed consent's time) and mail (seats added by
 * raising a capacity go to the people waiting, in order, and mail them).
 */
export interface SettingsContext {
  clock: Clock;
  mail: MailContext;
}

/** Whether a capacity change adds seats (a higher number, or no limit any more). */
const seatsAdded = (before: number | null, after: number | null) => before !== null && (after === null || after > before);

export interface SettingsForm {
  opensAt: string;
  closesAt: string;
  capacity: string;
  waitlist: string;
  /** The privacy notice's facts (PIPL art. 17 and 39): who processes, for how long, and who abroad receives. */
  controllerName: string;
  retentionMonths: string;
  sharesAbroad: string;
  abroadRecipient: string;
  abroadContact: string;
}
export type SettingsValues = Pick<SettingsRow, 'opensAt' | 'closesAt' | 'capacity' | 'waitlistEnabled' | 'controllerName' | 'retentionMonths' | 'sharesAbroad' | 'abroadRecipient' | 'abroadContact'>;

/** Limits of the privacy fields, in characters; months as the database's CHECK allows them. */
export const PRIVACY_LIMITS = { controllerName: 200, abroadRecipient: 200, abroadContact: 200, monthsMin: 1, monthsMax: 120 } as const;

export async function findSettings(db: Db, eventId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId));
  return row;
}

export const settingsToForm = (row: SettingsRow | undefined, zone: string): SettingsForm =>
  row
    ? {
        opensAt: formatWallTime(row.opensAt, zone),
        closesAt: formatWallTime(row.closesAt, zone),
        capacity: row.capacity === null ? '' : String(row.capacity),
        waitlist: row.waitlistEnabled ? 'on' : '',
        controllerName: row.controllerName ?? '',
        retentionMonths: String(row.retentionMonths),
        sharesAbroad: row.sharesAbroad ? 'on' : '',
        abroadRecipient: row.abroadRecipient ?? '',
        abroadContact: row.abroadContact ?? '',
      }
    : { opensAt: '', closesAt: '', capacity: '', waitlist: 'on', controllerName: '', retentionMonths: '12', sharesAbroad: '', abroadRecipient: '', abroadContact: '' };

/** A line of text: trimmed, within `max` characters, free of control characters (line breaks included). */
function lineOf(value: string, max: number, field: string, errors: FieldErrors): string {
  const text = value.trim();
  if (tooLong(text, max)) errors[field] = { key: 'forms.tooLong', vars: { max } };
  else if (CONTROL.test(text)) errors[field] = { key: 'registrationSetup.errors.oneLine' };
  return text;
}

/** Checks the fields: times are wall time in the event's zone, and registration closes by the time the event ends. */
export function validateSettingsForm(form: SettingsForm, event: { timezone: string; endsAt: Date }, locale: Locale): { values?: SettingsValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const zone = event.timezone;
  const opens = parseWallTime(form.opensAt.trim(), zone);
  const closes = parseWallTime(form.closesAt.trim(), zone);
  if (opens.problem) errors.opensAt = { key: `registrationSetup.errors.time.${opens.problem}` };
  if (closes.problem) errors.closesAt = { key: `registrationSetup.errors.time.${closes.problem}` };
  if (opens.instant && closes.instant && closes.instant <= opens.instant) errors.closesAt = { key: 'registrationSetup.errors.closesBeforeOpens' };
  else if (closes.instant && closesAfterEnd(closes.instant, event.endsAt)) errors.closesAt = { key: 'registrationSetup.errors.closesAfterEventEnd', vars: { end: formatDateTime(event.endsAt, zone, locale) } };
  const capacity = parseCapacity(form.capacity);
  if (capacity === undefined) errors.capacity = { key: 'registrationSetup.errors.capacity', vars: { max: MAX_CAPACITY } };
  const controllerName = lineOf(form.controllerName, PRIVACY_LIMITS.controllerName, 'controllerName', errors);
  const retentionMonths = parseWholeNumber(form.retentionMonths, { min: PRIVACY_LIMITS.monthsMin, max: PRIVACY_LIMITS.monthsMax }) ?? Number.NaN;
  if (Number.isNaN(retentionMonths)) {
    errors.retentionMonths = { key: 'registrationSetup.errors.retentionMonths', vars: { min: PRIVACY_LIMITS.monthsMin, max: PRIVACY_LIMITS.monthsMax } };
  }
  // The recipient and how to reach them are asked for only when the event shares; otherwise what was typed is dropped.
  const sharesAbroad = isOn(form.sharesAbroad);
  const abroadRecipient = sharesAbroad ? lineOf(form.abroadRecipient, PRIVACY_LIMITS.abroadRecipient, 'abroadRecipient', errors) : '';
  const abroadContact = sharesAbroad ? lineOf(form.abroadContact, PRIVACY_LIMITS.abroadContact, 'abroadContact', errors) : '';
  if (sharesAbroad && abroadRecipient === '' && !errors.abroadRecipient) errors.abroadRecipient = { key: 'registrationSetup.errors.abroadRecipient' };
  if (sharesAbroad && abroadContact === '' && !errors.abroadContact) errors.abroadContact = { key: 'registrationSetup.errors.abroadContact' };
  if (problemsOf(errors)) return { errors };
  return {
    errors,
    values: {
      opensAt: opens.instant!,
      closesAt: closes.instant!,
      capacity: capacity!,
      waitlistEnabled: isOn(form.waitlist),
      controllerName: controllerName || null,
      retentionMonths,
      sharesAbroad,
      abroadRecipient: sharesAbroad ? abroadRecipient : null,
      abroadContact: sharesAbroad ? abroadContact : null,
    },
  };
}

const settingsAudit = (v: SettingsValues) => ({
  opensAt: v.opensAt.toISOString(),
  closesAt: v.closesAt.toISOString(),
  capacity: v.capacity,
  waitlistEnabled: v.waitlistEnabled,
  controllerName: v.controllerName,
  retentionMonths: v.retentionMonths,
  sharesAbroad: v.sharesAbroad,
  abroadRecipient: v.abroadRecipient,
  abroadContact: v.abroadContact,
});

/**
 * Creates or changes the settings. The capacity is never set below the seats already taken: the upsert's WHERE
 * refuses it in the same statement, and the caller gets a field error naming how many are taken.
 */
export async function saveSettings(db: Db, actor: AuditActor, eventId: string, values: SettingsValues, ctx: SettingsContext): Promise<{ errors?: FieldErrors }> {
  const saved = await db.transaction(async (tx) => {
    const before = await findSettings(tx, eventId);
    const rows = await tx
      .insert(registrationSettings)
      .values({ eventId, ...values })
      .onConflictDoUpdate({
        target: registrationSettings.eventId,
        set: { ...values, updatedAt: sql`now()` },
        setWhere: values.capacity === null ? undefined : lte(registrationSettings.taken, values.capacity),
      })
      .returning({ eventId: registrationSettings.eventId });
    if (rows.length === 0) {
      const taken = (await findSettings(tx, eventId))?.taken ?? 0;
      return { errors: { capacity: { key: 'registrationSetup.errors.capacityBelowTaken', vars: { taken } } } };
    }
    await writeAudit(tx, actor, { eventId, action: 'registration.settings', targetType: 'event', targetId: eventId, before: before ? settingsAudit(before) : null, after: settingsAudit(values) });
    // A consent to the transfer abroad was given to a named recipient: another one, or none, and it no longer stands.
    // People may give it again on their manage page; the participant list's consent filter shows who has.
    if (before?.sharesAbroad && (!values.sharesAbroad || values.abroadRecipient !== before.abroadRecipient)) {
      const lapsed = await tx
        .update(registrationConsents)
        .set({ withdrawnAt: ctx.clock.now() })
        .where(
          and(
            eq(registrationConsents.kind, 'cross-border'),
            isNull(registrationConsents.withdrawnAt),
            inArray(registrationConsents.registrationId, tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.eventId, eventId))),
          ),
        )
        .returning({ id: registrationConsents.id });
      if (lapsed.length > 0) {
        await writeAudit(tx, actor, { eventId, action: 'registration.consent.lapse', targetType: 'event', targetId: eventId, before: { recipient: before.abroadRecipient }, after: { kind: 'cross-border', count: lapsed.length } });
      }
    }
    return { raised: before !== undefined && seatsAdded(before.capacity, values.capacity) };
  });
  if ('errors' in saved) return saved;
  // The new seats go to the people waiting, in a transaction of its own: it takes each seat's category row before the
  // event's, as registrations and cancellations do, while the settings' upsert above held the event's row first.
  if (saved.raised) await db.transaction((tx) => promoteFromWaitlist(tx, ctx.clock, ctx.mail, actor, eventId));
  return {};
}

// — Categories —

export interface CategoryForm {
  code: string;
  nameEn: string;
  nameZh: string;
  capacity: string;
  visibility: string;
  requiresApproval: string;
  invitationOnly: string;
  /** The badge colour, "#rrggbb"; empty means the default. */
  colour: string;
}
export type CategoryValues = Pick<CategoryRow, 'code' | 'name' | 'capacity' | 'visibility' | 'requiresApproval' | 'invitationOnly' | 'colour'>;

export const EMPTY_CATEGORY_FORM: CategoryForm = { code: '', nameEn: '', nameZh: '', capacity: '', visibility: 'public', requiresApproval: '', invitationOnly: '', colour: DEFAULT_CATEGORY_COLOUR };
export const VISIBILITIES = ['public', 'hidden'] as const;

export const categoryToForm = (row: CategoryRow): CategoryForm => ({
  code: row.code,
  nameEn: row.name.en ?? '',
  nameZh: row.name['zh-CN'] ?? '',
  capacity: row.capacity === null ? '' : String(row.capacity),
  visibility: row.visibility,
  requiresApproval: row.requiresApproval ? 'on' : '',
  invitationOnly: row.invitationOnly ? 'on' : '',
  colour: row.colour,
});

export async function findCategories(db: Db, eventId: string): Promise<CategoryRow[]> {
  return db.select().from(registrationCategories).where(eq(registrationCategories.eventId, eventId)).orderBy(asc(registrationCategories.position), asc(registrationCategories.createdAt), asc(registrationCategories.id));
}

export async function findCategory(db: Db, eventId: string, categoryId: string): Promise<CategoryRow | undefined> {
  if (!isUuid(categoryId)) return undefined;
  const [row] = await db
    .select()
    .from(registrationCategories)
    .where(and(eq(registrationCategories.eventId, eventId), eq(registrationCategories.id, categoryId.toLowerCase())));
  return row;
}

/** Checks the fields; the code must not be another category's of the same event (`exceptId`: the one being edited). */
export async function validateCategoryForm(db: Db, eventId: string, form: CategoryForm, exceptId?: string): Promise<{ values?: CategoryValues; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  // Codes are typed in any case; they are stored and printed upper case.
  const code = form.code.trim().toUpperCase();
  if (!/^[A-Z0-9]{2,12}$/.test(code)) errors.code = { key: 'registrationSetup.errors.code' };
  else {
    const [same] = await db.select({ id: registrationCategories.id }).from(registrationCategories).where(and(eq(registrationCategories.eventId, eventId), eq(registrationCategories.code, code)));
    if (same && same.id !== exceptId) errors.code = { key: 'registrationSetup.errors.codeTaken', vars: { code } };
  }
  const nameEn = form.nameEn.trim();
  const nameZh = form.nameZh.trim();
  if (!nameEn && !nameZh) errors.nameEn = { key: 'registrationSetup.errors.categoryName' };
  if (tooLong(nameEn, NAME_MAX)) errors.nameEn = { key: 'forms.tooLong', vars: { max: NAME_MAX } };
  if (tooLong(nameZh, NAME_MAX)) errors.nameZh = { key: 'forms.tooLong', vars: { max: NAME_MAX } };
  // A name shows on one line (the form, badges, lists): no line breaks, tabs or other control characters.
  for (const [field, value] of [['nameEn', nameEn], ['nameZh', nameZh]] as const) if (!errors[field] && CONTROL.test(value)) errors[field] = { key: 'registrationSetup.errors.oneLine' };
  const capacity = parseCapacity(form.capacity);
  if (capacity === undefined) errors.capacity = { key: 'registrationSetup.errors.capacity', vars: { max: MAX_CAPACITY } };
  const visibility = VISIBILITIES.find((v) => v === form.visibility);
  if (!visibility) errors.visibility = { key: 'registrationSetup.errors.visibility' };
  const colour = form.colour.trim().toLowerCase() || DEFAULT_CATEGORY_COLOUR;
  if (!/^#[0-9a-f]{6}$/.test(colour)) errors.colour = { key: 'registrationSetup.errors.colour' };
  if (problemsOf(errors)) return { errors };
  return {
    errors,
    values: { code, name: localizedFromFields(nameEn, nameZh), capacity: capacity!, visibility: visibility!, requiresApproval: isOn(form.requiresApproval), invitationOnly: isOn(form.invitationOnly), colour },
  };
}

/** unique_violation */
const isUniqueViolation = (error: unknown) => hasSqlState(error, '23505');

const codeTaken = (code: string): FieldErrors => ({ code: { key: 'registrationSetup.errors.codeTaken', vars: { code } } });

export async function createCategory(db: Db, actor: AuditActor, eventId: string, values: CategoryValues): Promise<{ errors?: FieldErrors }> {
  try {
    await db.transaction(async (tx) => {
      const [next] = await tx.select({ n: sql<number>`coalesce(max(${registrationCategories.position}) + 1, 0)::int` }).from(registrationCategories).where(eq(registrationCategories.eventId, eventId));
      const [row] = await tx.insert(registrationCategories).values({ ...values, eventId, position: next?.n ?? 0 }).returning({ id: registrationCategories.id });
      await writeAudit(tx, actor, { eventId, action: 'registrationCategory.create', targetType: 'registration-category', targetId: row!.id, after: { ...values } });
    });
    return {};
  } catch (error) {
    // Two organisers adding the same code at once: the unique constraint decides, the loser sees the field error.
    if (isUniqueViolation(error)) return { errors: codeTaken(values.code) };
    throw error;
  }
}

const categoryAudit = (c: CategoryValues) => ({ code: c.code, name: c.name, capacity: c.capacity, visibility: c.visibility, requiresApproval: c.requiresApproval, invitationOnly: c.invitationOnly, colour: c.colour });

export async function updateCategory(db: Db, actor: AuditActor, before: CategoryRow, values: CategoryValues, waitlist?: SettingsContext): Promise<{ errors?: FieldErrors }> {
  try {
    return await db.transaction(async (tx) => {
      const rows = await tx
        .update(registrationCategories)
        .set(values)
        .where(
          and(
            eq(registrationCategories.id, before.id),
            values.capacity === null ? undefined : lte(registrationCategories.taken, values.capacity),
          ),
        )
        .returning({ id: registrationCategories.id });
      if (rows.length === 0) {
        const [now] = await tx.select({ taken: registrationCategories.taken }).from(registrationCategories).where(eq(registrationCategories.id, before.id));
        return { errors: { capacity: { key: 'registrationSetup.errors.capacityBelowTaken', vars: { taken: now?.taken ?? 0 } } } };
      }
      await writeAudit(tx, actor, { eventId: before.eventId, action: 'registrationCategory.update', targetType: 'registration-category', targetId: before.id, before: categoryAudit(before), after: categoryAudit(values) });
      if (waitlist && seatsAdded(before.capacity, values.capacity)) await promoteFromWaitlist(tx, waitlist.clock, waitlist.mail, actor, before.eventId);
      return {};
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { errors: codeTaken(values.code) };
    throw error;
  }
}

/**
 * Removes a category nobody registered in (registrations keep theirs, even cancelled ones, for the counts). Its
 * invitation codes go with it. A question asked only in this category would silently become a question for all,
 * so removal is refused until the question is changed.
 */
class CategoryInUse extends Error {}

export async function removeCategory(db: Db, actor: AuditActor, category: CategoryRow): Promise<{ problem?: 'in-use' | 'question'; count?: number }> {
  try {
    return await removeCategoryInTransaction(db, actor, category);
  } catch (error) {
    // Thrown to roll back the questions already changed in the transaction; or a registration still being
    // committed when the row was deleted, which the foreign key refuses (foreign_key_violation).
    if (error instanceof CategoryInUse || hasSqlState(error, '23503')) return { problem: 'in-use', count: 1 };
    throw error;
  }
}

async function removeCategoryInTransaction(db: Db, actor: AuditActor, category: CategoryRow): Promise<{ problem?: 'in-use' | 'question'; count?: number }> {
  return db.transaction(async (tx) => {
    const [used] = await tx.select({ n: count() }).from(registrations).where(eq(registrations.categoryId, category.id));
    if ((used?.n ?? 0) > 0) return { problem: 'in-use' as const, count: used!.n };
    const questions = await tx.select().from(registrationQuestions).where(and(eq(registrationQuestions.eventId, category.eventId), sql`${category.id}::uuid = any(${registrationQuestions.categoryIds})`));
    const onlyHere = questions.filter((q) => q.categoryIds.length === 1);
    if (onlyHere.length > 0) return { problem: 'question' as const, count: onlyHere.length };
    for (const q of questions) {
      await tx.update(registrationQuestions).set({ categoryIds: q.categoryIds.filter((id) => id !== category.id) }).where(eq(registrationQuestions.id, q.id));
    }
    // A registration made since the count would make the foreign key refuse the delete (a server error); this
    // guard deletes nothing instead, and the organiser is told the category is in use.
    const deleted = await tx
      .delete(registrationCategories)
      .where(and(eq(registrationCategories.id, category.id), sql`not exists (select 1 from registrations r where r.category_id = ${category.id})`))
      .returning({ id: registrationCategories.id });
    if (deleted.length === 0) throw new CategoryInUse();
    await writeAudit(tx, actor, { eventId: category.eventId, action: 'registrationCategory.remove', targetType: 'registration-category', targetId: category.id, before: categoryAudit(category) });
    return {};
  });
}

// — Questions —

export interface QuestionForm {
  kind: string;
  labelEn: string;
  labelZh: string;
  helpEn: string;
  helpZh: string;
  options: string;
  required: string;
  categoryIds: string[];
  fileTypes: string[];
  fileMaxMb: string;
}
export type QuestionValues = Pick<QuestionRow, 'kind' | 'label' | 'help' | 'options' | 'required' | 'categoryIds' | 'fileTypes' | 'fileMaxBytes'>;

export const EMPTY_QUESTION_FORM: QuestionForm = { kind: 'text', labelEn: '', labelZh: '', helpEn: '', helpZh: '', options: '', required: '', categoryIds: [], fileTypes: ['pdf'], fileMaxMb: '5' };
export const CHOICE_KINDS: readonly QuestionKind[] = ['single', 'multiple'];

/** An option as the organiser types it: "value | English label | 中文标签", or "English | 中文" with the value made from the English. */
export function formatOptions(options: QuestionRow['options']): string {
  return options.map((o) => [o.value, o.label.en ?? '', o.label['zh-CN'] ?? ''].join(' | ')).join('\n');
}

const slug = (text: string) => asciiSlug(text, 40);

/** Parses the options box; problems name the line (1-based). */
export function parseOptions(text: string): { options?: QuestionRow['options']; error?: { key: string; vars?: Record<string, string | number> } } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length < 2) return { error: { key: 'registrationSetup.errors.optionsFew' } };
  if (lines.length > MAX_OPTIONS) return { error: { key: 'registrationSetup.errors.optionsMany', vars: { max: MAX_OPTIONS } } };
  const options: QuestionRow['options'] = [];
  const seen = new Set<string>();
  for (const [index, line] of lines.entries()) {
    const n = index + 1;
    const parts = line.split('|').map((p) => p.trim());
    let value: string;
    let en: string;
    let zh: string;
    if (parts.length === 3) [value, en, zh] = parts as [string, string, string];
    else if (parts.length === 2) {
      [en, zh] = parts as [string, string];
      value = slug(en) || `option-${n}`;
    } else if (parts.length === 1) {
      // One text: Chinese when it is written in Chinese characters (人工智能), else English.
      const han = /\p{Script=Han}/u.test(parts[0]!);
      en = han ? '' : parts[0]!;
      zh = han ? parts[0]! : '';
      value = slug(en) || `option-${n}`;
    } else return { error: { key: 'registrationSetup.errors.optionLine', vars: { line: n } } };
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(value)) return { error: { key: 'registrationSetup.errors.optionValue', vars: { line: n } } };
    if (!en && !zh) return { error: { key: 'registrationSetup.errors.optionLabel', vars: { line: n } } };
    if (CONTROL.test(en) || CONTROL.test(zh)) return { error: { key: 'registrationSetup.errors.optionLine', vars: { line: n } } };
    if (tooLong(en, OPTION_LABEL_MAX) || tooLong(zh, OPTION_LABEL_MAX)) return { error: { key: 'registrationSetup.errors.optionTooLong', vars: { line: n, max: OPTION_LABEL_MAX } } };
    if (seen.has(value)) return { error: { key: 'registrationSetup.errors.optionTwice', vars: { line: n, value } } };
    seen.add(value);
    options.push({ value, label: localizedFromFields(en, zh) as Record<string, string> });
  }
  return { options };
}

export const questionToForm = (row: QuestionRow): QuestionForm => ({
  kind: row.kind,
  labelEn: row.label.en ?? '',
  labelZh: row.label['zh-CN'] ?? '',
  helpEn: (row.help as LocalizedText).en ?? '',
  helpZh: (row.help as LocalizedText)['zh-CN'] ?? '',
  options: formatOptions(row.options),
  required: row.required ? 'on' : '',
  categoryIds: row.categoryIds,
  fileTypes: FILE_TYPES.filter((t) => row.fileTypes.includes(t.mediaType)).map((t) => t.key),
  fileMaxMb: row.fileMaxBytes === null ? '5' : String(Math.round((row.fileMaxBytes / 1024 / 1024) * 10) / 10),
});

export function validateQuestionForm(form: QuestionForm, categories: { id: string }[]): { values?: QuestionValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kind = QUESTION_KINDS.find((k) => k === form.kind);
  if (!kind) errors.kind = { key: 'registrationSetup.errors.kind' };
  const labelEn = form.labelEn.trim();
  const labelZh = form.labelZh.trim();
  if (!labelEn && !labelZh) errors.labelEn = { key: 'registrationSetup.errors.label' };
  for (const [field, value, max] of [
    ['labelEn', labelEn, LABEL_MAX],
    ['labelZh', labelZh, LABEL_MAX],
    ['helpEn', form.helpEn.trim(), HELP_MAX],
    ['helpZh', form.helpZh.trim(), HELP_MAX],
  ] as const) {
    if (tooLong(value, max)) errors[field] = { key: 'forms.tooLong', vars: { max } };
    // Labels on one line; help may run over lines, but carries no other control character.
    else if ((field.startsWith('label') ? CONTROL : CONTROL_BUT_LINES).test(value)) errors[field] = { key: field.startsWith('label') ? 'registrationSetup.errors.oneLine' : 'registrationSetup.errors.control' };
  }
  let options: QuestionRow['options'] = [];
  if (kind && CHOICE_KINDS.includes(kind)) {
    const parsed = parseOptions(form.options);
    if (parsed.error) errors.options = parsed.error;
    else options = parsed.options!;
  }
  const known = new Set(categories.map((c) => c.id));
  const categoryIds = [...new Set(form.categoryIds.map((id) => id.toLowerCase()))];
  if (categoryIds.some((id) => !known.has(id))) errors.categoryIds = { key: 'registrationSetup.errors.categories' };
  let fileTypes: string[] = [];
  let fileMaxBytes: number | null = null;
  if (kind === 'file') {
    const chosen = FILE_TYPES.filter((t) => form.fileTypes.includes(t.key));
    if (chosen.length === 0 || form.fileTypes.some((k) => !FILE_TYPES.some((t) => t.key === k))) errors.fileTypes = { key: 'registrationSetup.errors.fileTypes' };
    fileTypes = chosen.map((t) => t.mediaType);
    // Whole or tenths of megabytes, 0.1 … 20, as typed on any keyboard (５, 2,5 with a decimal comma).
    const mb = form.fileMaxMb.normalize('NFKC').trim().replace(/^(\d{1,2}),(\d)$/, '$1.$2');
    if (!/^\d{1,2}(\.\d)?$/.test(mb) || Number(mb) < 0.1 || Number(mb) > FILE_MAX_MB) errors.fileMaxMb = { key: 'registrationSetup.errors.fileMax', vars: { max: FILE_MAX_MB } };
    else fileMaxBytes = Math.round(Number(mb) * 1024 * 1024);
  }
  if (problemsOf(errors)) return { errors };
  return {
    errors,
    values: { kind: kind!, label: localizedFromFields(labelEn, labelZh), help: localizedFromFields(form.helpEn, form.helpZh), options, required: isOn(form.required), categoryIds, fileTypes, fileMaxBytes },
  };
}

export async function findQuestions(db: Db, eventId: string): Promise<QuestionRow[]> {
  return db.select().from(registrationQuestions).where(eq(registrationQuestions.eventId, eventId)).orderBy(asc(registrationQuestions.position), asc(registrationQuestions.createdAt), asc(registrationQuestions.id));
}

export async function findQuestion(db: Db, eventId: string, questionId: string): Promise<QuestionRow | undefined> {
  if (!isUuid(questionId)) return undefined;
  const [row] = await db.select().from(registrationQuestions).where(and(eq(registrationQuestions.eventId, eventId), eq(registrationQuestions.id, questionId.toLowerCase())));
  return row;
}

const questionAudit = (q: QuestionValues) => ({ kind: q.kind, label: q.label, help: q.help, options: q.options, required: q.required, categoryIds: q.categoryIds, fileTypes: q.fileTypes, fileMaxBytes: q.fileMaxBytes });

export async function createQuestion(db: Db, actor: AuditActor, eventId: string, values: QuestionValues): Promise<void> {
  await db.transaction(async (tx) => {
    const [next] = await tx.select({ n: sql<number>`coalesce(max(${registrationQuestions.position}) + 1, 0)::int` }).from(registrationQuestions).where(eq(registrationQuestions.eventId, eventId));
    const [row] = await tx.insert(registrationQuestions).values({ ...values, eventId, position: next?.n ?? 0 }).returning({ id: registrationQuestions.id });
    await writeAudit(tx, actor, { eventId, action: 'registrationQuestion.create', targetType: 'registration-question', targetId: row!.id, after: questionAudit(values) });
  });
}

/**
 * Saves a question's change, unless it would make answers already given unreadable: another kind of answer, or a
 * choice someone chose taken away (its value; its labels may change). Those come back as field errors, nothing saved.
 */
export async function updateQuestion(db: Db, actor: AuditActor, before: QuestionRow, values: QuestionValues): Promise<FieldErrors | undefined> {
  return db.transaction(async (tx) => {
    // The question locked: a registration answering it commits before or after this check, not between.
    await tx.select({ id: registrationQuestions.id }).from(registrationQuestions).where(eq(registrationQuestions.id, before.id)).for('update');
    const given = sql`${registrations.answers} -> ${before.id}::text`;
    const [answered] = await tx
      .select({
        n: sql<number>`count(*)::int`,
        chosen: sql<string[]>`coalesce(array_agg(distinct v.value) filter (where v.value is not null), '{}')`,
      })
      .from(registrations)
      .leftJoin(
        sql`lateral jsonb_array_elements_text(case jsonb_typeof(${given}) when 'array' then ${given} when 'string' then jsonb_build_array(${given}) else '[]'::jsonb end) as v(value)`,
        sql`true`,
      )
      .where(and(eq(registrations.eventId, before.eventId), sql`${registrations.answers} ? ${before.id}::text`));
    const errors: FieldErrors = {};
    const count = answered?.n ?? 0;
    if (values.kind !== before.kind && count > 0) errors.kind = { key: 'registrationSetup.errors.kindAnswered' };
    else if (CHOICE_KINDS.includes(values.kind)) {
      const kept = new Set(values.options.map((o) => o.value));
      const dropped = (answered?.chosen ?? []).filter((value) => !kept.has(value)).sort();
      if (dropped.length > 0) errors.options = { key: 'registrationSetup.errors.optionChosen', vars: { values: dropped.join(', ') } };
    }
    if (Object.keys(errors).length > 0) return errors;
    await tx.update(registrationQuestions).set(values).where(eq(registrationQuestions.id, before.id));
    await writeAudit(tx, actor, { eventId: before.eventId, action: 'registrationQuestion.update', targetType: 'registration-question', targetId: before.id, before: questionAudit(before), after: questionAudit(values) });
    return undefined;
  });
}

/** How many registrations have answered the question. */
export async function countAnswers(db: Db, question: Pick<QuestionRow, 'id' | 'eventId'>): Promise<number> {
  const [row] = await db.select({ n: count() }).from(registrations).where(and(eq(registrations.eventId, question.eventId), sql`${registrations.answers} ? ${question.id}::text`));
  return row?.n ?? 0;
}

/**
 * Removes a question when as many people have answered it as the organiser confirmed (`confirmed`: the count the
 * page showed and had ticked; 0 for an unanswered one). Answers already given stay in the registrations' `answers`;
 * files uploaded for it go with it. Counted under the question's lock, so an answer given meanwhile asks again.
 */
export async function removeQuestion(db: Db, actor: AuditActor, question: QuestionRow, confirmed: number): Promise<{ removed: true } | { removed: false; answered: number }> {
  return db.transaction(async (tx) => {
    await tx.select({ id: registrationQuestions.id }).from(registrationQuestions).where(eq(registrationQuestions.id, question.id)).for('update');
    const answered = await countAnswers(tx, question);
    if (answered !== confirmed) return { removed: false as const, answered };
    await tx.delete(registrationQuestions).where(eq(registrationQuestions.id, question.id));
    await writeAudit(tx, actor, { eventId: question.eventId, action: 'registrationQuestion.remove', targetType: 'registration-question', targetId: question.id, before: { ...questionAudit(question), answered } });
    return { removed: true as const };
  });
}

// — Order —

/**
 * Moves one category or question a place up or down. Positions are renumbered 0, 1, 2 … in the shown order first,
 * so rows that share a position (all 0 when inserted by hand) still move predictably.
 */
export async function moveItem(db: Db, actor: AuditActor, kind: 'category' | 'question', eventId: string, itemId: string, direction: 'up' | 'down'): Promise<boolean> {
  const table = kind === 'category' ? registrationCategories : registrationQuestions;
  return db.transaction(async (tx) => {
    const list = kind === 'category' ? await findCategories(tx, eventId) : await findQuestions(tx, eventId);
    const from = list.findIndex((row) => row.id === itemId);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (from < 0 || to < 0 || to >= list.length) return false;
    const ids = list.map((row) => row.id);
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    for (const [position, id] of ids.entries()) {
      if (list[position]?.id !== id || list[position]?.position !== position) await tx.update(table).set({ position }).where(eq(table.id, id));
    }
    await writeAudit(tx, actor, { eventId, action: kind === 'category' ? 'registrationCategory.move' : 'registrationQuestion.move', targetType: `registration-${kind}`, targetId: itemId, after: { direction, position: to } });
    return true;
  });
}

// — Counts —

export interface CategoryCounts {
  confirmed: number;
  pending: number;
  waitlisted: number;
}

/** Registrations per category and status, for the organiser's overview (seats themselves are `taken`). */
export async function countRegistrations(db: Db, eventId: string): Promise<Map<string, CategoryCounts>> {
  const rows = await db
    .select({ categoryId: registrations.categoryId, status: registrations.status, n: count() })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), or(eq(registrations.status, 'confirmed'), eq(registrations.status, 'pending'), eq(registrations.status, 'waitlisted'))))
    .groupBy(registrations.categoryId, registrations.status);
  const counts = new Map<string, CategoryCounts>();
  for (const row of rows) {
    const entry = counts.get(row.categoryId) ?? { confirmed: 0, pending: 0, waitlisted: 0 };
    entry[row.status as keyof CategoryCounts] = row.n;
    counts.set(row.categoryId, entry);
  }
  return counts;
}
