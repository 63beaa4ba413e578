// Reads of the public API: published events only, every function taking the database first.
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { events } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

/** The columns the API shows of an event: never the contact address or anything about drafts. */
const publicColumns = {
  id: events.id,
  slug: events.slug,
  kind: events.kind,
  title: events.title,
  summary: events.summary,
  description: events.description,
  timezone: events.timezone,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
};

/** Published events (forums and their published sub-forums alike) in start order, each with its parent's slug. */
export function findPublishedEventsWithParent(db: Db) {
  const parent = alias(events, 'parent');
  return db
    .select({ ...publicColumns, parentId: events.parentId, parentSlug: parent.slug })
    .from(events)
    .leftJoin(parent, eq(parent.id, events.parentId))
    .where(eq(events.status, 'published'))
    .orderBy(asc(events.startsAt), asc(events.slug));
}

export async function findPublishedEventWithParent(db: Db, slug: string) {
  const parent = alias(events, 'parent');
  const [row] = await db
    .select({ ...publicColumns, parentId: events.parentId, parentSlug: parent.slug })
    .from(events)
    .leftJoin(parent, eq(parent.id, events.parentId))
    .where(and(eq(events.status, 'published'), eq(events.slug, slug)))
    .limit(1);
  return row;
}
