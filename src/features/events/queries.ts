// Event reads for public pages; every function takes the database (or a transaction) first.
import { and, asc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { events, rooms, venues } from '../../db/schema/index.ts';
import { preparedPerDatabase } from '../../db/prepared.ts';
import type { Db } from '../../db/types.ts';

export type EventRow = typeof events.$inferSelect;
export type VenueRow = typeof venues.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;

/** The columns event cards show (not the long description). */
const cardColumns = {
  id: events.id,
  parentId: events.parentId,
  kind: events.kind,
  slug: events.slug,
  title: events.title,
  summary: events.summary,
  timezone: events.timezone,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
};
export type EventCardRow = Pick<EventRow, keyof typeof cardColumns>;

/**
 * In one query: published top-level events that have not ended at `now`, and the published children of those,
 * in start order. Top-level rows have parentId null.
 */
export function findUpcomingEventCards(db: Db, now: Date): Promise<EventCardRow[]> {
  const parent = alias(events, 'parent');
  const upcomingParents = db
    .select({ id: parent.id })
    .from(parent)
    .where(and(eq(parent.status, 'published'), isNull(parent.parentId), gte(parent.endsAt, now)));
  return db
    .select(cardColumns)
    .from(events)
    .where(
      and(
        eq(events.status, 'published'),
        or(and(isNull(events.parentId), gte(events.endsAt, now)), inArray(events.parentId, upcomingParents)),
      ),
    )
    .orderBy(asc(events.startsAt), asc(events.slug));
}

/** Published children of one event, in start order. */
export function findPublishedChildren(db: Db, parentId: string): Promise<EventCardRow[]> {
  return db
    .select(cardColumns)
    .from(events)
    .where(and(eq(events.status, 'published'), eq(events.parentId, parentId)))
    .orderBy(asc(events.startsAt), asc(events.slug));
}

export async function findPublishedEventBySlug(db: Db, slug: string): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.slug, slug), eq(events.status, 'published')))
    .limit(1);
  return row;
}

const eventById = preparedPerDatabase((db) => db.select().from(events).where(eq(events.id, sql.placeholder('id'))).limit(1).prepare('find_event_by_id'));

export async function findEventById(db: Db, id: string): Promise<EventRow | undefined> {
  const [row] = await eventById(db).execute({ id });
  return row;
}

/** The published forum of a sub-forum, named on the way back from its pages; undefined for a forum or a draft parent. */
export async function findPublishedParent(db: Db, event: Pick<EventRow, 'parentId'>): Promise<EventRow | undefined> {
  const parent = event.parentId ? await findEventById(db, event.parentId) : undefined;
  return parent?.status === 'published' ? parent : undefined;
}

/** Venues of one event with their rooms. */
export async function findVenuesWithRooms(db: Db, eventId: string): Promise<(VenueRow & { rooms: RoomRow[] })[]> {
  const venueRows = await db.select().from(venues).where(eq(venues.eventId, eventId)).orderBy(asc(venues.createdAt), asc(venues.id));
  if (venueRows.length === 0) return [];
  const roomRows = await db
    .select()
    .from(rooms)
    .where(inArray(rooms.venueId, venueRows.map((v) => v.id)))
    .orderBy(asc(rooms.createdAt), asc(rooms.id));
  return venueRows.map((venue) => ({ ...venue, rooms: roomRows.filter((room) => room.venueId === venue.id) }));
}

/** Every event whatever its status, for the organiser overview. */
export function findAllEvents(db: Db): Promise<EventRow[]> {
  return db.select().from(events).orderBy(asc(events.startsAt), asc(events.slug));
}
