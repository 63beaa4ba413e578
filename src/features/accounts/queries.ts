// Reads and writes of users, roles and sign-in failures; every function takes the database (or a transaction) first.
import { and, asc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { eventRoles, events, recoveryCodes, signInFailures, users, type EventRole } from '../../db/schema/index.ts';
import { preparedPerDatabase } from '../../db/prepared.ts';
import type { Db } from '../../db/types.ts';
import { higherRole, highestRoleOnEvent } from './role-order.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** The user and whether they own any event (owners, like administrators, must use two-factor sign-in). */
const SESSION_USER = {
  id: users.id,
  email: users.email,
  name: users.name,
  locale: users.locale,
  isAdmin: users.isAdmin,
  totpEnabledAt: users.totpEnabledAt,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`,
  // Spelled out: inside a single-table select drizzle leaves column names unqualified, which a subquery would misread.
  ownsAnEvent: sql<boolean>`exists (select 1 from "event_roles" r where r."user_id" = "users"."id" and r."role" = 'owner')`,
};

/** A person's role on the selected "events" row, the higher of their own and their forum's; `userId` names them in SQL. */
const roleOnEvent = (userId: SQL) => ({
  eventExists: sql<boolean>`"events"."id" is not null`,
  parentId: events.parentId,
  role: highestRoleOnEvent(userId),
});

/**
 * The user's role on an event: on a sub-forum the higher of their own row on it and their row on its forum
 * (role-order.ts), so a sub-forum can give a forum's team more, never less. `exists` is false when there is no such event.
 */
export interface EffectiveRole {
  exists: boolean;
  role?: EventRole;
  parentId: string | null;
}

function effectiveRole(row: { eventExists: boolean; parentId: string | null; role: EventRole | null } | undefined): EffectiveRole {
  if (!row?.eventExists) return { exists: false, parentId: null };
  return { exists: true, role: row.role ?? undefined, parentId: row.parentId };
}

const sessionUser = preparedPerDatabase((db) => db.select(SESSION_USER).from(users).where(eq(users.id, sql.placeholder('id'))).prepare('find_session_user'));

// What every request to an event's organiser route needs: the person, their role on it and the event itself, one
// query instead of three.
const sessionUserOnEvent = preparedPerDatabase((db) =>
  db
    .select({ ...SESSION_USER, ...roleOnEvent(sql`"users"."id"`), event: getTableColumns(events) })
    .from(users)
    .leftJoin(events, eq(events.id, sql.placeholder('eventId')))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('find_session_user_on_event'),
);

const roleOnly = preparedPerDatabase((db) =>
  db
    .select(roleOnEvent(sql`${sql.placeholder('userId')}::uuid`))
    .from(events)
    .where(eq(events.id, sql.placeholder('eventId')))
    .prepare('find_effective_role'),
);

/** The signed-in person, read on every signed-in request (a prepared statement). */
export async function findSessionUser(db: Db, id: string) {
  const [row] = await sessionUser(db).execute({ id });
  return row;
}

/**
 * The signed-in person with their effective role on `eventId` (as findEffectiveRole) and the event's row (null when
 * there is no such event); undefined when the account is gone.
 */
export async function findSessionUserOnEvent(db: Db, userId: string, eventId: string) {
  const [row] = await sessionUserOnEvent(db).execute({ userId, eventId });
  if (!row) return undefined;
  const { eventExists, parentId, role, event, ...user } = row;
  return { user, access: effectiveRole({ eventExists, parentId, role }), event };
}

export async function findEffectiveRole(db: Db, userId: string, eventId: string): Promise<EffectiveRole> {
  const [row] = await roleOnly(db).execute({ userId, eventId });
  return effectiveRole(row);
}

/** Events a user has a role on, directly or through a parent forum, with the role that counts; all events for admins. */
export async function findEventsForUser(db: Db, userId: string, isAdmin: boolean) {
  const all = await db
    .select({ id: events.id, parentId: events.parentId, slug: events.slug, title: events.title, kind: events.kind, status: events.status, startsAt: events.startsAt, endsAt: events.endsAt, timezone: events.timezone })
    .from(events)
    .orderBy(asc(events.startsAt), asc(events.slug));
  const roles = await db.select({ eventId: eventRoles.eventId, role: eventRoles.role }).from(eventRoles).where(eq(eventRoles.userId, userId));
  const own = new Map(roles.map((r) => [r.eventId, r.role]));
  return all
    .map((event) => ({ ...event, role: higherRole(own.get(event.id), event.parentId ? own.get(event.parentId) : undefined) }))
    .filter((event) => isAdmin || event.role !== undefined);
}

export async function findTeam(db: Db, eventId: string) {
  return db
    .select({ roleId: eventRoles.id, userId: users.id, email: users.email, name: users.name, role: eventRoles.role, since: eventRoles.createdAt })
    .from(eventRoles)
    .innerJoin(users, eq(users.id, eventRoles.userId))
    .where(eq(eventRoles.eventId, eventId))
    .orderBy(asc(users.email));
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), sql`${recoveryCodes.usedAt} is null`));
  return row?.n ?? 0;
}

export async function findSignInFailures(db: Db, keys: string[]) {
  if (keys.length === 0) return [];
  return db.select().from(signInFailures).where(inArray(signInFailures.key, keys));
}

export async function recordSignInFailure(db: Db, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insert(signInFailures)
    .values(keys.map((key) => ({ key, failures: 1, lastFailureAt: now })))
    .onConflictDoUpdate({ target: signInFailures.key, set: { failures: sql`${signInFailures.failures} + 1`, lastFailureAt: now } });
}

export async function clearSignInFailures(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.delete(signInFailures).where(inArray(signInFailures.key, keys));
}
