// The participant's registration form as it arrives: what it asks (fixed fields a Chinese international forum needs,
// the organiser's own questions, bookable sessions), the shapes the routes hand in, and the typed form read from a
// request body. The checks are in form-checks.ts (one field or group of fields) and form-validation.ts (the whole form).
// Example: readRegistrationForm(request.body) → a RegistrationForm of strings, shown back as typed on error
import type { Locale } from '../../i18n/index.ts';

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

/** The questions that apply to a category: those for all categories and those naming it. */
export const questionsFor = (questions: FormQuestion[], categoryId: string) => questions.filter((q) => q.categoryIds.length === 0 || q.categoryIds.includes(categoryId));

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
