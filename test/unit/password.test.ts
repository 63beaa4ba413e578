// Password hashing and policy: argon2id with OWASP's parameters, 8–128 characters, common passwords refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/features/accounts/password.ts';

describe('hashPassword', () => {
  it('uses argon2id with 19 MiB of memory, 2 iterations and 1 lane, salted', async () => {
    const first = await hashPassword('Beijing-Zhongguancun-2026');
    const second = await hashPassword('Beijing-Zhongguancun-2026');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(second).not.toBe(first);
    expect(await verifyPassword(first, 'Beijing-Zhongguancun-2026')).toBe(true);
    expect(await verifyPassword(first, 'beijing-zhongguancun-2026')).toBe(false);
  });

  it('treats the same text in composed and decomposed Unicode as one password', async () => {
    const stored = await hashPassword('Zürich Innovationspark');
    expect(await verifyPassword(stored, 'Zu\u0308rich Innovationspark')).toBe(true);
  });

  it('answers false, never throws, for no hash, a broken hash or absurd input', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword(undefined, '')).toBe(false);
    expect(await verifyPassword('not-a-phc-string', 'anything at all')).toBe(false);
    const stored = await hashPassword('a perfectly fine passphrase');
    expect(await verifyPassword(stored, 'x'.repeat(100_000))).toBe(false);
  });
});

describe('passwordProblem', () => {
  it.each([
    ['seven77', 'too-short'],
    ['x'.repeat(129), 'too-long'],
    ['password', 'common'],
    ['Password1', 'common'],
    ['QWERTYUIOP', 'common'],
    ['iloveyou', 'common'],
    ['12345678', 'common'],
    // Spaces around a common password do not make it another one.
    ['password ', 'common'],
    ['  Password1\t', 'common'],
    ['        ', 'blank'],
    ['\u3000'.repeat(8), 'blank'],
    [' \t\n'.repeat(5), 'blank'],
    // Characters nobody sees are no password either, and do not hide a common one.
    ['\u200b'.repeat(9), 'blank'],
    ['\u200b\u2060\ufeff\u00ad'.repeat(3), 'blank'],
    ['pass\u200bword', 'common'],
  ])('refuses %j as %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('counts characters, not bytes: eight Chinese characters are enough', () => {
    expect(passwordProblem('中关村论坛科技合作')).toBeUndefined();
    expect(passwordProblem('科技合作论坛年会')).toBeUndefined();
    expect(passwordProblem('论坛科技合作年')).toBe('too-short');
    expect(passwordProblem('😀'.repeat(128))).toBeUndefined();
  });

  it('accepts a passphrase of unrelated words', () => {
    expect(passwordProblem('lantern orchid basalt tram')).toBeUndefined();
  });

  it('gives an answer for any string, and only the documented ones', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const problem = passwordProblem(text);
        expect([undefined, 'too-short', 'too-long', 'blank', 'common']).toContain(problem);
        const length = [...text].length;
        if (length < 8) expect(problem).toBe('too-short');
        if (length > 128) expect(problem).toBe('too-long');
        if (length >= 8 && length <= 128 && text.trim() === '') expect(problem).toBe('blank');
      }),
    );
  });
});
