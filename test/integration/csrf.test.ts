// A state-changing request without a valid CSRF token gets 403 and changes nothing: a test walks EVERY registered
// non-GET route from Fastify's route table, so a route added later is covered automatically.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, invitationCodes, registrationCategories, registrationQuestions, rooms, speakers, tracks, venues } from '../../src/db/schema/index.ts';
import { issueAccessToken } from '../../src/features/access-tokens/service.ts';
import { queueMail } from '../../src/features/mail/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { csrfTokenIn, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent } from '../factories/events.ts';
import { createUser, TEST_PASSWORD, type TestUser } from '../factories/users.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const CSRF_PAGE_TEXT = 'This form has expired or was not sent from this site.';
const NEW_PASSWORD = 'violet lanterns over the harbour 2027';

let t: TestApp;
let admin: TestUser;
let agent: HttpAgent;
/** A second session of the same administrator: its token is valid, but for another session. */
let otherSession: HttpAgent;
const values: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  const forum = await createEvent(t.db, { slug: 'suzhou-industrial-park-forum', title: { en: 'Suzhou Industrial Park Forum', 'zh-CN': '苏州工业园区论坛' } });
  const member = await createUser(t.db, { name: 'Chen Jing', email: 'chen.jing@sip.example.cn', roles: [[forum.id, 'organiser']] });
  admin = await createUser(t.db, { isAdmin: true, totp: true, name: 'Platform Admin' });
  const message = await t.db.transaction((tx) =>
    queueMail(tx, t.app.mail, { to: { email: 'li.na@institute.example.cn', name: '李娜' }, template: 'event-invitation', locale: 'en', eventId: forum.id }),
  );
  const token = (purpose: 'sign-in' | 'password-reset' | 'email-change', data?: Record<string, unknown>) =>
    issueAccessToken(t.db, t.clock, { purpose, subject: member.id, ttlSeconds: 3600, ...(data ? { data } : {}) }).then((issued) => issued.token);
  const [session] = await t.db
    .insert(agendaSessions)
    .values({ eventId: forum.id, type: 'keynote', title: { en: 'Opening keynote', 'zh-CN': '主旨演讲' }, startsAt: new Date('2027-04-01T01:00:00Z'), endsAt: new Date('2027-04-01T02:00:00Z') })
    .returning();
  const [speaker] = await t.db.insert(speakers).values({ eventId: forum.id, name: { en: 'Chen Jing', 'zh-CN': '陈静' } }).returning();
  const [track] = await t.db.insert(tracks).values({ eventId: forum.id, name: { en: 'Smart cities' }, colour: '#8250df' }).returning();
  const [venue] = await t.db.insert(venues).values({ eventId: forum.id, name: { en: 'SIP Expo Centre' } }).returning();
  const [category] = await t.db.insert(registrationCategories).values({ eventId: forum.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' } }).returning();
  await t.db.insert(registrationCategories).values({ eventId: forum.id, code: 'VIP', name: { en: 'VIP' }, position: 1 });
  const [question] = await t.db.insert(registrationQuestions).values({ eventId: forum.id, kind: 'text', label: { en: 'Dietary wishes' } }).returning();
  const [code] = await t.db.insert(invitationCodes).values({ eventId: forum.id, categoryId: category!.id, code: 'GUEST-7KQ2-M9XD' }).returning();
  const [room] = await t.db.insert(rooms).values({ venueId: venue!.id, name: { en: 'Hall 1', 'zh-CN': '1号厅' }, capacity: 300 }).returning();
  Object.assign(values, {
    venueId: venue!.id,
    roomId: room!.id,
    categoryId: category!.id,
    questionId: question!.id,
    codeId: code!.id,
    trackId: track!.id,
    speakerId: speaker!.id,
    eventId: forum.id,
    sessionId: session!.id,
    userId: member.id,
    id: message.id,
    // Unknown manage links: the CSRF check comes first, and the positive control gets a 404.
    '/registrations/manage/:token/details': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/sessions': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/answers': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/files/:questionId': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/identity': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/my-agenda': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/cancel': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/withdraw': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/consent-abroad': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    '/registrations/manage/:token/delete': 'no-such-manage-link-aaaaaaaaaaaaaaaaaaaaaaaa',
    // No such registration of the event: the CSRF check comes first, and the positive control gets a 404.
    registrationId: '01900000-0000-7000-8000-000000000000',
    // No such import of the event: the CSRF check comes first, and the positive control gets a 404.
    importId: '01900000-0000-7000-8000-000000000001',
    // No such check-in of the event: the CSRF check comes first, and the positive control gets a 404.
    checkInId: '01900000-0000-7000-8000-000000000001',
    '/sign-in/link/:token': await token('sign-in'),
    '/password/reset/:token': await token('password-reset'),
    '/email-change/:token': await token('email-change', { email: 'chen.jing@newmail.example.cn' }),
    slug: forum.slug,
    '/speaker/sign-in/:token': (await issueAccessToken(t.db, t.clock, { purpose: 'speaker-sign-in', subject: 'chen.jing@sip.example.cn', ttlSeconds: 3600 })).token,
    '/events/:slug/my-agenda/confirm/:token': (await issueAccessToken(t.db, t.clock, { purpose: 'my-agenda', subject: 'li.na@institute.example.cn', ttlSeconds: 3600, data: { eventId: forum.id } })).token,
    // No such invitation of the event: the CSRF check comes first, and the positive control gets a 404.
    invitationId: '01900000-0000-7000-8000-000000000002',
  });
  // A good link to an invitation that no longer exists: the CSRF check comes first, and the positive control gets a 410.
  const invitationLink = (await issueAccessToken(t.db, t.clock, { purpose: 'speaker-invitation', subject: '01900000-0000-7000-8000-000000000003', ttlSeconds: 3600, data: { eventId: forum.id } })).token;
  values['/speaker-invitations/:token/accept'] = invitationLink;
  values['/speaker-invitations/:token/decline'] = invitationLink;
  // The invite form names the session's role field after its id, known only now.
  Object.assign(BODIES['/admin/events/:eventId/speakers/invitations']!, { session: session!.id, [`role-${session!.id}`]: 'speaker' });
  // Codes are generated for a category of the event, known only now.
  BODIES['/admin/events/:eventId/registration/codes']!.categoryId = category!.id;
  agent = await signedInAgent(t, admin);
  otherSession = await signedInAgent(t, admin);
});
afterAll(async () => t?.close());

/** Each state-changing route once, as "METHOD /path/:param". */
function stateChangingRoutes(): { method: string; url: string }[] {
  const list = t.app.registeredRoutes.filter((route) => !SAFE.has(route.method));
  return [...new Map(list.map((r) => [`${r.method} ${r.url}`, r])).values()];
}

/** The address with plausible values for its parameters; an unknown parameter fails the test so someone picks one. */
function fill(url: string): string {
  return url.replace(/:(\w+)|\*/g, (part, name: string | undefined) => {
    const value = name === 'token' ? values[url] : name && values[name];
    if (!value) throw new Error(`no test value for ${part} in ${url}: add one to csrf.test.ts`);
    return value;
  });
}

/** What a person would send on each form; a route not listed here is posted with an empty form. */
const BODIES: Record<string, Record<string, string>> = {
  '/sign-in': { email: 'chen.jing@sip.example.cn', password: TEST_PASSWORD },
  '/sign-in/two-factor': { code: '492039' },
  '/sign-in/link': { email: 'chen.jing@sip.example.cn', next: '/admin' },
  '/password/forgot': { email: 'chen.jing@sip.example.cn' },
  '/password/reset/:token': { password: NEW_PASSWORD, confirm: NEW_PASSWORD },
  '/account/password': { current: TEST_PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
  '/account/email': { email: 'platform.admin@forumdesk.example.org' },
  '/account/two-factor': { code: '492039' },
  '/account/two-factor/recovery-codes': { 'codes-code': '492039' },
  '/account/two-factor/disable': { 'disable-code': '492039' },
  '/admin/events': { titleEn: 'Hangzhou AI Forum 2027', titleZh: '2027杭州人工智能论坛', slug: 'hangzhou-ai-2027', kind: 'forum', parentId: '', timezone: 'Asia/Shanghai', startDate: '2027-05-18', endDate: '2027-05-19', ownerEmail: 'zhou.min@hz.example.cn' },
  '/admin/events/:eventId/agenda': { type: 'keynote', titleEn: 'Opening keynote', titleZh: '主旨演讲', startsAt: '2027-04-01T09:00', endsAt: '2027-04-01T10:00', language: 'zh' },
  '/admin/events/:eventId/agenda/:sessionId': { type: 'keynote', titleEn: 'Opening keynote', titleZh: '主旨演讲', startsAt: '2027-04-01T09:00', endsAt: '2027-04-01T10:00', language: 'zh' },
  '/admin/events/:eventId/speakers': { nameEn: 'Zhou Min', nameZh: '周敏', country: 'CN' },
  '/admin/events/:eventId/speakers/:speakerId': { nameEn: 'Chen Jing', nameZh: '陈静', country: 'CN' },
  '/admin/events/:eventId/tracks': { nameEn: 'Digital economy', nameZh: '数字经济', colour: '#0969da' },
  '/admin/events/:eventId/tracks/:trackId': { nameEn: 'Smart cities', nameZh: '智慧城市', colour: '#8250df' },
  '/admin/events/:eventId/agenda/invites': {},
  '/admin/events/:eventId/agenda/acknowledgements': { key: '["someone@example.org","a","b"]', reason: 'Opens one session, then leaves for the other.' },
  '/admin/events/:eventId': { titleEn: 'Suzhou Industrial Park Forum', titleZh: '苏州工业园区论坛', timezone: 'Asia/Shanghai', startsAt: '2027-05-18T09:00', endsAt: '2027-05-18T17:00', status: 'draft' },
  '/admin/events/:eventId/venues': { nameEn: 'Jinji Lake Hall', nameZh: '金鸡湖会堂' },
  '/admin/events/:eventId/venues/:venueId/rooms': { roomNameEn: 'Room 1', roomNameZh: '1号厅', capacity: '120' },
  '/events/:slug/register': { familyName: 'Wang', givenName: 'Fang', email: 'wang.fang@example.cn', country: 'CN', mobile: '13800138000', residence: 'mainland', idNumber: '11010519491231002X', consent: 'yes', consentSensitive: 'yes' },
  '/events/:slug/register/link': { email: 'wang.fang@example.cn' },
  '/registrations/manage/:token/details': { familyName: 'Wang', givenName: 'Fang', organisation: 'Tsinghua University', mobile: '13800138000' },
  '/registrations/manage/:token/cancel': { confirm: 'yes' },
  '/admin/events/:eventId/registrations/:registrationId/details': { familyName: 'Okafor', givenName: 'Amara', organisation: 'Lagos Innovation Hub', country: 'NG', email: 'amara.okafor@example.ng', mobile: '+2348031234567' },
  '/admin/events/:eventId/registrations/:registrationId/cancel': { confirm: 'yes', message: 'As agreed on the phone.' },
  '/admin/events/:eventId/registrations/approvals': { decision: 'approve', message: 'Welcome.' },
  // No registration ticked: the positive control gets the form back with "tick at least one person".
  '/admin/events/:eventId/registrations/bulk': { action: 'message', scope: 'selected', subject: 'Shuttle buses', body: 'Buses leave at 8:00.' },
  '/registrations/manage/:token/withdraw': { kind: 'sensitive' },
  '/registrations/manage/:token/consent-abroad': { consentAbroad: 'yes' },
  '/registrations/manage/:token/delete': { confirm: 'yes' },
  '/admin/events/:eventId/agenda/:sessionId/move': { day: '2027-03-27', start: '10:00', roomId: '' },
  '/admin/events/:eventId/agenda/:sessionId/duplicate': { day: '2027-03-27', start: '11:00', roomId: '' },
  '/admin/events/:eventId/venues/:venueId': { nameEn: 'SIP Expo Centre', nameZh: '苏州国际博览中心' },
  '/admin/events/:eventId/venues/:venueId/remove': {},
  '/admin/events/:eventId/rooms/:roomId': { roomNameEn: 'Hall 1', roomNameZh: '1号厅', capacity: '320' },
  '/admin/events/:eventId/rooms/:roomId/remove': {},
  '/admin/events/:eventId/tracks/:trackId/remove': {},
  '/admin/events/:eventId/tracks/:trackId/move': { direction: 'down' },
  '/admin/events/:eventId/team': { email: 'wang.lei@park.example.cn', name: 'Wang Lei', role: 'checkin' },
  '/admin/events/:eventId/team/:userId/role': { role: 'checkin' },
  '/admin/events/:eventId/team/:userId/remove': { confirm: 'yes' },
  '/events/:slug/my-agenda/keep': { email: 'li.na@institute.example.cn', s: '' },
  '/speaker/sign-in': { email: 'chen.jing@sip.example.cn', next: '/speaker/profile' },
  '/speaker/profile': { nameEn: 'Chen Jing', nameZh: '陈静', country: 'CN', bioEn: 'Urban planner.', bioZh: '城市规划师。', publishBio: 'on' },
  '/events/:slug/my-agenda/unstar': { sessionId: '01900000-0000-7000-8000-000000000000' },
  '/admin/events/:eventId/registration': { opensAt: '2027-03-01T09:00', closesAt: '2027-05-10T18:00', capacity: '500', waitlist: 'on' },
  '/admin/events/:eventId/registration/categories': { code: 'MEDIA', nameEn: 'Media', nameZh: '媒体', capacity: '30', visibility: 'public' },
  '/admin/events/:eventId/registration/categories/:categoryId': { code: 'GUEST', nameEn: 'Guests', nameZh: '嘉宾', capacity: '', visibility: 'public' },
  '/admin/events/:eventId/registration/categories/:categoryId/move': { direction: 'down' },
  '/admin/events/:eventId/registration/questions': { kind: 'yes-no', labelEn: 'Will you join the dinner?', labelZh: '您是否参加晚宴？' },
  '/admin/events/:eventId/registration/questions/:questionId': { kind: 'text', labelEn: 'Dietary needs', labelZh: '饮食要求' },
  '/admin/events/:eventId/registration/questions/:questionId/move': { direction: 'down' },
  '/admin/events/:eventId/registration/codes': { categoryId: '', count: '10', maxUses: '1', expiresAt: '' },
  // The upload is multipart in a browser; sent as an ordinary form it has no file, and the positive control gets 422.
  '/admin/events/:eventId/registrations/import': {},
  '/admin/events/:eventId/registrations/import/:importId': { map_email: '0', categoryId: '', status: 'confirmed', defaultLocale: 'en' },
  '/admin/events/:eventId/badges': { layout: 'a4-8', status: 'confirmed', sort: 'name' },
  '/admin/events/:eventId/check-in': { ticket: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', door: 'North entrance' },
  '/admin/events/:eventId/check-in/:checkInId/undo': { door: 'North entrance' },
  '/admin/events/:eventId/speakers/invitations': { speakerId: '', nameEn: 'Zhou Min', nameZh: '周敏', email: 'zhou.min@sip.example.cn', message: 'We would be honoured.', locale: '' },
  '/speaker-invitations/:token/decline': { reason: 'Travelling that week.' },
};

function send(as: HttpAgent, route: { method: string; url: string }, csrf: string | undefined) {
  const fields = { ...BODIES[route.url], ...(csrf === undefined ? {} : { _csrf: csrf }) };
  return as.app.inject({
    method: route.method as 'POST',
    url: fill(route.url),
    remoteAddress: as.remoteAddress,
    headers: { 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded', cookie: as.cookieHeader },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** Row counts of every table in the public schema, and the rows that a slipped-through request would change. */
async function databaseState() {
  const query = (text: string) => t.database.execute(text);
  const tables = (await query(`select tablename from pg_tables where schemaname = 'public' order by tablename`)).map((r) => String(r.tablename));
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await query(`select count(*)::int as n from "${table}"`))[0]!.n);
  return {
    counts,
    users: await query('select * from users order by id'),
    eventRoles: await query('select * from event_roles order by id'),
    auditLog: await query('select * from audit_log order by id'),
    // Every request moves a session's last_seen_at and idle expiry; everything else must stay.
    sessions: await query(`select encode(id_hash, 'hex') as id, user_id, data, created_at, absolute_expires_at, user_agent, ip from sessions order by 1`),
    messages: await query('select id, status, attempts, resend_of, updated_at, sent_at from messages order by id'),
    accessTokens: await query('select id, used_at from access_tokens order by id'),
    events: await query('select * from events order by id'),
    agendaSessions: await query('select * from agenda_sessions order by id'),
    speakers: await query('select * from speakers order by id'),
    tracks: await query('select * from tracks order by id'),
    venues: await query('select * from venues order by id'),
    rooms: await query('select * from rooms order by id'),
    acknowledgements: await query('select * from conflict_acknowledgements order by id'),
    agendaVersions: await query('select * from agenda_versions order by id'),
    personalAgendas: await query('select * from personal_agendas order by id'),
    registrationSettings: await query('select * from registration_settings order by event_id'),
    registrationCategories: await query('select * from registration_categories order by id'),
    registrationQuestions: await query('select * from registration_questions order by id'),
    invitationCodes: await query('select * from invitation_codes order by id'),
    registrationImports: await query('select * from registration_imports order by id'),
    badgeJobs: await query('select id, status, done from badge_jobs order by id'),
    checkIns: await query('select * from check_ins order by id'),
    speakerInvitations: await query('select * from speaker_invitations order by id'),
    sessionPeople: await query('select * from session_people order by session_id, speaker_id'),
  };
}

describe('CSRF protection of every state-changing route', () => {
  it('walks a route table that holds the known routes, and no route claims an exemption', () => {
    const walked = stateChangingRoutes().map((r) => `${r.method} ${r.url}`);
    expect(walked).toEqual(
      expect.arrayContaining([
        'POST /sign-in',
        'POST /sign-in/two-factor',
        'POST /sign-out',
        'POST /sign-in/link',
        'POST /sign-in/link/:token',
        'POST /password/forgot',
        'POST /password/reset/:token',
        'POST /email-change/:token',
        'POST /account/password',
        'POST /account/email',
        'POST /account/two-factor',
        'POST /account/two-factor/recovery-codes',
        'POST /account/two-factor/disable',
        'POST /account/sessions/end-others',
        'POST /account/sign-out-everywhere',
        'POST /admin/events',
        'POST /admin/events/:eventId/team',
        'POST /admin/events/:eventId/team/:userId/remove',
        'POST /admin/mail/:id/resend',
        'POST /admin/mail/:id/cancel',
        'POST /events/:slug/my-agenda/keep',
        'POST /events/:slug/my-agenda/confirm/:token',
        'POST /events/:slug/my-agenda/stars',
        'POST /events/:slug/my-agenda/unstar',
        'POST /registrations/manage/:token/withdraw',
        'POST /registrations/manage/:token/consent-abroad',
        'POST /registrations/manage/:token/delete',
        'POST /admin/events/:eventId/registrations/:registrationId/identity',
        'POST /admin/events/:eventId/registrations/:registrationId/details',
        'POST /admin/events/:eventId/registrations/:registrationId/answers',
        'POST /admin/events/:eventId/registrations/:registrationId/cancel',
        'POST /admin/events/:eventId/registrations/bulk',
        'POST /admin/events/:eventId/agenda/:sessionId/move',
        'POST /admin/events/:eventId/agenda/:sessionId/duplicate',
        'POST /admin/events/:eventId/venues/:venueId',
        'POST /admin/events/:eventId/venues/:venueId/remove',
        'POST /admin/events/:eventId/rooms/:roomId',
        'POST /admin/events/:eventId/rooms/:roomId/remove',
        'POST /admin/events/:eventId/tracks/:trackId/remove',
        'POST /admin/events/:eventId/tracks/:trackId/move',
        'POST /admin/events/:eventId/registrations/import',
        'POST /admin/events/:eventId/registrations/import/:importId',
        'POST /admin/events/:eventId/badges',
        'POST /admin/events/:eventId/check-in',
        'POST /admin/events/:eventId/check-in/:checkInId/undo',
        'POST /admin/events/:eventId/speakers/invitations',
        'POST /admin/events/:eventId/speakers/invitations/:invitationId/remind',
        'POST /speaker-invitations/:token/accept',
        'POST /speaker-invitations/:token/decline',
        'POST /speaker/sign-in',
        'POST /speaker/sign-in/:token',
        'POST /speaker/sign-out',
        'POST /speaker/profile',
        'POST /speaker/photo',
        'POST /speaker/photo/remove',
        'POST /speaker/sessions/:sessionId/slides',
        'POST /speaker/sessions/:sessionId/slides/remove',
      ]),
    );
    const exempt = t.app.registeredRoutes.filter((route) => route.config.csrfExempt).map((route) => `${route.method} ${route.url}`);
    expect(exempt).toEqual([]);
  });

  it('refuses a missing, a forged and another session’s token with 403 and leaves the database as it was', async () => {
    const own = csrfTokenIn((await agent.get('/account')).body);
    const foreign = csrfTokenIn((await otherSession.get('/account')).body);
    expect(foreign).not.toBe(own);
    // The right shape and salt, the wrong signature.
    const forged = own.slice(0, -8) + (own.endsWith('AAAAAAAA') ? 'BBBBBBBB' : 'AAAAAAAA');
    const before = await databaseState();
    expect(Object.keys(before.counts)).toEqual(expect.arrayContaining(['users', 'event_roles', 'sessions', 'audit_log', 'messages', 'access_tokens']));
    expect(before.sessions).toHaveLength(2);
    expect(before.accessTokens).toHaveLength(6);

    for (const route of stateChangingRoutes()) {
      for (const [attempt, csrf] of [['no token', undefined], ['forged token', forged], ["another session's token", foreign]] as const) {
        const res = await send(agent, route, csrf);
        expect(res.statusCode, `${route.method} ${route.url} with ${attempt}`).toBe(403);
        expect(res.body, `${route.method} ${route.url} with ${attempt}`).toContain(CSRF_PAGE_TEXT);
      }
      expect(await databaseState(), `${route.method} ${route.url} changed the database`).toEqual(before);
    }
    // Still signed in: neither sign-out route did anything.
    expect((await agent.get('/account')).statusCode).toBe(200);
  }, 180_000);

  it('accepts the same requests with the session’s own token (positive control)', async () => {
    const routes = stateChangingRoutes();
    for (const [i, route] of routes.entries()) {
      // A fresh administrator per route, from its own address: a changed password or ended sessions touch no other row.
      const fresh = await signedInAgent(t, await createUser(t.db, { isAdmin: true, totp: true }), { remoteAddress: `192.0.2.${i + 1}` });
      const res = await send(fresh, route, csrfTokenIn((await fresh.get('/account')).body));
      expect(res.statusCode, `${route.method} ${route.url}: ${res.body.slice(0, 300)}`).not.toBe(403);
      expect(res.statusCode, `${route.method} ${route.url}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      expect(res.body).not.toContain(CSRF_PAGE_TEXT);
    }
    expect(routes.length).toBeGreaterThanOrEqual(20);
    // One signed-in administrator per route (a password hash each) for every state-changing route of the app.
  }, 180_000);
});
