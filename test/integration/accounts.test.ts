// Signing in as staff: passwords, two-factor codes and recovery codes, one-time e-mail links, password reset and
// e-mail change, each through the real pages and mails.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoveryCodes, sessions, users } from '../../src/db/schema/index.ts';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { csrfTokenIn, hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent } from '../factories/events.ts';
import { createUser, TEST_PASSWORD } from '../factories/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const linkIn = (text: string | undefined, path: string) => {
  const m = new RegExp(`http://forumdesk\\.test(${path}/[A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!m) throw new Error(`no ${path} link in:\n${JSON.stringify(text)}`);
  return m[1]!;
};
const signedIn = async (agent: HttpAgent) => (await agent.get('/account')).statusCode === 200;

describe('password sign-in', () => {
  it('signs in with the right password, whatever the case of the address, and returns to the page asked for', async () => {
    const user = await createUser(t.db, { email: 'chen.jie@zgc-forum.example.cn' });
    const agent = new HttpAgent(t.app);
    const res = await agent.submit('/sign-in?next=%2Faccount', { email: '  Chen.Jie@ZGC-Forum.example.cn ', password: user.password }, '/sign-in');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    expect(await signedIn(agent)).toBe(true);
  });

  it('gives one answer for a wrong password and for an unknown address, and signs in neither', async () => {
    const user = await createUser(t.db);
    for (const [email, password] of [
      [user.email, 'not the password'],
      ['nobody@example.org', TEST_PASSWORD],
    ]) {
      const agent = new HttpAgent(t.app);
      const res = await agent.submit('/sign-in', { email: email!, password: password! });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('The e-mail address or the password is not right. Check both and try again.');
      expect(res.body).toContain(`value="${email}"`);
      expect(res.body).not.toContain(password!);
      expect(await signedIn(agent)).toBe(false);
    }
  });

  it('says which field is missing or malformed', async () => {
    const agent = new HttpAgent(t.app);
    const bad = await agent.submit('/sign-in', { email: 'not an address', password: 'x' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<a href="#field-email">Enter an e-mail address such as name@example.org.</a>');
    const empty = await agent.submit('/sign-in', { email: 'a@example.org', password: '' });
    expect(empty.body).toContain('<a href="#field-password">Enter your password.</a>');
  });

  it('never sends anyone to another site after signing in', async () => {
    const user = await createUser(t.db);
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const agent = new HttpAgent(t.app);
      const res = await agent.submit(`/sign-in?next=${encodeURIComponent(next)}`, { email: user.email, password: user.password }, '/sign-in');
      expect(res.headers.location).toBe('/admin');
    }
  });

  it('gives a new session id at sign-in: an id set before is worth nothing after (no fixation)', async () => {
    const user = await createUser(t.db);
    const agent = new HttpAgent(t.app);
    await agent.get('/sign-in');
    const before = agent.cookies.get('fd_session');
    expect(before).toBeDefined();
    const res = await agent.submit('/sign-in', { email: user.email, password: user.password });
    expect(res.statusCode).toBe(303);
    const after = agent.cookies.get('fd_session');
    expect(after).not.toBe(before);
    const planted = new HttpAgent(t.app);
    planted.cookies.set('fd_session', before!);
    expect(await signedIn(planted)).toBe(false);
    expect(await signedIn(agent)).toBe(true);
  });
});

describe('two-factor sign-in', () => {
  it('asks for the code after the password, accepts it once, and never again', async () => {
    const user = await createUser(t.db, { totp: true });
    const agent = new HttpAgent(t.app);
    const first = await agent.submit('/sign-in', { email: user.email, password: user.password });
    expect(first.headers.location).toBe('/sign-in/two-factor');
    expect(await signedIn(agent)).toBe(false);
    const wrong = await agent.submit('/sign-in/two-factor', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('That code is not right, or was used already.');
    const code = totpCode(user.totpSecret!, t.clock.now());
    const ok = await agent.submit('/sign-in/two-factor', { code });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/admin');
    expect(await signedIn(agent)).toBe(true);

    // Someone who saw the code cannot use it, even within its 30 seconds.
    const thief = new HttpAgent(t.app);
    await thief.submit('/sign-in', { email: user.email, password: user.password });
    const replay = await thief.submit('/sign-in/two-factor', { code });
    expect(replay.statusCode).toBe(422);
    expect(await signedIn(thief)).toBe(false);
  });

  it('takes a recovery code instead, each once', async () => {
    const user = await createUser(t.db);
    const agent = await signedInAgent(t, user);
    // Enrol through the page: scan (read the secret), enter a code, get ten recovery codes.
    const page = await agent.get('/account/two-factor');
    const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.body)![1]!.replace(/ /g, '');
    expect(page.body).toContain('<svg');
    expect((await agent.submit('/account/two-factor', { code: '123456' })).statusCode).toBe(422);
    const enabled = await agent.submit('/account/two-factor', { code: totpCode(secret, t.clock.now()) });
    expect(enabled.statusCode).toBe(200);
    const codes = [...enabled.body.matchAll(/<li>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Shown only now, as a form's answer: no language switch leads away from them (other pages keep theirs).
    expect(enabled.body).not.toContain('class="lang-switch"');
    expect(page.body).toContain('class="lang-switch"');
    const stored = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    // Only hashes are kept.
    expect(stored.every((row) => !codes.some((code) => row.codeHash.toString('utf8').includes(code.slice(0, 4))))).toBe(true);

    const withCode = async (code: string) => {
      const other = new HttpAgent(t.app);
      await other.submit('/sign-in', { email: user.email, password: user.password });
      return { agent: other, res: await other.submit('/sign-in/two-factor', { code }) };
    };
    const used = await withCode(codes[3]!.toUpperCase());
    expect(used.res.statusCode).toBe(303);
    expect(await signedIn(used.agent)).toBe(true);
    const again = await withCode(codes[3]!);
    expect(again.res.statusCode).toBe(422);
    const account = await used.agent.get('/account');
    expect(account.body).toContain('9 recovery codes left.');
  });

  it('forgets a password that waited more than five minutes for its code', async () => {
    const user = await createUser(t.db, { totp: true });
    const agent = new HttpAgent(t.app);
    await agent.submit('/sign-in', { email: user.email, password: user.password });
    t.clock.advance({ minutes: 6 });
    const res = await agent.post('/sign-in/two-factor', { _csrf: csrfTokenIn((await agent.get('/sign-in')).body), code: totpCode(user.totpSecret!, t.clock.now()) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
    expect(await signedIn(agent)).toBe(false);
  });

  it('cannot be turned off by an event owner, but can by someone who chose it', async () => {
    const event = await createEvent(t.db);
    const owner = await createUser(t.db, { totp: true, roles: [[event.id, 'owner']] });
    const ownerAgent = await signedInAgent(t, owner);
    const refused = await ownerAgent.post('/account/two-factor/disable', { _csrf: csrfTokenIn((await ownerAgent.get('/account')).body), 'disable-code': totpCode(owner.totpSecret!, t.clock.now()) });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Your role requires two-factor sign-in, so it cannot be turned off.');

    const speaker = await createUser(t.db, { totp: true, roles: [[event.id, 'speaker']] });
    const agent = await signedInAgent(t, speaker);
    const off = await agent.submit('/account/two-factor', { 'disable-code': totpCode(speaker.totpSecret!, t.clock.now()) }, '/account/two-factor/disable');
    expect(off.statusCode).toBe(303);
    const [row] = await t.db.select().from(users).where(eq(users.id, speaker.id));
    expect(row).toMatchObject({ totpEnabledAt: null, totpSecret: null });
  });
});

describe('sign-in by e-mail link', () => {
  it('mails a link that opens a confirmation page and signs in once', async () => {
    const user = await createUser(t.db, { email: 'jonas.berg@uni.example.se', password: false });
    const agent = new HttpAgent(t.app);
    const form = await formOf(agent, '/sign-in/link');
    t.clock.advance({ seconds: 3 });
    const sent = await agent.post('/sign-in/link', { ...form, email: 'Jonas.Berg@uni.example.se' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('If jonas.berg@uni.example.se belongs to an account, a sign-in link is on its way.');
    const mail = await t.mail.waitForTo(user.email);
    expect(mail.subject).toBe('Your sign-in link for Forum Desk');
    const link = linkIn(mail.text, '/sign-in/link');
    // A mail scanner opening the link does not use it up.
    expect((await new HttpAgent(t.app).get(link)).statusCode).toBe(200);
    const confirm = await agent.get(link);
    expect(confirm.body).toContain('Press the button to finish signing in on this device.');
    const res = await agent.submit(link, {});
    expect(res.statusCode).toBe(303);
    expect(await signedIn(agent)).toBe(true);
    const reused = await new HttpAgent(t.app).get(link);
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('This link has already been used.');
  });

  it('leads speakers without an account to the speaker portal from every staff sign-in step, in both languages', async () => {
    const note = {
      en: ['<p class="notice__title">Speaking at an event?</p>', '<a href="/speaker/sign-in">Sign in to the speaker portal</a>'],
      'zh-CN': ['<p class="notice__title">您是演讲嘉宾？</p>', '<a href="/speaker/sign-in">登录演讲嘉宾平台</a>'],
    };
    for (const lang of ['en', 'zh-CN'] as const) {
      const agent = new HttpAgent(t.app, { lang });
      const signIn = await agent.get('/sign-in');
      const linkPage = await agent.get('/sign-in/link');
      t.clock.advance({ seconds: 3 });
      const sent = await agent.post('/sign-in/link', { ...hiddenFields(linkPage.body, '/sign-in/link'), email: 'li.na@speaker.example.cn' });
      for (const res of [signIn, linkPage, sent]) {
        expect(res.statusCode).toBe(200);
        for (const part of note[lang]) expect(res.body).toContain(part);
      }
    }
    expect((await new HttpAgent(t.app).get('/speaker/sign-in')).statusCode).toBe(200);
  });

  it('refuses an expired or altered link with a page saying what to do', async () => {
    await createUser(t.db, { email: 'late.reader@example.org' });
    const agent = new HttpAgent(t.app);
    const form = await formOf(agent, '/sign-in/link');
    t.clock.advance({ seconds: 3 });
    await agent.post('/sign-in/link', { ...form, email: 'late.reader@example.org' });
    const link = linkIn((await t.mail.waitForTo('late.reader@example.org')).text, '/sign-in/link');
    const altered = await agent.get(`${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`);
    expect(altered.statusCode).toBe(404);
    expect(altered.body).toContain('This link is not valid.');
    t.clock.advance({ minutes: 16 });
    const expired = await agent.get(link);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired.');
    for (const page of [altered, expired]) expect(page.body).toContain('<p class="error-page__action"><a class="button" href="/sign-in/link">Ask for a new sign-in link</a></p>');
    // Posting the expired link says the same.
    const posted = await agent.post(link, { _csrf: csrfTokenIn((await agent.get('/sign-in')).body) });
    expect(posted.statusCode).toBe(410);
    expect(posted.body).toContain('<a class="button" href="/sign-in/link">Ask for a new sign-in link</a>');
  });

  it('still asks for the second factor when the account has one', async () => {
    const user = await createUser(t.db, { totp: true });
    const agent = new HttpAgent(t.app);
    const form = await formOf(agent, '/sign-in/link');
    t.clock.advance({ seconds: 3 });
    await agent.post('/sign-in/link', { ...form, email: user.email });
    const link = linkIn((await t.mail.waitForTo(user.email)).text, '/sign-in/link');
    const res = await agent.submit(link, {});
    expect(res.headers.location).toBe('/sign-in/two-factor');
    expect(await signedIn(agent)).toBe(false);
  });
});

describe('password reset', () => {
  it('mails a link, refuses a weak password without using the link, then changes it and signs out everywhere', async () => {
    const user = await createUser(t.db);
    const elsewhere = await signedInAgent(t, user);
    const agent = new HttpAgent(t.app);
    const form = await formOf(agent, '/password/forgot');
    t.clock.advance({ seconds: 3 });
    const sent = await agent.post('/password/forgot', { ...form, email: user.email });
    expect(sent.body).toContain('a link to choose a new password is on its way');
    const link = linkIn((await t.mail.waitForTo(user.email)).text, '/password/reset');
    const weak = await agent.submit(link, { password: 'password1', confirm: 'password1' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('This password is one of the most common ones and easy to guess. Choose another.');
    const mismatch = await agent.submit(link, { password: 'lantern orchid basalt', confirm: 'lantern orchid basal' });
    expect(mismatch.body).toContain('The two passwords are not the same.');
    const done = await agent.submit(link, { password: 'lantern orchid basalt', confirm: 'lantern orchid basalt' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/sign-in?notice=password-changed');
    expect(await signedIn(elsewhere)).toBe(false);
    expect((await new HttpAgent(t.app).submit('/sign-in', { email: user.email, password: user.password })).statusCode).toBe(422);
    expect((await new HttpAgent(t.app).submit('/sign-in', { email: user.email, password: 'lantern orchid basalt' })).statusCode).toBe(303);
    const used = await agent.get(link);
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('This link has already been used.');
    // The way on is a new reset link; the list of events is only a side link.
    expect(used.body).toContain('<p class="error-page__action"><a class="button" href="/password/forgot">Ask for a new password reset link</a></p>');
    const altered = await new HttpAgent(t.app, { lang: 'zh-CN' }).get('/password/reset/not-a-token');
    expect(altered.statusCode).toBe(404);
    expect(altered.body).toContain('<a class="button" href="/password/forgot">重新获取密码重置链接</a>');
  });
});

describe('changing the e-mail address', () => {
  it('confirms at the new address, tells the old one, and signs in with the new one', async () => {
    const user = await createUser(t.db, { email: 'old.address@example.org' });
    const agent = await signedInAgent(t, user);
    const res = await agent.submit('/account', { email: 'New.Address@Example.org' }, '/account/email');
    expect(res.statusCode).toBe(303);
    expect((await agent.follow(res)).body).toContain('We sent a confirmation link to the new address.');
    // Nothing changes until the link is used.
    expect((await t.db.select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe('old.address@example.org');
    const mail = await t.mail.waitForTo('new.address@example.org');
    expect(mail.subject).toBe('Confirm your new e-mail address');
    const link = linkIn(mail.text, '/email-change');
    const confirmed = await agent.submit(link, {});
    expect(confirmed.statusCode).toBe(303);
    expect((await t.db.select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe('new.address@example.org');
    const notice = await t.mail.waitForTo('old.address@example.org');
    expect(notice.text).toContain('was changed from old.address@example.org to new.address@example.org');
    expect((await new HttpAgent(t.app).submit('/sign-in', { email: 'new.address@example.org', password: user.password })).statusCode).toBe(303);
  });

  it('refuses an address another account took in the meantime', async () => {
    const user = await createUser(t.db);
    const agent = await signedInAgent(t, user);
    await agent.submit('/account', { email: 'contested@example.org' }, '/account/email');
    const link = linkIn((await t.mail.waitForTo('contested@example.org')).text, '/email-change');
    await createUser(t.db, { email: 'contested@example.org' });
    const res = await agent.submit(link, {});
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Another account now uses this address');
    expect((await t.db.select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe(user.email);
  });
});

describe('changing the password', () => {
  it('needs the current password, applies the policy, and ends the other sessions', async () => {
    const user = await createUser(t.db);
    const other = await signedInAgent(t, user);
    const agent = await signedInAgent(t, user);
    const wrong = await agent.submit('/account', { current: 'guess', password: 'lantern orchid basalt', confirm: 'lantern orchid basalt' }, '/account/password');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Your current password is not right.');
    const short = await agent.submit('/account', { current: user.password, password: 'short', confirm: 'short' }, '/account/password');
    expect(short.body).toContain('Use at least 8 characters.');
    const spaces = await agent.submit('/account', { current: user.password, password: ' '.repeat(12), confirm: ' '.repeat(12) }, '/account/password');
    expect(spaces.statusCode).toBe(422);
    expect(spaces.body).toContain('A password cannot be only spaces. Use letters, digits or other characters too.');
    const common = await agent.submit('/account', { current: user.password, password: 'password ', confirm: 'password ' }, '/account/password');
    expect(common.body).toContain('This password is one of the most common ones and easy to guess. Choose another.');
    const before = agent.cookies.get('fd_session');
    const ok = await agent.submit('/account', { current: user.password, password: 'lantern orchid basalt', confirm: 'lantern orchid basalt' }, '/account/password');
    expect(ok.statusCode).toBe(303);
    expect(agent.cookies.get('fd_session')).not.toBe(before);
    expect(await signedIn(agent)).toBe(true);
    expect(await signedIn(other)).toBe(false);
    expect(await t.db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
  });
});

/** Loads a public form and returns its hidden fields (CSRF token, start time), to send after a person’s pause. */
async function formOf(agent: HttpAgent, page: string): Promise<Record<string, string>> {
  return hiddenFields((await agent.get(page)).body, page);
}

describe('review findings', () => {
  it('lets parallel wrong guesses through one at a time: the sixth meets the delay', async () => {
    const user = await createUser(t.db);
    const guesses = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const agent = new HttpAgent(t.app);
        return (await agent.submit('/sign-in', { email: user.email, password: `wrong guess ${i}` })).statusCode;
      }),
    );
    expect(guesses.sort()).toEqual([422, 422, 422, 422, 422, 429]);
  });

  it('slows down code guessing with its own count, which a right password does not forgive', async () => {
    const user = await createUser(t.db, { totp: true });
    const agent = new HttpAgent(t.app);
    await agent.submit('/sign-in', { email: user.email, password: user.password });
    for (let i = 0; i < 5; i++) expect((await agent.submit('/sign-in/two-factor', { code: '000000' })).statusCode).toBe(422);
    const sixth = await agent.submit('/sign-in/two-factor', { code: totpCode(user.totpSecret!, t.clock.now()) });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.body).toContain('Too many wrong codes. Wait 2 seconds before you enter another code.');
    expect(sixth.body).not.toContain('e-mail link');
    expect(await signedIn(agent)).toBe(false);
    // The password itself is not slowed down by wrong codes, but it does not buy fresh guesses either.
    const again = new HttpAgent(t.app);
    const password = await again.submit('/sign-in', { email: user.email, password: user.password });
    expect(password.headers.location).toBe('/sign-in/two-factor');
    expect((await again.submit('/sign-in/two-factor', { code: '000000' })).statusCode).toBe(429);
    // Once the wait is over, the right code signs in.
    t.clock.advance({ seconds: 2 });
    expect((await again.submit('/sign-in/two-factor', { code: totpCode(user.totpSecret!, t.clock.now()) })).statusCode).toBe(303);
    expect(await signedIn(again)).toBe(true);
  });

  it('lets the owner in by e-mail link and code while someone else is failing at their password', async () => {
    const user = await createUser(t.db, { totp: true });
    const stranger = new HttpAgent(t.app);
    for (let i = 0; i < 8; i++) await stranger.submit('/sign-in', { email: user.email, password: `wrong guess ${i}` });
    expect((await stranger.submit('/sign-in', { email: user.email, password: user.password })).statusCode).toBe(429);
    const owner = new HttpAgent(t.app);
    const form = await formOf(owner, '/sign-in/link');
    t.clock.advance({ seconds: 3 });
    await owner.post('/sign-in/link', { ...form, email: user.email });
    const link = linkIn((await t.mail.waitForTo(user.email)).text, '/sign-in/link');
    expect((await owner.submit(link, {})).headers.location).toBe('/sign-in/two-factor');
    const res = await owner.submit('/sign-in/two-factor', { code: totpCode(user.totpSecret!, t.clock.now()) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    expect(await signedIn(owner)).toBe(true);
  });

  it('asks for the code when none was typed, in both languages, without counting it as a wrong one', async () => {
    const user = await createUser(t.db, { totp: true });
    const agent = new HttpAgent(t.app);
    await agent.submit('/sign-in', { email: user.email, password: user.password });
    for (let i = 0; i < 8; i++) {
      const empty = await agent.submit('/sign-in/two-factor', { code: '  ' });
      expect(empty.statusCode).toBe(422);
      expect(empty.body).toContain('Enter the 6-digit code your authenticator app shows, or one of your recovery codes.');
      expect(empty.body).not.toContain('That code is not right');
    }
    const chinese = new HttpAgent(t.app, { lang: 'zh-CN' });
    await chinese.submit('/sign-in', { email: user.email, password: user.password });
    expect((await chinese.submit('/sign-in/two-factor', { code: '' })).body).toContain('请输入身份验证器应用显示的 6 位验证码，或您的一个恢复码。');
    expect((await agent.submit('/sign-in/two-factor', { code: totpCode(user.totpSecret!, t.clock.now()) })).statusCode).toBe(303);
  });

  it('asks for a fresh sign-in before changing the e-mail address after a quarter of an hour', async () => {
    const user = await createUser(t.db);
    const agent = await signedInAgent(t, user);
    t.clock.advance({ minutes: 16 });
    const res = await agent.submit('/account', { email: 'elsewhere@example.org' }, '/account/email');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?reauth=1&next=%2Faccount');
    const page = await agent.follow(res);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('For your security, sign in again to make this change.');
    expect(page.body).toContain(`value="${user.email}"`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.mail.to('elsewhere@example.org')).toEqual([]);
    // Signing in again on that page leads back, and the change goes through.
    const back = await agent.submit(`/sign-in?reauth=1&next=%2Faccount`, { email: user.email, password: user.password }, '/sign-in');
    expect(back.headers.location).toBe('/account');
    expect((await agent.submit('/account', { email: 'elsewhere@example.org' }, '/account/email')).statusCode).toBe(303);
  });

  it('ends links already mailed when the password changes', async () => {
    const user = await createUser(t.db, { email: 'two.links@example.org' });
    const agent = new HttpAgent(t.app);
    const form = await formOf(agent, '/sign-in/link');
    t.clock.advance({ seconds: 3 });
    await agent.post('/sign-in/link', { ...form, email: user.email });
    const link = linkIn((await t.mail.waitForTo(user.email)).text, '/sign-in/link');
    const signedInUser = await signedInAgent(t, user);
    await signedInUser.submit('/account', { current: user.password, password: 'lantern orchid basalt', confirm: 'lantern orchid basalt' }, '/account/password');
    const res = await new HttpAgent(t.app).get(link);
    expect(res.statusCode).toBe(410);
  });
});
