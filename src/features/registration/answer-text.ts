// Stored answers of a registration as people read them, in the reader's language: a dietary or interpretation need
// by its option's name (or what the person wrote), a custom question's answer by its option's label. The participant
// export writes them in its cells and the organiser's registration page shows them, the same way.
// Example: answerText(question, registration.answers[question.id], 'zh-CN') → '是'
import { hasMessage, translate, type Locale } from '../../i18n/index.ts';
import { pickLocalized } from '../../lib/localized.ts';
import type { FormQuestion } from './form.ts';

/** A stored need ('vegetarian', 'other: no nuts') as people read it: the option's name, or what they wrote. */
export function needText(value: string | null, group: 'dietary' | 'interpretation', locale: Locale): string {
  if (!value) return '';
  if (value.startsWith('other: ')) return value.slice('other: '.length);
  const key = `registration.${group}.${value}`;
  return hasMessage('en', key) ? translate(locale, key) : value;
}

function optionText(question: FormQuestion, value: unknown, locale: Locale): string {
  const option = question.options.find((o) => o.value === value);
  return (option && pickLocalized(option.label, locale)?.text) ?? String(value);
}

/** An answer as text: choices by their label, several joined by "; " (Chinese "；"), a file by its name; '' when unanswered. */
export function answerText(question: FormQuestion, value: unknown, locale: Locale): string {
  if (value === undefined || value === null) return '';
  switch (question.kind) {
    case 'single':
      return optionText(question, value, locale);
    case 'multiple':
      return (Array.isArray(value) ? value : [value]).map((v) => optionText(question, v, locale)).join(translate(locale, 'punct.semicolon'));
    case 'yes-no':
      return value === 'yes' || value === 'no' ? translate(locale, `registration.${value}`) : String(value);
    case 'file':
      return typeof value === 'object' && 'file' in value ? String(value.file) : '';
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
