// Reads of one registration of an event: the row, its category's name, its invitation code, its sessions and the
// files it sent, for the pages and mails that show it.
// Example: const registration = await findRegistration(db, id)
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { agendaSessions, invitationCodes, registrationCategories, registrationFiles, registrationQuestions, registrations, sessionBookings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { SESSION_ORDER } from './form-queries.ts';

export async function findRegistration(db: Db, id: string) {
  const [row] = await db.select().from(registrations).where(eq(registrations.id, id));
  return row;
}

/** The invitation code a registration came with (the code's text), if any and still there. */
export async function findInvitationCodeText(db: Db, eventId: string, codeId: string | null): Promise<string | undefined> {
  if (!codeId) return undefined;
  const [row] = await db.select({ code: invitationCodes.code }).from(invitationCodes).where(and(eq(invitationCodes.id, codeId), eq(invitationCodes.eventId, eventId)));
  return row?.code;
}

/** The names of the event's categories by id, for rows that name them by id (a move's audit row). */
export async function findCategoryNames(db: Db, eventId: string): Promise<Map<string, LocalizedText>> {
  const rows = await db.select({ id: registrationCategories.id, name: registrationCategories.name }).from(registrationCategories).where(eq(registrationCategories.eventId, eventId));
  return new Map(rows.map((r) => [r.id, r.name as LocalizedText]));
}

/** The name of a category of the event (a registration's), or undefined for another event's. */
export async function findCategoryName(db: Db, eventId: string, categoryId: string) {
  const [row] = await db
    .select({ name: registrationCategories.name })
    .from(registrationCategories)
    .where(and(eq(registrationCategories.id, categoryId), eq(registrationCategories.eventId, eventId)));
  return row?.name;
}

/**
 * The sessions of one registration of the event, in time order: those it has booked and, while it waits for a seat,
 * those it asked for (booked once it is confirmed). Cancelled sessions too, with their status, so nobody is told
 * about a visit that no longer takes place.
 */
export function findSessionsOfRegistration(db: Db, eventId: string, registration: { id: string; requestedSessionIds: string[] }) {
  const booked = db.select({ id: sessionBookings.sessionId }).from(sessionBookings).where(eq(sessionBookings.registrationId, registration.id));
  return db
    .select({ id: agendaSessions.id, title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt, status: agendaSessions.status })
    .from(agendaSessions)
    .where(and(eq(agendaSessions.eventId, eventId), or(inArray(agendaSessions.id, booked), registration.requestedSessionIds.length > 0 ? inArray(agendaSessions.id, registration.requestedSessionIds) : undefined)))
    .orderBy(...SESSION_ORDER);
}

/**
 * The files a person sent with the registration form, each with its question, in the questions' order: listed on
 * their manage page and in their data download.
 */
export function findSentFiles(db: Db, registrationId: string) {
  return db
    .select({ questionId: registrationFiles.questionId, question: registrationQuestions.label, filename: registrationFiles.filename, contentType: registrationFiles.contentType, size: registrationFiles.size, uploadedAt: registrationFiles.createdAt })
    .from(registrationFiles)
    .innerJoin(registrationQuestions, eq(registrationQuestions.id, registrationFiles.questionId))
    .where(eq(registrationFiles.registrationId, registrationId))
    .orderBy(asc(registrationQuestions.position), asc(registrationFiles.createdAt));
}
