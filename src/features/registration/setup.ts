// What the registration set-up's parts share: the rows' types, the forms' limits and small field readers. The parts
// are setup-settings.ts, setup-categories.ts, setup-questions.ts and setup-order.ts.
import { parseWholeNumber } from '../../lib/whole-number.ts';
import { registrationCategories, registrationQuestions, registrationSettings } from '../../db/schema/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';

/** Control characters but line breaks (and tabs): for texts that may run over several lines. */
export const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

export type SettingsRow = typeof registrationSettings.$inferSelect;
export type CategoryRow = typeof registrationCategories.$inferSelect;
export type QuestionRow = typeof registrationQuestions.$inferSelect;

/** The largest capacity a form accepts; no forum hall is larger. */
export const MAX_CAPACITY = 1_000_000;
export const NAME_MAX = 100;
export const LABEL_MAX = 300;
export const HELP_MAX = 1000;
export const OPTION_LABEL_MAX = 200;
export const MAX_OPTIONS = 50;
/**
 * The set-up forms' limits in characters, for their inputs' maxlength. The options box takes every option at its
 * longest: a value of 40 (see parseOptions), two labels, two " | " and a line break.
 */
export const SETUP_TEXT_LIMITS = { categoryName: NAME_MAX, label: LABEL_MAX, help: HELP_MAX, options: MAX_OPTIONS * (40 + 2 * OPTION_LABEL_MAX + 7) } as const;

export const problemsOf = (errors: FieldErrors) => Object.keys(errors).length > 0;
export const tooLong = (value: string, max: number) => [...value].length > max;

/** An optional whole number of seats: '' → null; anything but 1 … 1,000,000 → undefined (an error). */
export function parseCapacity(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  return parseWholeNumber(text, { min: 1, max: MAX_CAPACITY });
}

export const isOn = (value: string | undefined) => value === 'on' || value === 'yes' || value === 'true';
