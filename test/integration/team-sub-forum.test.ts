// The team of a sub-forum: it has its forum's team, and a person's role there is the higher of their own and their
// forum role, so the sub-forum's team page can give a forum's people more, never less; and it keeps an owner.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, eventRoles } from '../../src/db/schema/index.ts';
import { permissionsOf, ROLE_PERMISSIONS } from '../../src/features/accounts/permissions.ts';
import { findEffectiveRole } from '../../src/features/accounts/queries.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { OWNER_RULE, removeFrom, templatesTo } from '../helpers/team.ts';
import { createEvent, type EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let forum: EventRow;
let sub: EventRow;
let owner: TestUser;
let other: TestUser;
let agent: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  forum = await createEvent(t.db, { title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' } });
  sub = await createEvent(t.db, { kind: 'sub-forum', parentId: forum.id, title: { en: 'Digital Silk Road Session', 'zh-CN': '数字丝绸之路分论坛' } });
  owner = await createUser(t.db, { name: 'Zhao Min', totp: true, roles: [[forum.id, 'owner']] });
  other = await createUser(t.db, { totp: true, roles: [[forum.id, 'owner']] });
  agent = await signedInAgent(t, owner);
});

const subTeam = (page = '') => `/admin/events/${sub.id}/team${page}`;
const forumTeam = (page = '') => `/admin/events/${forum.id}/team${page}`;
const rolesOn = async (eventId: string) => (await t.db.select({ userId: eventRoles.userId, role: eventRoles.role }).from(eventRoles).where(eq(eventRoles.eventId, eventId))).sort((a, b) => a.userId.localeCompare(b.userId));
const auditOf = async (eventId: string) => t.db.select().from(auditLog).where(eq(auditLog.eventId, eventId));
/** A row on the sub-forum below the person's forum role: the team page refuses to make one, but rows from before remain. */
const lowerRowOnSub = (userId: string, role: 'checkin' | 'organiser') => t.db.insert(eventRoles).values({ eventId: sub.id, userId, role });
const BELOW_FORUM = (person: string, role: string) =>
  `${person} is ${role} on the forum “Belt and Road Innovation Forum”, and so ${role} here too: a sub-forum can give a forum’s team a higher role, never a lower one. Choose ${role} or a higher role, or ask an owner of the forum to change their role there.`;

describe('the role that counts on a sub-forum', () => {
  it('is owner, with every owner right, for a forum owner whose own row there says check-in staff', async () => {
    await lowerRowOnSub(owner.id, 'checkin');
    expect(await findEffectiveRole(t.db, owner.id, sub.id)).toEqual({ exists: true, role: 'owner', parentId: forum.id });
    expect([...permissionsOf(false, (await findEffectiveRole(t.db, owner.id, sub.id)).role)]).toEqual(ROLE_PERMISSIONS.owner);
    // The team page is for owners only.
    const page = await agent.get(subTeam());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<select id="role-${owner.id}" name="role" aria-describedby="role-note-${owner.id}">`);
    expect(page.body).toContain(`<p class="muted team-role__note" id="role-note-${owner.id}">Check-in staff here; Owner through the forum, and that higher role is the one that counts.</p>`);
    const zh = await (await signedInAgent(t, owner, { lang: 'zh-CN' })).get(subTeam());
    expect(zh.body).toContain(`<p class="muted team-role__note" id="role-note-${owner.id}">在此为签到人员；通过所属论坛为负责人，以权限更高的后者为准。</p>`);
  });

  it('stays organiser for an organiser of the sub-forum who is check-in staff of the forum', async () => {
    const person = await createUser(t.db, { roles: [[forum.id, 'checkin'], [sub.id, 'organiser']] });
    expect(await findEffectiveRole(t.db, person.id, sub.id)).toEqual({ exists: true, role: 'organiser', parentId: forum.id });
    const theirs = await signedInAgent(t, person);
    expect((await theirs.get(`/admin/events/${sub.id}/audit`)).statusCode).toBe(200);
    expect((await theirs.get(`/admin/events/${forum.id}/audit`)).statusCode).toBe(403);
    // Their own role is the higher one: nothing to explain on the team page.
    const page = await agent.get(subTeam());
    expect(page.body).toContain(`<select id="role-${person.id}" name="role">`);
    expect(page.body).not.toContain(`id="role-note-${person.id}"`);
  });

  it('lists the forum’s team as inherited, each keeping at least their forum role here', async () => {
    const organiser = await createUser(t.db, { name: 'Chen Jie', roles: [[forum.id, 'organiser']] });
    const page = await agent.get(subTeam());
    expect(page.statusCode).toBe(200);
    // Each list its own section, spaced apart: the inherited list does not run into "Add someone".
    expect(page.body).toContain('<section class="section" aria-labelledby="inherited-heading">\n  <h2 id="inherited-heading">From the forum</h2>');
    expect(page.body).toContain('<p class="muted">These people have their role through the forum this sub-forum belongs to, and keep at least that role here. Add them here to give them a higher one.</p>');
    expect(page.body).toContain('</ul>\n</section>\n<section class="section" aria-labelledby="invite-heading">\n<h2 id="invite-heading">Add someone</h2>');
    expect(page.body).toContain(`Chen Jie · ${organiser.email} — <span class="role-badge">Organiser</span>`);
  });
});

describe('giving someone a role on a sub-forum', () => {
  it('refuses a role below their forum role, beside the role field, keeping the form and writing nothing', async () => {
    const res = await agent.submit(subTeam(), { email: owner.email, name: '', role: 'checkin' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(`<li><a href="#field-role">${BELOW_FORUM('Zhao Min', 'Owner')}</a></li>`);
    expect(res.body).toContain(`<p class="field__error" id="field-role-error"><span class="visually-hidden">Error: </span>${BELOW_FORUM('Zhao Min', 'Owner')}</p>`);
    expect(res.body).toContain(`value="${owner.email}"`);
    expect(res.body).toContain('<option value="checkin" selected>');
    expect(await rolesOn(sub.id)).toEqual([]);
    expect(await auditOf(sub.id)).toEqual([]);
    expect(await templatesTo(t.db, owner.email)).toEqual([]);
  });

  it('says so in Chinese', async () => {
    const organiser = await createUser(t.db, { name: '陈洁', roles: [[forum.id, 'organiser']] });
    const zh = await signedInAgent(t, owner, { lang: 'zh-CN' });
    const res = await zh.submit(subTeam(), { email: organiser.email, name: '', role: 'jury' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(
      '<li><a href="#field-role">陈洁在论坛一带一路创新论坛中是组织者，因此在此也是组织者：分论坛只能为论坛团队成员设置更高的角色，不能降低。请选择组织者或更高的角色，或请论坛负责人在论坛团队中更改其角色。</a></li>',
    );
  });

  it('gives the same or a higher role than the forum’s, which then counts', async () => {
    const organiser = await createUser(t.db, { totp: true, roles: [[forum.id, 'organiser']] });
    const checkin = await createUser(t.db, { roles: [[forum.id, 'checkin']] });
    expect((await agent.submit(subTeam(), { email: organiser.email, name: '', role: 'owner' })).statusCode).toBe(303);
    expect((await agent.submit(subTeam(), { email: checkin.email, name: '', role: 'checkin' })).statusCode).toBe(303);
    expect(await rolesOn(sub.id)).toEqual([{ userId: organiser.id, role: 'owner' }, { userId: checkin.id, role: 'checkin' }].sort((a, b) => a.userId.localeCompare(b.userId)));
    expect((await (await signedInAgent(t, organiser)).get(subTeam())).statusCode).toBe(200);
  });

  it('refuses changing a member’s role on the team list below their forum role, with the reason on top', async () => {
    const person = await createUser(t.db, { name: 'Chen Jie', roles: [[forum.id, 'organiser'], [sub.id, 'owner']] });
    const res = await agent.submit(subTeam(), { role: 'checkin' }, subTeam(`/${person.id}/role`));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(`<li>${BELOW_FORUM('Chen Jie', 'Organiser')}</li>`);
    expect(await rolesOn(sub.id)).toEqual([{ userId: person.id, role: 'owner' }]);
    const same = await agent.submit(subTeam(), { role: 'organiser' }, subTeam(`/${person.id}/role`));
    expect(same.statusCode).toBe(303);
    expect(await rolesOn(sub.id)).toEqual([{ userId: person.id, role: 'organiser' }]);
    expect((await auditOf(sub.id)).map((row) => [row.action, row.before, row.after])).toEqual([
      ['team.change-role', { email: person.email, role: 'owner' }, { email: person.email, role: 'organiser' }],
    ]);
  });
});

describe('the owner rule across a forum and its sub-forums', () => {
  it('counts the forum’s owners as the sub-forum’s whatever their own row there says', async () => {
    // Only the forum's owners own the sub-forum, one of them with a lower row of their own there.
    await lowerRowOnSub(owner.id, 'checkin');
    const res = await removeFrom(agent, forum.id, other.id);
    expect(res.statusCode).toBe(303);
    expect(await rolesOn(forum.id)).toEqual([{ userId: owner.id, role: 'owner' }]);
    expect((await agent.get(subTeam())).statusCode).toBe(200);
  });

  it('keeps the own owner of a sub-forum whose forum has none', async () => {
    const admin = await signedInAgent(t, await createUser(t.db, { isAdmin: true, totp: true }));
    await t.db.delete(eventRoles).where(eq(eventRoles.eventId, forum.id));
    const person = await createUser(t.db, { roles: [[sub.id, 'owner']] });
    const res = await removeFrom(admin, sub.id, person.id);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(`<li>${OWNER_RULE('Digital Silk Road Session')}</li>`);
    expect(await rolesOn(sub.id)).toEqual([{ userId: person.id, role: 'owner' }]);
  });

  it('counts the owners a sub-forum has through its forum: its own owner may step down or go', async () => {
    const person = await createUser(t.db);
    await agent.submit(subTeam(), { email: person.email, name: '', role: 'owner' });
    const down = await agent.submit(subTeam(), { role: 'organiser' }, subTeam(`/${person.id}/role`));
    expect(down.statusCode).toBe(303);
    await agent.submit(subTeam(), { role: 'owner' }, subTeam(`/${person.id}/role`));
    const gone = await removeFrom(agent, sub.id, person.id);
    expect(gone.statusCode).toBe(303);
    expect(gone.headers.location).toBe(subTeam());
    expect(await rolesOn(sub.id)).toEqual([]);
  });

  it('says on the confirmation what a sub-forum member keeps through the forum', async () => {
    await agent.submit(subTeam(), { email: owner.email, name: '', role: 'owner' });
    const organiser = await createUser(t.db, { name: 'Chen Jie', roles: [[forum.id, 'organiser']] });
    await agent.submit(subTeam(), { email: organiser.email, name: '', role: 'owner' });
    const self = await agent.submit(subTeam(), {}, subTeam(`/${owner.id}/remove`));
    expect(self.body).toContain('<p class="lead">This is you: you lose your own role (Owner) here, and keep managing this team through its forum (Owner).</p>');
    const theirs = await agent.submit(subTeam(), {}, subTeam(`/${organiser.id}/remove`));
    expect(theirs.body).toContain('<p class="lead">They lose their own role (Owner) on this event at once and keep the one they have through its forum (Organiser). You can add them again later.</p>');
    const zh = await (await signedInAgent(t, owner, { lang: 'zh-CN' })).submit(subTeam(), {}, subTeam(`/${owner.id}/remove`));
    expect(zh.body).toContain('<p class="lead">这是您本人：您将失去在此单独设置的角色（负责人），但仍可通过所属论坛的角色（负责人）管理此团队。</p>');
    // An organiser of the forum who is owner of the sub-forum keeps it open, but no longer manages its team.
    const lead = await createUser(t.db, { totp: true, roles: [[forum.id, 'organiser'], [sub.id, 'owner']] });
    const ask = await (await signedInAgent(t, lead)).submit(subTeam(), {}, subTeam(`/${lead.id}/remove`));
    expect(ask.body).toContain('<p class="lead">This is you: once removed, you can no longer manage this team; you keep your role through its forum (Organiser).</p>');
  });
});

describe('the forum’s own team', () => {
  it('takes any role, whatever its people have on a sub-forum', async () => {
    const person = await createUser(t.db, { roles: [[forum.id, 'organiser'], [sub.id, 'owner']] });
    const res = await agent.submit(forumTeam(), { role: 'speaker' }, forumTeam(`/${person.id}/role`));
    expect(res.statusCode).toBe(303);
    expect((await t.db.select({ role: eventRoles.role }).from(eventRoles).where(and(eq(eventRoles.eventId, forum.id), eq(eventRoles.userId, person.id))))[0]?.role).toBe('speaker');
    expect(await findEffectiveRole(t.db, person.id, sub.id)).toEqual({ exists: true, role: 'owner', parentId: forum.id });
  });
});
