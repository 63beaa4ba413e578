// The public forms' spam guard: a filled honeypot or a missing, forged or too recent start time is caught, whatever a bot sends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFormGuard, formStamp, HONEYPOT_FIELD, STAMP_FIELD } from '../../src/lib/form-guard.ts';

const SECRET = 'k3v8Q2wZr6TnY1pLx9HbC4mUe7JdS0aF';
const shown = new Date('2026-09-17T01:30:00.000Z');
const after = (seconds: number) => new Date(shown.getTime() + seconds * 1000);
const stamp = formStamp(SECRET, shown);
const [stampMs, stampSignature] = stamp.split('.') as [string, string];
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('formStamp', () => {
  it('is the time in milliseconds and an HMAC-SHA256 in base64url', () => {
    expect(stamp).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(stampMs).toBe(String(Date.UTC(2026, 8, 17, 1, 30)));
    expect(formStamp(SECRET, shown)).toBe(stamp);
    expect(formStamp('another-secret-of-at-least-32-chars', shown)).not.toBe(stamp);
  });
});

describe('checkFormGuard', () => {
  it('accepts a form sent at least the minimum time after it was shown, and not before', () => {
    expect(checkFormGuard(SECRET, { email: 'li.na@example.cn', [STAMP_FIELD]: stamp, [HONEYPOT_FIELD]: '' }, after(2), 2)).toBe('ok');
    expect(checkFormGuard(SECRET, { email: 'li.na@example.cn', [STAMP_FIELD]: stamp, [HONEYPOT_FIELD]: '' }, after(1.999), 2)).toBe('too-fast');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp }, after(0), 2)).toBe('too-fast');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp }, after(3600 * 20), 2)).toBe('ok');
    // A start time in the future (a forged or a clock-skewed stamp) is never old enough.
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp }, after(-5), 0)).toBe('too-fast');
  });

  it('with a minimum of 0 accepts a genuine stamp at once, but still not a missing one', () => {
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp }, shown, 0)).toBe('ok');
    expect(checkFormGuard(SECRET, {}, shown, 0)).toBe('too-fast');
  });

  it('is ok exactly when the elapsed time reaches the minimum, for any time and minimum', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -10_000, max: 700_000 }),
        fc.oneof(fc.integer({ min: 0, max: 600 }), fc.double({ min: 0, max: 600, noNaN: true })),
        (start, elapsedMs, minSeconds) => {
          const result = checkFormGuard(SECRET, { [STAMP_FIELD]: formStamp(SECRET, start) }, new Date(start.getTime() + elapsedMs), minSeconds);
          expect(result).toBe(elapsedMs >= minSeconds * 1000 ? 'ok' : 'too-fast');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('treats a missing, non-text or foreign stamp as too fast', () => {
    const now = after(60);
    expect(checkFormGuard(SECRET, {}, now, 2)).toBe('too-fast');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: '' }, now, 2)).toBe('too-fast');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: [stamp, stamp] }, now, 2)).toBe('too-fast');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stampMs }, now, 2)).toBe('too-fast');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: `${stampMs}.` }, now, 2)).toBe('too-fast');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: formStamp('a-different-secret-for-another-app!', shown) }, now, 2)).toBe('too-fast');
    // Sixteen digits would be a time in the year 318857; the stamp allows at most fifteen.
    const huge = '1'.repeat(16);
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: `${huge}.${formStamp(SECRET, new Date(0)).split('.')[1]}` }, now, 0)).toBe('too-fast');
  });

  it('refuses any stamp whose time or signature was changed, and never throws', () => {
    const otherChar = (c: string) => fc.constantFrom(...BASE64URL.replace(c, ''));
    const tampered = fc.oneof(
      // An earlier time with the genuine signature: the classic way to skip the wait.
      fc.integer({ min: 0, max: Number(stampMs) - 1 }).map((ms) => `${ms}.${stampSignature}`),
      // The same time written differently.
      fc.constantFrom(`0${stampMs}`, `+${stampMs}`, `${stampMs}.0`, ` ${stampMs}.${stampSignature}`, `${stampMs} .${stampSignature}`, `${stampMs}.${stampSignature} `),
      // One character of the signature replaced, one dropped, one added.
      fc
        .integer({ min: 0, max: stampSignature.length - 1 })
        .chain((i) => otherChar(stampSignature[i]!).map((c) => `${stampMs}.${stampSignature.slice(0, i)}${c}${stampSignature.slice(i + 1)}`)),
      fc.integer({ min: 0, max: stampSignature.length - 1 }).map((i) => `${stampMs}.${stampSignature.slice(0, i)}${stampSignature.slice(i + 1)}`),
      fc.tuple(fc.integer({ min: 0, max: stampSignature.length }), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })).map(
        ([i, s]) => `${stampMs}.${stampSignature.slice(0, i)}${s}${stampSignature.slice(i)}`,
      ),
      // A signature in another alphabet with the same byte length, or the signature of another time.
      fc.constant(`${stampMs}.${Buffer.from(stampSignature, 'base64url').toString('base64')}`),
      fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2100-01-01T00:00:00Z') }).map((d) => `${stampMs}.${formStamp(SECRET, d).split('.')[1]}`),
      // Anything at all.
      fc.string({ unit: 'binary', maxLength: 80 }),
    );
    fc.assert(
      fc.property(tampered, fc.integer({ min: 0, max: 600 }), (value, minSeconds) => {
        fc.pre(value !== stamp && !value.startsWith(`${stamp}.`));
        const result = checkFormGuard(SECRET, { email: 'li.na@example.cn', [STAMP_FIELD]: value, [HONEYPOT_FIELD]: '' }, after(3600), minSeconds);
        expect(result).toBe('too-fast');
      }),
      { numRuns: 1000 },
    );
  });

  it('reports a filled honeypot before anything else, and only a filled one', () => {
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp, [HONEYPOT_FIELD]: 'https://cheap-pills.example' }, after(60), 2)).toBe('honeypot');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp, [HONEYPOT_FIELD]: ' ' }, after(60), 2)).toBe('honeypot');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp, [HONEYPOT_FIELD]: '' }, after(60), 2)).toBe('ok');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), fc.option(fc.string({ unit: 'binary', maxLength: 80 }), { nil: undefined }), (trap, stampValue) => {
        const body: Record<string, unknown> = { email: 'li.na@example.cn', [HONEYPOT_FIELD]: trap };
        if (stampValue !== undefined) body[STAMP_FIELD] = stampValue;
        expect(checkFormGuard(SECRET, body, after(60), 2)).toBe('honeypot');
        expect(checkFormGuard(SECRET, { ...body, [STAMP_FIELD]: stamp }, after(60), 2)).toBe('honeypot');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, whatever the body holds', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(HONEYPOT_FIELD, STAMP_FIELD, 'email', '__proto__', 'constructor'), fc.anything()), fc.integer({ min: 0, max: 600 }), (body, minSeconds) => {
        const result = checkFormGuard(SECRET, body, after(60), minSeconds);
        expect(['ok', 'honeypot', 'too-fast']).toContain(result);
        const trap = [body[HONEYPOT_FIELD]].flat();
        if (trap.some((value) => typeof value === 'string' && value !== '')) expect(result).toBe('honeypot');
        else if (body[STAMP_FIELD] !== stamp) expect(result).toBe('too-fast');
      }),
      { numRuns: 500 },
    );
  });
});

describe('checkFormGuard, repeated fields and old stamps', () => {
  it('treats a repeated honeypot field with any value as a bot', () => {
    expect(checkFormGuard(SECRET, { [HONEYPOT_FIELD]: ['', 'https://spam.example'], [STAMP_FIELD]: stamp }, after(10), 2)).toBe('honeypot');
    expect(checkFormGuard(SECRET, { [HONEYPOT_FIELD]: ['', ''], [STAMP_FIELD]: stamp }, after(10), 2)).toBe('ok');
  });

  it('accepts a stamp for a day, not longer', () => {
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp }, after(24 * 3600), 2)).toBe('ok');
    expect(checkFormGuard(SECRET, { [STAMP_FIELD]: stamp }, after(24 * 3600 + 1), 2)).toBe('too-fast');
  });
});
