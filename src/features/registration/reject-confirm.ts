// The page that asks once more before registrations are rejected in bulk: rejecting mails each person at once and
// cannot be undone (a rejected registration is never approved again; the person would register anew), and the
// button sits beside "Approve". It names who would be rejected and the message they would get, and posts the same
// fields again with confirm=yes; "Back" posts them with back=1, which returns the list with the same people ticked.
import { asc, inArray } from 'drizzle-orm';
import { registrations } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

/** Names shown on the page; more are counted ("and 12 more"). */
const SHOWN = 30;

export interface RejectConfirmOptions {
  event: { id: string };
  /** Where the confirm and back buttons post: the form's own address. */
  action: string;
  listHref: string;
  listLabel: string;
  /** Every field of the original form but the CSRF token, to be posted again unchanged. */
  hidden: { name: string; value: string }[];
  message: string;
}

/** Example: reply.render('admin/registrations/reject-confirm', await rejectConfirmView(db, ids, options), { layout: 'admin' }). */
export async function rejectConfirmView(db: Db, ids: string[], options: RejectConfirmOptions) {
  const people = ids.length === 0
    ? []
    : await db
        .select({ givenName: registrations.givenName, familyName: registrations.familyName, nameZh: registrations.nameZh, email: registrations.email })
        .from(registrations)
        .where(inArray(registrations.id, ids))
        .orderBy(asc(registrations.familyName), asc(registrations.givenName))
        .limit(SHOWN);
  return {
    ...options,
    count: ids.length,
    people: people.map((p) => ({ name: `${p.givenName} ${p.familyName}`, nameZh: p.nameZh, email: p.email })),
    more: Math.max(0, ids.length - people.length),
  };
}

/** The posted form as hidden fields, arrays as one field per value, minus the CSRF token and the two buttons. */
export function hiddenFields(body: Record<string, unknown>): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf' || name === 'confirm' || name === 'back') continue;
    for (const item of [value].flat()) if (typeof item === 'string') fields.push({ name, value: item });
  }
  return fields;
}
