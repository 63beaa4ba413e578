// The public link forms turn bots away without a CAPTCHA and without telling anyone which addresses have accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formStamp } from '../../src/lib/form-guard.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const FORMS = [
  {
    page: '/sign-in/link',
    kind: 'sign-in-link',
    lead: (email: string) => `<p class="lead">If ${email} belongs to an account, a sign-in link is on its way. It works once, for 15 minutes.</p>`,
    subject: 'Your sign-in link for Forum Desk',
  },
  {
    page: '/password/forgot',
    kind: 'password-reset',
    lead: (email: string) => `<p class="lead">If ${email} belongs to an account, a link to choose a new password is on its way. It works once, for 60 minutes.</p>`,
    subject: 'Choose a new Forum Desk password',
  },
] as const;

const TOO_FAST = 'That form was sent very quickly. Please check it and send it again.';

// Each visitor comes from an address of their own, so the per-address rate limit of one test never touches another.
let visitors = 0;
const visitor = (app: TestApp = t) => new HttpAgent(app.app, { remoteAddress: `198.51.100.${++visitors}` });

const accountMailJobs = async (app: TestApp = t) =>
  (await app.database.execute(`select data->>'kind' as kind, data->>'email' as email, state from pgboss.job where name = 'account.mail' order by created_on, id`)) as {
    kind: string;
    email: string;
    state: string;
  }[];

/** Waits until every background job (account mail, then the delivery it queues) has finished. */
async function waitForJobsDone(app: TestApp = t, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await app.database.execute(`select name, state from pgboss.job where state <> 'completed'`);
    if (open.length === 0) return;
    if (Date.now() > deadline) throw new Error(`jobs not done: ${JSON.stringify(open)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Loads the form, lets `seconds` pass on the app's clock, then sends it with its hidden fields and `fields`. */
async function send(agent: HttpAgent, page: string, fields: Record<string, string>, seconds = 2, app: TestApp = t) {
  const form = await agent.get(page);
  expect(form.statusCode).toBe(200);
  app.clock.advance({ seconds });
  return agent.post(page, { ...hiddenFields(form.body, page), ...fields });
}

/** The page with the typed address and any per-request tokens blanked, for comparing two answers. */
const normalised = (html: string, email: string) =>
  html
    .replaceAll(email, '{email}')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/name="_started" value="[^"]*"/g, 'name="_started" value=""');

describe.each(FORMS)('$page', ({ page, kind, lead, subject }) => {
  it('answers a filled honeypot with the usual page, but queues and sends nothing', async () => {
    const person = await createUser(t.db, { email: `zhao.lei.${kind}@cas.example.cn` });
    const jobsBefore = (await accountMailJobs()).length;

    const bot = await send(visitor(), page, { email: person.email, website: 'https://seo-boost.example/offer' });
    expect(bot.statusCode).toBe(200);
    expect(bot.body).toContain('<h1>Check your mail</h1>');
    expect(bot.body).toContain(lead(person.email));
    expect(await accountMailJobs()).toHaveLength(jobsBefore);

    // The same request from a person: the very same page, one job, one mail.
    const human = await send(visitor(), page, { email: person.email });
    expect(human.statusCode).toBe(200);
    expect(human.body).toBe(bot.body);
    expect(await accountMailJobs()).toHaveLength(jobsBefore + 1);
    expect((await t.mail.waitForTo(person.email)).subject).toBe(subject);
    await waitForJobsDone();
    expect(t.mail.to(person.email)).toHaveLength(1);
  });

  it('gives a form sent too quickly back with what was typed, and accepts it once the minimum time has passed', async () => {
    const agent = visitor();
    const jobsBefore = (await accountMailJobs()).length;

    const tooSoon = await send(agent, page, { email: 'Chen.Jing@Example.org' }, 0);
    expect(tooSoon.statusCode).toBe(422);
    expect(tooSoon.body).toContain(`<li>${TOO_FAST}</li>`);
    expect(tooSoon.body).toContain('value="Chen.Jing@Example.org"');

    const stillTooSoon = await send(agent, page, { email: 'Chen.Jing@Example.org' }, 1.9);
    expect(stillTooSoon.statusCode).toBe(422);
    expect(stillTooSoon.body).toContain(`<li>${TOO_FAST}</li>`);
    expect(await accountMailJobs()).toHaveLength(jobsBefore);

    // The page that came back carries a new start time: sent again two seconds later, it goes through.
    t.clock.advance({ seconds: 2 });
    const again = await agent.post(page, { ...hiddenFields(stillTooSoon.body, page), email: 'Chen.Jing@Example.org' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain(lead('chen.jing@example.org'));
    const jobs = await accountMailJobs();
    expect(jobs).toHaveLength(jobsBefore + 1);
    expect(jobs.at(-1)).toMatchObject({ kind, email: 'chen.jing@example.org' });
  });

  it('treats a missing or forged start time as too fast', async () => {
    const jobsBefore = (await accountMailJobs()).length;
    const forgeries: Record<string, (genuine: string) => string | undefined> = {
      missing: () => undefined,
      empty: () => '',
      'an earlier time with the genuine signature': (genuine) => `${Number(genuine.split('.')[0]) - 60_000}.${genuine.split('.')[1]}`,
      'the time without its signature': (genuine) => genuine.split('.')[0],
      'a stamp signed by another installation': (genuine) => formStamp('another-installation-secret-0123456789', new Date(Number(genuine.split('.')[0]))),
      garbage: () => '1.2.3',
    };
    for (const [what, forge] of Object.entries(forgeries)) {
      const agent = visitor();
      const form = await agent.get(page);
      const { _started: genuine, ...fields } = hiddenFields(form.body, page);
      t.clock.advance({ minutes: 5 });
      const forged = forge(genuine!);
      const res = await agent.post(page, { ...fields, ...(forged === undefined ? {} : { _started: forged }), email: 'liu.yang@example.org' });
      expect(res.statusCode, what).toBe(422);
      expect(res.body, what).toContain(`<li>${TOO_FAST}</li>`);
      expect(res.body, what).toContain('value="liu.yang@example.org"');
    }
    expect(await accountMailJobs()).toHaveLength(jobsBefore);
  });
});

describe('requests for a link', () => {
  it('answer a known and an unknown address alike, queue one job each, and mail only the account', async () => {
    const known = await createUser(t.db, { email: 'wang.fang@tsinghua.example.cn' });
    const unknown = 'wang.fang@pku.example.cn';
    for (const { page, kind, subject } of FORMS) {
      const jobsBefore = (await accountMailJobs()).length;
      const forKnown = await send(visitor(), page, { email: known.email });
      const forUnknown = await send(visitor(), page, { email: unknown });
      expect([forKnown.statusCode, forUnknown.statusCode]).toEqual([200, 200]);
      expect(forKnown.headers['content-type']).toBe(forUnknown.headers['content-type']);
      expect(normalised(forUnknown.body, unknown)).toBe(normalised(forKnown.body, known.email));

      const jobs = (await accountMailJobs()).slice(jobsBefore);
      expect(jobs.map(({ kind, email }) => ({ kind, email }))).toEqual([
        { kind, email: known.email },
        { kind, email: unknown },
      ]);
      await waitForJobsDone();
      const mails = t.mail.to(known.email).filter((m) => m.subject === subject);
      expect(mails).toHaveLength(1);
      expect(t.mail.to(unknown)).toEqual([]);
    }
  });
});

describe('with FORM_MIN_SECONDS=0', () => {
  let quick: TestApp;
  beforeAll(async () => {
    quick = await buildTestApp({ env: { FORM_MIN_SECONDS: '0' } });
  });
  afterAll(() => quick.close());

  it.each(FORMS)('$page accepts a form sent at once, but still not one without a start time', async ({ page }) => {
    const agent = visitor(quick);
    const form = await agent.get(page);
    const fields = hiddenFields(form.body, page);
    const res = await agent.post(page, { ...fields, email: 'sun.mei@example.org' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Check your mail</h1>');
    expect((await accountMailJobs(quick)).at(-1)).toMatchObject({ email: 'sun.mei@example.org' });

    const { _started: _, ...withoutStamp } = fields;
    const bot = await agent.post(page, { ...withoutStamp, email: 'sun.mei@example.org' });
    expect(bot.statusCode).toBe(422);
    expect(bot.body).toContain(`<li>${TOO_FAST}</li>`);
  });
});
