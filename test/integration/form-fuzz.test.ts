// Hostile text and broken encodings in every account and organiser form field: never a 5xx, a visible 422 and no write when refused.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_KINDS, EVENT_ROLES, events, users } from '../../src/db/schema/index.ts';
import { isValidTimeZone } from '../../src/lib/datetime.ts';
import { FORM_TEXT_MAX } from '../../src/lib/form-text.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent } from '../factories/events.ts';
import { createUser, TEST_PASSWORD, type TestUser } from '../factories/users.ts';

const NUM_RUNS = 30;

let t: TestApp;
let admin: TestUser;
let adminAgent: HttpAgent;
let forum: { id: string };

beforeAll(async () => {
  // The allow-list keeps the per-address rate limits out of the way; the delay after failed sign-ins still applies.
  t = await buildTestApp({ env: { RATE_LIMIT_ALLOW_LIST: '10.9.0.0/16', FORM_MIN_SECONDS: '0' } });
  admin = await createUser(t.db, { isAdmin: true, totp: true, email: 'admin.fuzz@forumdesk.example.org' });
  forum = await createEvent(t.db, { slug: 'fuzz-forum-2027', title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛' } });
  adminAgent = await signedInAgent(t, admin, { remoteAddress: '10.9.0.2' });
});
afterAll(() => t.close());

// — Hostile text —

const PIECES = [
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r\n', '\u000b', '\u001b[31m', '\u001f', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029',
  '\u202e', '\u200f', '\u061c', '\u200b', '\u200d', '\ufeff', '\ufffd', '\ufffe', '\uffff',
  'مرحبا بالعالم', 'שלום', '张伟', '中关村论坛', '日本語', '한국어', 'Ελληνικά', '👩‍🔬', '🇨🇳', '🎉', '😀', 'e\u0301', 'İ', 'ß', 'ﬃ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\ud800', '\udfff', '\udbff', '\udc00', '\ud83d\ude00',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' or 1=1 --", '{{csrfToken}}', '${7*7}', '%00', '%FF', '%', '&', '=', '+', ';', '"', "'", '\\', '/', '..', '@', ' ',
];
const hostilePiece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
);
const hostile = fc.array(hostilePiece, { maxLength: 12 }).map((parts) => parts.join(''));
const codePoints = (text: string) => [...text].length;
/** Hostile text of at least `min` code points (and so at least `min` UTF-16 units). */
const longHostile = (min: number, max: number) =>
  fc.tuple(fc.array(hostilePiece, { minLength: 1, maxLength: 4 }), fc.integer({ min, max })).map(([parts, length]) => {
    const unit = parts.join('') || 'x';
    return unit.repeat(Math.ceil(length / codePoints(unit)) + 1);
  });
const overlong = longHostile(5000, 6000);

/** Text that is no e-mail address however it is trimmed or lower-cased: no @, or a control character before it. */
const notAnEmail = fc.oneof(
  hostile.map((s) => s.replaceAll('@', '')),
  overlong.map((s) => s.replaceAll('@', '')),
  fc.tuple(hostile, fc.integer({ min: 1, max: 0x1f })).map(([s, c]) => `li${String.fromCharCode(c)}${s.replaceAll('@', '')}wei@example.cn`),
  fc.constantFrom('zhang.wei', 'zhang.wei@', '@example.cn', 'zhang wei@example.cn', 'zhang.wei@example', 'a@b@example.cn', '<zhang.wei@example.cn>', `${'x'.repeat(65)}@example.cn`, `zhang@${'d'.repeat(250)}.cn`),
);

// — Sending —

type Encoding = 'utf-8' | 'wtf-8' | 'raw-byte';
/** utf-8: as a browser sends it (lone surrogates become U+FFFD); wtf-8: lone surrogates as their invalid 3-byte form;
 * raw-byte: an unescaped byte 0x80–0xFF inside the value, which is never valid UTF-8 between ASCII bytes. */
const encoding = fc.constantFrom<Encoding>('utf-8', 'utf-8', 'wtf-8', 'raw-byte');

function percentWtf8(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

function formBody(fields: Record<string, string>, field: string, value: string, how: Encoding, rawByte: number, at: number): Buffer {
  const rest = new URLSearchParams(Object.entries(fields).filter(([name]) => name !== field)).toString();
  const prefix = Buffer.from(`${rest ? `${rest}&` : ''}${encodeURIComponent(field)}=`);
  if (how === 'utf-8') return Buffer.concat([prefix, Buffer.from(new URLSearchParams({ v: value }).toString().slice(2))]);
  const encoded = percentWtf8(value);
  if (how === 'wtf-8') return Buffer.concat([prefix, Buffer.from(encoded)]);
  const cut = Math.min(at, encoded.length);
  return Buffer.concat([prefix, Buffer.from(encoded.slice(0, cut)), Buffer.from([rawByte]), Buffer.from(encoded.slice(cut))]);
}

/** What the server receives for `value`: nothing usable ('encoding'), too much ('overlong'), or the text itself. */
function received(value: string, how: Encoding): { problem: 'encoding' | 'overlong' } | { text: string } {
  if (how === 'raw-byte' || (how === 'wtf-8' && !value.isWellFormed())) return { problem: 'encoding' };
  const text = value.toWellFormed();
  if (text.includes('\u0000')) return { problem: 'encoding' };
  if (codePoints(text) > FORM_TEXT_MAX) return { problem: 'overlong' };
  return { text };
}

const TABLES = ['users', 'event_roles', 'audit_log', 'events', 'access_tokens', 'messages'] as const;
async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await t.database.execute(
    `select ${TABLES.map((table) => `(select count(*)::int from ${table}) as ${table}`).join(', ')}, (select count(*)::int from pgboss.job where name = 'account.mail') as account_mail_jobs`,
  );
  return row as Record<string, number>;
}

const BAD_ENCODING = '<p class="lead">The address or form contained characters that are not valid UTF-8 text.</p>';
const tooLongForSchema = (field: string) => `<p class="lead">The text in “${field}” is too long: at most ${FORM_TEXT_MAX} characters. Go back, shorten it and try again.</p>`;
const fieldError = (field: string, message: string) => `<li><a href="#field-${field}">${message}</a></li>`;
const formError = (message: string) => `<li>${message}</li>`;

const EMAIL = 'Enter an e-mail address such as name@example.org.';
const WRONG_PASSWORD = 'The e-mail address or the password is not right. Check both and try again.';
const CURRENT_PASSWORD = 'Your current password is not right.';
const TOO_LONG_200 = 'This is too long: use at most 200 characters.';

interface Target {
  /** The page whose form gives the CSRF token (and start time), and where the form posts. */
  page: string | (() => string);
  action: string | (() => string);
  field: string;
  values: fc.Arbitrary<string>;
  /** The other fields, for run `n`. */
  fields: (n: number) => Record<string, string>;
  /** Who sends it, for run `n`: the signed-in administrator, or a visitor of their own. */
  agent: (n: number) => HttpAgent;
  /** The message a value that reaches the route must produce. */
  message: (text: string) => string;
  /** Values always tried first (sent as UTF-8): the ones that once caused a server error. */
  examples?: string[];
}

const resolve = (value: string | (() => string)) => (typeof value === 'function' ? value() : value);
const visitor = (n: number) => new HttpAgent(t.app, { remoteAddress: `10.9.${100 + (n >> 8)}.${n & 0xff}` });
const NEW_EVENT = { titleEn: 'Green Tech Forum 2027', titleZh: '2027绿色技术论坛', slug: 'green-tech-2027', kind: 'forum', parentId: '', timezone: 'Europe/Berlin', startDate: '2027-03-10', endDate: '2027-03-11', ownerEmail: 'owner.person@example.org' };
const NEW_MEMBER = { email: 'zhou.min@example.org', name: 'Zhou Min', role: 'speaker' };
const teamPage = () => `/admin/events/${forum.id}/team`;
const notIn = (allowed: readonly string[]) => hostile.filter((s) => !allowed.includes(s));
const admin_ = () => adminAgent;

const TARGETS: Record<string, Target> = {
  'POST /sign-in email': { page: '/sign-in', action: '/sign-in', field: 'email', values: notAnEmail, fields: () => ({ password: 'Winter2026!' }), agent: visitor, message: () => fieldError('email', EMAIL) },
  'POST /sign-in password': {
    page: '/sign-in',
    action: '/sign-in',
    field: 'password',
    values: fc.oneof(hostile, overlong),
    // A fresh account name and address each run, so the delay after failures never answers instead.
    fields: (n) => ({ email: `fuzz-${n}@example.org` }),
    agent: visitor,
    message: (text) => (text === '' ? fieldError('password', 'Enter your password.') : formError(WRONG_PASSWORD)),
  },
  'POST /sign-in/link email': { page: '/sign-in/link', action: '/sign-in/link', field: 'email', values: notAnEmail, fields: () => ({}), agent: visitor, message: () => fieldError('email', EMAIL) },
  'POST /password/forgot email': { page: '/password/forgot', action: '/password/forgot', field: 'email', values: notAnEmail, fields: () => ({}), agent: visitor, message: () => fieldError('email', EMAIL) },
  'POST /account/password current': {
    page: '/account',
    action: '/account/password',
    field: 'current',
    values: fc.oneof(hostile, overlong).filter((s) => s !== TEST_PASSWORD),
    fields: () => ({ password: 'a new long passphrase 2027', confirm: 'a new long passphrase 2027' }),
    agent: admin_,
    message: () => fieldError('current', CURRENT_PASSWORD),
  },
  // With a wrong current password every new password is refused, so the account is never changed.
  'POST /account/password password': {
    page: '/account',
    action: '/account/password',
    field: 'password',
    values: fc.oneof(hostile, overlong),
    fields: () => ({ current: 'not my password', confirm: 'a new long passphrase 2027' }),
    agent: admin_,
    message: () => fieldError('current', CURRENT_PASSWORD),
  },
  'POST /account/password confirm': {
    page: '/account',
    action: '/account/password',
    field: 'confirm',
    values: fc.oneof(hostile, overlong),
    fields: () => ({ current: 'not my password', password: 'a new long passphrase 2027' }),
    agent: admin_,
    message: () => fieldError('current', CURRENT_PASSWORD),
  },
  'POST /account/email email': { page: '/account', action: '/account/email', field: 'email', values: notAnEmail, fields: () => ({}), agent: admin_, message: () => fieldError('email', EMAIL) },
  'POST /admin/events titleEn': {
    page: '/admin/events/new',
    action: '/admin/events',
    field: 'titleEn',
    values: fc.oneof(longHostile(201, 1500), overlong).filter((s) => s.toWellFormed().trim().length > 200),
    fields: () => NEW_EVENT,
    agent: admin_,
    message: () => fieldError('titleEn', TOO_LONG_200),
  },
  'POST /admin/events titleZh': {
    page: '/admin/events/new',
    action: '/admin/events',
    field: 'titleZh',
    values: fc.oneof(longHostile(201, 1500), overlong).filter((s) => s.toWellFormed().trim().length > 200),
    fields: () => NEW_EVENT,
    agent: admin_,
    message: () => fieldError('titleZh', TOO_LONG_200),
  },
  'POST /admin/events slug': {
    page: '/admin/events/new',
    action: '/admin/events',
    field: 'slug',
    values: fc.oneof(hostile, overlong).filter((s) => {
      const slug = s.toWellFormed().trim().toLowerCase();
      return !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 80;
    }),
    fields: () => NEW_EVENT,
    agent: admin_,
    message: () => fieldError('slug', 'Use lower-case letters, digits and single hyphens, at most 80 characters, e.g. zgc-forum-2026.'),
  },
  'POST /admin/events kind': { page: '/admin/events/new', action: '/admin/events', field: 'kind', values: notIn(EVENT_KINDS), fields: () => NEW_EVENT, agent: admin_, message: () => fieldError('kind', 'Choose the kind of event.') },
  'POST /admin/events parentId': {
    page: '/admin/events/new',
    action: '/admin/events',
    field: 'parentId',
    values: fc.oneof(hostile, overlong, fc.uuid()),
    examples: ['not-a-uuid', '1', `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(11)}`],
    fields: () => ({ ...NEW_EVENT, kind: 'sub-forum' }),
    agent: admin_,
    message: () => fieldError('parentId', 'A sub-forum needs the forum it belongs to.'),
  },
  'POST /admin/events timezone': {
    page: '/admin/events/new',
    action: '/admin/events',
    field: 'timezone',
    values: fc.oneof(hostile, overlong).filter((s) => !isValidTimeZone(s.toWellFormed().trim())),
    fields: () => NEW_EVENT,
    agent: admin_,
    message: () => fieldError('timezone', 'Enter a time zone such as Asia/Shanghai.'),
  },
  'POST /admin/events startDate': {
    page: '/admin/events/new',
    action: '/admin/events',
    field: 'startDate',
    values: fc.oneof(hostile, overlong).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
    fields: () => NEW_EVENT,
    agent: admin_,
    message: () => fieldError('startDate', 'Enter a date such as 2026-09-17.'),
  },
  'POST /admin/events endDate': {
    page: '/admin/events/new',
    action: '/admin/events',
    field: 'endDate',
    values: fc.oneof(hostile, overlong).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
    fields: () => NEW_EVENT,
    agent: admin_,
    message: () => fieldError('endDate', 'Enter a date such as 2026-09-17.'),
  },
  'POST /admin/events ownerEmail': { page: '/admin/events/new', action: '/admin/events', field: 'ownerEmail', values: notAnEmail, fields: () => NEW_EVENT, agent: admin_, message: () => fieldError('ownerEmail', EMAIL) },
  'POST /admin/events/:eventId/team email': { page: teamPage, action: teamPage, field: 'email', values: notAnEmail, fields: () => NEW_MEMBER, agent: admin_, message: () => fieldError('email', EMAIL) },
  'POST /admin/events/:eventId/team name': {
    page: teamPage,
    action: teamPage,
    field: 'name',
    values: fc.oneof(longHostile(201, 1500), overlong).filter((s) => s.toWellFormed().trim().length > 200),
    fields: () => NEW_MEMBER,
    agent: admin_,
    message: () => fieldError('name', TOO_LONG_200),
  },
  'POST /admin/events/:eventId/team role': { page: teamPage, action: teamPage, field: 'role', values: notIn(EVENT_ROLES), fields: () => NEW_MEMBER, agent: admin_, message: () => fieldError('role', 'Choose a role.') },
};

/** Loads the form as `agent` (once per agent and page) and returns its hidden fields. */
const hiddenCache = new WeakMap<HttpAgent, Map<string, Record<string, string>>>();
async function hiddenOf(agent: HttpAgent, page: string, action: string): Promise<Record<string, string>> {
  const cached = hiddenCache.get(agent)?.get(action);
  if (cached) return cached;
  const res = await agent.get(page);
  expect(res.statusCode, `GET ${page}`).toBe(200);
  const fields = hiddenFields(res.body, action);
  expect(fields._csrf, `CSRF token on ${page}`).toBeTruthy();
  if (!hiddenCache.has(agent)) hiddenCache.set(agent, new Map());
  hiddenCache.get(agent)!.set(action, fields);
  return fields;
}

function post(agent: HttpAgent, url: string, body: Buffer): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: agent.remoteAddress,
    headers: { 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded', cookie: agent.cookieHeader },
    payload: body,
  });
}

let run = 0;

describe('refused input', () => {
  it.each(Object.entries(TARGETS))('%s: never 5xx; 422 with a visible message; nothing written', async (_label, target) => {
    await fc.assert(
      fc.asyncProperty(target.values, encoding, fc.integer({ min: 0x80, max: 0xff }), fc.nat(), async (value, how, rawByte, at) => {
        run += 1;
        const agent = target.agent(run);
        const page = resolve(target.page);
        const action = resolve(target.action);
        const fields = { ...(await hiddenOf(agent, page, action)), ...target.fields(run) };
        const before = await rowCounts();
        const res = await post(agent, action, formBody(fields, target.field, value, how, rawByte, at));
        expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(500);
        expect(res.statusCode).toBe(422);
        const got = received(value, how);
        if ('problem' in got) expect(res.body).toContain(got.problem === 'encoding' ? BAD_ENCODING : tooLongForSchema(target.field));
        else expect(res.body).toContain(target.message(got.text));
        expect(await rowCounts()).toEqual(before);
      }),
      { numRuns: NUM_RUNS, examples: [...(target.examples ?? []), 'Li\u0000Wei'].map((v) => [v, 'utf-8', 0x80, 0] as [string, Encoding, number, number]) },
    );
  });
});

describe('accepted free text', () => {
  it('stores any event title of up to 200 characters as typed (trimmed), and refuses NUL and broken encodings', async () => {
    const agent = adminAgent;
    await fc.assert(
      fc.asyncProperty(hostile, encoding, fc.integer({ min: 0x80, max: 0xff }), fc.nat(), async (value, how, rawByte, at) => {
        run += 1;
        const slug = `fuzz-title-${run}`;
        const titleEn = `Forum ${value}`;
        const fields = { ...(await hiddenOf(agent, '/admin/events/new', '/admin/events')), ...NEW_EVENT, slug, ownerEmail: `owner-${run}@example.org` };
        const before = await rowCounts();
        const res = await post(agent, '/admin/events', formBody(fields, 'titleEn', titleEn, how, rawByte, at));
        expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(500);
        const got = received(titleEn, how);
        if ('problem' in got || got.text.trim().length > 200) {
          expect(res.statusCode).toBe(422);
          expect(res.body).toContain('problem' in got ? BAD_ENCODING : fieldError('titleEn', TOO_LONG_200));
          expect(await rowCounts()).toEqual(before);
          return;
        }
        expect(res.statusCode).toBe(303);
        const [event] = await t.db.select().from(events).where(eq(events.slug, slug));
        expect(event!.title).toEqual({ en: got.text.trim(), 'zh-CN': NEW_EVENT.titleZh });
        expect(res.headers.location).toBe(`/admin/events/${event!.id}`);
        const page = await agent.get(`/admin/events/${event!.id}`);
        expect(page.statusCode).toBe(200);
      }),
      { numRuns: NUM_RUNS, examples: [['Green\u0000Tech', 'utf-8', 0x80, 0], ['绿色\u202e技术 🌱\u0007', 'utf-8', 0x80, 0], ['\ud800', 'wtf-8', 0x80, 0], ['\ud800', 'utf-8', 0x80, 0]] },
    );
  });

  it('stores any team member name of up to 200 characters as typed (trimmed), and refuses NUL and broken encodings', async () => {
    const agent = adminAgent;
    await fc.assert(
      fc.asyncProperty(hostile, encoding, fc.integer({ min: 0x80, max: 0xff }), fc.nat(), async (name, how, rawByte, at) => {
        run += 1;
        const email = `member-${run}@example.org`;
        const fields = { ...(await hiddenOf(agent, teamPage(), teamPage())), ...NEW_MEMBER, email };
        const before = await rowCounts();
        const res = await post(agent, teamPage(), formBody(fields, 'name', name, how, rawByte, at));
        expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(500);
        const got = received(name, how);
        if ('problem' in got || got.text.trim().length > 200) {
          expect(res.statusCode).toBe(422);
          expect(res.body).toContain('problem' in got ? BAD_ENCODING : fieldError('name', TOO_LONG_200));
          expect(await rowCounts()).toEqual(before);
          return;
        }
        expect(res.statusCode).toBe(303);
        const [member] = await t.db.select().from(users).where(eq(users.email, email));
        expect(member!.name).toBe(got.text.trim());
        const team = await agent.get(teamPage());
        expect(team.statusCode).toBe(200);
        expect(team.body).toContain(email);
      }),
      { numRuns: NUM_RUNS, examples: [['Li\u0000Wei', 'utf-8', 0x80, 0], ['  王芳\t(Wang Fang) 👩‍🔬 ', 'utf-8', 0x80, 0], ['Zhou\udc00', 'wtf-8', 0x80, 0]] },
    );
  });
});
