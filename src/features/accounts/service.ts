// Accounts: sign-in by password or e-mail link, the progressive delay after failures, password reset and e-mail
// change (event teams are in team.ts). Mail about an account is composed by a job, so a request for a link does the
// same work whether or not the address is known.
import { eq, sql } from 'drizzle-orm';
import type { Locale } from '../../i18n/index.ts';
import { users } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { isEmailAddress } from '../../lib/email-address.ts';
import { clientNetwork } from '../../lib/networks.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { issueAccessToken } from '../access-tokens/service.ts';
import { queueMail, type MailContext } from '../mail/service.ts';
import { clearSignInFailures, findSignInFailures, findUserByEmail, findUserById, recordSignInFailure } from './queries.ts';

export const SIGN_IN_LINK_TTL_SECONDS = 15 * 60;
export const PASSWORD_RESET_TTL_SECONDS = 60 * 60;
export const EMAIL_CHANGE_TTL_SECONDS = 24 * 60 * 60;

/** Trimmed and lower-cased, or undefined when it is not an e-mail address. */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  return isEmailAddress(email) ? email : undefined;
}

// Progressive delay: after FREE failures, each further failure doubles the wait before the next try (2 s, 4 s, 8 s …
// up to 15 min). Per account it stops guessing one password; per address it stops trying many accounts. The second
// factor has its own count per account: wrong passwords typed by someone else must not keep out the owner who has
// just proved their address by an e-mail link, and a right password must not buy fresh code guesses.
const ACCOUNT_FREE_FAILURES = 5;
const ADDRESS_FREE_FAILURES = 20;
const CODE_FREE_FAILURES = 5;
const MAX_DELAY_SECONDS = 15 * 60;

export function delaySeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - free + 1));
}

export const throttleKeys = (email: string, ip: string) => [`account:${email}`, `address:${clientNetwork(ip)}`];
const codeThrottleKey = (userId: string) => `two-factor:${userId}`;

const freeFailures = (key: string) => (key.startsWith('address:') ? ADDRESS_FREE_FAILURES : key.startsWith('two-factor:') ? CODE_FREE_FAILURES : ACCOUNT_FREE_FAILURES);

/** Seconds until every one of these counters allows another try; 0 when it may go ahead. */
async function waitFor(db: Db, clock: Clock, keys: string[]): Promise<number> {
  const rows = await findSignInFailures(db, keys);
  const now = clock.now().getTime();
  let wait = 0;
  for (const row of rows) {
    const until = row.lastFailureAt.getTime() + delaySeconds(row.failures, freeFailures(row.key)) * 1000;
    wait = Math.max(wait, Math.ceil((until - now) / 1000));
  }
  return wait;
}

/** Seconds to wait before another password for this account from this address; 0 when it may go ahead. */
export function signInWait(db: Db, clock: Clock, email: string, ip: string): Promise<number> {
  return waitFor(db, clock, throttleKeys(email, ip));
}

export function recordFailedSignIn(db: Db, clock: Clock, email: string, ip: string): Promise<void> {
  return recordSignInFailure(db, throttleKeys(email, ip), clock.now());
}

/** Seconds to wait before another two-factor code for this account; counts failed codes only. */
export function codeWait(db: Db, clock: Clock, userId: string): Promise<number> {
  return waitFor(db, clock, [codeThrottleKey(userId)]);
}

export function recordFailedCode(db: Db, clock: Clock, userId: string): Promise<void> {
  return recordSignInFailure(db, [codeThrottleKey(userId)], clock.now());
}

/**
 * Runs one sign-in check (password or code) for an account alone: attempts for the same account wait for each
 * other, so parallel guesses cannot all read "no delay" before any failure is written.
 */
export function underSignInLock<T>(db: Db, email: string, check: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${email}`}))`);
    return check(tx);
  });
}

/** A full sign-in forgives the account's failures, passwords and codes (not the address's: one good password does not excuse a scan). */
export function recordSuccessfulSignIn(db: Db, user: { id: string; email: string }): Promise<void> {
  return clearSignInFailures(db, [`account:${user.email}`, codeThrottleKey(user.id)]);
}

export type AccountMailKind = 'sign-in-link' | 'password-reset';

export interface AccountMailJob {
  kind: AccountMailKind;
  email: string;
  locale: Locale;
  /** Where the sign-in link leads afterwards (a local path). */
  next?: string;
}

/** Queues the job that mails a link if the address belongs to an account. The caller's work is the same either way. */
export async function requestAccountMail(db: Db, jobs: Jobs, job: AccountMailJob): Promise<void> {
  await db.transaction(async (tx) => {
    await jobs.enqueue(tx, QUEUES.accountMail, job);
  });
}

/** The job's work: look the address up and, when it is an account, issue a token and queue the mail. */
export async function sendAccountMail(db: Db, clock: Clock, mail: MailContext, job: AccountMailJob): Promise<'sent' | 'unknown'> {
  return db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, job.email);
    if (!user) return 'unknown';
    const locale = job.locale;
    if (job.kind === 'sign-in-link') {
      const { token } = await issueAccessToken(tx, clock, { purpose: 'sign-in', subject: user.id, ttlSeconds: SIGN_IN_LINK_TTL_SECONDS, data: job.next ? { next: job.next } : {} });
      await queueMail(tx, mail, {
        to: { email: user.email, name: user.name || undefined },
        template: 'sign-in-link',
        locale,
        data: { link: `${mail.config.BASE_URL}/sign-in/link/${token}`, minutes: SIGN_IN_LINK_TTL_SECONDS / 60 },
      });
    } else {
      const { token } = await issueAccessToken(tx, clock, { purpose: 'password-reset', subject: user.id, ttlSeconds: PASSWORD_RESET_TTL_SECONDS });
      await queueMail(tx, mail, {
        to: { email: user.email, name: user.name || undefined },
        template: 'password-reset',
        locale,
        data: { link: `${mail.config.BASE_URL}/password/reset/${token}`, minutes: PASSWORD_RESET_TTL_SECONDS / 60 },
      });
    }
    return 'sent';
  });
}

/** Sets a new password hash (already checked against the policy). */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
}

/** Mails a confirmation link to the new address; the address changes only when that link is used. */
export async function requestEmailChange(db: Db, clock: Clock, mail: MailContext, user: { id: string; name: string }, newEmail: string, locale: Locale): Promise<void> {
  await db.transaction(async (tx) => {
    const { token } = await issueAccessToken(tx, clock, { purpose: 'email-change', subject: user.id, ttlSeconds: EMAIL_CHANGE_TTL_SECONDS, data: { email: newEmail } });
    await queueMail(tx, mail, {
      to: { email: newEmail, name: user.name || undefined },
      template: 'email-change',
      locale,
      data: { link: `${mail.config.BASE_URL}/email-change/${token}`, email: newEmail, hours: EMAIL_CHANGE_TTL_SECONDS / 3600 },
    });
  });
}

/** Moves the account to the confirmed address and tells the old address. Conflict when another account has it now. */
export async function confirmEmailChange(tx: Db, clock: Clock, mail: MailContext, userId: string, newEmail: string, locale: Locale): Promise<void> {
  const user = await findUserById(tx, userId);
  if (!user) throw new NotFoundError('user');
  const taken = await findUserByEmail(tx, newEmail);
  if (taken && taken.id !== userId) throw new ConflictError('account.errors.emailTaken');
  await tx.update(users).set({ email: newEmail, updatedAt: clock.now() }).where(eq(users.id, userId));
  await queueMail(tx, mail, {
    to: { email: user.email, name: user.name || undefined },
    template: 'email-changed',
    locale,
    data: { oldEmail: user.email, newEmail },
  });
}
