// Single-use, expiring tokens for magic links. The raw token (256 random bits) exists only in the link; the database
// keeps its SHA-256. Links are checked on GET (a mail scanner may open them) and used up only by a POST.
// Example: const { token } = await issueAccessToken(tx, clock, { purpose: 'manage-registration', subject: email, ttlSeconds: 86_400 });
import { createHash, randomBytes } from 'node:crypto';
import type { AccessTokenPurpose } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, type NextStep } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { findAccessToken, insertAccessToken, markAccessTokenUsed, revokeUnusedTokens } from './queries.ts';

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export type AccessTokenProblem = 'invalid' | 'expired' | 'used';

// Where a new link of each kind is asked for: the refusal's page leads there.
const NEW_LINK_PAGES: Partial<Record<AccessTokenPurpose, NextStep>> = {
  'sign-in': { href: '/sign-in/link', key: 'errors.token.newSignInLink' },
  'speaker-sign-in': { href: '/speaker/sign-in', key: 'errors.token.newSignInLink' },
  'password-reset': { href: '/password/forgot', key: 'errors.token.newResetLink' },
};

/** A link that cannot be used; the page says what to do next (ask for a new link, with a button to where). */
export class AccessTokenError extends AppError {
  readonly problem: AccessTokenProblem;
  constructor(problem: AccessTokenProblem, purpose?: AccessTokenPurpose) {
    // 410 Gone for a link that was good once; 404 for one that never was (or was altered).
    super(problem === 'invalid' ? 404 : 410, `errors.token.${problem}`);
    this.problem = problem;
    this.nextStep = purpose ? NEW_LINK_PAGES[purpose] : undefined;
  }
}

export interface IssuedAccessToken {
  id: string;
  /** Goes into the link, never into the database or the logs. */
  token: string;
  expiresAt: Date;
}

export interface RedeemedAccessToken {
  id: string;
  subject: string;
  data: Record<string, unknown>;
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export async function issueAccessToken(
  db: Db,
  clock: Clock,
  request: { purpose: AccessTokenPurpose; subject: string; ttlSeconds: number; data?: Record<string, unknown> },
): Promise<IssuedAccessToken> {
  if (!(request.ttlSeconds > 0)) throw new RangeError('ttlSeconds must be positive');
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + request.ttlSeconds * 1000);
  const row = await insertAccessToken(db, {
    id: uuidv7(),
    purpose: request.purpose,
    subject: request.subject,
    tokenHash: hashOf(token),
    data: request.data ?? {},
    createdAt: now,
    expiresAt,
  });
  return { id: row.id, token, expiresAt };
}

/** Why a token cannot be used, or nothing when it can. Reads only; for the GET that shows the confirmation page. */
export async function checkAccessToken(db: Db, clock: Clock, purpose: AccessTokenPurpose, token: string): Promise<RedeemedAccessToken> {
  if (!TOKEN_FORMAT.test(token)) throw new AccessTokenError('invalid', purpose);
  const row = await findAccessToken(db, purpose, hashOf(token));
  if (!row) throw new AccessTokenError('invalid', purpose);
  if (row.usedAt) throw new AccessTokenError('used', purpose);
  if (row.expiresAt.getTime() <= clock.now().getTime()) throw new AccessTokenError('expired', purpose);
  return { id: row.id, subject: row.subject, data: row.data };
}

/** Uses the token up, once: of two simultaneous redemptions exactly one succeeds. */
export async function redeemAccessToken(db: Db, clock: Clock, purpose: AccessTokenPurpose, token: string): Promise<RedeemedAccessToken> {
  if (!TOKEN_FORMAT.test(token)) throw new AccessTokenError('invalid', purpose);
  const row = await markAccessTokenUsed(db, purpose, hashOf(token), clock.now());
  if (row) return { id: row.id, subject: row.subject, data: row.data };
  // Say why, for the page; the token itself was needed to learn it.
  await checkAccessToken(db, clock, purpose, token);
  throw new AccessTokenError('used', purpose);
}

/** Uses up every unused sign-in, password-reset and e-mail-change link of an account (after its password or address changed). */
export async function revokeAccountLinks(db: Db, userId: string, now: Date): Promise<void> {
  await revokeUnusedTokens(db, userId, ['sign-in', 'password-reset', 'email-change'], now);
}
