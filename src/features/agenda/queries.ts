// Agenda reads and writes, each scoped by event id: a session, room or track of another event is never found.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { agendaSessions, rooms, sessionPeople, speakers, tracks, venues, type AssignmentStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type AgendaSessionRow = typeof agendaSessions.$inferSelect;

export function findSessionsOfEvent(db: Db, eventId: string): Promise<AgendaSessionRow[]> {
  return db.select().from(agendaSessions).where(eq(agendaSessions.eventId, eventId)).orderBy(asc(agendaSessions.startsAt), asc(agendaSessions.id));
}

export async function findSessionOfEvent(db: Db, eventId: string, sessionId: string): Promise<AgendaSessionRow | undefined> {
  const [row] = await db.select().from(agendaSessions).where(and(eq(agendaSessions.eventId, eventId), eq(agendaSessions.id, sessionId)));
  return row;
}

/** The rooms of the event's venues, with the venue, in venue then room order. */
export function findRoomsOfEvent(db: Db, eventId: string) {
  return db
    .select({ id: rooms.id, name: rooms.name, capacity: rooms.capacity, interpretationBooths: rooms.interpretationBooths, venueId: venues.id, venueName: venues.name })
    .from(rooms)
    .innerJoin(venues, eq(venues.id, rooms.venueId))
    .where(eq(venues.eventId, eventId))
    .orderBy(asc(venues.createdAt), asc(rooms.createdAt));
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
    .where(and(eq(venues.eventId, eventId), inArray(rooms.id, ids)));
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
