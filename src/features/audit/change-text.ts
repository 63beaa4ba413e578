// An audit row's before or after as organisers read it: one "field: value" line per field, instants in the event's
// zone and the reader's language (not UTC ISO strings), texts in both languages as the reader's one, the rest as
// compact JSON. Nothing is left out: the log shows every field the row holds.
// Example: changeText({ startsAt: '2027-06-10T01:00:00.000Z', title: { en: 'Opening', 'zh-CN': '开幕' } }, 'Asia/Shanghai', 'en')
//   → 'startsAt: 10 Jun 2027, 09:00 (Beijing time, UTC+8)\ntitle: Opening'
import type { Locale } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { pickLocalized } from '../../lib/localized.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const LANGUAGES = new Set(['en', 'zh-CN']);

function valueText(value: unknown, zone: string, locale: Locale): string {
  if (typeof value === 'string') {
    if (INSTANT.test(value)) {
      const instant = new Date(value);
      if (!Number.isNaN(instant.getTime())) return formatDateTime(instant, zone, locale);
    }
    return value;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((key) => LANGUAGES.has(key)) && Object.values(value).every((text) => typeof text === 'string')) {
      return pickLocalized(value as Record<string, string>, locale)?.text ?? '';
    }
  }
  return JSON.stringify(value) ?? String(value);
}

/** The lines of a before/after object; '' for none. A value that is not an object is shown as one line. */
export function changeText(change: unknown, zone: string, locale: Locale): string {
  if (change === null || change === undefined) return '';
  if (typeof change !== 'object' || Array.isArray(change)) return valueText(change, zone, locale);
  return Object.entries(change)
    .map(([field, value]) => `${field}: ${valueText(value, zone, locale)}`)
    .join('\n');
}
