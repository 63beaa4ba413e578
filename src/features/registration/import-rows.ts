// Turns the rows of an uploaded guest list into registration values with the registration form's own checks
// (form-validation.ts: names, e-mail, country, mobile with its country code, lengths), and lists every problem by row and
// field. Values the form takes as codes may be written as the form shows them too: a country by its name in
// English or Chinese, a dietary need by its label, 'other: …' or any other text as an "other" need.
// Example: checkImportRow(cells, mapping, options) → { values } or { problems: [{ row: 7, field: 'mobile', key }] }
import { RESIDENCES, type ImportProblem, type Residence } from '../../db/schema/index.ts';
import { LOCALES, translate, type Locale } from '../../i18n/index.ts';
import { countryCodeFromText } from '../../lib/countries.ts';
import { CONSENT_VERSION, DIETARY_OPTIONS, EMPTY_REGISTRATION_FORM, INTERPRETATION_OPTIONS, type FormCategory, type RegistrationForm } from './form.ts';
import { validateRegistrationForm } from './form-validation.ts';
import type { ImportField, ImportMapping } from './import-mapping.ts';
import type { RegistrationValues } from './service.ts';


/**
 * The form's messages speak to the person registering ("Enter your given name"); the import report speaks to the
 * organiser about a row of their file, whose column it names already.
 */
function forOrganisers(key: string): string {
  if (key.startsWith('registration.errors.required.')) return 'registrationImport.problems.required';
  if (key === 'registration.errors.mobile') return 'registrationImport.problems.mobile';
  return key;
}

export interface ImportRowOptions {
  category: FormCategory;
  defaultLocale: Locale;
}

/** Form fields whose problems belong to another import field (the note of an "other" choice, the mobile's code). */
const FIELD_OF: Record<string, ImportField> = { dietaryNote: 'dietary', interpretationNote: 'interpretation', mobileCountry: 'mobile' };

/** The choice whose code or label (in either language) the text is, or "other" with the text as its note. */
function readChoice(text: string, options: readonly string[], labelKey: string): { choice: string; note: string } {
  const value = text.normalize('NFKC').trim();
  if (value === '') return { choice: 'none', note: '' };
  if (value.toLowerCase().startsWith('other:')) return { choice: 'other', note: value.slice('other:'.length).trim() };
  const lower = value.toLowerCase();
  for (const option of options) {
    if (option === lower) return { choice: option, note: '' };
    if (option !== 'other' && LOCALES.some((l) => translate(l, `${labelKey}.${option}`).toLowerCase() === lower)) return { choice: option, note: '' };
  }
  return { choice: 'other', note: value };
}

function readResidence(text: string, country: string | undefined): Residence | '' | undefined {
  const value = text.normalize('NFKC').trim();
  if (value === '') {
    // Unsaid: where the country of the address is.
    if (!country) return '';
    return country === 'CN' ? 'mainland' : ['HK', 'MO', 'TW'].includes(country) ? 'hk-mo-tw' : 'other';
  }
  const lower = value.toLowerCase();
  return RESIDENCES.find((r) => r === lower || LOCALES.some((l) => translate(l, `registration.residences.${r}`).toLowerCase() === lower));
}

/** Languages as written ('en', 'English', '英文', 'zh', 'zh_CN', 'Chinese', '中文'), compared without case, spaces or punctuation. */
const LANGUAGE_WORDS: Record<Locale, readonly string[]> = {
  en: ['en', 'eng', 'english', 'engb', 'enus', '英文', '英语', '英語'],
  // Traditional Chinese readers read Simplified far better than English: zh-TW and 繁体中文 get Chinese too.
  'zh-CN': ['zh', 'zhcn', 'zhhans', 'zhtw', 'zhhk', 'zhhant', 'cn', 'chi', 'zho', 'chinese', 'mandarin', '中文', '汉语', '漢語', '简体中文', '繁体中文', '繁體中文', '普通话', '华语'],
};
const languageKey = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
function readLanguage(text: string): Locale | undefined {
  const key = languageKey(text);
  return LOCALES.find((l) => LANGUAGE_WORDS[l].includes(key));
}

/** Guests taken to read Chinese when the list does not say: a name in Chinese characters, or from one of these. */
const CHINESE_READING_COUNTRIES = new Set(['CN', 'HK', 'MO', 'TW']);

/**
 * The language a row's mails go out in: its language column's; else Chinese for a guest with a name in Chinese
 * characters or from China, Hong Kong, Macao or Taiwan; else the organiser's choice for the rest ('default').
 * 'unknown' when the column holds something that is no language.
 */
export type GuestLanguage = { from: 'column'; locale: Locale } | { from: 'chinese'; locale: 'zh-CN' } | { from: 'default' } | { from: 'unknown' };
export function guestLanguage(cells: readonly string[], mapping: ImportMapping): GuestLanguage {
  const cell = (field: ImportField) => (mapping[field] === undefined ? '' : (cells[mapping[field]!] ?? ''));
  const written = cell('language');
  if (written.trim() !== '') {
    const locale = readLanguage(written);
    return locale ? { from: 'column', locale } : { from: 'unknown' };
  }
  const country = countryCodeFromText(cell('country'));
  if (/\p{Script=Han}/u.test(cell('nameZh')) || (country && CHINESE_READING_COUNTRIES.has(country))) return { from: 'chinese', locale: 'zh-CN' };
  return { from: 'default' };
}

/**
 * A name a spreadsheet would run as a formula (=, + or @ first: =HYPERLINK(…)) or one with no letter at all (+1, 123,
 * '-') is no one's name. Letters of any script count: 'Nguyễn', 'Ольга', 'O’Brien'.
 */
const isNotAName = (text: string) => {
  const value = text.normalize('NFKC').trim();
  return value !== '' && (/^[=+@]/.test(value) || !/\p{L}/u.test(value));
};

/**
 * One row: the registration values, or every problem it has. `row` is its number in the spreadsheet, for the report.
 */
export function checkImportRow(row: number, cells: readonly string[], mapping: ImportMapping, options: ImportRowOptions): { values?: RegistrationValues; problems: ImportProblem[] } {
  const cell = (field: ImportField) => (mapping[field] === undefined ? '' : (cells[mapping[field]!] ?? ''));
  const problems: ImportProblem[] = [];
  const countryText = cell('country');
  const country = countryCodeFromText(countryText);
  if (countryText.trim() !== '' && !country) problems.push({ row, field: 'country', key: 'registrationImport.problems.country' });
  const nationalityText = cell('nationality');
  const nationality = countryCodeFromText(nationalityText);
  if (nationalityText.trim() !== '' && !nationality) problems.push({ row, field: 'nationality', key: 'registrationImport.problems.country' });
  const residence = readResidence(cell('residence'), country);
  if (residence === undefined) problems.push({ row, field: 'residence', key: forOrganisers('registration.errors.required.residence') });
  const guessed = guestLanguage(cells, mapping);
  const language = guessed.from === 'default' ? options.defaultLocale : guessed.from === 'unknown' ? undefined : guessed.locale;
  if (!language) problems.push({ row, field: 'language', key: 'registrationImport.problems.language' });
  const notNames = (['familyName', 'givenName'] as const).filter((field) => isNotAName(cell(field)));
  for (const field of notNames) problems.push({ row, field, key: 'registrationImport.problems.notAName' });
  const dietary = readChoice(cell('dietary'), DIETARY_OPTIONS, 'registration.dietary');
  const interpretation = readChoice(cell('interpretation'), INTERPRETATION_OPTIONS, 'registration.interpretation');

  const form: RegistrationForm = {
    ...EMPTY_REGISTRATION_FORM,
    categoryId: options.category.id,
    email: cell('email'),
    familyName: cell('familyName'),
    givenName: cell('givenName'),
    nameZh: cell('nameZh'),
    organisation: cell('organisation'),
    jobTitle: cell('jobTitle'),
    // A country already refused above is not reported twice.
    country: country ?? (countryText.trim() === '' ? '' : 'CN'),
    mobile: cell('mobile'),
    dietary: dietary.choice,
    dietaryNote: dietary.note,
    interpretation: interpretation.choice,
    interpretationNote: interpretation.note,
    // Without a country (reported already) there is no residence to derive; the form is not asked about it.
    residence: residence || 'mainland',
    // Someone living abroad without a nationality given is taken to hold their country's passport.
    nationality: nationality ?? (nationalityText.trim() === '' ? (country ?? '') : 'CN'),
    // The organiser vouches for the guests they invite; the consent to processing is theirs to have obtained.
    consent: 'yes',
  };
  // The organiser chooses the category, so an invitation-only one is open to an import as to an invitation.
  const { values, errors } = validateRegistrationForm(form, {
    categories: [options.category],
    questions: [],
    sessions: [],
    locale: language ?? options.defaultLocale,
    invitation: { id: 'import', categoryId: options.category.id, bypassApproval: true },
  });
  for (const [field, error] of Object.entries(errors)) {
    // A name already refused as no name is not also said to be too long or in the wrong script.
    if ((notNames as string[]).includes(field)) continue;
    problems.push({ row, field: FIELD_OF[field] ?? field, key: forOrganisers(error.key), ...(error.vars ? { vars: error.vars as Record<string, string | number> } : {}) });
  }
  if (problems.length > 0 || !values) return { problems };
  return { values, problems };
}

/** The consent version an imported registration records: not a notice the person saw, but the organiser's import. */
export const IMPORT_CONSENT_VERSION = `import-${CONSENT_VERSION}`;
