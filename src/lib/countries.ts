// Countries and regions for forms (ISO 3166-1 alpha-2), named in the reader's language by the runtime's own data
// (Intl.DisplayNames), with the names a forum held in China must use for Hong Kong, Macao and Taiwan.
// Example: countryOptions('zh-CN') → [{ code: 'AF', name: '阿富汗' }, …] sorted as the reader expects.
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import type { Locale } from '../i18n/index.ts';
import { COUNTRY_ALIASES } from './country-aliases.ts';

const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';
export const COUNTRY_CODES: readonly string[] = CODES.split(' ');
const KNOWN = new Set(COUNTRY_CODES);

const NAMES_USED_IN_CHINA: Record<Locale, Record<string, string>> = {
  en: { HK: 'Hong Kong SAR, China', MO: 'Macao SAR, China', TW: 'Taiwan, China' },
  'zh-CN': { HK: '中国香港', MO: '中国澳门', TW: '中国台湾' },
};

/** Normalises ' cn ' to 'CN'; undefined when it is no ISO 3166-1 code. */
export function parseCountryCode(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  return KNOWN.has(code) ? code : undefined;
}

// Names asked for once per language and code (Intl.DisplayNames is slow next to a Map, and a list asks fifty times a
// page); only known codes are kept, so the maps never outgrow the list of codes.
const displayNames = new Map<Locale, Intl.DisplayNames>();
const named = new Map<Locale, Map<string, string>>();
export function countryName(code: string, locale: Locale): string {
  const override = NAMES_USED_IN_CHINA[locale][code];
  if (override) return override;
  let known = named.get(locale);
  if (!known) named.set(locale, (known = new Map()));
  const kept = known.get(code);
  if (kept !== undefined) return kept;
  let names = displayNames.get(locale);
  if (!names) displayNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' })));
  const name = names.of(code) ?? code;
  if (KNOWN.has(code)) known.set(code, name);
  return name;
}

/**
 * ICU's Chinese collation orders each character by its most common reading; where a name reads it otherwise, the
 * name sorts as a homophone would: 秘鲁 is Bìlǔ (between 比利时 and 冰岛), not mì as in 秘密.
 */
const SORT_AS: Partial<Record<Locale, Record<string, string>>> = { 'zh-CN': { PE: '必鲁' } };

/**
 * Listed first, in this order, before the sorted rest: most Chinese readers pick 中国 or one of its regions, which
 * pinyin order (Zhōngguó) puts last of some 250.
 */
const LISTED_FIRST: Partial<Record<Locale, readonly string[]>> = { 'zh-CN': ['CN', 'HK', 'MO', 'TW'] };

const optionsCache = new Map<Locale, { code: string; name: string }[]>();
/**
 * Every country or region with its name, sorted by name in the reader's language (pinyin order in Chinese, after
 * China and its regions).
 */
export function countryOptions(locale: Locale): { code: string; name: string }[] {
  let options = optionsCache.get(locale);
  if (!options) {
    const collator = new Intl.Collator(locale);
    const sortAs = SORT_AS[locale] ?? {};
    const first = LISTED_FIRST[locale] ?? [];
    const rank = (option: { code: string }) => (first.includes(option.code) ? first.indexOf(option.code) : first.length);
    const key = (option: { code: string; name: string }) => sortAs[option.code] ?? option.name;
    options = COUNTRY_CODES.map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) => rank(a) - rank(b) || collator.compare(key(a), key(b)));
    optionsCache.set(locale, options);
  }
  return options;
}

/** The international dialling code of a country or region, '+86' for CN; '' where it has none of its own. */
export function diallingCode(code: string): string {
  try {
    return `+${getCountryCallingCode(code as CountryCode)}`;
  } catch {
    return '';
  }
}

/**
 * How a country's name is compared: full-width forms, accents, case, spaces, punctuation and a leading "the" do not
 * matter, "&" is "and" and "St." is "Saint". Example: countryKey(' The U.S.A. ') → 'usa'; countryKey('Côte d’Ivoire') → 'cotedivoire'
 */
export const countryKey = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/^the\s+/, '')
    .replace(/&/g, ' and ')
    .replace(/\bst\b\.?/g, 'saint')
    .replace(/[\s\p{P}\p{S}]+/gu, '');

let codesByName: Map<string, string> | undefined;
/** Every name a country is known by, the app's own names first, so an alias never takes another country's name. */
function knownNames(): Map<string, string> {
  if (codesByName) return codesByName;
  const names = new Map<string, string>();
  const add = (name: string, code: string) => {
    const key = countryKey(name);
    if (key && !names.has(key)) names.set(key, code);
  };
  for (const locale of ['en', 'zh-CN'] as const) for (const code of COUNTRY_CODES) add(countryName(code, locale), code);
  for (const [code, aliases] of Object.entries(COUNTRY_ALIASES)) for (const alias of aliases) add(alias, code);
  // The runtime's other names for them: the long ones China's names replace, and the short ones ('UK', 'Bosnia').
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const style of ['long', 'short'] as const) {
      const runtime = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' });
      for (const code of COUNTRY_CODES) add(runtime.of(code) ?? '', code);
    }
  }
  return (codesByName = names);
}

/**
 * A country or region as a spreadsheet or a filter may hold it: its code ('cn'), its name in English or Chinese
 * ('China', '中国', 'Hong Kong SAR, China') or a name people write for it ('USA', 'England', '香港', 'PRC');
 * undefined when it is none of these.
 */
export function countryCodeFromText(value: string): string | undefined {
  const text = value.normalize('NFKC').trim();
  return parseCountryCode(text) ?? knownNames().get(countryKey(text));
}
