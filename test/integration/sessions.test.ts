// Server-side sessions: they end after 30 idle minutes and 12 hours whatever happens, sign-out really ends them,
// "sign out everywhere" ends all of them, and the cookie is HttpOnly, SameSite=Lax and Secure over HTTPS.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/db/schema/index.ts';
import { hashSessionId } from '../../src/plugins/session.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const signedIn = async (agent: HttpAgent) => (await agent.get('/account')).statusCode === 200;
const sessionCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(sessions))[0]!.n;

describe('session lifetime', () => {
  it('ends after 30 minutes without a request, not before', async () => {
    const agent = await signedInAgent(t, await createUser(t.db));
    t.clock.advance({ minutes: 29 });
    expect(await signedIn(agent)).toBe(true);
    t.clock.advance({ minutes: 29 });
    expect(await signedIn(agent)).toBe(true);
    t.clock.advance({ minutes: 31 });
    const res = await agent.get('/account');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount');
  });

  it('writes the last request down at most once a minute, and counts the idle half hour from there', async () => {
    const user = await createUser(t.db);
    const agent = await signedInAgent(t, user);
    // The first page after signing in stores the session's new form secret; from then on pages only read it.
    expect(await signedIn(agent)).toBe(true);
    const stored = async () => (await t.db.select({ lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.userId, user.id)))[0]!;
    const first = await stored();
    t.clock.advance({ seconds: 59 });
    expect(await signedIn(agent)).toBe(true);
    expect(await stored()).toEqual(first);
    t.clock.advance({ seconds: 1 });
    expect(await signedIn(agent)).toBe(true);
    const touched = await stored();
    expect(touched.lastSeenAt.getTime() - first.lastSeenAt.getTime()).toBe(60_000);
    expect(touched.expiresAt.getTime() - touched.lastSeenAt.getTime()).toBe(30 * 60_000);
    // A request 59 s after the write does not move the expiry: the session ends 30 minutes after the write.
    t.clock.advance({ seconds: 59 });
    expect(await signedIn(agent)).toBe(true);
    t.clock.advance({ minutes: 29, seconds: 1 });
    expect(await signedIn(agent)).toBe(false);
  });

  it('ends 12 hours after sign-in even for someone active all day', async () => {
    const agent = await signedInAgent(t, await createUser(t.db));
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      t.clock.advance({ minutes: 25 });
      expect(await signedIn(agent), `after ${minutes} minutes`).toBe(true);
    }
    t.clock.advance({ minutes: 25 });
    expect(await signedIn(agent)).toBe(false);
  });
});

describe('signing out', () => {
  it('ends the session on the server: the old cookie opens nothing', async () => {
    const user = await createUser(t.db);
    const agent = await signedInAgent(t, user);
    const cookie = agent.cookies.get('fd_session')!;
    const res = await agent.submit('/account', {}, '/sign-out');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?notice=signed-out');
    expect((await agent.follow(res)).body).toContain('You are signed out.');
    const replay = new HttpAgent(t.app);
    replay.cookies.set('fd_session', cookie);
    expect(await signedIn(replay)).toBe(false);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it('"sign out everywhere" ends every session of the person, and only theirs', async () => {
    const user = await createUser(t.db);
    const [phone, laptop, tablet] = await Promise.all([signedInAgent(t, user), signedInAgent(t, user), signedInAgent(t, user)]);
    const colleague = await signedInAgent(t, await createUser(t.db));
    const account = await laptop.get('/account');
    expect(account.body.match(/<tr>\s*<td data-label="Browser">/g)).toHaveLength(3);
    const res = await laptop.submit('/account', {}, '/account/sign-out-everywhere');
    expect(res.headers.location).toBe('/sign-in?notice=signed-out-everywhere');
    for (const agent of [phone, laptop, tablet]) expect(await signedIn(agent)).toBe(false);
    expect(await signedIn(colleague)).toBe(true);
  });

  it('names each device’s browser as people do, with its time in the column, not the header', async () => {
    const user = await createUser(t.db);
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN';
    await signedInAgent(t, user, { headers: { 'user-agent': ua } });
    const laptop = await signedInAgent(t, user, { lang: 'zh-CN', headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0' } });
    const page = (await laptop.get('/account')).body;
    const cells = [...page.matchAll(/<td data-label="浏览器"><span title="([^"]*)">([^<]*)<\/span>/g)].map((m) => m[2]);
    expect(cells.sort()).toEqual(['Windows 上的 Firefox', 'iPhone 上的 WeChat']);
    expect(page).toContain(`title="${ua}"`);
    expect(page).toContain('<th scope="col">登录时间</th><th scope="col">最近活动</th>');
    laptop.lang = 'en';
    expect((await laptop.get('/account')).body).toContain('>WeChat on iPhone</span>');
  });

  it('"sign out of the other devices" keeps this one', async () => {
    const user = await createUser(t.db);
    const phone = await signedInAgent(t, user);
    const laptop = await signedInAgent(t, user);
    const res = await laptop.submit('/account', {}, '/account/sessions/end-others');
    expect(res.statusCode).toBe(303);
    expect(await signedIn(laptop)).toBe(true);
    expect(await signedIn(phone)).toBe(false);
  });
});

describe('ended sessions stay ended', () => {
  it('a request that loaded the session before it was ended cannot save it back', async () => {
    const user = await createUser(t.db);
    const agent = await signedInAgent(t, user);
    const id = decodeURIComponent(agent.cookies.get('fd_session')!).split('.')[0]!;
    const inFlight = await t.app.sessions.load(id);
    expect(inFlight).not.toBeNull();
    await t.app.sessions.destroyAllFor(user.id);
    inFlight!.flash = 'account.notice.password-changed';
    await t.app.sessions.save(id, inFlight!);
    expect(await t.db.select().from(sessions).where(eq(sessions.idHash, hashSessionId(id)))).toEqual([]);
    expect(await signedIn(agent)).toBe(false);
  });
});

describe('storage', () => {
  it('keeps only a hash of the session id, and stores nothing for people who only read public pages', async () => {
    const event = await createEvent(t.db, { status: 'published' });
    const before = await sessionCount();
    const reader = new HttpAgent(t.app);
    expect((await reader.get('/')).statusCode).toBe(200);
    expect((await reader.get(`/events/${event.slug}`)).statusCode).toBe(200);
    expect(reader.cookies.has('fd_session')).toBe(false);
    expect(await sessionCount()).toBe(before);

    const agent = await signedInAgent(t, await createUser(t.db));
    const id = decodeURIComponent(agent.cookies.get('fd_session')!).split('.')[0]!;
    const [row] = await t.db.select().from(sessions).where(eq(sessions.idHash, hashSessionId(id)));
    expect(row).toBeDefined();
    const all = await t.db.execute(sql`select encode(id_hash, 'hex') as h, data::text as d from sessions`);
    expect(JSON.stringify(all)).not.toContain(id);
  });
});

describe('the session cookie', () => {
  const sessionCookie = (setCookie: string | string[] | undefined) => [setCookie ?? []].flat().find((c) => c.startsWith('fd_session='));

  it('is HttpOnly and SameSite=Lax, and not Secure over plain HTTP', async () => {
    const res = await new HttpAgent(t.app).get('/sign-in');
    const cookie = sessionCookie(res.headers['set-cookie'])!;
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/; Secure/);
    // A forwarded protocol is not believed unless TRUST_PROXY says so.
    const spoofed = await new HttpAgent(t.app).get('/sign-in', { 'x-forwarded-proto': 'https' });
    expect(sessionCookie(spoofed.headers['set-cookie'])).not.toMatch(/; Secure/);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('keeps private pages out of caches', async () => {
    expect((await new HttpAgent(t.app).get('/sign-in')).headers['cache-control']).toBe('no-store');
    const agent = await signedInAgent(t, await createUser(t.db));
    expect((await agent.get('/account')).headers['cache-control']).toBe('no-store');
    expect((await agent.get('/admin')).headers['cache-control']).toBe('no-store');
  });

  it('is Secure behind a trusted HTTPS proxy', async () => {
    const behindProxy = await buildTestApp({ env: { TRUST_PROXY: 'on', BASE_URL: 'https://forum.example.org' } });
    try {
      const res = await new HttpAgent(behindProxy.app).get('/sign-in', { 'x-forwarded-proto': 'https' });
      expect(sessionCookie(res.headers['set-cookie'])).toMatch(/; Secure/);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(sessionCookie(res.headers['set-cookie'])).toMatch(/; HttpOnly/);
    } finally {
      await behindProxy.close();
    }
  });
});
