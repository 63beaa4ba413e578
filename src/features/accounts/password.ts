// Password hashing (argon2id, OWASP's 19 MiB / 2 iterations / 1 lane) and the password policy: 8–128 characters,
// not only spaces or invisible characters, not one of the ~49,000 most common passwords (the zxcvbn-ts list).
// Example: const problem = passwordProblem(input); if (!problem) user.passwordHash = await hashPassword(input);
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// 2 is Algorithm.Argon2id (a const enum, which type stripping cannot read).
export const ARGON2_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));

export type PasswordProblem = 'too-short' | 'too-long' | 'blank' | 'common';

/** Why a new password is refused, or undefined. Length counts characters (code points), not bytes. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too-short';
  if (length > PASSWORD_MAX) return 'too-long';
  // What can be seen of it: spaces and invisible characters (zero-width, format and control ones) set aside.
  const visible = password.replace(/[\p{White_Space}\p{Cf}\p{Cc}]/gu, '');
  if (visible === '') return 'blank';
  // Spaces or invisible characters around or inside a common password ("password ") add nothing a guesser would not try.
  if (commonPasswords().has(visible.toLowerCase())) return 'common';
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

// Verified against when the account does not exist or has no password, so the answer takes the same time.
let dummy: Promise<string> | undefined;

/** True when the password matches; runs a full argon2 verification even when there is no hash to check. */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  // Longer than any acceptable password: refuse without spending a hash on it, but not faster than a real check.
  const candidate = password.length > PASSWORD_MAX * 4 ? '' : password.normalize('NFC');
  const target = passwordHash ?? (await (dummy ??= hashPassword('not-a-password-of-anyone')));
  try {
    const ok = await verify(target, candidate);
    return ok && passwordHash != null && candidate !== '';
  } catch {
    return false;
  }
}
