// Event teams: owners add people by e-mail with a role (an account without password is made, a sign-in link is
// mailed), change roles and remove people (after a confirmation); every change leaves one audit row; an event always
// keeps an owner, its own or one it has through its forum (sub-forums: team-sub-forum.test.ts).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, eventRoles, users } from '../../src/db/schema/index.ts';
import { addTeamMember } from '../../src/features/accounts/team.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { OWNER_RULE, removeFrom, templatesTo } from '../helpers/team.ts';
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
    expect(mail.text).toContain('If you did not expect this, ignore this message or tell the organisers.');
    // Staff are not participants: the footer says why they got it.
    expect(mail.text).toContain('You receive this message because you were added to the team of an event run with Forum Desk.');
    expect(mail.text).not.toContain('participation');
  });

  it('changes the role of someone already on the team without a new invitation, and does nothing for the same role twice', async () => {
    const person = await createUser(t.db, { roles: [[event.id, 'checkin']] });
    const first = await agent.submit(team(''), { email: person.email, name: '', role: 'organiser' });
    expect((await agent.follow(first)).body).toContain(`${person.email} is now Organiser. They were told by e-mail.`);
    const second = await agent.submit(team(''), { email: person.email, name: '', role: 'organiser' });
    expect((await agent.follow(second)).body).toContain(`${person.email} already has the role Organiser. Nothing was changed.`);
    expect(await roleOf(person.id)).toBe('organiser');
    expect(await auditOf()).toEqual([
      { action: 'team.change-role', actorId: owner.id, targetId: person.id, before: { email: person.email, role: 'checkin' }, after: { email: person.email, role: 'organiser' } },
    ]);
    expect(await templatesTo(t.db, person.email)).toEqual(['team-role-changed']);
  });

  it('gives someone who has an account the role with the short role mail, never a new sign-in link', async () => {
    const sub = await createEvent(t.db, { kind: 'sub-forum', parentId: event.id, title: { en: 'Digital Silk Road Session' } });
    // Owner of the sub-forum already, through the forum, and able to sign in: adding them there is no invitation.
    const res = await agent.submit(`/admin/events/${sub.id}/team`, { email: owner.email, name: '', role: 'owner' });
    expect(res.statusCode).toBe(303);
    expect((await agent.follow(res)).body).toContain(`${owner.email} is now Owner. They were told by e-mail.`);
    const mail = await t.mail.waitForTo(owner.email);
    expect(mail.subject).toBe('Your role on Digital Silk Road Session has changed');
    expect(mail.text).toContain('Your role on the team of Digital Silk Road Session is now Owner.');
    expect(mail.text).not.toContain('/sign-in/link/');
    // Someone with an account on no team of this event is not invited again either.
    const person = await createUser(t.db, { name: 'Wang Lei' });
    await agent.submit(team(''), { email: person.email, name: '', role: 'jury' });
    expect(await roleOf(person.id)).toBe('jury');
    expect(await templatesTo(t.db, person.email)).toEqual(['team-role-changed']);
    expect(await templatesTo(t.db, owner.email)).toEqual(['team-role-changed']);
    expect(await auditOf()).toEqual([{ action: 'team.add', actorId: owner.id, targetId: person.id, before: null, after: { email: person.email, role: 'jury' } }]);
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

describe('changing a role from the team list', () => {
  it('changes it, audits it, and tells the person by mail without a new sign-in link', async () => {
    const person = await createUser(t.db, { name: 'Wang Lei', roles: [[event.id, 'checkin']] });
    const page = await agent.get(team(''));
    expect(page.body).toContain(`<label class="visually-hidden" for="role-${person.id}">Role of ${person.email}</label>`);
    expect(page.body).toContain('<option value="checkin" selected>Check-in staff</option>');
    const res = await agent.submit(team(''), { role: 'organiser' }, team(`/${person.id}/role`));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(team(''));
    expect((await agent.follow(res)).body).toContain(`${person.email} is now Organiser. They were told by e-mail.`);
    expect(await roleOf(person.id)).toBe('organiser');
    expect(await auditOf()).toEqual([
      { action: 'team.change-role', actorId: owner.id, targetId: person.id, before: { email: person.email, role: 'checkin' }, after: { email: person.email, role: 'organiser' } },
    ]);
    const mail = await t.mail.waitForTo(person.email);
    expect(mail.subject).toBe('Your role on Belt and Road Innovation Forum has changed');
    expect(mail.text).toContain('Your role on the team of Belt and Road Innovation Forum is now Organiser.');
    expect(mail.text).toContain(`Open the event in Forum Desk:\nhttp://forumdesk.test/admin/events/${event.id}\n`);
    expect(mail.text).not.toContain('/sign-in/link/');
    expect(mail.text).toContain('If you did not expect this, tell the organisers.');
    expect(mail.text).toContain('You receive this message because you are on the team of an event run with Forum Desk.');
    expect(mail.text).not.toContain('participation');
  });

  it('shows the change in words in the audit log, in both languages', async () => {
    const person = await createUser(t.db, { roles: [[event.id, 'checkin']] });
    await agent.submit(team(''), { role: 'owner' }, team(`/${person.id}/role`));
    const en = await agent.get(`/admin/events/${event.id}/audit`);
    // (The database keeps a row's fields in its own order: role first.)
    expect(en.body).toContain(`<pre class="audit-change">Role: Check-in staff\nE-mail: ${person.email}</pre>`);
    expect(en.body).toContain(`<pre class="audit-change">Role: Owner\nE-mail: ${person.email}</pre>`);
    const zh = await agent.get(`/admin/events/${event.id}/audit?lang=zh-CN`);
    expect(zh.body).toContain(`<pre class="audit-change">角色：负责人\n电子邮箱：${person.email}</pre>`);
  });

  it('refuses an unknown role, and a person not on the team, changing nothing', async () => {
    const person = await createUser(t.db, { roles: [[event.id, 'checkin']] });
    const bad = await agent.submit(team(''), { role: 'emperor' }, team(`/${person.id}/role`));
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<li>Choose a role.</li>');
    const stranger = await createUser(t.db);
    expect((await agent.submit(team(''), { role: 'jury' }, team(`/${stranger.id}/role`))).statusCode).toBe(404);
    expect(await roleOf(person.id)).toBe('checkin');
    expect(await roleOf(stranger.id)).toBeUndefined();
    expect(await auditOf()).toEqual([]);
  });

  it('keeps the last owner from demoting themselves, with the reason on the team page', async () => {
    for (const res of [
      await agent.submit(team(''), { role: 'organiser' }, team(`/${owner.id}/role`)),
      await agent.submit(team(''), { email: owner.email, name: '', role: 'organiser' }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.body).toContain('<h1>Team</h1>');
      expect(res.body).toContain(`<li>${OWNER_RULE('Belt and Road Innovation Forum')}</li>`);
    }
    expect(await roleOf(owner.id)).toBe('owner');
    expect(await auditOf()).toEqual([]);
  });

  it('sends an owner who made themselves organiser to the event, where they still may go', async () => {
    await createUser(t.db, { roles: [[event.id, 'owner']] });
    const res = await agent.submit(team(''), { role: 'organiser' }, team(`/${owner.id}/role`));
    expect(res.headers.location).toBe(`/admin/events/${event.id}`);
    expect((await agent.follow(res)).statusCode).toBe(200);
  });
});

describe('removing people', () => {
  it('asks first, then takes the role away at once and audits it', async () => {
    const person = await createUser(t.db, { name: 'Wang Lei', roles: [[event.id, 'organiser']] });
    const theirs = await signedInAgent(t, person);
    expect((await theirs.get(`/admin/events/${event.id}`)).statusCode).toBe(200);
    const ask = await agent.submit(team(''), {}, team(`/${person.id}/remove`));
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('<h1>Remove Wang Lei from the team?</h1>');
    expect(ask.body).toContain('They lose their role (Organiser) on this event at once. You can add them again later.');
    expect(ask.body).toContain('<button class="button button--danger" type="submit" name="confirm" value="yes">Yes, remove</button>');
    expect(ask.body).toContain(`<a href="/admin/events/${event.id}/team">Cancel</a>`);
    expect(await roleOf(person.id)).toBe('organiser');
    const res = await removeFrom(agent, event.id, person.id);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(team(''));
    expect((await agent.follow(res)).body).toContain('The person was removed from the team.');
    expect(await roleOf(person.id)).toBeUndefined();
    expect(await auditOf()).toEqual([{ action: 'team.remove', actorId: owner.id, targetId: person.id, before: { email: person.email, role: 'organiser' }, after: null }]);
    expect((await theirs.get(`/admin/events/${event.id}`)).statusCode).toBe(404);
  });

  it('sends someone who removed themselves to their events, with the message', async () => {
    await createUser(t.db, { roles: [[event.id, 'owner']] });
    const ask = await agent.submit(team(''), {}, team(`/${owner.id}/remove`));
    // A forum without a parent: nothing is said of a role through a forum.
    expect(ask.body).toContain('<p class="lead">This is you: once removed, you can no longer manage this team or open this event.</p>');
    const res = await removeFrom(agent, event.id, owner.id);
    expect(res.headers.location).toBe('/admin');
    const landing = await agent.follow(res);
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toContain('The person was removed from the team.');
    expect(await roleOf(owner.id)).toBeUndefined();
  });

  it('says up front, without the button, that the only owner cannot be removed', async () => {
    for (const [as, texts] of [
      [agent, ['<p class="lead">This would leave “Belt and Road Innovation Forum” without an owner.', `<a href="/admin/events/${event.id}/team">Back to the team</a>`]],
      [await signedInAgent(t, owner, { lang: 'zh-CN' }), ['<p class="lead">此操作将使一带一路创新论坛没有负责人。', '返回团队</a>']],
    ] as const) {
      const ask = await as.submit(team(''), {}, team(`/${owner.id}/remove`));
      expect(ask.statusCode).toBe(200);
      for (const text of texts) expect(ask.body).toContain(text);
      expect(ask.body).not.toContain('name="confirm"');
    }
    expect(await roleOf(owner.id)).toBe('owner');
    expect(await auditOf()).toEqual([]);
  });

  it('keeps the last owner, with the reason on the team page', async () => {
    const res = await removeFrom(agent, event.id, owner.id);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(`<li>${OWNER_RULE('Belt and Road Innovation Forum')}</li>`);
    expect(await roleOf(owner.id)).toBe('owner');
    expect(await auditOf()).toEqual([]);
  });

  it('says in Chinese why the last owner stays', async () => {
    const zh = await signedInAgent(t, owner, { lang: 'zh-CN' });
    const res = await removeFrom(zh, event.id, owner.id);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('此操作将使一带一路创新论坛没有负责人。每个活动至少需要一位负责人（在活动本身或其所属论坛中设置）：请先将其他人设为负责人。');
  });
});
