// The registration form's checks of one field or one group of fields (personal details, e-mail, mobile, sessions,
// the organiser's questions, residence and identity document), with messages in the reader's language. Shared by the
// whole-form validation (form-validation.ts), the manage page, where each group is changed on its own, and the
// organisers' corrections (admin-correction-routes.ts).
// Example: const errors: FieldErrors = {}; const mobile = checkMobile(form, country, errors);
import { MAX_ANSWER_FILE_BYTES, megabytes } from './files.ts';
import type { IdDocumentType, Residence } from '../../db/schema/index.ts';
import { RESIDENCES } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { hasCjk } from '../../lib/cjk-script.ts';
import { parseCountryCode } from '../../lib/countries.ts';
import { isEmailAddress } from '../../lib/email-address.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { textLength } from '../../lib/form-text.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { DIETARY_OPTIONS, INTERPRETATION_OPTIONS, QUESTION_FIELD_PREFIX, type FormQuestion, type FormSession, type RegistrationForm, type UploadedFile } from './form.ts';
import { ID_TYPE_OF, isValidDocumentNumber, normaliseDocumentNumber, parseMobile } from './identity.ts';
import type { RegistrationValues } from './service.ts';

/** Control characters, line and paragraph separators: refused in every one-line field. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
export const length = (text: string) => [...text].length;
export const clean = (text: string) => text.normalize('NFC').trim();


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
  // The passport's name in Latin letters (or its own alphabet): Chinese characters belong in nameZh, which the badge,
  // the export and the check-in search read for them.
  const latinName = (field: 'familyName' | 'givenName') => {
    const value = text(field, true);
    if (value && !errors[field] && hasCjk(value)) errors[field] = { key: `registration.errors.latinName.${field}` };
    return value;
  };
  const familyName = latinName('familyName');
  const givenName = latinName('givenName');
  const nameZh = text('nameZh', false);
  if (nameZh && !errors.nameZh && !/^[\p{Script=Han}·・ ]+$/u.test(nameZh)) errors.nameZh = { key: 'registration.errors.nameZh', label: 'registration.fields.nameZh' };
  const organisation = text('organisation', true);
  const jobTitle = text('jobTitle', false);

  // A need is one of its options: 'none' is kept as nothing, 'other' as "other: " and the note it requires.
  const need = (field: 'dietary' | 'interpretation', options: readonly string[], noteField: 'dietaryNote' | 'interpretationNote'): string | null => {
    const choice = form[field];
    if (!options.includes(choice)) {
      errors[field] = { key: 'registration.errors.choice' };
      return null;
    }
    if (choice !== 'other') return choice === 'none' ? null : choice;
    const note = text(noteField, true);
    return note ? `other: ${note}` : null;
  };
  const dietary = need('dietary', DIETARY_OPTIONS, 'dietaryNote');
  const interpretationNeeds = need('interpretation', INTERPRETATION_OPTIONS, 'interpretationNote');
  return { familyName: familyName ?? '', givenName: givenName ?? '', nameZh, organisation: organisation ?? '', jobTitle, dietary, interpretationNeeds };
}

/** The e-mail address, lower-cased and trimmed as it is kept; '' with an error when missing or not an address. */
export function checkEmail(form: Pick<RegistrationForm, 'email'>, errors: FieldErrors): string {
  const email = clean(form.email).toLowerCase();
  if (email === '') errors.email = { key: 'registration.errors.required.email' };
  else if (length(email) > REGISTRATION_TEXT_LIMITS.email || !isEmailAddress(email)) errors.email = { key: 'registration.errors.email' };
  return email;
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
  // A number typed without the consent would not be kept: the person is asked which they meant, not left to find
  // "not stored" at the door.
  else if (!consented && normaliseDocumentNumber(form.idNumber) !== '') errors.consentSensitive = { key: 'privacy.errors.numberWithoutConsent' };
  return { residence, idType, idNumber: idType ? idNumber : null, nationality };
}
