// A change to a registration's details in words: the fields organisers may correct (registration-corrections.ts), the
// lines of the mail that tells the person what now stands, and the names of what an audit row changed, for the
// history on the organiser's page. One place names each field, with the label the registration form gives it.
// Example: changedFieldNames(row.before, row.after, questions, 'en') → ['Family name', 'E-mail address']
import { translate, type Locale } from '../../i18n/index.ts';
import { countryName } from '../../lib/countries.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { answerText, needText } from './answer-text.ts';
import type { FormQuestion } from './form.ts';
import type { RegistrationRow } from './service.ts';

/** What organisers may correct, in the form's order. Never the identity document (only owners see it unmasked). */
export const CORRECTABLE_FIELDS = ['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'email', 'mobile', 'dietary', 'interpretationNeeds'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** A field's label as the registration form gives it (the participant's own changes name the same fields). */
const labelOf = (field: CorrectableField, locale: Locale) => translate(locale, `registration.fields.${field === 'interpretationNeeds' ? 'interpretation' : field}`);

const isCorrectable = (field: string): field is CorrectableField => (CORRECTABLE_FIELDS as readonly string[]).includes(field);

/** A field's value as the person reads it: a country by its name, a need by its option's name, nothing said as such. */
function valueText(registration: RegistrationRow, field: CorrectableField, locale: Locale): string {
  if (field === 'country') return countryName(registration.country, locale);
  if (field === 'dietary') return needText(registration.dietary, 'dietary', locale) || translate(locale, 'registration.dietary.none');
  if (field === 'interpretationNeeds') return needText(registration.interpretationNeeds, 'interpretation', locale) || translate(locale, 'registration.interpretation.none');
  return registration[field] || translate(locale, 'emails.registration.changedEmpty');
}

/** What a correction changed: fields by name, answers by their question's id. */
export interface Correction {
  fields: readonly string[];
  questionIds: readonly string[];
}

/** The mail's lines of a correction: each field, then each answer, with what it holds now. */
export function correctedLines(registration: RegistrationRow, changed: Correction, questions: readonly FormQuestion[], locale: Locale): { label: string; value: string }[] {
  const fields = changed.fields.filter(isCorrectable).map((field) => ({ label: labelOf(field, locale), value: valueText(registration, field, locale) }));
  const answers = questions
    .filter((q) => changed.questionIds.includes(q.id))
    .map((q) => ({ label: pickLocalized(q.label, locale)?.text ?? '', value: answerText(q, registration.answers[q.id], locale) || translate(locale, 'emails.registration.changedEmpty') }));
  return [...fields, ...answers];
}

/** The names of what a correction changed, for the organiser's notice: the fields' labels, the questions'. */
export function correctedNames(changed: Correction, questions: readonly Pick<FormQuestion, 'id' | 'label'>[], locale: Locale): string[] {
  const fields = changed.fields.filter(isCorrectable).map((field) => labelOf(field, locale));
  const answers = questions.filter((q) => changed.questionIds.includes(q.id)).map((q) => pickLocalized(q.label, locale)?.text ?? '');
  return [...fields, ...answers];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What an audit row of a change (registration.update) changed, named in the reader's language: the fields whose value
 * differs before and after (the participant's own change records every field of its form, changed or not), and the
 * questions whose answer does, by their label. A field or question no longer known is left out.
 */
export function changedFieldNames(before: Record<string, unknown> | null, after: Record<string, unknown> | null, questions: readonly Pick<FormQuestion, 'id' | 'label'>[], locale: Locale): string[] {
  const was = before ?? {};
  const now = after ?? {};
  const fields = CORRECTABLE_FIELDS.filter((field) => field in now && !same(was[field], now[field])).map((field) => labelOf(field, locale));
  const answersBefore = (was.answers ?? {}) as Record<string, unknown>;
  const answersAfter = (now.answers ?? {}) as Record<string, unknown>;
  const answers = questions.filter((q) => q.id in answersAfter && !same(answersBefore[q.id], answersAfter[q.id])).map((q) => pickLocalized(q.label, locale)?.text ?? '');
  return [...fields, ...answers.filter((label) => label !== '')];
}
