// Identity documents by residence, as Chinese venues require them for entry: mainland residents give their resident
// identity card number, residents of Hong Kong, Macao and Taiwan their travel permit, everyone else a passport
// number and nationality. Mobile numbers are checked per country by libphonenumber-js.
// Example: parseIdDocument('mainland', '11010519491231002X') → { ok: true, idType: 'national-id', idNumber: '11010519491231002X' }
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { IdDocumentType, Residence } from '../../db/schema/index.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * Where a number begins: a province-level region of the mainland (11 Beijing … 65 Xinjiang), 71 Taiwan, 81 Hong
 * Kong, 82 Macao, 83 residence permits of their residents, or 9 for the foreigners' permanent residence card of 2023.
 */
const ID_REGIONS = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3]|9\d)/;

/**
 * A resident identity card number: 18 characters, a region that exists, a real birth date that is not in the future,
 * and the ISO 7064 MOD 11-2 check character.
 */
export function isMainlandIdNumber(value: string, now = new Date()): boolean {
  if (!/^\d{17}[\dX]$/.test(value) || !ID_REGIONS.test(value)) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  if (ID_CHECK[sum % 11] !== value[17]) return false;
  const [year, month, day] = [Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  const real = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  // Born today somewhere east of UTC is still today: a day's grace, not a future birth.
  return year >= 1900 && real && birth.getTime() <= now.getTime() + 86_400_000;
}

/**
 * Mainland travel permits: for Hong Kong and Macao residents H or M and 8 digits (10 on the card, with the issue
 * count); for Taiwan residents 8 digits (10 on older cards).
 */
export function isTravelPermitNumber(value: string): boolean {
  return /^[HM]\d{8}(\d{2})?$/.test(value) || /^\d{8}(\d{2})?$/.test(value);
}

export function isPassportNumber(value: string): boolean {
  return /^[A-Z0-9]{5,20}$/.test(value);
}

export const ID_TYPE_OF: Record<Residence, IdDocumentType> = { mainland: 'national-id', 'hk-mo-tw': 'travel-permit', other: 'passport' };

/** Upper case without spaces or dashes, as people type document numbers in many ways. */
export const normaliseDocumentNumber = (value: string) => value.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();

export function isValidDocumentNumber(idType: IdDocumentType, value: string): boolean {
  if (idType === 'national-id') return isMainlandIdNumber(value);
  if (idType === 'travel-permit') return isTravelPermitNumber(value);
  return isPassportNumber(value);
}

/** The number in E.164 (+8613800138000) when it is a possible mobile (or fixed-or-mobile) number of that country. */
export function parseMobile(country: string, number: string): string | undefined {
  const digits = number.normalize('NFKC').trim();
  if (digits === '' || digits.length > 30 || !/^[+\d\s().-]+$/.test(digits)) return undefined;
  const parsed = parsePhoneNumberFromString(digits, country as CountryCode);
  if (!parsed?.isValid()) return undefined;
  const type = parsed.getType();
  // Some countries (the US, Canada) cannot tell mobile from fixed lines; accept those, refuse plain landlines.
  if (type !== undefined && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return undefined;
  return parsed.number;
}
