// Magic-link tokens: single use, expiring, stored only as hashes, safe against tampering and double clicks.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokens } from '../../src/db/schema/index.ts';
import { AccessTokenError, checkAccessToken, issueAccessToken, redeemAccessToken } from '../../src/features/access-tokens/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createTestClock } from '../helpers/clock.ts';
import { onPostgres } from '../helpers/test-database.ts';

let t: TestApp;
const clock = createTestClock('2027-03-01T00:00:00Z');
beforeAll(async () => {
  t = await buildTestApp({
    clock,
    worker: false,
    extend: (app) => {
      app.get('/test/link/:token', async (request) => {
        const { token } = request.params as { token: string };
        await checkAccessToken(t.db, clock, 'manage-registration', token);
        return { ok: true };
      });
    },
  });
});
afterAll(() => t.close());

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    if (error instanceof AccessTokenError) return error.problem;
    throw error;
  }
}

const issue = (ttlSeconds = 3600, subject = 'li.na@institute.example.cn') =>
  issueAccessToken(t.db, clock, { purpose: 'manage-registration', subject, ttlSeconds, data: { registration: 'r-1' } });

describe('access tokens', () => {
  it('keep only a hash of the 256-bit token', async () => {
    const issued = await issue();
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.expiresAt.toISOString()).toBe('2027-03-01T01:00:00.000Z');
    const rows = await t.db.select().from(accessTokens);
    const row = rows.find((r) => r.id === issued.id)!;
    expect(row.tokenHash.equals(createHash('sha256').update(issued.token).digest())).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(issued.token);
  });

  it('can be checked any number of times, and used exactly once', async () => {
    const { token } = await issue();
    expect(await checkAccessToken(t.db, clock, 'manage-registration', token)).toMatchObject({ subject: 'li.na@institute.example.cn', data: { registration: 'r-1' } });
    expect(await checkAccessToken(t.db, clock, 'manage-registration', token)).toMatchObject({ subject: 'li.na@institute.example.cn' });
    expect(await redeemAccessToken(t.db, clock, 'manage-registration', token)).toMatchObject({ subject: 'li.na@institute.example.cn' });
    expect(await problemOf(redeemAccessToken(t.db, clock, 'manage-registration', token))).toBe('used');
    expect(await problemOf(checkAccessToken(t.db, clock, 'manage-registration', token))).toBe('used');
  });

  it('expire at their time, by the clock', async () => {
    const { token } = await issue(600);
    clock.advance({ seconds: 599 });
    expect(await problemOf(checkAccessToken(t.db, clock, 'manage-registration', token))).toBe('none');
    clock.advance({ seconds: 1 });
    expect(await problemOf(checkAccessToken(t.db, clock, 'manage-registration', token))).toBe('expired');
    expect(await problemOf(redeemAccessToken(t.db, clock, 'manage-registration', token))).toBe('expired');
  });

  it('refuse altered tokens, tokens of another purpose and malformed input', async () => {
    const { token } = await issue();
    const altered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(await problemOf(redeemAccessToken(t.db, clock, 'manage-registration', altered))).toBe('invalid');
    expect(await problemOf(redeemAccessToken(t.db, clock, 'sign-in', token))).toBe('invalid');
    for (const bad of ['', 'short', `${token}x`, token.replace(/.$/, '='), 'x'.repeat(10_000), '\u0000'.repeat(43)]) {
      expect(await problemOf(redeemAccessToken(t.db, clock, 'manage-registration', bad))).toBe('invalid');
    }
    // The original is untouched by all that.
    expect(await problemOf(redeemAccessToken(t.db, clock, 'manage-registration', token))).toBe('none');
  });

  it('let exactly one of many simultaneous redemptions win', async () => {
    const { token } = await issue();
    const handles = onPostgres ? [t.db, (await t.testDatabase.reopen()).db] : [t.db];
    const attempts = Array.from({ length: 10 }, (_, i) => problemOf(redeemAccessToken(handles[i % handles.length]!, clock, 'manage-registration', token)));
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === 'none')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'used')).toHaveLength(9);
  });

  it('answer every string with "invalid" and nothing worse', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (input) => {
        expect(await problemOf(checkAccessToken(t.db, clock, 'manage-registration', input))).toBe('invalid');
      }),
      { numRuns: 60 },
    );
  });

  it('show a page that says what to do next', async () => {
    const { token } = await issue(60);
    clock.advance({ minutes: 2 });
    const expired = await t.app.inject({ url: `/test/link/${token}`, headers: { 'accept-language': 'zh-CN' } });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('<h1>此链接已不能使用</h1>');
    expect(expired.body).toContain('此链接已过期。为保障您的安全，链接仅在有限时间内有效，请在原申请页面重新获取。');
    const invalid = await t.app.inject({ url: '/test/link/nonsense', headers: { 'accept-language': 'en' } });
    expect(invalid.statusCode).toBe(404);
    expect(invalid.body).toContain('This link is not valid. It may have been copied incompletely.');
  });
});
