// Rate limits and the sign-in delay stop guessing and mail bombing; a spoofed header, a second process or a lax allow-list must not get round them.
import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { createUser, TEST_PASSWORD } from '../factories/users.ts';

// The README's machines run Redis here; TEST_REDIS_URL points elsewhere.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE_LIMITED = /<p class="lead">Too many requests from your network\. Wait ([1-9]\d*) seconds?, then try again\.<\/p>/;
const WRONG_PASSWORD = 'The e-mail address or the password is not right. Check both and try again.';
const throttled = (seconds: number) => `<li>Too many failed attempts. Wait ${seconds} seconds before you try again, or sign in with an e-mail link.</li>`;

// The link forms' spam guard has its own test; here the forms may be sent at once.
const QUICK_FORMS = { FORM_MIN_SECONDS: '0' };

const apps: TestApp[] = [];
async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await buildTestApp({ env: { ...QUICK_FORMS, ...env } });
  apps.push(t);
  return t;
}
afterAll(async () => {
  await Promise.all(apps.map((t) => t.close()));
});

/** Asserts the 429 page and returns the seconds it asks the person to wait. */
function expectRateLimited(res: LightMyRequestResponse): number {
  expect(res.statusCode).toBe(429);
  expect(res.body).toContain('<h1>Too many requests</h1>');
  const seconds = Number(RATE_LIMITED.exec(res.body)?.[1]);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(res.headers['retry-after']).toBe(String(seconds));
  return seconds;
}

const LIMITED_FORMS = [
  { page: '/sign-in/link', limit: 5, served: 'Check your mail' },
  { page: '/password/forgot', limit: 5, served: 'Check your mail' },
] as const;

/** Sends the link form for an address nobody has; 200 while under the limit. */
const requestLink = (agent: HttpAgent, page: string, n: number) => agent.submit(page, { email: `nobody-${n}@example.org` });

describe('with the default settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app();
  });

  it('allows 10 sign-in attempts a minute from one address, then answers 429 while other addresses are still served', async () => {
    const guesser = new HttpAgent(t.app, { remoteAddress: '203.0.113.10' });
    for (let i = 1; i <= 10; i++) {
      const res = await guesser.submit('/sign-in', { email: `guess-${i}@example.org`, password: 'Winter2026!' });
      expect(res.statusCode, `attempt ${i}`).toBe(422);
      expect(res.body).toContain(WRONG_PASSWORD);
    }
    expectRateLimited(await guesser.submit('/sign-in', { email: 'guess-11@example.org', password: 'Winter2026!' }));

    const neighbour = new HttpAgent(t.app, { remoteAddress: '203.0.113.11' });
    const served = await neighbour.submit('/sign-in', { email: 'guess-12@example.org', password: 'Winter2026!' });
    expect(served.statusCode).toBe(422);
    expect(served.body).toContain(WRONG_PASSWORD);
  });

  it.each(LIMITED_FORMS)('allows $limit requests a minute to $page from one address, then answers 429 while other addresses are still served', async ({ page, limit, served }) => {
    const sender = new HttpAgent(t.app, { remoteAddress: '203.0.113.12' });
    for (let i = 1; i <= limit; i++) {
      const res = await requestLink(sender, page, i);
      expect(res.statusCode, `request ${i}`).toBe(200);
      expect(res.body).toContain(`<h1>${served}</h1>`);
    }
    const refused = await requestLink(sender, page, limit + 1);
    expectRateLimited(refused);
    expect(refused.body).not.toContain(`<h1>${served}</h1>`);

    const neighbour = new HttpAgent(t.app, { remoteAddress: '203.0.113.13' });
    expect((await requestLink(neighbour, page, 99)).statusCode).toBe(200);
  });

  it('counts a whole IPv6 /64 as one client: rotating addresses inside it does not help', async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    for (let i = 1; i <= 10; i++) {
      const res = await new HttpAgent(t.app, { remoteAddress: `${prefix}::${i.toString(16)}` }).submit('/sign-in', { email: `v6-${i}@example.org`, password: 'Winter2026!' });
      expect(res.statusCode, `attempt ${i}`).toBe(422);
    }
    expectRateLimited(await new HttpAgent(t.app, { remoteAddress: `${prefix}:ffff:ffff:ffff:ffff` }).submit('/sign-in', { email: 'v6-11@example.org', password: 'x' }));
    // The next /64 is someone else.
    const neighbour = await new HttpAgent(t.app, { remoteAddress: `${prefix.slice(0, -1)}8::1` }).submit('/sign-in', { email: 'v6-12@example.org', password: 'x' });
    expect(neighbour.statusCode).toBe(422);
  });

  it('ignores X-Forwarded-For: rotating it from one address still hits the limit', async () => {
    const spoofer = new HttpAgent(t.app, { remoteAddress: '203.0.113.20' });
    for (let i = 1; i <= 5; i++) {
      spoofer.headers = { 'x-forwarded-for': `198.51.100.${i}` };
      expect((await requestLink(spoofer, '/sign-in/link', i)).statusCode, `request ${i}`).toBe(200);
    }
    spoofer.headers = { 'x-forwarded-for': '198.51.100.6' };
    expectRateLimited(await requestLink(spoofer, '/sign-in/link', 6));
    spoofer.headers = { 'x-forwarded-for': '198.51.100.7, 10.9.0.1' };
    expectRateLimited(await requestLink(spoofer, '/sign-in/link', 7));
  });
});

describe('with TRUST_PROXY=127.0.0.1 and RATE_LIMIT_ALLOW_LIST=10.9.0.0/16', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_ALLOW_LIST: '10.9.0.0/16' });
  });

  /** A visitor reaching the app through the trusted proxy at 127.0.0.1. */
  const proxied = (client: string) => new HttpAgent(t.app, { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });

  it('counts each client behind the trusted proxy separately', async () => {
    const first = proxied('198.51.100.21');
    for (let i = 1; i <= 5; i++) expect((await requestLink(first, '/sign-in/link', i)).statusCode, `request ${i}`).toBe(200);
    expectRateLimited(await requestLink(first, '/sign-in/link', 6));
    // The proxy's other clients, and the proxy's own address, are unaffected.
    expect((await requestLink(proxied('198.51.100.22'), '/sign-in/link', 7)).statusCode).toBe(200);
    // A client cannot escape its counter by putting another address in front of its own.
    expectRateLimited(await requestLink(proxied('198.51.100.23, 198.51.100.21'), '/sign-in/link', 8));
    expect((await requestLink(new HttpAgent(t.app, { remoteAddress: '127.0.0.1' }), '/sign-in/link', 9)).statusCode).toBe(200);
  });

  it('does not let a client that is not the proxy choose its address with X-Forwarded-For', async () => {
    const spoofer = new HttpAgent(t.app, { remoteAddress: '203.0.113.30' });
    for (let i = 1; i <= 5; i++) {
      spoofer.headers = { 'x-forwarded-for': `198.51.100.${30 + i}` };
      expect((await requestLink(spoofer, '/password/forgot', i)).statusCode, `request ${i}`).toBe(200);
    }
    // Not even by naming an allow-listed address.
    spoofer.headers = { 'x-forwarded-for': '10.9.0.7' };
    expectRateLimited(await requestLink(spoofer, '/password/forgot', 6));
  });

  it('does not limit allow-listed addresses, however they arrive, and limits the address just outside', async () => {
    const clients = [
      new HttpAgent(t.app, { remoteAddress: '10.9.3.4' }),
      new HttpAgent(t.app, { remoteAddress: '10.9.255.254' }),
      // How a dual-stack server reports an IPv4 client.
      new HttpAgent(t.app, { remoteAddress: '::ffff:10.9.3.5' }),
      proxied('10.9.0.7'),
    ];
    for (const client of clients) {
      for (let i = 1; i <= 12; i++) expect((await requestLink(client, '/sign-in/link', i)).statusCode, `${client.remoteAddress} ${client.headers['x-forwarded-for'] ?? ''} request ${i}`).toBe(200);
    }
    const outside = new HttpAgent(t.app, { remoteAddress: '10.10.0.1' });
    for (let i = 1; i <= 5; i++) expect((await requestLink(outside, '/sign-in/link', i)).statusCode).toBe(200);
    expectRateLimited(await requestLink(outside, '/sign-in/link', 6));
    const justBelow = new HttpAgent(t.app, { remoteAddress: '10.8.255.255' });
    for (let i = 1; i <= 5; i++) expect((await requestLink(justBelow, '/sign-in/link', i)).statusCode).toBe(200);
    expectRateLimited(await requestLink(justBelow, '/sign-in/link', 6));
  });

  describe('the delay after failed sign-ins, which applies to allow-listed addresses too', () => {
    const signInFrom = (remoteAddress: string, email: string, password: string) => new HttpAgent(t.app, { remoteAddress }).submit('/sign-in', { email, password });

    it('lets an account fail 5 times, then makes every attempt wait 2 s, 4 s … even with the right password', async () => {
      const person = await createUser(t.db, { email: 'he.ping@ustc.example.cn' });
      const colleague = await createUser(t.db, { email: 'xu.lan@ustc.example.cn' });
      const address = '10.9.20.1';
      for (let i = 1; i <= 5; i++) {
        const res = await signInFrom(address, person.email, `wrong guess ${i}`);
        expect(res.statusCode, `failure ${i}`).toBe(422);
        expect(res.body).toContain(WRONG_PASSWORD);
      }
      const held = await signInFrom(address, person.email, TEST_PASSWORD);
      expect(held.statusCode).toBe(429);
      expect(held.body).toContain(throttled(2));

      // Another account from the same address is not held back by this one's failures.
      const other = await signInFrom(address, colleague.email, TEST_PASSWORD);
      expect(other.statusCode).toBe(303);
      expect(other.headers.location).toBe('/admin');

      t.clock.advance({ seconds: 2 });
      // One more failure doubles the wait.
      expect((await signInFrom(address, person.email, 'wrong guess 6')).statusCode).toBe(422);
      expect((await signInFrom(address, person.email, TEST_PASSWORD)).body).toContain(throttled(4));
      t.clock.advance({ seconds: 3 });
      expect((await signInFrom(address, person.email, TEST_PASSWORD)).statusCode).toBe(429);
      t.clock.advance({ seconds: 1 });
      const signedIn = await signInFrom(address, person.email, TEST_PASSWORD);
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers.location).toBe('/admin');

      // Success forgives the account’s failures: five more are free again.
      for (let i = 1; i <= 5; i++) expect((await signInFrom(address, person.email, `typo ${i}`)).statusCode).toBe(422);
      expect((await signInFrom(address, person.email, TEST_PASSWORD)).body).toContain(throttled(2));
    });

    it('lets one address fail 20 times across accounts, then holds back every account from it', async () => {
      const person = await createUser(t.db, { email: 'gao.yun@ustc.example.cn' });
      const scanner = '10.9.21.1';
      for (let i = 1; i <= 19; i++) {
        const res = await signInFrom(scanner, `staff-${i}@ustc.example.cn`, 'Password1!');
        expect(res.statusCode, `failure ${i}`).toBe(422);
      }
      // 19 failures: an account that has none of its own still signs in (more than 10 a minute: the allow-list).
      expect((await signInFrom(scanner, person.email, TEST_PASSWORD)).statusCode).toBe(303);
      expect((await signInFrom(scanner, 'staff-20@ustc.example.cn', 'Password1!')).statusCode).toBe(422);

      const held = await signInFrom(scanner, person.email, TEST_PASSWORD);
      expect(held.statusCode).toBe(429);
      expect(held.body).toContain(throttled(2));
      // The account itself is fine from anywhere else.
      expect((await signInFrom('10.9.21.2', person.email, TEST_PASSWORD)).statusCode).toBe(303);
      t.clock.advance({ seconds: 2 });
      expect((await signInFrom(scanner, person.email, TEST_PASSWORD)).statusCode).toBe(303);
    });
  });
});

describe('with TRUST_PROXY=on', () => {
  it('takes the client address from X-Forwarded-For, one counter per forwarded address', async () => {
    const t = await app({ TRUST_PROXY: 'on' });
    const proxy = new HttpAgent(t.app, { remoteAddress: '10.0.0.5' });
    for (let i = 1; i <= 8; i++) {
      proxy.headers = { 'x-forwarded-for': `198.51.100.${40 + i}` };
      expect((await requestLink(proxy, '/sign-in/link', i)).statusCode, `client ${i}`).toBe(200);
    }
    proxy.headers = { 'x-forwarded-for': '198.51.100.60' };
    for (let i = 1; i <= 5; i++) expect((await requestLink(proxy, '/sign-in/link', 10 + i)).statusCode).toBe(200);
    expectRateLimited(await requestLink(proxy, '/sign-in/link', 16));
  });
});

describe('with REDIS_URL', () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  // An address of this run only, so counters left in Redis by earlier runs cannot interfere.
  const client = `10.${randomInt(10, 250)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  const otherClient = `10.${randomInt(10, 250)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  const keys = [client, otherClient].map((address) => `forum-desk:rate-limit:POST/sign-in/link-${address}`);
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    await redis.connect();
    [first, second] = [await app({ REDIS_URL }), await app({ REDIS_URL })];
  });
  afterAll(async () => {
    await redis.del(...keys);
    await redis.quit();
  });

  it('shares the counters between two processes: requests split across both still hit one limit', async () => {
    expect(client).not.toBe(otherClient);
    const agents = [new HttpAgent(first.app, { remoteAddress: client }), new HttpAgent(second.app, { remoteAddress: client })];
    for (let i = 1; i <= 5; i++) expect((await requestLink(agents[i % 2]!, '/sign-in/link', i)).statusCode, `request ${i}`).toBe(200);
    expectRateLimited(await requestLink(agents[0]!, '/sign-in/link', 6));
    expectRateLimited(await requestLink(agents[1]!, '/sign-in/link', 7));
    expect(await redis.get(keys[0]!)).toBe('7');
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    expect((await requestLink(new HttpAgent(second.app, { remoteAddress: otherClient }), '/sign-in/link', 8)).statusCode).toBe(200);
    expect(await redis.get(keys[1]!)).toBe('1');
  });

  it('keeps serving promptly when Redis cannot be reached: no limits rather than no sign-in', async () => {
    const cut = await app({ REDIS_URL: 'redis://127.0.0.1:1' });
    const agent = new HttpAgent(cut.app, { remoteAddress: client });
    const started = Date.now();
    for (let i = 1; i <= 7; i++) expect((await requestLink(agent, '/sign-in/link', i)).statusCode, `request ${i}`).toBe(200);
    const signIn = await agent.submit('/sign-in', { email: 'nobody@example.org', password: 'Winter2026!' });
    expect(signIn.statusCode).toBe(422);
    // Each answer used to wait for ioredis to give up reconnecting: seconds at first, then 10 s every time.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
