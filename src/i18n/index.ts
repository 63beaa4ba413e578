// Interface strings in every shipped language: lookup with interpolation and plural forms, and language negotiation.
// Example: translate('zh-CN', 'home.count', { count: 3 }) → '3 场近期活动'
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

type Messages = { [key: string]: string | Messages };
export const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

/** Text direction per language; Arabic will be the first 'rtl' one. */
export const DIRECTION: Record<Locale, 'ltr' | 'rtl'> = { en: 'ltr', 'zh-CN': 'ltr' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function lookup(messages: Messages, key: string): string | Messages | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    // Own keys only: "constructor" or "toString" name no message.
    if (node === undefined || typeof node === 'string' || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralCategory(locale: Locale, count: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

export type Vars = Record<string, unknown>;

// What a key finds in a language (after the fallback to English), looked up once: a page of fifty rows asks for the
// same few keys hundreds of times. The messages are the shipped files, never changed while the app runs; only keys
// that exist are kept, so the map is never larger than the files.
const resolved = new Map<Locale, Map<string, string | Messages>>(LOCALES.map((locale) => [locale, new Map()]));
function resolve(locale: Locale, key: string): string | Messages | undefined {
  const known = resolved.get(locale)!;
  const kept = known.get(key);
  if (kept !== undefined) return kept;
  const message = lookup(MESSAGES[locale], key) ?? lookup(MESSAGES[DEFAULT_LOCALE], key);
  if (message !== undefined) known.set(key, message);
  return message;
}

/** The message for `key` in `locale` (falling back to English, then to the key itself), with {name} filled from vars. */
export function translate(locale: Locale, key: string, vars: Vars = {}): string {
  let found = resolve(locale, key);
  if (found !== undefined && typeof found !== 'string') {
    const count = Number(vars.count);
    // An explicit `zero` form wins for 0 ("No time to move…"): languages' plural rules have none for it.
    found = (Number.isFinite(count) ? ((count === 0 ? found.zero : undefined) ?? found[pluralCategory(locale, count)]) : undefined) ?? found.other;
  }
  if (typeof found !== 'string') return key;
  if (!found.includes('{')) return found;
  return found.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? shown(locale, vars[name]) : whole));
}

/**
 * A value as a message prints it. Whole numbers from 10,000 get the language's digit grouping ("20,000 rows",
 * "1,000,000 seats"); smaller ones stay as they are, so a year or a port reads 2027, not 2,027.
 */
function shown(locale: Locale, value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 10_000) return new Intl.NumberFormat(locale).format(value);
  return String(value);
}

/** A message to be put in words later, in the reader's language (a notice kept for the next page). */
export interface MessageRef {
  key: string;
  vars?: Vars;
}

// en-GB lists without the serial comma: "A, B and C".
const LIST_LOCALE: Record<Locale, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

/** Items as the language lists them: "A, B and C" / "A、B和C". */
export function formatList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(LIST_LOCALE[locale], { type: 'conjunction' }).format(items);
}

/**
 * Vars for `translate`, where a list of messages becomes the list of their texts.
 * Example: translateVars('en', { kept: [{ key: 'a.sessions', vars: { count: 2 } }, { key: 'a.dates' }] }) → { kept: '2 sessions and the dates' }
 */
export function translateVars(locale: Locale, vars: Vars): Vars {
  const isRefs = (value: unknown): value is MessageRef[] => Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && typeof v.key === 'string');
  return Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, isRefs(value) ? formatList(locale, value.map((ref) => translate(locale, ref.key, ref.vars))) : value]));
}

/** Whether `key` exists (as text or plural forms) in the locale itself, without fallback. */
export function hasMessage(locale: Locale, key: string): boolean {
  return lookup(MESSAGES[locale], key) !== undefined;
}

/**
 * The shipped language a language tag names, whatever its case or region: any Chinese (zh, zh-cn, zh-Hans, zh_TW)
 * is zh-CN, any English (en-US) en; undefined for another language or not a string.
 * Example: matchLocale('zh-Hans') → 'zh-CN'; matchLocale('fr') → undefined
 */
export function matchLocale(tag: unknown): Locale | undefined {
  if (typeof tag !== 'string') return undefined;
  if (isLocale(tag)) return tag;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'zh' ? 'zh-CN' : primary === 'en' ? 'en' : undefined;
}

/**
 * The best shipped language for an Accept-Language header; any Chinese variant gets zh-CN.
 * Example: negotiateLocale('zh-TW,zh;q=0.9,en;q=0.5') → 'zh-CN'
 */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}
