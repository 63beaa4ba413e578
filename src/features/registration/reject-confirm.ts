// The page that asks once more before registrations are rejected in bulk: rejecting mails each person at once and
// cannot be undone (a rejected registration is never approved again; the person would register anew), and the
// button sits beside "Approve". It names who would be rejected (those awaiting a decision: the others are counted
// as left as they are) and the message they would get, and posts the same fields again with confirm=yes; "Back"
// posts them with back=1, which returns the list with the same people ticked. For "all matching this filter" the
// page also carries a digest of exactly whom it named: confirming rejects them or, if the filter matches other
// people by then, nobody.
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { registrations } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { personNames } from '../../lib/person-name.ts';

/** Names shown on the page; more are counted ("and 12 more"). */
const SHOWN = 30;
/** What rejectRegistration takes; anyone else selected is skipped by the run. */
const DECIDABLE = ['pending', 'waitlisted'] as const;
/** Fields of the form the confirm page does not post again as they came. */
const OWN_FIELDS = new Set(['_csrf', 'confirm', 'back', 'idsDigest']);

export interface RejectConfirmOptions {
  event: { id: string };
  /** Where the confirm and back buttons post: the form's own address. */
  action: string;
  listHref: string;
  listLabel: string;
  /** The posted form (every field is posted again but the CSRF token and the buttons). */
  body: Record<string, unknown>;
  message: string;
  /** Set for "all matching": the page carries the digest of the ids it names, checked on confirm (idsDigest). */
  withDigest?: boolean;
}

/** Example: reply.render('admin/registrations/reject-confirm', await rejectConfirmView(db, ids, options), { layout: 'admin' }). */
export async function rejectConfirmView(db: Db, ids: string[], options: RejectConfirmOptions) {
  const { body, withDigest, ...rest } = options;
  const rows = ids.length === 0
    ? []
    : await db
        .select({ id: registrations.id, status: registrations.status, givenName: registrations.givenName, familyName: registrations.familyName, nameZh: registrations.nameZh, email: registrations.email })
        .from(registrations)
        .where(and(eq(registrations.eventId, options.event.id), inArray(registrations.id, ids), isNull(registrations.erasedAt)));
  const decidable = rows
    .filter((r) => (DECIDABLE as readonly string[]).includes(r.status))
    .sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName));
  const hidden = hiddenFields(body);
  if (withDigest) hidden.push({ name: 'idsDigest', value: idsDigest(ids) });
  return {
    ...rest,
    hidden,
    count: decidable.length,
    people: decidable.slice(0, SHOWN).map((p) => ({ ...personNames(p.givenName, p.familyName, p.nameZh), email: p.email })),
    more: Math.max(0, decidable.length - SHOWN),
    skipped: ids.length - decidable.length,
  };
}

/** A short fingerprint of a set of registration ids, whatever their order. Example: idsDigest([b, a]) === idsDigest([a, b]). */
export function idsDigest(ids: string[]): string {
  return createHash('sha256').update([...ids].map((id) => id.toLowerCase()).sort().join(',')).digest('base64url').slice(0, 22);
}

/** The posted form as hidden fields, arrays as one field per value, minus the CSRF token, the buttons and the digest. */
function hiddenFields(body: Record<string, unknown>): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (OWN_FIELDS.has(name)) continue;
    for (const item of [value].flat()) if (typeof item === 'string') fields.push({ name, value: item });
  }
  return fields;
}
