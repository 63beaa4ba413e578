// Event teams: adding people by e-mail with a role, changing a role, taking people off. Each change is audited in its
// transaction; none may leave an event without an owner, counting the owners a sub-forum has through its forum, nor
// give someone on a sub-forum a role below their forum's (which would change nothing: the higher role counts).
// Example: const { change } = await changeTeamRole(db, mail, actor, { eventId, userId, role: 'organiser', locale: 'en' });
import { and, eq, or, sql } from 'drizzle-orm';
import type { Locale } from '../../i18n/index.ts';
import { eventRoles, events, users, type EventRole } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { issueAccessToken } from '../access-tokens/service.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { queueMail, type MailContext } from '../mail/service.ts';
import { findUserByEmail } from './queries.ts';
import { higherRole, highestRoleOnEvent } from './role-order.ts';

export const TEAM_INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Refused: the change would leave `eventTitle`'s event (this one, or a sub-forum of it) with no owner at all. */
export class LastOwnerError extends ConflictError {
  readonly eventTitle: LocalizedText;
  readonly eventSlug: string;
  constructor(event: { title: LocalizedText; slug: string }) {
    super('team.errors.lastOwner');
    this.eventTitle = event.title;
    this.eventSlug = event.slug;
  }
}

/**
 * Refused: on a sub-forum, `role` is below the role `person` has on its forum (`forumRole`), which they keep here
 * anyway (role-order.ts): a sub-forum cannot give a forum's team less.
 */
export class BelowForumRoleError extends ConflictError {
  readonly forumTitle: LocalizedText;
  readonly forumSlug: string;
  readonly forumRole: EventRole;
  readonly person: string;
  constructor(forum: { title: LocalizedText; slug: string }, forumRole: EventRole, person: string) {
    super('team.errors.belowForum');
    this.forumTitle = forum.title;
    this.forumSlug = forum.slug;
    this.forumRole = forumRole;
    this.person = person;
  }
}

export interface TeamInvitation {
  eventId: string;
  eventTitle: string;
  email: string;
  name: string;
  role: EventRole;
  locale: Locale;
}

/**
 * 'added': new on the team, and new to Forum Desk (invited with a sign-in link); 'changed': someone with an account got
 * a new role here (told by mail, no link: they sign in as they always do); 'unchanged': they had this role.
 */
export type TeamChange = 'added' | 'changed' | 'unchanged';

/**
 * Gives a person a role on an event. Someone without an account gets one (no password) and a mailed sign-in link;
 * someone with an account (on this team or not, say with a role through the forum) gets the role and a short mail
 * saying so, no new link: they can sign in already. Audited.
 */
export async function addTeamMember(db: Db, clock: Clock, mail: MailContext, actor: AuditActor, invitation: TeamInvitation): Promise<{ userId: string; created: boolean; change: TeamChange }> {
  return db.transaction(async (tx) => {
    const family = await lockTeam(tx, invitation.eventId);
    let user = await findUserByEmail(tx, invitation.email);
    const created = !user;
    if (!user) {
      [user] = await tx.insert(users).values({ email: invitation.email, name: invitation.name, locale: invitation.locale }).returning();
      await writeAudit(tx, actor, { eventId: invitation.eventId, action: 'user.create', targetType: 'user', targetId: user!.id, after: { email: invitation.email, name: invitation.name } });
    }
    const person = { id: user!.id, email: user!.email, name: user!.name, locale: user!.locale };
    await refuseBelowForum(tx, family, invitation.eventId, person, invitation.role);
    const [existing] = await tx.select().from(eventRoles).where(and(eq(eventRoles.eventId, invitation.eventId), eq(eventRoles.userId, person.id)));
    if (existing) {
      const change = await setRole(tx, family, mail, actor, invitation.eventId, { ...person, role: existing.role, roleId: existing.id }, invitation.role, invitation.locale);
      return { userId: person.id, created, change };
    }
    await keepingOwners(tx, family, () => tx.insert(eventRoles).values({ eventId: invitation.eventId, userId: person.id, role: invitation.role }));
    await writeAudit(tx, actor, { eventId: invitation.eventId, action: 'team.add', targetType: 'user', targetId: person.id, before: null, after: { email: person.email, role: invitation.role } });
    if (!created) {
      await queueRoleMail(tx, mail, invitation.eventId, person, invitation.role, invitation.locale);
      return { userId: person.id, created, change: 'changed' as const };
    }
    const { token } = await issueAccessToken(tx, clock, { purpose: 'sign-in', subject: person.id, ttlSeconds: TEAM_INVITATION_TTL_SECONDS, data: { next: `/admin/events/${invitation.eventId}` } });
    await queueMail(tx, mail, {
      to: { email: person.email, name: person.name || undefined },
      template: 'team-invitation',
      locale: (person.locale as Locale) ?? invitation.locale,
      eventId: invitation.eventId,
      data: { link: `${mail.config.BASE_URL}/sign-in/link/${token}`, role: invitation.role, days: TEAM_INVITATION_TTL_SECONDS / 86_400 },
    });
    return { userId: person.id, created, change: 'added' as const };
  });
}

/** Changes the role of someone on the event's own team (not one inherited from the forum: that is `addTeamMember`). */
export async function changeTeamRole(db: Db, mail: MailContext, actor: AuditActor, change: { eventId: string; userId: string; role: EventRole; locale: Locale }): Promise<{ email: string; change: TeamChange }> {
  return db.transaction(async (tx) => {
    const family = await lockTeam(tx, change.eventId);
    const member = await findMember(tx, change.eventId, change.userId);
    await refuseBelowForum(tx, family, change.eventId, member, change.role);
    return { email: member.email, change: await setRole(tx, family, mail, actor, change.eventId, member, change.role, change.locale) };
  });
}

/** Takes a person off an event's team, unless that leaves it (or a sub-forum of it) without an owner. */
export async function removeTeamMember(db: Db, actor: AuditActor, eventId: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const member = await takeOff(tx, eventId, userId);
    await writeAudit(tx, actor, { eventId, action: 'team.remove', targetType: 'user', targetId: userId, before: { email: member.email, role: member.role }, after: null });
  });
}

/** Deletes the person's role on the event under the team lock and the owner rule; returns who they were. */
async function takeOff(tx: Db, eventId: string, userId: string): Promise<Member> {
  const family = await lockTeam(tx, eventId);
  const member = await findMember(tx, eventId, userId);
  await keepingOwners(tx, family, () => tx.delete(eventRoles).where(eq(eventRoles.id, member.roleId)));
  return member;
}

/** Thrown to roll a dry run back. */
class DryRun extends Error {}

/**
 * What the owner rule would say to taking a person off an event's team, before anyone confirms it: the refusal
 * `removeTeamMember` would meet, or null. Tries the same removal (takeOff) and rolls it back, so the answer is the
 * rule's own.
 */
export async function findRemovalRefusal(db: Db, eventId: string, userId: string): Promise<LastOwnerError | null> {
  try {
    await db.transaction(async (tx) => {
      await takeOff(tx, eventId, userId);
      throw new DryRun();
    });
  } catch (error) {
    if (error instanceof LastOwnerError) return error;
    if (error instanceof DryRun) return null;
    throw error;
  }
  return null;
}

interface Member {
  roleId: string;
  id: string;
  email: string;
  name: string;
  locale: string | null;
  role: EventRole;
}

async function findMember(tx: Db, eventId: string, userId: string): Promise<Member> {
  const [row] = await tx
    .select({ roleId: eventRoles.id, id: users.id, email: users.email, name: users.name, locale: users.locale, role: eventRoles.role })
    .from(eventRoles)
    .innerJoin(users, eq(users.id, eventRoles.userId))
    .where(and(eq(eventRoles.eventId, eventId), eq(eventRoles.userId, userId)));
  if (!row) throw new NotFoundError('team member');
  return row;
}

async function setRole(tx: Db, family: string, mail: MailContext, actor: AuditActor, eventId: string, member: Member, role: EventRole, locale: Locale): Promise<TeamChange> {
  if (member.role === role) return 'unchanged';
  await keepingOwners(tx, family, () => tx.update(eventRoles).set({ role }).where(eq(eventRoles.id, member.roleId)));
  await writeAudit(tx, actor, { eventId, action: 'team.change-role', targetType: 'user', targetId: member.id, before: { email: member.email, role: member.role }, after: { email: member.email, role } });
  await queueRoleMail(tx, mail, eventId, member, role, locale);
  return 'changed';
}

/** The short mail to someone who can sign in already: their role on the event is now `role`, with a link to it. */
async function queueRoleMail(tx: Db, mail: MailContext, eventId: string, person: { email: string; name: string; locale: string | null }, role: EventRole, locale: Locale): Promise<void> {
  await queueMail(tx, mail, {
    to: { email: person.email, name: person.name || undefined },
    template: 'team-role-changed',
    locale: (person.locale as Locale) ?? locale,
    eventId,
    data: { role, link: `${mail.config.BASE_URL}/admin/events/${eventId}` },
  });
}

/**
 * Throws BelowForumRoleError when `eventId` is a sub-forum of `forumId` and the person's role on the forum is higher
 * than `role`: the row would change nothing they may do, and a reader of the team list would believe otherwise.
 */
async function refuseBelowForum(tx: Db, forumId: string, eventId: string, person: { id: string; email: string; name: string }, role: EventRole): Promise<void> {
  if (forumId === eventId) return;
  const [onForum] = await tx
    .select({ role: eventRoles.role, title: events.title, slug: events.slug })
    .from(eventRoles)
    .innerJoin(events, eq(events.id, eventRoles.eventId))
    .where(and(eq(eventRoles.eventId, forumId), eq(eventRoles.userId, person.id)));
  if (onForum && higherRole(onForum.role, role) !== role) throw new BelowForumRoleError(onForum, onForum.role, person.name || person.email);
}

/**
 * Team changes of a forum and its sub-forums happen one at a time (two owners removing each other cannot leave
 * none): they wait for a lock on the forum. Returns the forum's id.
 */
async function lockTeam(tx: Db, eventId: string): Promise<string> {
  const [row] = await tx.select({ forumId: sql<string>`coalesce(${events.parentId}, ${events.id})` }).from(events).where(eq(events.id, eventId));
  if (!row) throw new NotFoundError('event');
  // FOR NO KEY UPDATE: it waits for another team change, but not for the key-share lock a new sub-forum's insert
  // takes on its forum (creating an event adds its first owner in the same transaction; FOR UPDATE there deadlocked
  // two sub-forums created at once).
  await tx.execute(sql`select 1 from "events" where "id" = ${row.forumId} for no key update`);
  return row.forumId;
}

/**
 * Makes a change, then refuses it (LastOwnerError, and the transaction rolls back) when an event of the forum's
 * family that had an owner has none afterwards. An event's owners are those whose role there is owner: on a
 * sub-forum the forum's owners too, whatever their own row says (the higher role counts). Call with the team locked.
 */
async function keepingOwners(tx: Db, forumId: string, change: () => Promise<unknown>): Promise<void> {
  const before = new Map((await countOwners(tx, forumId)).map((e) => [e.id, e.owners]));
  await change();
  const left = (await countOwners(tx, forumId)).find((e) => e.owners === 0 && (before.get(e.id) ?? 0) > 0);
  if (left) throw new LastOwnerError(left);
}

function countOwners(tx: Db, forumId: string) {
  // Everyone with a row on the event or its forum, counted where the role that counts for them there is owner.
  // Spelled out: inside a single-table select drizzle leaves column names unqualified, which a subquery would misread.
  const owners = sql<number>`(
    select count(*) from (select distinct m."user_id" from "event_roles" m where m."event_id" in ("events"."id", "events"."parent_id")) m
    where ${highestRoleOnEvent(sql`m."user_id"`)} = 'owner'
  )::int`;
  return tx.select({ id: events.id, title: events.title, slug: events.slug, owners }).from(events).where(or(eq(events.id, forumId), eq(events.parentId, forumId)));
}
