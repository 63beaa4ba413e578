// Access-token rows: inserted with a hash, redeemed by one conditional update, so two clicks cannot both win.
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { accessTokens, type AccessTokenPurpose } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type AccessTokenRow = typeof accessTokens.$inferSelect;

export async function insertAccessToken(db: Db, row: typeof accessTokens.$inferInsert): Promise<AccessTokenRow> {
  const [inserted] = await db.insert(accessTokens).values(row).returning();
  return inserted!;
}

/** Marks the token used if it is unused and unexpired at `now`; returns it, or nothing. */
export async function markAccessTokenUsed(db: Db, purpose: AccessTokenPurpose, tokenHash: Buffer, now: Date): Promise<AccessTokenRow | undefined> {
  const [row] = await db
    .update(accessTokens)
    .set({ usedAt: now })
    .where(and(eq(accessTokens.tokenHash, tokenHash), eq(accessTokens.purpose, purpose), isNull(accessTokens.usedAt), gt(accessTokens.expiresAt, now)))
    .returning();
  return row;
}

export async function findAccessToken(db: Db, purpose: AccessTokenPurpose, tokenHash: Buffer): Promise<AccessTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(accessTokens)
    .where(and(eq(accessTokens.tokenHash, tokenHash), eq(accessTokens.purpose, purpose)));
  return row;
}

export async function revokeUnusedTokens(db: Db, subject: string, purposes: AccessTokenPurpose[], now: Date): Promise<void> {
  await db
    .update(accessTokens)
    .set({ usedAt: now })
    .where(and(eq(accessTokens.subject, subject), inArray(accessTokens.purpose, purposes), isNull(accessTokens.usedAt)));
}
