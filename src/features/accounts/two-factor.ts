// Time-based one-time passwords (RFC 6238 through `otpauth`) and one-time recovery codes.
// A code is accepted once: the 30-second step it belongs to is recorded by a conditional UPDATE, so a replayed or
// simultaneous second use of the same code fails.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { recoveryCodes, users } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export const TOTP_ISSUER = 'Forum Desk';
const PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;

function totpFor(secret: string, email: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label: email, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads, and the same as an SVG QR code to scan. */
export async function enrolmentPicture(secret: string, email: string): Promise<{ uri: string; svg: string }> {
  const uri = totpFor(secret, email).toString();
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, svg };
}

/** The code an authenticator shows at `at` (tests and the demo use it). */
export function totpCode(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD, timestamp: at.getTime() });
}

const CODE = /^\d{6}$/;

/** The 30-second step a code is valid for at `at` (±1 step for clock drift), or undefined. */
export function matchingStep(secret: string, code: string, at: Date): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!CODE.test(token)) return undefined;
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD, timestamp: at.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

/** Accepts a code for the user's secret once; false when it is wrong or its step was already used. */
export async function useTotpCode(db: Db, user: { id: string; totpSecret: string | null }, code: string, at: Date): Promise<boolean> {
  if (!user.totpSecret) return false;
  const step = matchingStep(user.totpSecret, code, at);
  if (step === undefined) return false;
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length === 1;
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z2-7]/g, '');
const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code), 'utf8').digest();

function newRecoveryCode(): string {
  // 80 random bits in base32 (RFC 4648 alphabet, lower case), shown as four groups of four.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export async function deleteRecoveryCodes(tx: Db, userId: string): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Replaces the user's recovery codes with new ones; returns them, to be shown once. */
export async function replaceRecoveryCodes(tx: Db, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await deleteRecoveryCodes(tx, userId);
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/** Uses up one recovery code of the user; false when it is unknown or already used. */
export async function useRecoveryCode(db: Db, userId: string, code: string, at: Date): Promise<boolean> {
  if (normaliseRecoveryCode(code).length !== 16) return false;
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: at })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length === 1;
}
