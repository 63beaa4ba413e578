// Reads for the doors: a registration by ticket code or id with what decides its admission (status, category,
// booking, an active check-in), a search by name / e-mail / ticket, the counts per category, and one person's
// admissions for the organisers' page of their registration.
import { and, asc, count, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { agendaSessions, checkIns, events, registrationCategories, registrations, sessionBookings, users } from '../../db/schema/index.ts';
import { alphabetical } from '../../db/alphabetical.ts';
import type { Db } from '../../db/types.ts';
import { searchTextContains } from '../registration/search-text.ts';
import type { LocalizedText } from '../../lib/localized.ts';

/** Where a check-in counts: the event's doors (sessionId null) or one bookable session. */
export interface CheckInMode {
  eventId: string;
  sessionId: string | null;
}

const activeFor = (sessionId: string | null) => and(isNull(checkIns.undoneAt), sessionId ? eq(checkIns.sessionId, sessionId) : isNull(checkIns.sessionId));

/** What the door needs to know about one registration, in this mode. */
const candidateColumns = (sessionId: string | null) => ({
  id: registrations.id,
  eventId: registrations.eventId,
  status: registrations.status,
  givenName: registrations.givenName,
  familyName: registrations.familyName,
  nameZh: registrations.nameZh,
  organisation: registrations.organisation,
  email: registrations.email,
  erasedAt: registrations.erasedAt,
  categoryName: registrationCategories.name,
  checkInId: checkIns.id,
  checkedInAt: checkIns.checkedInAt,
  checkedInDoor: checkIns.door,
  // Only asked in session mode; true elsewhere so it never warns.
  booked: sessionId ? sql<boolean>`exists (select 1 from ${sessionBookings} where ${sessionBookings.registrationId} = ${registrations.id} and ${sessionBookings.sessionId} = ${sessionId})` : sql<boolean>`true`,
});

export type Candidate = { id: string; eventId: string; status: string; givenName: string; familyName: string; nameZh: string | null; organisation: string; email: string; erasedAt: Date | null; categoryName: LocalizedText; checkInId: string | null; checkedInAt: Date | null; checkedInDoor: string | null; booked: boolean };

function candidates(db: Db, sessionId: string | null, where: SQL | undefined) {
  return db
    .select(candidateColumns(sessionId))
    .from(registrations)
    .innerJoin(registrationCategories, eq(registrationCategories.id, registrations.categoryId))
    .leftJoin(checkIns, and(eq(checkIns.registrationId, registrations.id), activeFor(sessionId)))
    .where(where);
}

/** The rows of a candidates() query, typed as the door reads them. */
const asCandidates = (query: PromiseLike<unknown>) => query as unknown as Promise<Candidate[]>;

/** The registration holding this ticket, whichever event it is for (tickets are unique across events). */
export async function findByTicket(db: Db, mode: CheckInMode, ticketCode: string): Promise<Candidate | undefined> {
  const [row] = await asCandidates(candidates(db, mode.sessionId, eq(registrations.ticketCode, ticketCode)));
  return row;
}

/** A registration of this event by its id (search results carry the id, not the ticket). */
export async function findByRegistrationId(db: Db, mode: CheckInMode, registrationId: string): Promise<Candidate | undefined> {
  const [row] = await asCandidates(candidates(db, mode.sessionId, and(eq(registrations.id, registrationId), eq(registrations.eventId, mode.eventId))));
  return row;
}

export const SEARCH_LIMIT = 20;

/**
 * Registrations of the event whose name (either way round), Chinese name, e-mail or organisation holds `text`, or
 * whose ticket is `ticketCode`: the participant list's search, on its trigram index, first SEARCH_LIMIT + 1 by name
 * (the page shows SEARCH_LIMIT and says when there are more).
 */
export function searchCandidates(db: Db, mode: CheckInMode, text: string, ticketCode: string | null): Promise<Candidate[]> {
  const matches = ticketCode ? eq(registrations.ticketCode, ticketCode) : searchTextContains(text);
  return asCandidates(
    candidates(db, mode.sessionId, and(eq(registrations.eventId, mode.eventId), isNull(registrations.erasedAt), matches))
      .orderBy(asc(alphabetical(registrations.familyName)), asc(alphabetical(registrations.givenName)), asc(registrations.id))
      // One more than are shown, to know whether there are more.
      .limit(SEARCH_LIMIT + 1),
  );
}

export async function findEventTitle(db: Db, eventId: string): Promise<LocalizedText | undefined> {
  const [row] = await db.select({ title: events.title }).from(events).where(eq(events.id, eventId));
  return row?.title;
}

/** A check-in by its scan id, for recognising a scan sent again. */
export async function findByClientId(db: Db, clientId: string) {
  const [row] = await db.select().from(checkIns).where(eq(checkIns.clientId, clientId));
  return row;
}

export interface CategoryCount {
  categoryId: string;
  name: LocalizedText;
  checkedIn: number;
  expected: number;
}

/** A registration the door still expects: confirmed, or for a session, booked on it (cancelling frees the booking). */
const stillExpected = (sessionId: string | null) =>
  sessionId
    ? sql`exists (select 1 from ${sessionBookings} where ${sessionBookings.registrationId} = ${registrations.id} and ${sessionBookings.sessionId} = ${sessionId})`
    : eq(registrations.status, 'confirmed');

/**
 * Per category: people expected (confirmed registrations; in session mode, bookings of the session) and people
 * admitted (active check-ins of this mode) who are still expected. Two grouped counts, each on an index of its table.
 */

export async function countCheckIns(db: Db, mode: CheckInMode): Promise<CategoryCount[]> {
  const expectedQuery = mode.sessionId
    ? db
        .select({ categoryId: registrations.categoryId, n: count() })
        .from(sessionBookings)
        .innerJoin(registrations, eq(registrations.id, sessionBookings.registrationId))
        .where(eq(sessionBookings.sessionId, mode.sessionId))
        .groupBy(registrations.categoryId)
    : db
        .select({ categoryId: registrations.categoryId, n: count() })
        .from(registrations)
        .where(and(eq(registrations.eventId, mode.eventId), eq(registrations.status, 'confirmed')))
        .groupBy(registrations.categoryId);
  const [categories, expected, admitted] = await Promise.all([
    db.select({ id: registrationCategories.id, name: registrationCategories.name }).from(registrationCategories).where(eq(registrationCategories.eventId, mode.eventId)).orderBy(asc(registrationCategories.position), asc(registrationCategories.createdAt)),
    expectedQuery,
    db
      .select({ categoryId: registrations.categoryId, n: count() })
      .from(checkIns)
      .innerJoin(registrations, eq(registrations.id, checkIns.registrationId))
      // Of the people expected only: someone who cancelled after coming in no longer counts on either side.
      .where(and(eq(checkIns.eventId, mode.eventId), activeFor(mode.sessionId), stillExpected(mode.sessionId)))
      .groupBy(registrations.categoryId),
  ]);
  const byCategory = (rows: { categoryId: string; n: number }[]) => new Map(rows.map((r) => [r.categoryId, r.n]));
  const e = byCategory(expected);
  const a = byCategory(admitted);
  return categories.map((c) => ({ categoryId: c.id, name: c.name, checkedIn: a.get(c.id) ?? 0, expected: e.get(c.id) ?? 0 }));
}

/** The sessions one can check in to: bookable ones (with a capacity), not cancelled, in time order. */
export function findCheckInSessions(db: Db, eventId: string) {
  return db
    .select({ id: agendaSessions.id, title: agendaSessions.title, startsAt: agendaSessions.startsAt })
    .from(agendaSessions)
    .where(and(eq(agendaSessions.eventId, eventId), isNotNull(agendaSessions.capacity), eq(agendaSessions.status, 'scheduled')))
    // Sessions at the same time (three buses of one visit) in a steady order: by title, then id.
    .orderBy(asc(agendaSessions.startsAt), asc(sql`${agendaSessions.title}->>'en'`), asc(sql`${agendaSessions.title}->>'zh-CN'`), asc(agendaSessions.id));
}

/** One check-in of the event with the person's name, for the "done" notice after a form admitted them. */
export async function findCheckInWithName(db: Db, eventId: string, checkInId: string) {
  const [row] = await db
    .select({ id: checkIns.id, at: checkIns.checkedInAt, door: checkIns.door, undoneAt: checkIns.undoneAt, givenName: registrations.givenName, familyName: registrations.familyName, nameZh: registrations.nameZh })
    .from(checkIns)
    .innerJoin(registrations, eq(registrations.id, checkIns.registrationId))
    .where(and(eq(checkIns.id, checkInId), eq(checkIns.eventId, eventId)));
  return row;
}

/**
 * Every admission of one registration of the event, undone ones too, in the order they happened: the door, the staff
 * member who admitted (null once their account is gone), and the session's title for an admission to a session.
 */
export function listCheckInsOfRegistration(db: Db, eventId: string, registrationId: string) {
  return db
    .select({
      id: checkIns.id,
      sessionId: checkIns.sessionId,
      sessionTitle: agendaSessions.title,
      door: checkIns.door,
      checkedInAt: checkIns.checkedInAt,
      undoneAt: checkIns.undoneAt,
      staffName: users.name,
      staffEmail: users.email,
    })
    .from(checkIns)
    .leftJoin(agendaSessions, eq(agendaSessions.id, checkIns.sessionId))
    .leftJoin(users, eq(users.id, checkIns.staffUserId))
    .where(and(eq(checkIns.eventId, eventId), eq(checkIns.registrationId, registrationId)))
    .orderBy(asc(checkIns.checkedInAt), asc(checkIns.id));
}
