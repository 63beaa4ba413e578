// Which of two roles gives more rights. On a sub-forum a person holds the higher of their own role there and their role
// on its forum: a sub-forum's team can add to what the forum's team may do there, never take it away.
// Example: higherRole('checkin', 'owner') → 'owner'; db.select({ role: highestRoleOnEvent(sql`${userId}::uuid`) }).from(events)
import { sql, type SQL } from 'drizzle-orm';
import { EVENT_ROLES, type EventRole } from '../../db/schema/index.ts';

/** The role's place in EVENT_ROLES (most rights first): 0 for owner. */
export function roleRank(role: EventRole): number {
  return EVENT_ROLES.indexOf(role);
}

/** The role of the two that gives more rights; either may be missing. */
export function higherRole(a: EventRole | null | undefined, b: EventRole | null | undefined): EventRole | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return roleRank(b) < roleRank(a) ? b : a;
}

// The same order in SQL: array_position gives a role's place in EVENT_ROLES, counted from 1. The roles are the
// schema's constants, written into the statement (as its check constraint does), so prepared statements stay prepared.
const ORDER = sql.raw(`array[${EVENT_ROLES.map((role) => `'${role}'`).join(', ')}]::text[]`);

/**
 * SQL: the role that counts for the person `userId` on the selected "events" row: the higher of their row on it and
 * their row on its forum (as higherRole); null when they have neither, or there is no such row.
 */
export function highestRoleOnEvent(userId: SQL): SQL<EventRole | null> {
  return sql<EventRole | null>`(select r."role" from "event_roles" r where r."user_id" = ${userId} and r."event_id" in ("events"."id", "events"."parent_id") order by array_position(${ORDER}, r."role") limit 1)`;
}
