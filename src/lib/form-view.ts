// Turns field problems into what a form template shows: a message beside each field and a linked summary on top.
// Example: reply.render('accounts/sign-in', { ...formErrorView(request.locale, { email: { key: 'account.errors.email' } }) }, { status: 422 })
import { translate, type Locale } from '../i18n/index.ts';
import type { FieldErrors } from './errors.ts';

export type FormErrorView = {
  errors: Record<string, string>;
  errorList: { field?: string; message: string }[];
};

/** Field errors, plus messages that belong to no field (listed in the summary only, under the key ''). */
export function formErrorView(locale: Locale, fields: FieldErrors): FormErrorView {
  const errors: Record<string, string> = {};
  const errorList: FormErrorView['errorList'] = [];
  for (const [field, { key, vars, label, labelText }] of Object.entries(fields)) {
    const message = translate(locale, key, vars);
    if (field) errors[field] = message;
    // Beside its field the message needs no name; in the summary above the form it does.
    const named = labelText ?? (label ? translate(locale, label) : undefined);
    // A question's own mark ends its name: "How did you hear of us? Choose one of the options", not "us?: Choose…".
    const item = named && /[?？:：]$/.test(named.trim()) ? 'forms.summaryItemAfterMark' : 'forms.summaryItem';
    const listed = named ? translate(locale, item, { label: named.trim(), message }) : message;
    errorList.push(field ? { field, message: listed } : { message: listed });
  }
  return { errors, errorList };
}

/**
 * The errors with each field's label (a locale key) where the error does not name one, so the error summary tells
 * two alike apart ("Opens: Enter a date and time …", "Closes: …"). Example: withLabels(errors, { opensAt: 'x.opens' })
 */
export function withLabels(fields: FieldErrors, labels: Readonly<Record<string, string>>): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([field, error]) => [field, error.label || error.labelText || !labels[field] || !GENERIC.test(error.key) ? error : { ...error, label: labels[field] }]));
}

/** Messages that would read alike for any field ("This is too long …", "Enter a date and time …"); others name theirs. */
const GENERIC = /^(forms\.tooLong|[a-zA-Z]+\.errors\.time\.|registrationSetup\.errors\.(oneLine|control)$)/;

/**
 * How many others a removal may take with it, as its form confirmed: the count the form showed (sent back as
 * `field`) when its box was ticked, else 0. Example: confirmedCount(request.body, 'used') with confirm=yes&used=3 → 3
 */
export function confirmedCount(body: Record<string, unknown> | undefined, field: string): number {
  return body?.confirm === 'yes' ? Number(body[field] ?? '0') || 0 : 0;
}
