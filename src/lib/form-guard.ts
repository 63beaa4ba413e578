// Spam guards for public forms: a honeypot field people never see (bots fill it) and a signed start time, so a form
// sent sooner than FORM_MIN_SECONDS after it was shown is refused. No CAPTCHA, nothing for real people to do.
// Example: data.formStamp = formStamp(config.SESSION_SECRET, clock.now()); … checkFormGuard(secret, body, now, 2)
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HONEYPOT_FIELD = 'website';
export const STAMP_FIELD = '_started';
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

const sign = (secret: string, ms: string) => createHmac('sha256', secret).update(`form-stamp:${ms}`).digest('base64url');

/** "<milliseconds>.<signature>" for the hidden start-time field. */
export function formStamp(secret: string, now: Date): string {
  const ms = String(now.getTime());
  return `${ms}.${sign(secret, ms)}`;
}

export type FormGuardResult = 'ok' | 'honeypot' | 'too-fast';

/** 'honeypot' → act as if it worked and do nothing; 'too-fast' → show the form again (a missing, forged or day-old stamp counts). */
export function checkFormGuard(secret: string, body: Record<string, unknown>, now: Date, minSeconds: number): FormGuardResult {
  const trap = body[HONEYPOT_FIELD];
  // A repeated field arrives as an array; any non-empty value is a bot's.
  if ([trap].flat().some((value) => typeof value === 'string' && value !== '')) return 'honeypot';
  const started = stampedAt(secret, body);
  if (started === undefined) return 'too-fast';
  const elapsed = now.getTime() - started;
  // A stamp is good for a day: a bot cannot load the form once and replay its stamp for ever.
  return elapsed >= minSeconds * 1000 && elapsed <= MAX_AGE_MS ? 'ok' : 'too-fast';
}

/**
 * The stamp for a form shown again after an error: the one it was sent with, when genuine and still good, so the time
 * spent on the first try counts and a quick correction is not refused as too fast; a new one otherwise. The first
 * sending is checked as before: a bot gains nothing it would not get by waiting.
 */
export function keptFormStamp(secret: string, body: Record<string, unknown>, now: Date): string {
  const started = stampedAt(secret, body);
  return started !== undefined && started <= now.getTime() && now.getTime() - started <= MAX_AGE_MS ? (body[STAMP_FIELD] as string) : formStamp(secret, now);
}

/** When the form was shown, from its signed stamp; undefined for a missing, malformed or forged one. */
function stampedAt(secret: string, body: Record<string, unknown>): number | undefined {
  const stamp = body[STAMP_FIELD];
  if (typeof stamp !== 'string') return undefined;
  const [ms = '', signature = ''] = stamp.split('.');
  const expected = Buffer.from(sign(secret, ms));
  const given = Buffer.from(signature);
  if (!/^\d{1,15}$/.test(ms) || expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return Number(ms);
}
