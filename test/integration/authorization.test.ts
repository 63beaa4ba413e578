// Who may open and submit what in the organiser area, as one table of route × role → status, written out by hand so
// the policy reads at a glance; plus ids of another event swapped into addresses and forms (IDOR), which change nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrations } from '../../src/db/schema/index.ts';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import { startBulkSend } from '../../src/features/mail/bulk.ts';
import { queueMail, type MailRequest } from '../../src/features/mail/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { csrfTokenIn, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { createUser, TEST_PASSWORD, type TestUser } from '../factories/users.ts';

const ROLES = ['anonymous', 'admin', 'owner', 'organiser', 'checkin', 'jury', 'speaker', 'organiserOfB', 'ownerWithout2fa'] as const;
type Role = (typeof ROLES)[number];
type Row = [method: 'GET' | 'POST', url: string, expected: number[]];

// Roles are on forum A unless named otherwise. Sub-forum S inherits A's roles. On sub-forum T the owner and the organiser
// of A have a lower role of their own, check-in staff, and the check-in staff of A a higher one, organiser: the higher
// of the two counts (the team page refuses to make such a lower row, but rows made before that remain).
// {placeholders} are filled in when the row runs; {newMemberOfA} and {queuedMessageOfA} are made afresh for every
// request, so each success has something to act on.
// Rows run top to bottom: the last ones turn off two-factor sign-in (where allowed) and end every session.
const TABLE: Row[] = [
  //                                                      anon admin owner  org  chk jury spkr orgB no2fa
  ['GET', '/admin',                                       [303, 200, 200, 200, 200, 200, 200, 200, 303]],
  ['GET', '/admin/events/new',                            [303, 200, 403, 403, 403, 403, 403, 403, 303]],
  ['GET', '/admin/events/{A}',                            [303, 200, 200, 200, 200, 200, 200, 404, 303]],
  ['GET', '/admin/events/{A}/team',                       [303, 200, 200, 403, 403, 403, 403, 404, 303]],
  ['GET', '/admin/events/{A}/audit',                      [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/events/{A}/mail',                       [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/events/{A}/registration',               [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/events/{A}/registration/codes',         [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/events/{A}/registrations',              [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/mail',                                  [303, 200, 403, 403, 403, 403, 403, 403, 303]],
  ['GET', '/admin/mail/{messageOfA}',                     [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/mail/{messageOfA}/html',                [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/mail/{messageOfA}/raw',                 [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/mail/{messageOfA}/attachments/0',       [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/mail/{accountMessage}',                 [303, 200, 404, 404, 404, 404, 404, 404, 303]],
  ['GET', '/admin/mail/batches/{batchOfA}',               [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/api/admin/mail/batches/{batchOfA}',           [403, 200, 200, 200, 403, 403, 403, 404, 403]],
  ['GET', '/account',                                     [303, 200, 200, 200, 200, 200, 200, 200, 303]],
  ['GET', '/account/two-factor',                          [303, 200, 200, 200, 200, 200, 200, 200, 200]],
  // Sub-forum S: every role comes from forum A.
  ['GET', '/admin/events/{S}',                            [303, 200, 200, 200, 200, 200, 200, 404, 303]],
  ['GET', '/admin/events/{S}/team',                       [303, 200, 200, 403, 403, 403, 403, 404, 303]],
  ['GET', '/admin/events/{S}/audit',                      [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  // Sub-forum T: the owner and the organiser of A keep their rights; A's check-in staff is an organiser here.
  ['GET', '/admin/events/{T}',                            [303, 200, 200, 200, 200, 200, 200, 404, 303]],
  ['GET', '/admin/events/{T}/team',                       [303, 200, 200, 403, 403, 403, 403, 404, 303]],
  ['GET', '/admin/events/{T}/audit',                      [303, 200, 200, 200, 200, 403, 403, 404, 303]],
  ['GET', '/admin/events/{T}/mail',                       [303, 200, 200, 200, 200, 403, 403, 404, 303]],
  ['POST', '/admin/events',                               [403, 303, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/admin/events/{A}/team',                      [403, 303, 303, 403, 403, 403, 403, 404, 403]],
  ['POST', '/admin/events/{A}/team/{newMemberOfA}/remove',[403, 303, 303, 403, 403, 403, 403, 404, 403]],
  ['POST', '/admin/events/{S}/team/{newMemberOfS}/remove',[403, 303, 303, 403, 403, 403, 403, 404, 403]],
  ['POST', '/admin/events/{A}/team/{newMemberOfA}/role',  [403, 303, 303, 403, 403, 403, 403, 404, 403]],
  ['POST', '/admin/events/{S}/team/{newMemberOfS}/role',  [403, 303, 303, 403, 403, 403, 403, 404, 403]],
  // Bulk actions (registration.manage): an empty form reaches the route only where allowed, which refuses it (422).
  ['POST', '/admin/events/{A}/registrations/bulk',        [403, 422, 422, 422, 403, 403, 403, 404, 403]],
  // Correcting and cancelling one registration (registration.manage): the door's staff may not.
  ['GET', '/admin/events/{A}/registrations/{registrationOfA}/edit',      [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['GET', '/admin/events/{A}/registrations/{registrationOfA}/cancel',    [303, 200, 200, 200, 403, 403, 403, 404, 303]],
  ['POST', '/admin/events/{A}/registrations/{registrationOfA}/details',  [403, 303, 303, 303, 403, 403, 403, 404, 403]],
  ['POST', '/admin/events/{A}/registrations/{registrationOfA}/answers',  [403, 303, 303, 303, 403, 403, 403, 404, 403]],
  ['POST', '/admin/events/{A}/registrations/{newRegistrationOfA}/cancel',[403, 303, 303, 303, 403, 403, 403, 404, 403]],
  ['POST', '/admin/mail/{messageOfA}/resend',             [403, 303, 303, 303, 403, 403, 403, 404, 403]],
  ['POST', '/admin/mail/{queuedMessageOfA}/cancel',       [403, 303, 303, 303, 403, 403, 403, 404, 403]],
  ['POST', '/admin/mail/{accountMessage}/resend',         [403, 303, 404, 404, 404, 404, 404, 404, 403]],
  ['POST', '/account/email',                              [403, 303, 303, 303, 303, 303, 303, 303, 403]],
  // Already on: back to the page (303). The owner still enrolling reaches the form, which refuses an empty code (422).
  ['POST', '/account/two-factor',                         [403, 303, 303, 303, 303, 303, 303, 303, 422]],
  ['POST', '/account/two-factor/recovery-codes',          [403, 200, 200, 200, 200, 200, 200, 200, 403]],
  // Administrators and owners may not turn it off (409); everyone else may.
  ['POST', '/account/two-factor/disable',                 [403, 409, 409, 303, 303, 303, 303, 303, 403]],
  ['POST', '/account/sessions/end-others',                [403, 303, 303, 303, 303, 303, 303, 303, 403]],
  ['POST', '/account/password',                           [403, 303, 303, 303, 303, 303, 303, 303, 403]],
  ['POST', '/account/sign-out-everywhere',                [403, 303, 303, 303, 303, 303, 303, 303, 303]],
];

/** Valid forms, so a refusal can only come from authorisation. {n} is a new number per request, {totp} a current code. */
const BODIES: Record<string, Record<string, string>> = {
  '/admin/events': { titleEn: 'Autumn Innovation Forum {n}', titleZh: '秋季创新论坛{n}', slug: 'autumn-forum-{n}', kind: 'forum', parentId: '', timezone: 'Asia/Shanghai', startDate: '2027-10-12', endDate: '2027-10-13', ownerEmail: 'owner-{n}@forum.example.org' },
  '/admin/events/{A}/team': { email: 'guest-{n}@partner.example.org', name: 'Guest Speaker {n}', role: 'speaker' },
  '/admin/events/{A}/team/{newMemberOfA}/remove': { confirm: 'yes' },
  '/admin/events/{S}/team/{newMemberOfS}/remove': { confirm: 'yes' },
  '/admin/events/{A}/team/{newMemberOfA}/role': { role: 'speaker' },
  '/admin/events/{S}/team/{newMemberOfS}/role': { role: 'speaker' },
  '/admin/events/{A}/registrations/{registrationOfA}/details': { version: '{versionOfA}', familyName: 'Okafor', givenName: 'Amara', organisation: 'Lagos Innovation Hub', country: 'NG', email: 'amara.okafor@example.ng', mobile: '+2348031234567', dietary: 'none', interpretation: 'none' },
  '/admin/events/{A}/registrations/{registrationOfA}/answers': { version: '{versionOfA}' },
  '/admin/events/{A}/registrations/{newRegistrationOfA}/cancel': { confirm: 'yes', message: 'As agreed on the phone.' },
  '/account/email': { email: 'new-address-{n}@example.org' },
  '/account/two-factor': { code: '' },
  '/account/two-factor/recovery-codes': { 'codes-code': '{totp}' },
  '/account/two-factor/disable': { 'disable-code': '{totp}' },
  '/account/password': { current: TEST_PASSWORD, password: 'seven copper kettles on a windowsill', confirm: 'seven copper kettles on a windowsill' },
};

let t: TestApp;
const ids: Record<string, string> = {};
const users = {} as Record<Exclude<Role, 'anonymous'>, TestUser>;
const agents = {} as Record<Role, HttpAgent>;
let addresses = 0;
let counter = 0;

const signIn = (user: TestUser) => signedInAgent(t, user, { remoteAddress: `198.51.100.${++addresses}` });
const queue = (request: MailRequest) => t.db.transaction((tx) => queueMail(tx, t.app.mail, request));
const visaLetter = (eventId?: string): MailRequest => ({
  to: { email: 'aisha@embassy.example.ae', name: 'Aisha Al-Mansouri' },
  template: 'message',
  locale: 'en',
  ...(eventId ? { eventId } : {}),
  data: { subjectLine: 'Your visa invitation letter', paragraphs: ['The letter for your consulate is attached.'] },
  attachments: [{ filename: 'invitation-letter.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 letter') }],
});

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  const A = await createEvent(t.db, { slug: 'zgc-forum-2027', title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛' } });
  const S = await createEvent(t.db, { kind: 'sub-forum', parentId: A.id, slug: 'zgc-ai-2027', title: { en: 'AI Sub-forum', 'zh-CN': '人工智能分论坛' } });
  const T = await createEvent(t.db, { kind: 'sub-forum', parentId: A.id, slug: 'zgc-bio-2027', title: { en: 'Life Sciences Sub-forum', 'zh-CN': '生命科学分论坛' } });
  const B = await createEvent(t.db, { slug: 'pujiang-forum-2027', title: { en: 'Pujiang Innovation Forum 2027', 'zh-CN': '2027浦江创新论坛' } });
  const onA = (role: 'owner' | 'organiser' | 'checkin' | 'jury' | 'speaker', totp = true) => createUser(t.db, { roles: [[A.id, role]], totp });
  Object.assign(users, {
    admin: await createUser(t.db, { isAdmin: true, totp: true }),
    owner: await createUser(t.db, { roles: [[A.id, 'owner'], [T.id, 'checkin']], totp: true }),
    organiser: await createUser(t.db, { roles: [[A.id, 'organiser'], [T.id, 'checkin']], totp: true }),
    checkin: await createUser(t.db, { roles: [[A.id, 'checkin'], [T.id, 'organiser']], totp: true }),
    jury: await onA('jury'),
    speaker: await onA('speaker'),
    organiserOfB: await createUser(t.db, { roles: [[B.id, 'organiser']], totp: true }),
    ownerWithout2fa: await onA('owner', false),
  });
  const batch = await startBulkSend(t.db, t.app.mail, { eventId: A.id, template: 'message', recipients: [{ email: 'marco.rossi@technopolis.example.it', locale: 'en' }], data: { subjectLine: 'Programme update', paragraphs: ['The programme has changed.'] }, ratePerMinute: 60 });
  Object.assign(ids, {
    A: A.id, S: S.id, T: T.id, B: B.id,
    messageOfA: (await queue(visaLetter(A.id))).id,
    messageOfB: (await queue(visaLetter(B.id))).id,
    accountMessage: (await queue(visaLetter())).id,
    batchOfA: batch.batchId,
  });
  const [categoryOfA] = await t.db.insert(registrationCategories).values({ eventId: A.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  const [categoryOfB] = await t.db.insert(registrationCategories).values({ eventId: B.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  const [registrationOfA] = await createRegistrations(t.db, A.id, categoryOfA!.id, [{ status: 'pending', familyName: 'Okafor', givenName: 'Amara', organisation: 'Lagos Innovation Hub', country: 'NG', email: 'amara.okafor@example.ng' }]);
  const [registrationOfB] = await createRegistrations(t.db, B.id, categoryOfB!.id, [{ status: 'pending' }]);
  Object.assign(ids, { categoryOfA: categoryOfA!.id, registrationOfA: registrationOfA!.id, registrationOfB: registrationOfB!.id });
  agents.anonymous = new HttpAgent(t.app);
  for (const role of ROLES.slice(1) as Exclude<Role, 'anonymous'>[]) agents[role] = await signIn(users[role]);
});
afterAll(async () => t?.close());

/**
 * Fills {placeholders}: fixture ids; a team member or queued message made for this request alone; {n}, a number new
 * to this request; {totp}, the person’s current authenticator code.
 */
async function fill(template: string, role: Role, n: number): Promise<string> {
  const secret = role === 'anonymous' ? null : users[role].totpSecret;
  const fresh: Record<string, () => Promise<string> | string> = {
    newMemberOfA: async () => (await createUser(t.db, { roles: [[ids.A!, 'jury']] })).id,
    newMemberOfS: async () => (await createUser(t.db, { roles: [[ids.S!, 'jury']] })).id,
    newRegistrationOfA: async () => (await createRegistrations(t.db, ids.A!, ids.categoryOfA!, [{ status: 'pending' }]))[0]!.id,
    versionOfA: async () => String((await t.db.select({ updatedAt: registrations.updatedAt }).from(registrations).where(eq(registrations.id, ids.registrationOfA!)))[0]!.updatedAt.getTime()),
    queuedMessageOfA: async () => (await queue(visaLetter(ids.A))).id,
    n: () => String(n),
    totp: () => (secret ? totpCode(secret, t.clock.now()) : '000000'),
  };
  let text = template;
  for (const [placeholder, name] of template.matchAll(/\{(\w+)\}/g)) {
    const value = fresh[name!] ? await fresh[name!]!() : ids[name!];
    if (value === undefined) throw new Error(`no value for ${placeholder}`);
    text = text.replace(placeholder, value);
  }
  return text;
}

/** One request as `role` (POSTs with a valid form and a CSRF token of the person’s own session): its status. */
async function statusFor(role: Role, method: Row[0], template: string): Promise<number | string> {
  const n = ++counter;
  const url = await fill(template, role, n);
  const agent = agents[role];
  if (method === 'POST') {
    const page = await agent.get(role === 'anonymous' ? '/sign-in' : '/account/two-factor');
    const form: Record<string, string> = { _csrf: csrfTokenIn(page.body) };
    for (const [field, value] of Object.entries(BODIES[template] ?? {})) form[field] = await fill(value, role, n);
    return (await agent.post(url, form)).statusCode;
  }
  const res = await agent.get(url);
  // A page refused before sign-in or enrolment must also send the person to the right place.
  const wanted = role === 'anonymous' ? `/sign-in?next=${encodeURIComponent(url)}` : role === 'ownerWithout2fa' ? '/account/two-factor' : undefined;
  return res.statusCode === 303 && wanted && res.headers.location !== wanted ? `303 to ${res.headers.location}` : res.statusCode;
}

describe('who may do what', () => {
  it('answers every route for every role as the table says', async () => {
    const actual: [string, string, (number | string)[]][] = [];
    for (const [method, template] of TABLE) {
      // A code is accepted once per 30-second step: each row that needs one gets a step of its own.
      if (JSON.stringify(BODIES[template] ?? {}).includes('{totp}')) t.clock.advance({ seconds: 30 });
      const statuses: (number | string)[] = [];
      for (const role of ROLES) statuses.push(await statusFor(role, method, template));
      actual.push([method, template, statuses]);
    }
    // One line per row, so a wrong cell shows as one changed line.
    const lines = (rows: [string, string, (number | string)[]][]) => rows.map(([method, url, statuses]) => `${method} ${url}`.padEnd(56) + statuses.join(' '));
    expect(lines(actual)).toEqual(lines(TABLE));
  });
});

describe('ids of another event in addresses and forms (IDOR)', () => {
  /** What a slipped-through request would change. */
  const state = async () => ({
    roles: await t.database.execute('select * from event_roles order by id'),
    messages: await t.database.execute('select id, status, updated_at from messages order by id'),
    audit: await t.database.execute('select * from audit_log order by id'),
    registrations: await t.database.execute('select * from registrations order by id'),
  });

  it('refuses an owner and an organiser of A everything of B with 404, and changes nothing', async () => {
    const owner = await signIn(await createUser(t.db, { roles: [[ids.A!, 'owner']], totp: true }));
    const organiser = await signIn(await createUser(t.db, { roles: [[ids.A!, 'organiser']], totp: true }));
    const memberOfB = users.organiserOfB.id;
    const before = await state();
    expect(before.roles).toContainEqual(expect.objectContaining({ event_id: ids.B, user_id: memberOfB, role: 'organiser' }));
    expect(before.messages).toContainEqual(expect.objectContaining({ id: ids.messageOfB, status: 'queued' }));

    for (const url of [`/admin/events/${ids.B}`, `/admin/events/${ids.B}/team`, `/admin/events/${ids.B}/audit`, `/admin/events/${ids.B}/mail`, `/admin/mail/${ids.messageOfB}`, `/admin/mail/${ids.messageOfB}/raw`]) {
      expect((await organiser.get(url)).statusCode, url).toBe(404);
      expect((await owner.get(url)).statusCode, url).toBe(404);
    }
    const ownerToken = csrfTokenIn((await owner.get('/account')).body);
    // B's member, removed through A's team (where the owner may manage) or through B's (where they may not).
    expect((await owner.post(`/admin/events/${ids.A}/team/${memberOfB}/remove`, { _csrf: ownerToken })).statusCode).toBe(404);
    expect((await owner.post(`/admin/events/${ids.B}/team/${memberOfB}/remove`, { _csrf: ownerToken })).statusCode).toBe(404);
    expect((await owner.post(`/admin/events/${ids.B}/team`, { _csrf: ownerToken, email: 'intruder@example.org', name: 'Intruder', role: 'owner' })).statusCode).toBe(404);
    const organiserToken = csrfTokenIn((await organiser.get('/account')).body);
    expect((await organiser.post(`/admin/mail/${ids.messageOfB}/resend`, { _csrf: organiserToken })).statusCode).toBe(404);
    expect((await organiser.post(`/admin/mail/${ids.messageOfB}/cancel`, { _csrf: organiserToken })).statusCode).toBe(404);
    // The organiser has no team rights on A at all: refused before the member is even looked up.
    expect((await organiser.post(`/admin/events/${ids.A}/team/${memberOfB}/remove`, { _csrf: organiserToken })).statusCode).toBe(403);
    // B's registration through A's address: as unknown as a made-up one.
    const ofB = `/admin/events/${ids.A}/registrations/${ids.registrationOfB}`;
    expect((await organiser.get(`${ofB}/edit`)).statusCode).toBe(404);
    expect((await organiser.post(`${ofB}/details`, { _csrf: organiserToken, familyName: 'Intruder', givenName: 'An', organisation: 'Elsewhere', country: 'NG', email: 'intruder@example.org', mobile: '+2348031234567' })).statusCode).toBe(404);
    expect((await organiser.post(`${ofB}/cancel`, { _csrf: organiserToken, confirm: 'yes' })).statusCode).toBe(404);

    expect(await state()).toEqual(before);
  });

  it("ignores B's id in the query string and in form fields: A's pages and forms stay about A", async () => {
    const owner = await signIn(await createUser(t.db, { roles: [[ids.A!, 'owner']], totp: true }));
    const log = await owner.get(`/admin/events/${ids.A}/mail?event=${ids.B}`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain(`href="/admin/mail/${ids.messageOfA}"`);
    expect(log.body).not.toContain(ids.messageOfB);

    const teamOfB = await t.database.execute(`select user_id, role from event_roles where event_id = '${ids.B}' order by user_id`);
    const res = await owner.post(`/admin/events/${ids.A}/team`, { _csrf: csrfTokenIn((await owner.get('/account')).body), email: 'zhang.wei@example.cn', name: 'Zhang Wei', role: 'organiser', eventId: ids.B! });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/events/${ids.A}/team`);
    const added = await t.database.execute(`select r.event_id, r.role from event_roles r join users u on u.id = r.user_id where u.email = 'zhang.wei@example.cn'`);
    expect(added).toEqual([{ event_id: ids.A, role: 'organiser' }]);
    expect(await t.database.execute(`select user_id, role from event_roles where event_id = '${ids.B}' order by user_id`)).toEqual(teamOfB);
  });
});
