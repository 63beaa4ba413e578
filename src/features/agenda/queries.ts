// Agenda reads and writes, each scoped by event id: a session, room or track of another event is never found.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { agendaSessions, events, rooms, sessionPeople, speakers, tracks, venues, type AssignmentStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type AgendaSessionRow = typeof agendaSessions.$inferSelect;

export function findSessionsOfEvent(db: Db, eventId: string): Promise<AgendaSessionRow[]> {
  return db.select().from(agendaSessions).where(eq(agendaSessions.eventId, eventId)).orderBy(asc(agendaSessions.startsAt), asc(agendaSessions.id));
}

export async function findSessionOfEvent(db: Db, eventId: string, sessionId: string): Promise<AgendaSessionRow | undefined> {
  const [row] = await db.select().from(agendaSessions).where(and(eq(agendaSessions.eventId, eventId), eq(agendaSessions.id, sessionId)));
  return row;
}

/**
 * The venues whose rooms an event's sessions may use: its own, and for a sub-forum its forum's too (sub-forums are
 * mostly held in the forum's venue, and one room then belongs to one agenda of conflicts: the forum's).
 */
const usableVenue = (eventId: string) =>
  or(eq(venues.eventId, eventId), eq(venues.eventId, sql`(select ${events.parentId} from ${events} where ${events.id} = ${eventId})`));

/** The rooms an event's sessions may use (usableVenue): its own venues' first, then its forum's. */
export function findRoomsOfEvent(db: Db, eventId: string) {
  return db
    .select({
      id: rooms.id,
      name: rooms.name,
      capacity: rooms.capacity,
      interpretationBooths: rooms.interpretationBooths,
      venueId: venues.id,
      venueName: venues.name,
      /** A room of the sub-forum's forum (not of the event itself). */
      ofForum: sql<boolean>`${venues.eventId} <> ${eventId}`,
    })
    .from(rooms)
    .innerJoin(venues, eq(venues.id, rooms.venueId))
    .where(usableVenue(eventId))
    .orderBy(sql`${venues.eventId} = ${eventId} desc`, asc(venues.createdAt), asc(rooms.createdAt));
}

export function findTracksOfEvent(db: Db, eventId: string) {
  return db.select().from(tracks).where(eq(tracks.eventId, eventId)).orderBy(asc(tracks.position), asc(tracks.createdAt));
}

export async function findRoomIdsOfEvent(db: Db, eventId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: rooms.id })
    .from(rooms)
    .innerJoin(venues, eq(venues.id, rooms.venueId))
    .where(and(usableVenue(eventId), inArray(rooms.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/** The people of many sessions, by session, in their order on each. */
export async function findPeopleOfSessions(db: Db, sessionIds: string[]) {
  const bySession = new Map<string, { speakerId: string; name: unknown; role: string; status: AssignmentStatus }[]>();
  if (sessionIds.length === 0) return bySession;
  const rows = await db
    .select({ sessionId: sessionPeople.sessionId, speakerId: sessionPeople.speakerId, name: speakers.name, role: sessionPeople.role, status: sessionPeople.status })
    .from(sessionPeople)
    .innerJoin(speakers, eq(speakers.id, sessionPeople.speakerId))
    .where(inArray(sessionPeople.sessionId, sessionIds))
    .orderBy(asc(sessionPeople.position));
  for (const row of rows) bySession.set(row.sessionId, [...(bySession.get(row.sessionId) ?? []), { speakerId: row.speakerId, name: row.name, role: row.role, status: row.status }]);
  return bySession;
}
