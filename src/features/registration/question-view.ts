// The organiser's questions as the registration form and the manage page's answers form show them: each with its
// field name, its kind as flags for the template (views/partials/registration/questions.hbs), and what was answered.
// Example: questionViews(context.questions, form.answers, 'zh-CN')
import { formatList, type Locale } from '../../i18n/index.ts';
import { countryOptions } from '../../lib/countries.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { fileTypeNames, megabytes } from './files.ts';
import { QUESTION_FIELD_PREFIX, type FormCategory, type FormQuestion } from './form.ts';

/**
 * `categories`: the categories the person can choose (the registration form), by which a question for some of them
 * is named ("Only for Media, Speaker") and one for none of them left out: a question of a hidden category shows only
 * to people whose invitation code opens it. Without them (the manage page: one person, one category) all are shown.
 */
export function questionViews(questions: FormQuestion[], answers: Record<string, string[]>, locale: Locale, categories?: readonly FormCategory[]) {
  const names = new Map((categories ?? []).map((c) => [c.id, pickLocalized(c.name, locale)?.text ?? c.code]));
  const shown = categories ? questions.filter((q) => q.categoryIds.length === 0 || q.categoryIds.some((id) => names.has(id))) : questions;
  return shown.map((q) => {
    const given = new Set(answers[q.id] ?? []);
    return {
      ...q,
      field: `${QUESTION_FIELD_PREFIX}${q.id}`,
      forAll: q.categoryIds.length === 0,
      categoryCodes: q.categoryIds.join(' '),
      onlyFor: formatList(locale, q.categoryIds.filter((id) => names.has(id)).map((id) => names.get(id)!)),
      value: (answers[q.id] ?? [])[0] ?? '',
      isText: q.kind === 'text',
      isLongText: q.kind === 'long-text',
      isSingle: q.kind === 'single',
      isMultiple: q.kind === 'multiple',
      isCountry: q.kind === 'country',
      isYesNo: q.kind === 'yes-no',
      isFile: q.kind === 'file',
      hasHelp: pickLocalized(q.help, locale) !== undefined,
      accept: q.fileTypes.join(','),
      acceptNames: fileTypeNames(locale, q.fileTypes),
      maxMb: q.fileMaxBytes ? megabytes(q.fileMaxBytes) : null,
      options: q.options.map((o) => ({ ...o, selected: given.has(o.value) })),
      yes: given.has('yes'),
      no: given.has('no'),
      countries: q.kind === 'country' ? countryOptions(locale).map((c) => ({ ...c, selected: given.has(c.code) })) : [],
    };
  });
}
