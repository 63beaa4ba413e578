// The organiser area: each person sees the events they have a role on (sub-forums through their forum) and only the
// sections their role allows; administrators see everything and create events with an owner.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventRoles, events, users } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let forum: { id: string };
let subForum: { id: string };
let other: { id: string };
let admin: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  forum = await createEvent(t.db, { slug: 'live-forum', title: { en: 'Live Forum', 'zh-CN': '现场论坛' }, status: 'published' });
  subForum = await createEvent(t.db, { kind: 'sub-forum', parentId: forum.id, slug: 'live-sub', title: { en: 'Live Sub-forum' }, status: 'draft' });
  other = await createEvent(t.db, { slug: 'draft-forum', title: { en: 'Draft Forum', 'zh-CN': '草稿论坛' }, status: 'draft' });
  admin = await createUser(t.db, { isAdmin: true, totp: true });
});
afterAll(async () => t.close());

const rowsOf = (html: string) => [...html.matchAll(/<a href="\/admin\/events\/([0-9a-f-]+)">/g)].map((m) => m[1]);
/** Each row of the events list as [event id, the role it shows]. */
const rolesOf = (html: string) => [...html.matchAll(/<a href="\/admin\/events\/([0-9a-f-]+)">[\s\S]*?<span class="role-badge">([^<]+)<\/span>/g)].map((m) => [m[1], m[2]]);

describe('/admin', () => {
  it('sends people who are not signed in to the sign-in page and back afterwards', async () => {
    const res = await new HttpAgent(t.app).get('/admin');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fadmin');
  });

  it('shows an administrator every event, drafts included, and the way to create one', async () => {
    const agent = await signedInAgent(t, admin);
    const res = await agent.get('/admin');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<body class="admin">');
    expect(rowsOf(res.body).sort()).toEqual([forum.id, subForum.id, other.id].sort());
    expect(res.body).toContain('<a class="button" href="/admin/events/new">Create an event</a>');
    expect(res.body).toContain('<span class="badge badge--draft">Draft</span>');
  });

  it("shows an organiser their forum and its sub-forums with the inherited role, nothing else", async () => {
    const organiser = await createUser(t.db, { roles: [[forum.id, 'organiser']] });
    const agent = await signedInAgent(t, organiser);
    const res = await agent.get('/admin');
    expect(rowsOf(res.body)).toEqual([forum.id, subForum.id]);
    expect(res.body.match(/<span class="role-badge">Organiser<\/span>/g)).toHaveLength(2);
    expect(res.body).not.toContain('Draft Forum');
    expect(res.body).not.toContain('/admin/events/new');
    expect((await agent.get('/admin/events/new')).statusCode).toBe(403);
  });

  it('gives a forum organiser with a lower role of their own on a sub-forum the higher one, organiser, there', async () => {
    // A lower row like this one is no longer made on the team page; one made before that must not take rights away.
    const person = await createUser(t.db, { roles: [[forum.id, 'organiser'], [subForum.id, 'speaker']] });
    const agent = await signedInAgent(t, person);
    expect(rolesOf((await agent.get('/admin')).body)).toEqual([[forum.id, 'Organiser'], [subForum.id, 'Organiser']]);
    const overview = await agent.get(`/admin/events/${subForum.id}`);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain(`href="/admin/events/${subForum.id}/mail"`);
    expect((await agent.get(`/admin/events/${subForum.id}/audit`)).statusCode).toBe(200);
    // The same id in capitals is the same event, with the same role.
    expect((await agent.get(`/admin/events/${subForum.id.toUpperCase()}/audit`)).statusCode).toBe(200);
  });

  it('gives an organiser of a sub-forum who is check-in staff of its forum the higher role on each', async () => {
    const person = await createUser(t.db, { roles: [[forum.id, 'checkin'], [subForum.id, 'organiser']] });
    const agent = await signedInAgent(t, person);
    expect(rolesOf((await agent.get('/admin')).body)).toEqual([[forum.id, 'Check-in staff'], [subForum.id, 'Organiser']]);
    expect((await agent.get(`/admin/events/${subForum.id}/audit`)).statusCode).toBe(200);
    expect((await agent.get(`/admin/events/${forum.id}/audit`)).statusCode).toBe(403);
  });

  it('shows each role only the sections it may open', async () => {
    const owner = await createUser(t.db, { roles: [[forum.id, 'owner']], totp: true });
    const checkin = await createUser(t.db, { roles: [[forum.id, 'checkin']] });
    const ownerPage = (await (await signedInAgent(t, owner)).get(`/admin/events/${forum.id}`)).body;
    for (const section of ['team', 'mail', 'audit']) expect(ownerPage).toContain(`href="/admin/events/${forum.id}/${section}"`);
    const checkinPage = (await (await signedInAgent(t, checkin)).get(`/admin/events/${forum.id}`)).body;
    for (const section of ['team', 'mail', 'audit']) expect(checkinPage).not.toContain(`href="/admin/events/${forum.id}/${section}"`);
    expect(checkinPage).toContain('<span class="role-badge">Check-in staff</span>');
  });

  it('names each page in the browser tab by its heading and event, so many open tabs can be told apart', async () => {
    const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }));
    const titleOf = async (path: string) => /<title>([^<]*)<\/title>/.exec((await organiser.get(path)).body)?.[1];
    expect(await titleOf(`/admin/events/${forum.id}/registrations`)).toBe('Participants · Live Forum · Organiser area · Forum Desk');
    expect(await titleOf(`/admin/events/${forum.id}/agenda`)).toBe('Agenda · Live Forum · Organiser area · Forum Desk');
    // The event's own page is headed by its name: said once.
    expect(await titleOf(`/admin/events/${forum.id}`)).toBe('Live Forum · Organiser area · Forum Desk');
    expect(await titleOf(`/admin/events/${other.id}`)).toBe('Page not found · Organiser area · Forum Desk');
    // A staff error page leads back to the staff's own events, and a refusal speaks of their role.
    const missing = await organiser.get(`/admin/events/${other.id}`);
    expect(missing.body).toContain('<p class="error-page__action"><a class="button" href="/admin">Go to my events</a></p>');
    const refused = await organiser.get(`/admin/events/${forum.id}/team`);
    expect([refused.statusCode, refused.body.includes('Your role on this event does not include this page.')]).toEqual([403, true]);
    // An administrator's page is no event's: nothing about a role the event's owner could change.
    const adminOnly = await organiser.get('/admin/mail');
    expect([adminOnly.statusCode, adminOnly.body.includes('Your role on this event')]).toEqual([403, false]);
    expect(/<title>([^<]*)<\/title>/.exec((await new HttpAgent(t.app).get('/sign-in')).body)?.[1]).toBe('Sign in · Forum Desk');
  });

  it('speaks Chinese to a Chinese reader', async () => {
    const agent = await signedInAgent(t, admin, { lang: 'zh-CN' });
    const res = await agent.get('/admin');
    expect(res.body).toContain('<h1>全部活动</h1>');
    expect(res.body).toContain('草稿论坛');
  });
});

describe('two-factor sign-in for administrators and owners', () => {
  it('sends an administrator without it to the set-up page before anything else', async () => {
    const newAdmin = await createUser(t.db, { isAdmin: true });
    const agent = await signedInAgent(t, newAdmin);
    const res = await agent.get('/admin');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/two-factor');
    const setUp = await agent.get('/account/two-factor');
    expect(setUp.statusCode).toBe(200);
    expect(setUp.body).toContain('Administrators and event owners must use two-factor sign-in.');
  });
});

describe('creating an event', () => {
  const valid = { titleEn: 'Green Tech Forum 2027', titleZh: '2027绿色技术论坛', slug: 'green-tech-2027', kind: 'forum', parentId: '', timezone: 'Europe/Berlin', startDate: '2027-03-10', endDate: '2027-03-11', ownerEmail: 'Owner.Person@Example.org ' };

  it('refuses bad input with a message per field, status 422 and nothing written', async () => {
    const agent = await signedInAgent(t, admin);
    const before = (await t.db.select().from(events)).length;
    const res = await agent.submit('/admin/events/new', { ...valid, titleEn: '', titleZh: '', slug: 'Green Tech!', kind: 'sub-forum', timezone: 'Mars/Olympus', startDate: '2027-03-10', endDate: '2027-02-30', ownerEmail: 'nobody' }, '/admin/events');
    expect(res.statusCode).toBe(422);
    for (const message of [
      'Give the title in English, in Chinese or both.',
      'Use lower-case letters, digits and single hyphens, at most 80 characters, e.g. zgc-forum-2026.',
      'A sub-forum needs the forum it belongs to.',
      'Enter a time zone such as Asia/Shanghai.',
      'Enter a date such as 2026-09-17.',
      'Enter an e-mail address such as name@example.org.',
    ]) {
      expect(res.body).toContain(message);
    }
    expect(res.body).toContain('value="Green Tech!"');
    expect((await t.db.select().from(events)).length).toBe(before);
  });

  it('creates a draft with its owner, audits it and mails the owner a sign-in link', async () => {
    const agent = await signedInAgent(t, admin);
    const res = await agent.submit('/admin/events/new', valid, '/admin/events');
    expect(res.statusCode).toBe(303);
    const [event] = await t.db.select().from(events).where(eq(events.slug, 'green-tech-2027'));
    expect(res.headers.location).toBe(`/admin/events/${event!.id}`);
    expect(event).toMatchObject({ kind: 'forum', status: 'draft', timezone: 'Europe/Berlin', title: { en: 'Green Tech Forum 2027', 'zh-CN': '2027绿色技术论坛' } });
    // Whole days in the event’s zone: 10 March 00:00 to 12 March 00:00, Berlin time (UTC+1).
    expect(event!.startsAt.toISOString()).toBe('2027-03-09T23:00:00.000Z');
    expect(event!.endsAt.toISOString()).toBe('2027-03-11T23:00:00.000Z');
    const [owner] = await t.db.select().from(users).where(eq(users.email, 'owner.person@example.org'));
    expect(owner).toMatchObject({ passwordHash: null, isAdmin: false });
    expect(await t.db.select({ role: eventRoles.role }).from(eventRoles).where(eq(eventRoles.eventId, event!.id))).toEqual([{ role: 'owner' }]);
    const audit = await t.db.select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(eq(auditLog.eventId, event!.id));
    expect(audit.map((a) => a.action)).toEqual(['event.create', 'user.create', 'team.add']);
    expect(new Set(audit.map((a) => a.actorId))).toEqual(new Set([admin.id]));

    const mail = await t.mail.waitForTo('owner.person@example.org');
    expect(mail.subject).toBe('You have been added to Green Tech Forum 2027');
    expect(mail.text ?? '').toContain('You have been added to the team of Green Tech Forum 2027 as Owner.');
    const link = /http:\/\/forumdesk\.test(\/sign-in\/link\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    // The owner follows the link, and must set up two-factor sign-in first.
    const ownerAgent = new HttpAgent(t.app);
    const signedIn = await ownerAgent.submit(link, {});
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe(`/admin/events/${event!.id}`);
    expect((await ownerAgent.follow(signedIn)).headers.location).toBe('/account/two-factor');
  });

  it('creates several sub-forums of one forum at once, each with its owner (no deadlock on the forum row)', async () => {
    const parent = await createEvent(t.db, { kind: 'forum', slug: 'busy-forum-2027', timezone: 'Europe/Berlin', startsAt: new Date('2027-03-09T23:00:00Z'), endsAt: new Date('2027-03-11T23:00:00Z') });
    const agent = await signedInAgent(t, admin);
    const hidden = hiddenFields((await agent.get('/admin/events/new')).body, '/admin/events');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => agent.post('/admin/events', { ...hidden, ...valid, slug: `busy-sub-${i}-2027`, kind: 'sub-forum', parentId: parent.id, ownerEmail: `sub.owner.${i}@example.org` })),
    );
    expect(answers.map((r) => r.statusCode), /error-summary[\s\S]{0,900}/.exec(answers[0]!.body)?.[0]).toEqual([303, 303, 303, 303, 303, 303]);
    const subs = await t.db.select({ id: events.id }).from(events).where(eq(events.parentId, parent.id));
    expect(subs).toHaveLength(6);
    for (const sub of subs) expect(await t.db.select({ role: eventRoles.role }).from(eventRoles).where(eq(eventRoles.eventId, sub.id))).toEqual([{ role: 'owner' }]);
  });

  it('keeps the time zone by its IANA name however it was typed', async () => {
    const agent = await signedInAgent(t, admin);
    for (const [typed, slug, kept] of [['europe/rome', 'rome-lower-case-2027', 'Europe/Rome'], [' Asia/Calcutta ', 'calcutta-old-name-2027', 'Asia/Kolkata']] as const) {
      const res = await agent.submit('/admin/events/new', { ...valid, slug, timezone: typed, ownerEmail: 'zone.owner@example.org' }, '/admin/events');
      expect(res.statusCode, typed).toBe(303);
      const [event] = await t.db.select().from(events).where(eq(events.slug, slug));
      expect(event!.timezone).toBe(kept);
    }
  });

  it('refuses a web address that is taken', async () => {
    const agent = await signedInAgent(t, admin);
    const res = await agent.submit('/admin/events/new', { ...valid, slug: 'live-forum', ownerEmail: 'x@example.org' }, '/admin/events');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Another event already uses this web address. Choose another.');
  });
});

describe('route permissions', () => {
  it('refuses to start when an organiser route names no permission', async () => {
    await expect(
      buildTestApp({
        extend: (app) => {
          app.get('/admin/forgotten', async () => 'secret');
        },
      }),
    ).rejects.toThrow('GET /admin/forgotten is an organiser route and must name a permission');
  });
});
