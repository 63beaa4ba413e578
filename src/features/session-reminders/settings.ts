// The organiser's "what to bring" for the speakers' reminders: one item per line in each language, checked and
// saved with an audit row; a reminder lists these items in the speaker's language, or the standard list when empty.
// Example: bringItems(await findReminderSettings(db, eventId), 'zh-CN') → ['U盘拷贝的演示文稿', …] or undefined
import { eq, sql } from 'drizzle-orm';
import { sessionReminderSettings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { localizedFromFields, type LocalizedText } from '../../lib/localized.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';

export interface ReminderSettingsForm {
  bringEn: string;
  bringZh: string;
}

export const MAX_BRING_ITEMS = 8;
export const MAX_BRING_ITEM_LENGTH = 200;
/** The most a field's box takes (its maxlength): every item at its longest on a line of its own, a blank line after each. */
export const MAX_BRING_TEXT_LENGTH = MAX_BRING_ITEMS * (MAX_BRING_ITEM_LENGTH + 2);

export async function findReminderSettings(db: Db, eventId: string): Promise<LocalizedText> {
  const [row] = await db.select().from(sessionReminderSettings).where(eq(sessionReminderSettings.eventId, eventId));
  return row?.whatToBring ?? {};
}

export const settingsToForm = (bring: LocalizedText): ReminderSettingsForm => ({ bringEn: bring.en ?? '', bringZh: bring['zh-CN'] ?? '' });

/** The non-empty lines of a field, trimmed. */
const itemsOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

function checkItems(text: string): FieldErrors[string] | undefined {
  const items = itemsOf(text);
  if (items.length > MAX_BRING_ITEMS) return { key: 'sessionReminders.errors.tooManyItems', vars: { max: MAX_BRING_ITEMS } };
  if (items.some((item) => [...item].length > MAX_BRING_ITEM_LENGTH)) return { key: 'sessionReminders.errors.itemTooLong', vars: { max: MAX_BRING_ITEM_LENGTH } };
  return undefined;
}

/** Both fields may be empty (the standard list); each holds at most 8 items of 200 characters. */
export function validateReminderSettingsForm(form: ReminderSettingsForm): { values?: LocalizedText; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const en = checkItems(form.bringEn);
  const zh = checkItems(form.bringZh);
  if (en) errors.bringEn = en;
  if (zh) errors.bringZh = zh;
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, values: localizedFromFields(itemsOf(form.bringEn).join('\n'), itemsOf(form.bringZh).join('\n')) };
}

export async function saveReminderSettings(db: Db, actor: AuditActor, eventId: string, whatToBring: LocalizedText): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findReminderSettings(tx, eventId);
    await tx
      .insert(sessionReminderSettings)
      .values({ eventId, whatToBring })
      .onConflictDoUpdate({ target: sessionReminderSettings.eventId, set: { whatToBring, updatedAt: sql`now()` } });
    await writeAudit(tx, actor, { eventId, action: 'session-reminders.settings', targetType: 'event', targetId: eventId, before: { whatToBring: before }, after: { whatToBring } });
  });
}

/**
 * The organiser's items in the speaker's language; none (also when only the other language is written): the
 * standard list in theirs, rather than a list they may not read.
 */
export function bringItems(bring: LocalizedText, locale: Locale): string[] | undefined {
  const items = itemsOf(bring[locale] ?? '');
  return items.length > 0 ? items : undefined;
}
