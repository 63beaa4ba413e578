// What the public may see of events: upcoming published ones and a single published event with its structure.
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { NotFoundError } from '../../lib/errors.ts';
import {
  type EventRow,
  findAllEvents,
  findEventById,
  findPublishedChildren,
  findPublishedEventBySlug,
  findUpcomingTopLevelEvents,
  findVenuesWithRooms,
} from './queries.ts';

export type EventWithChildren = EventRow & { children: EventRow[] };

/** Upcoming published events with their published sub-forums; an event is upcoming until it has ended. */
export async function listUpcomingEvents(db: Db, clock: Clock): Promise<EventWithChildren[]> {
  const parents = await findUpcomingTopLevelEvents(db, clock.now());
  const children = await findPublishedChildren(
    db,
    parents.map((p) => p.id),
  );
  return parents.map((parent) => ({ ...parent, children: children.filter((c) => c.parentId === parent.id) }));
}

export async function getPublishedEvent(db: Db, slug: string) {
  const event = await findPublishedEventBySlug(db, slug);
  if (!event) throw new NotFoundError('event', { slug });
  const [venues, children, parent] = await Promise.all([
    findVenuesWithRooms(db, event.id),
    findPublishedChildren(db, [event.id]),
    event.parentId ? findEventById(db, event.parentId) : Promise.resolve(undefined),
  ]);
  return { event, venues, children, parent: parent?.status === 'published' ? parent : undefined };
}

export function listAllEvents(db: Db): Promise<EventRow[]> {
  return findAllEvents(db);
}
