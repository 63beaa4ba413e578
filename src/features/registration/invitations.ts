// Invitation codes as the public form uses them: a code opens its category (even a hidden one) and may skip
// approval; whether it is still usable is checked here for the page, and its quota taken atomically on submit.
import { and, eq } from 'drizzle-orm';
import { invitationCodes } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type InvitationProblem = 'unknown' | 'expired' | 'used-up';

/** Upper case, spaces removed: people copy codes from mails and chat apps in many ways. */
export const normaliseInvitationCode = (code: string) => code.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

export async function findUsableInvitationCode(
  db: Db,
  eventId: string,
  code: string,
  now: Date,
): Promise<{ id: string; categoryId: string; bypassApproval: boolean } | { problem: InvitationProblem }> {
  const normalised = normaliseInvitationCode(code);
  if (!/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(normalised) || normalised.length > 60) return { problem: 'unknown' };
  const [row] = await db.select().from(invitationCodes).where(and(eq(invitationCodes.eventId, eventId), eq(invitationCodes.code, normalised)));
  if (!row) return { problem: 'unknown' };
  if (row.expiresAt && row.expiresAt <= now) return { problem: 'expired' };
  if (row.used >= row.maxUses) return { problem: 'used-up' };
  return { id: row.id, categoryId: row.categoryId, bypassApproval: row.bypassApproval };
}
