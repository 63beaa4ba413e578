// The participant's registration form: what it asks (fixed fields a Chinese international forum needs, the
// organiser's own questions, bookable sessions) and how each answer is checked, with messages in the reader's
// language. Pure: the routes load the categories, questions and sessions and hand them in.
// Example: validateRegistrationForm(readRegistrationForm(body), context) → { values } or { errors }
import { MAX_ANSWER_FILE_BYTES, megabytes } from './files.ts';
import type { IdDocumentType, Residence } from '../../db/schema/index.ts';
import { RESIDENCES } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { parseCountryCode } from '../../lib/countries.ts';
import { isEmailAddress } from '../../lib/email-address.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { textLength } from '../../lib/form-text.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { ID_TYPE_OF, isValidDocumentNumber, normaliseDocumentNumber, parseMobile } from './identity.ts';
import type { RegistrationValues } from './service.ts';

export const DIETARY_OPTIONS = ['none', 'vegetarian', 'vegan', 'halal', 'kosher', 'no-pork', 'gluten-free', 'other'] as const;
export const INTERPRETATION_OPTIONS = ['none', 'zh-to-en', 'en-to-zh', 'other'] as const;
/** Bumped when the privacy notice changes, so each registration records which one the person agreed to (2026-11-27: the co-organiser abroad named with a contact). */
export const CONSENT_VERSION = '2026-11-27';

export interface FormCategory {
  id: string;
  code: string;
  name: Record<string, string>;
  invitationOnly: boolean;
  requiresApproval: boolean;
  /** Shown only with an invitation code (and in the organisers' preview, marked). */
  hidden?: boolean;
  full: boolean;
}

export interface FormQuestion {
  id: string;
  kind: 'text' | 'long-text' | 'single' | 'multiple' | 'country' | 'yes-no' | 'file';
  label: Record<string, string>;
  help: Record<string, string>;
  options: { value: string; label: Record<string, string> }[];
  required: boolean;
  categoryIds: string[];
  fileTypes: string[];
  fileMaxBytes: number | null;
}

export interface FormSession {
  id: string;
  title: Record<string, string>;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  booked: number;
}

export interface RegistrationFormContext {
  categories: FormCategory[];
  questions: FormQuestion[];
  sessions: FormSession[];
  locale: Locale;
  /** The invitation code the visitor came with, already found usable. */
  invitation?: { id: string; categoryId: string; bypassApproval: boolean } | undefined;
  /** The event shares registrations with a co-organiser abroad: the form then asks for that consent too. */
  sharesAbroad?: boolean;
}

/** Whether registering in the category waits for the organisers: unless the visitor's invitation code for it skips that. */
export const needsApproval = (category: Pick<FormCategory, 'id' | 'requiresApproval'>, invitation: RegistrationFormContext['invitation']): boolean =>
  category.requiresApproval && !(invitation?.categoryId === category.id && invitation.bypassApproval);

/** What the person typed, as strings, to show back on error. */
export interface RegistrationForm {
  categoryId: string;
  familyName: string;
  givenName: string;
  nameZh: string;
  organisation: string;
  jobTitle: string;
  country: string;
  email: string;
  mobileCountry: string;
  mobile: string;
  dietary: string;
  dietaryNote: string;
  interpretation: string;
  interpretationNote: string;
  sessionIds: string[];
  residence: string;
  idNumber: string;
  nationality: string;
  consent: string;
  consentSensitive: string;
  consentAbroad: string;
  answers: Record<string, string[]>;
}

/** An uploaded file for a file question, as the route received it. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
  /** It was bigger than any question takes (MAX_ANSWER_FILE_BYTES) and arrived cut: `bytes` is only its start. */
  truncated?: boolean;
}

/** The first value of a field (a repeated field arrives as a list), or ''. */
export const one = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');
/** Every value of a repeated field (checkboxes), without the empty ones a form may send. */
export const many = (value: unknown): string[] => [value].flat().filter((v): v is string => typeof v === 'string' && v !== '');

export const QUESTION_FIELD_PREFIX = 'q_';

export function readRegistrationForm(body: Record<string, unknown>): RegistrationForm {
  const answers: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(body)) if (key.startsWith(QUESTION_FIELD_PREFIX)) answers[key.slice(QUESTION_FIELD_PREFIX.length)] = many(value);
  return {
    categoryId: one(body.categoryId),
    familyName: one(body.familyName),
    givenName: one(body.givenName),
    nameZh: one(body.nameZh),
    organisation: one(body.organisation),
    jobTitle: one(body.jobTitle),
    country: one(body.country),
    email: one(body.email),
    mobileCountry: one(body.mobileCountry),
    mobile: one(body.mobile),
    dietary: one(body.dietary) || 'none',
    dietaryNote: one(body.dietaryNote),
    interpretation: one(body.interpretation) || 'none',
    interpretationNote: one(body.interpretationNote),
    sessionIds: many(body.sessionIds),
    residence: one(body.residence),
    idNumber: one(body.idNumber),
    nationality: one(body.nationality),
    consent: one(body.consent),
    consentSensitive: one(body.consentSensitive),
    consentAbroad: one(body.consentAbroad),
    answers,
  };
}

export const EMPTY_REGISTRATION_FORM: RegistrationForm = readRegistrationForm({});

/** Control characters, line and paragraph separators: refused in every one-line field. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const length = (text: string) => [...text].length;
const clean = (text: string) => text.normalize('NFC').trim();


/** The fields a participant may change later too: names, organisation, title, mobile, dietary and interpretation needs. */
export type PersonalDetails = Pick<RegistrationValues, 'familyName' | 'givenName' | 'nameZh' | 'organisation' | 'jobTitle' | 'dietary' | 'interpretationNeeds'>;

/** Characters per text field of the form and of the manage page, and per answer; the inputs take them as maxlength. */
export const REGISTRATION_TEXT_LIMITS = {
  familyName: 100,
  givenName: 100,
  nameZh: 50,
  organisation: 200,
  jobTitle: 200,
  dietaryNote: 200,
  interpretationNote: 200,
  email: 254,
  textAnswer: 500,
  longTextAnswer: 4000,
} as const;

function textChecker(form: RegistrationForm, errors: FieldErrors) {
  return (field: keyof RegistrationForm & keyof typeof REGISTRATION_TEXT_LIMITS, required: boolean): string | null => {
    const max = REGISTRATION_TEXT_LIMITS[field];
    const value = clean(form[field] as string);
    if (value === '') {
      if (required) errors[field] = { key: `registration.errors.required.${field}` };
      return null;
    }
    const label = `registration.fields.${field}`;
    if (CONTROL.test(value)) errors[field] = { key: 'registration.errors.control', label };
    else if (length(value) > max) errors[field] = { key: 'registration.errors.tooLong', vars: { max }, label };
    return value;
  };
}

export function checkPersonalDetails(form: RegistrationForm, errors: FieldErrors): PersonalDetails {
  const text = textChecker(form, errors);
  const familyName = text('familyName', true);
  const givenName = text('givenName', true);
  const nameZh = text('nameZh', false);
  if (nameZh && !errors.nameZh && !/^[\p{Script=Han}·・ ]+$/u.test(nameZh)) errors.nameZh = { key: 'registration.errors.nameZh', label: 'registration.fields.nameZh' };
  const organisation = text('organisation', true);
  const jobTitle = text('jobTitle', false);

  let dietary: string | null = null;
  if (!(DIETARY_OPTIONS as readonly string[]).includes(form.dietary)) errors.dietary = { key: 'registration.errors.choice' };
  else if (form.dietary === 'other') {
    const note = text('dietaryNote', true);
    dietary = note ? `other: ${note}` : null;
  } else dietary = form.dietary === 'none' ? null : form.dietary;

  let interpretationNeeds: string | null = null;
  if (!(INTERPRETATION_OPTIONS as readonly string[]).includes(form.interpretation)) errors.interpretation = { key: 'registration.errors.choice' };
  else if (form.interpretation === 'other') {
    const note = text('interpretationNote', true);
    interpretationNeeds = note ? `other: ${note}` : null;
  } else interpretationNeeds = form.interpretation === 'none' ? null : form.interpretation;
  return { familyName: familyName ?? '', givenName: givenName ?? '', nameZh, organisation: organisation ?? '', jobTitle, dietary, interpretationNeeds };
}

/** The mobile number in E.164, read with the chosen country code (or the person's country). */
export function checkMobile(form: RegistrationForm, country: string | undefined, errors: FieldErrors): string | undefined {
  const mobileCountry = parseCountryCode(form.mobileCountry) ?? country;
  let mobile: string | undefined;
  if (clean(form.mobile) === '') errors.mobile = { key: 'registration.errors.required.mobile' };
  else if (!mobileCountry || !(mobile = parseMobile(mobileCountry, form.mobile))) errors.mobile = { key: 'registration.errors.mobile' };
  return mobile;
}

/** Form values back from a stored dietary or interpretation need ('other: no nuts' → other + note). */
export function needToForm(value: string | null): { choice: string; note: string } {
  if (!value) return { choice: 'none', note: '' };
  if (value.startsWith('other: ')) return { choice: 'other', note: value.slice('other: '.length) };
  return { choice: value, note: '' };
}

/** Bookable sessions chosen: known, not full (unless already held), not overlapping one another. */
export function checkSessions(sessionIds: string[], sessions: FormSession[], errors: FieldErrors, alreadyHeld: string[] = []): string[] {
  const ids = [...new Set(sessionIds)];
  const byId = new Map(sessions.map((s) => [s.id, s]));
  if (ids.some((id) => !byId.has(id))) errors.sessionIds = { key: 'registration.errors.session' };
  else if (ids.some((id) => !alreadyHeld.includes(id) && byId.get(id)!.booked >= byId.get(id)!.capacity)) errors.sessionIds = { key: 'registration.errors.sessionFull' };
  else {
    const chosen = ids.map((id) => byId.get(id)!).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    if (chosen.some((s, i) => i > 0 && s.startsAt < chosen[i - 1]!.endsAt)) errors.sessionIds = { key: 'registration.errors.sessionOverlap' };
  }
  return ids;
}

/** The questions that apply to a category: those for all categories and those naming it. */
export const questionsFor = (questions: FormQuestion[], categoryId: string) => questions.filter((q) => q.categoryIds.length === 0 || q.categoryIds.includes(categoryId));

/**
 * The answers to `questions` (those of the person's category) as typed, checked: each kept answer in `answers` (a
 * file as its name and size, its bytes in `keptFiles`), each problem in `errors` under the question's field. The
 * registration form and the manage page's answers form both check them here.
 */
export function checkAnswers(
  form: Pick<RegistrationForm, 'answers'>,
  questions: FormQuestion[],
  locale: Locale,
  files: Record<string, UploadedFile>,
  errors: FieldErrors,
): { answers: Record<string, unknown>; keptFiles: Record<string, UploadedFile> } {
  const answers: Record<string, unknown> = {};
  const keptFiles: Record<string, UploadedFile> = {};
  for (const question of questions) {
    const field = `${QUESTION_FIELD_PREFIX}${question.id}`;
    const given = (form.answers[question.id] ?? []).map(clean).filter((v) => v !== '');
    // Named, so the summary at the top says which question: "Answer “Will you join the dinner?”."
    const label = pickLocalized(question.label, locale)?.text ?? '';
    const missing = () => (errors[field] = { key: question.kind === 'file' ? 'registration.errors.fileRequired' : 'registration.errors.answerRequired', vars: { question: label } });
    switch (question.kind) {
      case 'text':
      case 'long-text': {
        const max = question.kind === 'text' ? REGISTRATION_TEXT_LIMITS.textAnswer : REGISTRATION_TEXT_LIMITS.longTextAnswer;
        const value = given[0];
        if (!value) {
          if (question.required) missing();
        } else if (textLength(value) > max) errors[field] = { key: 'registration.errors.tooLong', vars: { max }, labelText: label };
        else if (question.kind === 'text' && CONTROL.test(value)) errors[field] = { key: 'registration.errors.control', labelText: label };
        else answers[question.id] = value;
        break;
      }
      case 'single':
      case 'yes-no':
      case 'country': {
        const value = given[0];
        const allowed = question.kind === 'single' ? question.options.map((o) => o.value) : question.kind === 'yes-no' ? ['yes', 'no'] : null;
        if (!value) {
          if (question.required) missing();
        } else if (given.length > 1) errors[field] = { key: 'registration.errors.choice', labelText: label };
        else if (allowed ? !allowed.includes(value) : !parseCountryCode(value)) errors[field] = { key: 'registration.errors.choice', labelText: label };
        else answers[question.id] = question.kind === 'country' ? parseCountryCode(value) : value;
        break;
      }
      case 'multiple': {
        const allowed = new Set(question.options.map((o) => o.value));
        const values = [...new Set(given)];
        if (values.length === 0) {
          if (question.required) missing();
        } else if (values.some((v) => !allowed.has(v))) errors[field] = { key: 'registration.errors.choice', labelText: label };
        else answers[question.id] = values;
        break;
      }
      case 'file': {
        const file = files[question.id];
        // Too big is said with the question's own limit, or the largest any question takes.
        const tooBig = () => (errors[field] = { key: 'registration.errors.fileSize', vars: { mb: megabytes(Math.min(question.fileMaxBytes ?? MAX_ANSWER_FILE_BYTES, MAX_ANSWER_FILE_BYTES)) }, labelText: label });
        if (!file || file.bytes.length === 0) {
          if (question.required) missing();
        } else if (file.truncated) tooBig();
        else if (!question.fileTypes.includes(file.contentType)) errors[field] = { key: 'registration.errors.fileType', labelText: label };
        else if (question.fileMaxBytes !== null && file.bytes.length > question.fileMaxBytes) tooBig();
        else {
          keptFiles[question.id] = file;
          answers[question.id] = { file: file.filename, size: file.bytes.length };
        }
        break;
      }
    }
  }
  return { answers, keptFiles };
}

/** Where a person lives, which document that calls for, its number (null when none is kept) and their nationality. */
export interface IdentityValues {
  residence: Residence | undefined;
  idType: IdDocumentType | null;
  idNumber: string | null;
  nationality: string | null;
}

/**
 * Residence, nationality (for residents elsewhere) and the identity document. The number is sensitive data (PIPL
 * art. 28): asked for, checked and kept only with its own consent (consentSensitive). On the registration form the
 * document is optional; where a person adds it later (their manage link) it is what the form is for, so the number
 * and the consent are both required there.
 */
export function checkIdentity(
  form: Pick<RegistrationForm, 'residence' | 'idNumber' | 'nationality' | 'consentSensitive'>,
  errors: FieldErrors,
  options: { documentRequired: boolean },
): IdentityValues {
  const consented = form.consentSensitive === 'yes';
  const checksNumber = consented || options.documentRequired;
  const residence = (RESIDENCES as readonly string[]).includes(form.residence) ? (form.residence as Residence) : undefined;
  let idType: IdDocumentType | null = null;
  const idNumber = checksNumber ? normaliseDocumentNumber(form.idNumber) : '';
  let nationality: string | null = null;
  if (!residence) errors.residence = { key: 'registration.errors.required.residence' };
  else {
    if (checksNumber) {
      idType = ID_TYPE_OF[residence];
      if (idNumber === '') errors.idNumber = { key: `registration.errors.required.idNumber.${idType}` };
      else if (!isValidDocumentNumber(idType, idNumber)) errors.idNumber = { key: `registration.errors.idNumber.${idType}` };
    }
    if (residence === 'other') {
      nationality = parseCountryCode(form.nationality) ?? null;
      if (!nationality) errors.nationality = { key: 'registration.errors.required.nationality' };
    }
  }
  // Last, as the consent comes last in the form: the error summary lists the fields in the form's order.
  if (options.documentRequired && !consented) errors.consentSensitive = { key: 'privacy.errors.consentSensitive' };
  return { residence, idType, idNumber: idType ? idNumber : null, nationality };
}

/** The registration form's fields from top to bottom; the questions' fields stand where QUESTIONS is. */
const FORM_ORDER = ['', 'categoryId', 'familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'email', 'mobile', 'residence', 'idNumber', 'nationality', 'dietary', 'dietaryNote', 'interpretation', 'interpretationNote', 'sessionIds', 'QUESTIONS', 'consent', 'consentSensitive', 'consentAbroad'];

/** The errors in the order of the form's fields, so the error summary lists them as the page shows them. */
function inFormOrder(errors: FieldErrors, questions: readonly FormQuestion[]): FieldErrors {
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

  const email = clean(form.email).toLowerCase();
  if (email === '') errors.email = { key: 'registration.errors.required.email' };
  else if (length(email) > REGISTRATION_TEXT_LIMITS.email || !isEmailAddress(email)) errors.email = { key: 'registration.errors.email' };

  const mobile = checkMobile(form, country, errors);

  const sessionIds = checkSessions(form.sessionIds, context.sessions, errors);

  // Without its own consent a document number typed anyway is dropped, and the registration goes ahead.
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
