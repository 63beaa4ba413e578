// Text typed into an HTML form. Route schemas take it up to one transport bound far above any field's own limit, so
// text over a field's limit reaches the form's checks and comes back as a field error with everything typed kept; each
// field's limit lives with its form's rules (and is given to the input as maxlength); only absurd text is refused whole.
// Example: body: Type.Object({ bioEn: FormText }) … if (textLength(form.bioEn) > PROFILE_LIMITS.bio) errors.bioEn = { key: 'forms.tooLong', vars: { max: PROFILE_LIMITS.bio } }
import { Type } from '@fastify/type-provider-typebox';

/** Characters; well above twice the longest field (10,000), since browsers send each line break as two. */
export const FORM_TEXT_MAX = 50_000;

/** A text field of an HTML form, as its route's schema takes it. */
export const FormText = Type.String({ maxLength: FORM_TEXT_MAX });

/**
 * A field's length as its limit counts it: without surrounding space, each line break once (a browser counts it once
 * for maxlength but sends it as CRLF), in code points (maxlength counts UTF-16 units, so it never lets more through).
 */
export function textLength(text: string): number {
  return [...text.replace(/\r\n?/g, '\n').trim()].length;
}
