// The whole registration form checked at once: each field group's check (form-checks.ts) plus what only the full
// form asks (category, country, e-mail, consents), errors in the order the page shows the fields. Pure: the routes
// load the categories, questions and sessions and hand them in.
// Example: validateRegistrationForm(readRegistrationForm(body), context) → { values } or { errors }
import { parseCountryCode } from '../../lib/countries.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { QUESTION_FIELD_PREFIX, questionsFor, type FormQuestion, type RegistrationForm, type RegistrationFormContext, type UploadedFile } from './form.ts';
import { checkAnswers, checkEmail, checkIdentity, checkMobile, checkPersonalDetails, checkSessions } from './form-checks.ts';
import type { RegistrationValues } from './service.ts';

/** The registration form's fields from top to bottom; the questions' fields stand where QUESTIONS is. */
const FORM_ORDER = ['', 'categoryId', 'familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'email', 'mobile', 'residence', 'idNumber', 'nationality', 'dietary', 'dietaryNote', 'interpretation', 'interpretationNote', 'sessionIds', 'QUESTIONS', 'consent', 'consentSensitive', 'consentAbroad'];

/** The errors in the order of the form's fields, so the error summary lists them as the page shows them. */
export function inFormOrder(errors: FieldErrors, questions: readonly FormQuestion[]): FieldErrors {
  const questionAt = FORM_ORDER.indexOf('QUESTIONS');
  const place = (field: string) => {
    if (field.startsWith(QUESTION_FIELD_PREFIX)) return questionAt + (questions.findIndex((q) => `${QUESTION_FIELD_PREFIX}${q.id}` === field) + 1) / (questions.length + 1);
    const at = FORM_ORDER.indexOf(field);
    return at < 0 ? FORM_ORDER.length : at;
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => place(a) - place(b)));
}

export function validateRegistrationForm(
  form: RegistrationForm,
  context: RegistrationFormContext,
  files: Record<string, UploadedFile> = {},
): { values?: RegistrationValues; files?: Record<string, UploadedFile>; consents?: { sensitive: boolean; crossBorder: boolean }; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const category = context.categories.find((c) => c.id === form.categoryId);
  if (!category) errors.categoryId = { key: 'registration.errors.category' };
  else if (category.invitationOnly && context.invitation?.categoryId !== category.id) errors.categoryId = { key: 'registration.errors.invitationOnly' };

  const details = checkPersonalDetails(form, errors);
  const country = parseCountryCode(form.country);
  if (!country) errors.country = { key: 'registration.errors.required.country' };

  const email = checkEmail(form, errors);

  const mobile = checkMobile(form, country, errors);

  const sessionIds = checkSessions(form.sessionIds, context.sessions, errors);

  // Without its own consent a document number is not kept: one typed anyway is asked about (tick the consent or clear it).
  const { residence, idType, idNumber, nationality } = checkIdentity(form, errors, { documentRequired: false });

  if (form.consent !== 'yes') errors.consent = { key: 'registration.errors.consent' };
  const crossBorder = context.sharesAbroad === true && form.consentAbroad === 'yes';
  if (context.sharesAbroad && !crossBorder) errors.consentAbroad = { key: 'privacy.errors.consentAbroad' };

  // Without a category yet, the questions every category is asked are checked already: one round of errors, not two.
  const asked = category ? questionsFor(context.questions, category.id) : context.questions.filter((q) => q.categoryIds.length === 0);
  const { answers, keptFiles } = checkAnswers(form, asked, context.locale, files, errors);

  if (Object.keys(errors).length > 0) return { errors: inFormOrder(errors, context.questions) };
  return {
    errors,
    files: keptFiles,
    consents: { sensitive: idType !== null, crossBorder },
    values: {
      categoryId: category!.id,
      email,
      ...details,
      country: country!,
      mobile: mobile!,
      residence: residence!,
      idType,
      idNumber,
      nationality,
      answers,
      sessionIds,
      locale: context.locale,
    },
  };
}
