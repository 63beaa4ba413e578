// Which column of an uploaded guest list holds which registration field: guessed from the headers (English and
// Chinese words, and the form's own labels in both languages, so a list exported by Forum Desk maps itself), then
// adjusted by the organiser. Each column serves one field at most.
// Example: guessMapping(['E-mail', '姓', '名', '单位']) → { email: 0, familyName: 1, givenName: 2, organisation: 3 }
import { LOCALES, translate } from '../../i18n/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';

/** Fields an import can fill, in the order the mapping page lists them. */
export const IMPORT_FIELDS = ['email', 'familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'mobile', 'residence', 'nationality', 'dietary', 'interpretation', 'language'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Without these a row cannot become a registration (country also decides the mobile's country code). */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['email', 'familyName', 'givenName', 'organisation', 'country', 'mobile'];

export type ImportMapping = Partial<Record<ImportField, number>>;

/** Headers people use, beyond the form's labels; compared after normalising (see headerKey). */
const SYNONYMS: Record<ImportField, string[]> = {
  email: ['email', 'e-mail', 'mail', 'email address', 'e-mail address', '邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址', '电子邮件地址'],
  familyName: ['family name', 'surname', 'last name', 'lastname', 'family', '姓', '姓氏'],
  givenName: ['given name', 'given names', 'first name', 'firstname', 'forename', '名', '名字'],
  nameZh: ['chinese name', 'name in chinese', 'name (chinese)', 'name_zh', 'name zh', 'name_cn', 'cn name', '中文名', '中文姓名', '姓名', '中文名字'],
  organisation: ['organisation', 'organization', 'company', 'institution', 'affiliation', 'employer', '单位', '工作单位', '机构', '公司', '组织', '单位名称'],
  jobTitle: ['job title', 'title', 'position', 'job', '职务', '职位', '职称', '头衔'],
  country: ['country', 'country or region', 'country/region', 'region', '国家', '国家或地区', '国家/地区', '地区'],
  mobile: ['mobile', 'mobile number', 'mobile phone', 'phone', 'phone number', 'telephone', 'tel', 'cell', 'cell phone', '手机', '手机号', '手机号码', '电话', '联系电话', '移动电话'],
  residence: ['residence', 'place of residence', '常住地', '居住地', '户籍'],
  nationality: ['nationality', 'citizenship', 'passport country', '国籍'],
  dietary: ['dietary', 'dietary needs', 'dietary requirements', 'diet', 'meal', '饮食', '饮食要求', '饮食需求', '餐饮'],
  interpretation: ['interpretation', 'interpretation needs', 'interpreting', '口译', '同传', '翻译', '翻译需求', '同声传译'],
  language: ['language', 'mail language', 'lang', 'locale', '语言', '邮件语言'],
};

/** The form's label of each field, so headers written by Forum Desk in either language are recognised. */
const LABEL_KEYS: Record<ImportField, string> = {
  email: 'registration.fields.email',
  familyName: 'registration.fields.familyName',
  givenName: 'registration.fields.givenName',
  nameZh: 'registration.fields.nameZh',
  organisation: 'registration.fields.organisation',
  jobTitle: 'registration.fields.jobTitle',
  country: 'registration.fields.country',
  mobile: 'registration.fields.mobile',
  residence: 'registration.fields.residence',
  nationality: 'registration.fields.nationality',
  dietary: 'registration.fields.dietary',
  interpretation: 'registration.fields.interpretation',
  language: 'registrationImport.fields.language',
};

/** Case, width, spaces, punctuation and a trailing "*" (required marker) do not matter: ' E-Mail * ' → 'email'. */
export const headerKey = (header: string) =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');

let known: Map<string, ImportField> | undefined;
function knownHeaders(): Map<string, ImportField> {
  if (known) return known;
  known = new Map();
  for (const field of IMPORT_FIELDS) {
    for (const word of [...LOCALES.map((l) => translate(l, LABEL_KEYS[field])), ...SYNONYMS[field]]) {
      const key = headerKey(word);
      if (key && !known.has(key)) known.set(key, field);
    }
  }
  return known;
}

/**
 * Exact matches first, then headers that contain a known word of at least two letters ("Mobile (with +86)",
 * "单位名称及部门"), left to right; a field or a column already taken is not used again.
 */
export function guessMapping(headers: readonly string[]): ImportMapping {
  const words = knownHeaders();
  const mapping: ImportMapping = {};
  const used = new Set<number>();
  const take = (field: ImportField, column: number) => {
    if (mapping[field] !== undefined || used.has(column)) return;
    mapping[field] = column;
    used.add(column);
  };
  headers.forEach((header, column) => {
    const field = words.get(headerKey(header));
    if (field) take(field, column);
  });
  const partial = [...words].filter(([word]) => [...word].length >= 2).sort((a, b) => b[0].length - a[0].length);
  headers.forEach((header, column) => {
    const key = headerKey(header);
    if (!key || used.has(column)) return;
    const hit = partial.find(([word, field]) => mapping[field] === undefined && key.includes(word));
    if (hit) take(hit[1], column);
  });
  return mapping;
}

/**
 * The mapping form (field → column index as text, '' for none) checked against the file's columns: required fields
 * mapped, no column used twice.
 */
export function readMappingForm(body: Record<string, unknown>, columnCount: number): { mapping: ImportMapping; errors: FieldErrors } {
  const mapping: ImportMapping = {};
  const errors: FieldErrors = {};
  const byColumn = new Map<number, ImportField>();
  for (const field of IMPORT_FIELDS) {
    const raw = body[`map_${field}`];
    const text = typeof raw === 'string' ? raw.trim() : '';
    // Named in the error summary: "Family name: Choose the column that holds this detail."
    const label = `registrationImport.fields.${field}`;
    if (text === '') {
      if (REQUIRED_IMPORT_FIELDS.includes(field)) errors[`map_${field}`] = { key: 'registrationImport.errors.mapRequired', label };
      continue;
    }
    const column = /^\d{1,3}$/.test(text) ? Number(text) : -1;
    if (column < 0 || column >= columnCount) errors[`map_${field}`] = { key: 'registrationImport.errors.mapColumn', label };
    else if (byColumn.has(column)) errors[`map_${field}`] = { key: 'registrationImport.errors.mapTwice', label };
    else {
      byColumn.set(column, field);
      mapping[field] = column;
    }
  }
  return { mapping, errors };
}
