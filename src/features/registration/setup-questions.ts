// The event's own questions on the registration form: kinds, labels in both languages, options, the categories asked
// and, for files, the types and size accepted; a question with answers is changed or removed only with care.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { registrationQuestions, registrations, QUESTION_KINDS, type QuestionKind } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { localizedFromFields, type LocalizedText } from '../../lib/localized.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { CONTROL } from './form-checks.ts';
import { asciiSlug } from '../../lib/ascii-slug.ts';
import { CONTROL_BUT_LINES, LABEL_MAX, HELP_MAX, OPTION_LABEL_MAX, MAX_OPTIONS, problemsOf, tooLong, isOn, type QuestionRow } from './setup.ts';

/** Upload types an organiser may accept, each with the media type stored and checked against the file. */
export const FILE_TYPES = [
  { key: 'pdf', mediaType: 'application/pdf' },
  { key: 'jpeg', mediaType: 'image/jpeg' },
  { key: 'png', mediaType: 'image/png' },
  { key: 'docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
] as const;
/** 20 MiB, the schema's limit for one file. */
export const FILE_MAX_MB = 20;


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
