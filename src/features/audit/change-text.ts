// An audit row's before or after as organisers read it: one "field: value" line per field, instants in the event's
// zone and the reader's language (not UTC ISO strings), texts in both languages as the reader's one, the rest as
// compact JSON. Fields it knows are named in words (a team member's role and a registration's or mail's status too);
// others keep their own name.
// Nothing is left out: the log shows every field the row holds.
// Example: changeText({ startsAt: '2027-06-10T01:00:00.000Z', title: { en: 'Opening', 'zh-CN': '开幕' } }, 'Asia/Shanghai', 'en')
//   → 'Starts: 10 Jun 2027, 09:00 (Beijing time, UTC+8)\nTitle: Opening'
import { EVENT_ROLES, MESSAGE_STATUSES, REGISTRATION_STATUSES } from '../../db/schema/index.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { pickLocalized } from '../../lib/localized.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const LANGUAGES = new Set(['en', 'zh-CN']);
// Fields named in words (audit.fields.<name>); any other keeps its name as the row holds it.
// The common actions' fields: registrations (status, categoryId), agenda publication (version, sessions, changes),
// check-in (door, checkedInAt…), mail (subject, to). An id stays an id, labelled as one.
const NAMED_FIELDS = new Set(['role', 'email', 'name', 'title', 'startsAt', 'endsAt', 'timezone', 'status', 'categoryId', 'version', 'sessions', 'changes', 'door', 'checkedInAt', 'checkInId', 'sessionId', 'sessionIds', 'undoneAt', 'message', 'subject', 'to']);
const ROLES = new Set<string>(EVENT_ROLES);
const REGISTRATION_STATUS = new Set<string>(REGISTRATION_STATUSES);
const MAIL_STATUS = new Set<string>(MESSAGE_STATUSES);

/** A role or status in words; undefined for any other value. */
function knownValueText(field: string, value: unknown, locale: Locale): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (field === 'role' && ROLES.has(value)) return translate(locale, `roles.${value}`);
  if (field === 'status' && REGISTRATION_STATUS.has(value)) return translate(locale, `registration.statuses.${value}`);
  if (field === 'status' && MAIL_STATUS.has(value)) return translate(locale, `mailLog.status.${value}`);
  return undefined;
}

function fieldText(field: string, value: unknown, zone: string, locale: Locale): string {
  if (!NAMED_FIELDS.has(field)) return `${field}: ${valueText(value, zone, locale)}`;
  const shown = knownValueText(field, value, locale) ?? valueText(value, zone, locale);
  return `${translate(locale, `audit.fields.${field}`)}${translate(locale, 'punct.colon')}${shown}`;
}

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
    .map(([field, value]) => fieldText(field, value, zone, locale))
    .join('\n');
}
