// Event reads for public pages; every function takes the database (or a transaction) first.
import { and, asc, eq, gte, inArray, isNull } from 'drizzle-orm';
import { events, rooms, venues } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type EventRow = typeof events.$inferSelect;
export type VenueRow = typeof venues.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;

/** Published top-level events (forums, conferences …) that have not ended at `now`, soonest first. */
export function findUpcomingTopLevelEvents(db: Db, now: Date): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.status, 'published'), isNull(events.parentId), gte(events.endsAt, now)))
    .orderBy(asc(events.startsAt), asc(events.slug));
}

/** Published children of the given events, in start order. */
export function findPublishedChildren(db: Db, parentIds: string[]): Promise<EventRow[]> {
  if (parentIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(events)
    .where(and(eq(events.status, 'published'), inArray(events.parentId, parentIds)))
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

export async function findEventById(db: Db, id: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id)).limit(1);
  return row;
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
