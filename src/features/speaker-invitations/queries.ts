// Speaker invitation reads and writes, each scoped by event id (or reached through an invitation of the event).
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import {
  agendaSessions,
  rooms,
  sessionPeople,
  speakerInvitations,
  speakerInvitationSessions,
  speakers,
  users,
  venues,
  type AssignmentStatus,
  type SessionPersonRole,
} from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type InvitationRow = typeof speakerInvitations.$inferSelect;
export type NewInvitation = typeof speakerInvitations.$inferInsert;
export type SpeakerRow = typeof speakers.$inferSelect;

export async function findSpeakerByEmail(db: Db, eventId: string, email: string): Promise<SpeakerRow | undefined> {
  const [row] = await db.select().from(speakers).where(and(eq(speakers.eventId, eventId), eq(speakers.email, email)));
  return row;
}

/** The same person (same address) on another event's speaker list, most recently changed first: their profile so far. */
export async function findSpeakerElsewhere(db: Db, eventId: string, email: string): Promise<SpeakerRow | undefined> {
  const [row] = await db
    .select()
    .from(speakers)
    .where(and(eq(speakers.email, email), ne(speakers.eventId, eventId)))
    .orderBy(desc(speakers.updatedAt))
    .limit(1);
  return row;
}

/** The language of the account under this address, if there is one. */
export async function findAccountLocale(db: Db, email: string): Promise<string | null> {
  const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.email, email));
  return row?.locale ?? null;
}

export async function findUserName(db: Db, userId: string | null): Promise<string> {
  if (!userId) return '';
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? '';
}

/** The event's sessions with room and venue names, in time order. */
export function findSessionsWithRooms(db: Db, eventId: string) {
  return db
    .select({ session: agendaSessions, roomName: rooms.name, venueName: venues.name })
    .from(agendaSessions)
    .leftJoin(rooms, eq(rooms.id, agendaSessions.roomId))
    .leftJoin(venues, eq(venues.id, rooms.venueId))
    .where(eq(agendaSessions.eventId, eventId))
    .orderBy(asc(agendaSessions.startsAt), asc(agendaSessions.id));
}

/** Every person on the event's sessions with their role, answer and address. */
export function findPeopleOfEvent(db: Db, eventId: string) {
  return db
    .select({ sessionId: sessionPeople.sessionId, speakerId: sessionPeople.speakerId, role: sessionPeople.role, status: sessionPeople.status, position: sessionPeople.position })
    .from(sessionPeople)
    .innerJoin(agendaSessions, eq(agendaSessions.id, sessionPeople.sessionId))
    .where(eq(agendaSessions.eventId, eventId))
    .orderBy(asc(sessionPeople.position));
}

/**
 * Puts the person on each session with the role offered and the answer 'invited'; someone already on a session
 * keeps their place in its order (and is asked again).
 */
export async function placeOnSessions(tx: Db, speakerId: string, lines: { sessionId: string; role: SessionPersonRole }[]): Promise<void> {
  for (const line of lines) {
    await tx
      .insert(sessionPeople)
      .values({
        sessionId: line.sessionId,
        speakerId,
        role: line.role,
        status: 'invited',
        position: sql`(select coalesce(max(${sessionPeople.position}) + 1, 0) from ${sessionPeople} where ${sessionPeople.sessionId} = ${line.sessionId})`,
      })
      .onConflictDoUpdate({ target: [sessionPeople.sessionId, sessionPeople.speakerId], set: { role: line.role, status: 'invited' } });
  }
}

/** Sets the person's answer on those of the sessions they are still on; returns the sessions changed. */
export async function setAnswerOnSessions(tx: Db, speakerId: string, sessionIds: string[], status: AssignmentStatus): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const rows = await tx
    .update(sessionPeople)
    .set({ status })
    .where(and(eq(sessionPeople.speakerId, speakerId), inArray(sessionPeople.sessionId, sessionIds)))
    .returning({ sessionId: sessionPeople.sessionId });
  return rows.map((r) => r.sessionId);
}

export async function insertInvitation(tx: Db, row: NewInvitation, lines: { sessionId: string; role: SessionPersonRole }[]): Promise<InvitationRow> {
  const [invitation] = await tx.insert(speakerInvitations).values(row).returning();
  await tx.insert(speakerInvitationSessions).values(lines.map((l) => ({ invitationId: invitation!.id, sessionId: l.sessionId, role: l.role })));
  return invitation!;
}

export async function findInvitation(db: Db, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(speakerInvitations).where(eq(speakerInvitations.id, invitationId));
  return row;
}

export async function findInvitationOfEvent(db: Db, eventId: string, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(speakerInvitations).where(and(eq(speakerInvitations.eventId, eventId), eq(speakerInvitations.id, invitationId)));
  return row;
}

/** Locks the invitation's row for an answer or a reminder, so two at once are taken one after the other. */
export async function lockInvitation(tx: Db, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await tx.select().from(speakerInvitations).where(eq(speakerInvitations.id, invitationId)).for('update');
  return row;
}

/** The sessions an invitation asks about with the role offered, in time order. */
export function findInvitationSessions(db: Db, invitationId: string) {
  return db
    .select({ sessionId: speakerInvitationSessions.sessionId, role: speakerInvitationSessions.role })
    .from(speakerInvitationSessions)
    .innerJoin(agendaSessions, eq(agendaSessions.id, speakerInvitationSessions.sessionId))
    .where(eq(speakerInvitationSessions.invitationId, invitationId))
    .orderBy(asc(agendaSessions.startsAt));
}

/** Every invitation of the event, newest first, with the sessions it asks about. */
export async function findInvitationsOfEvent(db: Db, eventId: string) {
  const [invitations, lines] = await Promise.all([
    db.select().from(speakerInvitations).where(eq(speakerInvitations.eventId, eventId)).orderBy(desc(speakerInvitations.sentAt), desc(speakerInvitations.id)),
    db
      .select({ invitationId: speakerInvitationSessions.invitationId, sessionId: speakerInvitationSessions.sessionId })
      .from(speakerInvitationSessions)
      .innerJoin(speakerInvitations, eq(speakerInvitations.id, speakerInvitationSessions.invitationId))
      .where(eq(speakerInvitations.eventId, eventId)),
  ]);
  return invitations.map((invitation) => ({ invitation, sessionIds: lines.filter((l) => l.invitationId === invitation.id).map((l) => l.sessionId) }));
}

export async function updateInvitation(tx: Db, invitationId: string, values: Partial<NewInvitation>): Promise<void> {
  await tx.update(speakerInvitations).set(values).where(eq(speakerInvitations.id, invitationId));
}
