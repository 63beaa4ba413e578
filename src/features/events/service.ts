// What the public may see of events: upcoming published ones and a single published event with its structure.
// Reads go through a per-process cache keyed by the database's content version, so they stay right across processes.
import { readContentVersion } from '../../db/content-version.ts';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { VersionedCache } from '../../lib/versioned-cache.ts';
import {
  type EventCardRow,
  type EventRow,
  findAllEvents,
  findEventById,
  findPublishedChildren,
  findPublishedEventBySlug,
  findPublishedParent,
  findUpcomingEventCards,
  findVenuesWithRooms,
} from './queries.ts';

export type EventCard = EventCardRow & { children: EventCardRow[] };
export type PublicEventPage = Awaited<ReturnType<typeof loadPublishedEvent>>;

// Without a content change, re-read at least this often anyway.
const MAX_AGE_MS = 10 * 60_000;

/** One per app instance: tests build several apps on different databases in one process. */
export interface EventReadCache {
  upcoming: VersionedCache<EventCard[]>;
  pages: VersionedCache<PublicEventPage>;
}

export function createEventReadCache(): EventReadCache {
  return { upcoming: new VersionedCache(1), pages: new VersionedCache(200) };
}

/**
 * Upcoming published events with their published sub-forums, soonest first; an event is upcoming until it ends.
 * Example: const events = await listUpcomingEvents(db, clock, cache);
 */
export async function listUpcomingEvents(db: Db, clock: Clock, cache?: EventReadCache): Promise<EventCard[]> {
  const now = clock.now();
  // The version is read before the data: a change committed in between only causes one extra miss, never staleness.
  const version = await readContentVersion(db, 'events');
  const cached = cache?.upcoming.get('upcoming', version, now);
  if (cached) return cached;
  const rows = await findUpcomingEventCards(db, now);
  const parents = rows.filter((row) => row.parentId === null);
  const cards = parents.map((parent) => ({ ...parent, children: rows.filter((row) => row.parentId === parent.id) }));
  // The list changes by itself when the first listed event ends.
  const validUntil = Math.min(now.getTime() + MAX_AGE_MS, ...parents.map((p) => p.endsAt.getTime()));
  return cache ? cache.upcoming.set('upcoming', version, validUntil, cards) : cards;
}

async function loadPublishedEvent(db: Db, slug: string) {
  const event = await findPublishedEventBySlug(db, slug);
  if (!event) throw new NotFoundError('event', { slug });
  const [venues, children, parent] = await Promise.all([
    findVenuesWithRooms(db, event.id),
    findPublishedChildren(db, event.id),
    findPublishedParent(db, event),
  ]);
  return { event, venues, children, parent };
}

/** A published event with its venues, rooms, published sub-forums and published parent; NotFoundError otherwise. */
export async function getPublishedEvent(db: Db, clock: Clock, slug: string, cache?: EventReadCache): Promise<PublicEventPage> {
  const now = clock.now();
  const version = await readContentVersion(db, 'events');
  const cached = cache?.pages.get(slug, version, now);
  if (cached) return cached;
  const page = await loadPublishedEvent(db, slug);
  return cache ? cache.pages.set(slug, version, now.getTime() + MAX_AGE_MS, page) : page;
}

export function listAllEvents(db: Db): Promise<EventRow[]> {
  return findAllEvents(db);
}

/**
 * The event of an organiser route: the row the permission check read with the person's role when it is that event,
 * else read now. Example: const event = await eventOfRequest(db, request, request.params.eventId);
 */
export function eventOfRequest(db: Db, request: FastifyRequest, id: string): Promise<EventRow> {
  const known = request.eventAccess?.event;
  return known && known.id === id ? Promise.resolve(known) : getEventById(db, id);
}

/** Any event by id, draft or not, for organiser pages (the route's permission check already scoped it); NotFoundError otherwise. */
export async function getEventById(db: Db, id: string): Promise<EventRow> {
  const event = await findEventById(db, id);
  if (!event) throw new NotFoundError('event', { id });
  return event;
}
