// What a time-zone picker shows for each zone: its city in the reader's language, as phones and computers do, the
// IANA name staying the option's value (?tz= and saved settings do not change).
// Example: zoneOptionsByRegion([{ region: 'Asia', zones: ['Asia/Tokyo', 'Asia/Shanghai'] }], 'zh-CN') → [{ region: 'Asia', zones: [{ value: 'Asia/Shanghai', name: '上海' }, { value: 'Asia/Tokyo', name: '东京' }] }]
import { DEFAULT_LOCALE, hasMessage, translate, type Locale } from '../i18n/index.ts';

export interface ZoneOption {
  /** The IANA name: what the form sends. */
  value: string;
  /** The city the reader sees: 'Ho Chi Minh City', '胡志明市'. */
  name: string;
}

type Regions = readonly { region: string; zones: readonly string[] }[];

/**
 * The city a zone is named after, in the reader's language: from the locale files' zoneCity table (the common zones
 * and a few more), else the IANA name's last part, which is English, in every language.
 * Example: zoneCityName('America/Argentina/Buenos_Aires', 'zh-CN') → '布宜诺斯艾利斯'; zoneCityName('Europe/Stockholm', 'zh-CN') → 'Stockholm'
 */
export function zoneCityName(zone: string, locale: Locale): string {
  const key = `zoneCity.${zone}`;
  // Every shipped language has the keys English has (a test checks), so English's table is the list of named zones.
  if (hasMessage(DEFAULT_LOCALE, key)) return translate(locale, key);
  return zone.slice(zone.lastIndexOf('/') + 1).replaceAll('_', ' ');
}

/**
 * ICU's Chinese collation orders each character by its most common reading; where a name reads it otherwise, it sorts
 * as a homophone would: 柏林 is Bólín (after 贝尔格莱德), not bǎi as in 柏树.
 */
const SORT_AS: Partial<Record<Locale, Record<string, string>>> = { 'zh-CN': { 'Europe/Berlin': '伯林' } };

// The lists of common and of all zones are built once and kept (time-zones.ts), so their options are too, per
// language: the speaker profile's ~420 names are not looked up and sorted again on every page.
const kept = new WeakMap<Regions, Map<Locale, { region: string; zones: ZoneOption[] }[]>>();
const collators = new Map<Locale, Intl.Collator>();

/**
 * The regions' zones as options, each region's sorted by the names shown, as the reader's language sorts them
 * (pinyin order in Chinese). Regions keep their order.
 */
export function zoneOptionsByRegion(regions: Regions, locale: Locale): { region: string; zones: ZoneOption[] }[] {
  let byLocale = kept.get(regions);
  if (!byLocale) kept.set(regions, (byLocale = new Map()));
  const found = byLocale.get(locale);
  if (found) return found;
  let collator = collators.get(locale);
  if (!collator) collators.set(locale, (collator = new Intl.Collator(locale)));
  const sortAs = SORT_AS[locale] ?? {};
  const key = (option: ZoneOption) => sortAs[option.value] ?? option.name;
  const sorted = regions.map(({ region, zones }) => ({
    region,
    zones: zones
      .map((value) => ({ value, name: zoneCityName(value, locale) }))
      // Two zones of one name (none today) would still come out in one order.
      .sort((a, b) => collator.compare(key(a), key(b)) || (a.value < b.value ? -1 : 1)),
  }));
  byLocale.set(locale, sorted);
  return sorted;
}
