// Event teams: owners add people by e-mail with a role (an account without password is made, a sign-in link is
// mailed), change roles and remove people; every change leaves one audit row; an event always keeps an owner.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, eventRoles, users } from '../../src/db/schema/index.ts';
import { addTeamMember } from '../../src/features/accounts/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, type EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let owner: TestUser;
let agent: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  event = await createEvent(t.db, { title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' } });
  owner = await createUser(t.db, { totp: true, roles: [[event.id, 'owner']] });
  agent = await signedInAgent(t, owner);
});

const roleOf = async (userId: string) =>
  (await t.db.select({ role: eventRoles.role }).from(eventRoles).where(and(eq(eventRoles.eventId, event.id), eq(eventRoles.userId, userId))))[0]?.role;
const auditOf = async () =>
  (await t.db.select().from(auditLog).where(eq(auditLog.eventId, event.id)).orderBy(auditLog.createdAt, auditLog.id)).map((row) => ({
    action: row.action,
    actorId: row.actorId,
    targetId: row.targetId,
    before: row.before,
    after: row.after,
  }));
const team = (page: string) => `/admin/events/${event.id}/team`.concat(page);

describe('adding people', () => {
  it('makes an account without password, gives the role, audits it and mails a sign-in link', async () => {
    const res = await agent.submit(team(''), { email: ' Li.Na@Institute.example.cn', name: '李娜', role: 'checkin' });
    expect(res.statusCode).toBe(303);
    expect((await agent.follow(res)).body).toContain('The invitation was sent.');
    const [person] = await t.db.select().from(users).where(eq(users.email, 'li.na@institute.example.cn'));
    expect(person).toMatchObject({ name: '李娜', passwordHash: null, isAdmin: false });
    expect(await roleOf(person!.id)).toBe('checkin');
    expect(await auditOf()).toEqual([
      { action: 'user.create', actorId: owner.id, targetId: person!.id, before: null, after: { email: 'li.na@institute.example.cn', name: '李娜' } },
      { action: 'team.add', actorId: owner.id, targetId: person!.id, before: null, after: { email: 'li.na@institute.example.cn', role: 'checkin' } },
    ]);
    const mail = await t.mail.waitForTo('li.na@institute.example.cn');
    expect(mail.subject).toBe('You have been added to Belt and Road Innovation Forum');
    expect(mail.text).toContain('Dear 李娜,');
    expect(mail.text).toContain('as Check-in staff.');
    expect(mail.text).toMatch(/http:\/\/forumdesk\.test\/sign-in\/link\/[A-Za-z0-9_-]{43}\n/);
    expect(mail.text).toContain('The link works once, within 7 days.');
  });

  it('changes the role of someone already on the team, and does nothing for the same role twice', async () => {
    const person = await createUser(t.db, { roles: [[event.id, 'checkin']] });
    await agent.submit(team(''), { email: person.email, name: '', role: 'organiser' });
    await agent.submit(team(''), { email: person.email, name: '', role: 'organiser' });
    expect(await roleOf(person.id)).toBe('organiser');
    expect(await auditOf()).toEqual([
      { action: 'team.change-role', actorId: owner.id, targetId: person.id, before: { email: person.email, role: 'checkin' }, after: { email: person.email, role: 'organiser' } },
    ]);
  });

  it('refuses bad input field by field, with 422 and nothing written', async () => {
    const before = (await t.db.select().from(users)).length;
    const res = await agent.submit(team(''), { email: 'li.na@', name: 'x'.repeat(201), role: 'emperor' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-email">Enter an e-mail address such as name@example.org.</a>');
    expect(res.body).toContain('<a href="#field-name">This is too long: use at most 200 characters.</a>');
    expect(res.body).toContain('<a href="#field-role">Choose a role.</a>');
    expect(res.body).toContain('value="li.na@"');
    expect((await t.db.select().from(users)).length).toBe(before);
    expect(await auditOf()).toEqual([]);
  });

  it('writes nothing at all when the surrounding transaction fails', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await addTeamMember(tx, t.clock, t.app.mail, { actorId: owner.id, requestId: 'test' }, { eventId: event.id, eventTitle: 'x', email: 'rolled.back@example.org', name: '', role: 'jury', locale: 'en' });
        throw new Error('something later failed');
      }),
    ).rejects.toThrow('something later failed');
    expect(await t.db.select().from(users).where(eq(users.email, 'rolled.back@example.org'))).toEqual([]);
    expect(await auditOf()).toEqual([]);
  });
});

describe('the invitation in the mail log', () => {
  it('is listed for the event, but its link is shown to nobody', async () => {
    await agent.submit(team(''), { email: 'private.link@example.org', name: '', role: 'jury' });
    await t.mail.waitForTo('private.link@example.org');
    const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
    const log = await organiser.get(`/admin/events/${event.id}/mail`);
    const id = /<a href="\/admin\/mail\/([0-9a-f-]{36})">You have been added to Belt and Road Innovation Forum<\/a>/.exec(log.body)?.[1];
    expect(id).toBeDefined();
    const page = await organiser.get(`/admin/mail/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The contents of this message are not shown');
    expect(page.body).not.toContain('/sign-in/link/');
    expect(page.body).not.toContain(`/admin/mail/${id}/html`);
    for (const part of ['raw', 'html', 'attachments/0']) {
      const res = await organiser.get(`/admin/mail/${id}/${part}`);
      expect(res.statusCode, part).toBe(403);
      expect(res.body).toContain('This message holds a personal link and is not shown to anyone but its recipient.');
    }
    // Not even to an administrator.
    const admin = await signedInAgent(t, await createUser(t.db, { isAdmin: true, totp: true }));
    expect((await admin.get(`/admin/mail/${id}/raw`)).statusCode).toBe(403);
  });
});

describe('removing people', () => {
  it('takes the role away at once and audits it', async () => {
    const person = await createUser(t.db, { roles: [[event.id, 'organiser']] });
    const theirs = await signedInAgent(t, person);
    expect((await theirs.get(`/admin/events/${event.id}`)).statusCode).toBe(200);
    const res = await agent.submit(team(''), {}, team(`/${person.id}/remove`));
    expect(res.statusCode).toBe(303);
    expect(await roleOf(person.id)).toBeUndefined();
    expect(await auditOf()).toEqual([{ action: 'team.remove', actorId: owner.id, targetId: person.id, before: { email: person.email, role: 'organiser' }, after: null }]);
    expect((await theirs.get(`/admin/events/${event.id}`)).statusCode).toBe(404);
  });

  it('keeps the last owner from demoting themselves', async () => {
    const res = await agent.submit(team(''), { email: owner.email, name: '', role: 'organiser' });
    expect(res.statusCode).toBe(409);
    expect(await roleOf(owner.id)).toBe('owner');
  });

  it('keeps the last owner', async () => {
    const res = await agent.submit(team(''), {}, team(`/${owner.id}/remove`));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('An event needs at least one owner.');
    expect(await roleOf(owner.id)).toBe('owner');
    expect(await auditOf()).toEqual([]);
  });
});

describe('sub-forums', () => {
  it("list the forum’s team as inherited, and a person added on the sub-forum overrides it", async () => {
    const sub = await createEvent(t.db, { kind: 'sub-forum', parentId: event.id, title: { en: 'Digital Silk Road Session' } });
    const organiser = await createUser(t.db, { name: 'Chen Jie', roles: [[event.id, 'organiser']] });
    const page = await agent.get(`/admin/events/${sub.id}/team`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2>From the forum</h2>');
    expect(page.body).toContain(`Chen Jie · ${organiser.email} — <span class="role-badge">Organiser</span>`);
    await agent.submit(`/admin/events/${sub.id}/team`, { email: organiser.email, name: '', role: 'speaker' });
    const organiserAgent = await signedInAgent(t, organiser);
    expect((await organiserAgent.get(`/admin/events/${sub.id}/audit`)).statusCode).toBe(403);
    expect((await organiserAgent.get(`/admin/events/${event.id}/audit`)).statusCode).toBe(200);
  });
});
