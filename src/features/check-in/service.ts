// The rules of the door: who may be admitted (a confirmed registration of this event, booked on the session in
// session mode, not admitted already), admitting with one conditional INSERT and its audit row in the same
// statement (no read-then-write: the unique partial indexes decide between two doors), explaining a refusal, and
// undoing a mistaken admission (audited too).
import { and, eq, isNull, sql } from 'drizzle-orm';
import { auditLog, checkIns, registrations, sessionBookings } from '../../db/schema/index.ts';
import { preparedPerDatabase } from '../../db/prepared.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { Locale } from '../../i18n/index.ts';
import { showCounts, type ShownCounts } from './present.ts';
import { countCheckIns, findByClientId, findByRegistrationId, findByTicket, findEventTitle, type Candidate, type CheckInMode } from './queries.ts';
import { personNames } from '../../lib/person-name.ts';

/** Why a door should not (or cannot) admit someone; shown as warnings on the card, in this order. */
export const CHECK_IN_WARNINGS = ['unknown', 'other-event', 'cancelled', 'rejected', 'pending', 'waitlisted', 'not-booked', 'already-checked-in'] as const;
export type CheckInWarning = (typeof CHECK_IN_WARNINGS)[number];

export interface PersonCard {
  registrationId: string;
  name: string;
  nameZh: string | null;
  organisation: string;
  categoryName: LocalizedText;
  status: string;
}

export interface ActiveCheckIn {
  id: string;
  at: Date;
  door: string;
}

/** What the door shows for a ticket or a search result: who (unless it is not ours to show) and what to watch for. */
export interface TicketCard {
  person: PersonCard | null;
  warnings: CheckInWarning[];
  checkIn: ActiveCheckIn | null;
  /** The other event's title for an 'other-event' ticket. */
  otherEvent: LocalizedText | null;
}

/** Identifies the person at the door: a scanned or typed ticket code, or a registration picked from the search. */
export type Presented = { ticketCode: string } | { registrationId: string };

export function cardOf(mode: CheckInMode, row: Candidate | undefined, otherEvent: LocalizedText | null = null): TicketCard {
  if (!row || row.erasedAt) return { person: null, warnings: ['unknown'], checkIn: null, otherEvent: null };
  if (row.eventId !== mode.eventId) return { person: null, warnings: ['other-event'], checkIn: null, otherEvent };
  const warnings: CheckInWarning[] = [];
  if (row.status !== 'confirmed') warnings.push(row.status as CheckInWarning);
  if (!row.booked) warnings.push('not-booked');
  if (row.checkInId) warnings.push('already-checked-in');
  return {
    person: { registrationId: row.id, ...personNames(row.givenName, row.familyName, row.nameZh), organisation: row.organisation, categoryName: row.categoryName, status: row.status },
    warnings,
    checkIn: row.checkInId ? { id: row.checkInId, at: row.checkedInAt!, door: row.checkedInDoor! } : null,
    otherEvent: null,
  };
}

/** The card of whoever presents this ticket or registration, without changing anything. */
export async function describePresented(db: Db, mode: CheckInMode, presented: Presented): Promise<TicketCard> {
  const row = 'ticketCode' in presented ? await findByTicket(db, mode, presented.ticketCode) : await findByRegistrationId(db, mode, presented.registrationId);
  const otherEvent = row && row.eventId !== mode.eventId ? ((await findEventTitle(db, row.eventId)) ?? null) : null;
  return cardOf(mode, row, otherEvent);
}

export interface CheckInRequest {
  presented: Presented;
  door: string;
  /** The staff member at the door (the check-in's staff user and the audit row's actor) and their request. */
  actor: AuditActor;
  clientId: string | null;
}

export type CheckInResult =
  | { ok: true; checkIn: ActiveCheckIn & { registrationId: string; undone: boolean }; replay: boolean }
  | { ok: false; card: TicketCard };

/**
 * The admitting INSERT … SELECT for a ticket or a registration id, at the event door or a session's, with the audit
 * row of the admission written from what it inserted (nothing when it inserted nothing): one statement, prepared once.
 */
const admitStatements = preparedPerDatabase((db) => {
  const build = (byTicket: boolean, inSession: boolean) => {
    const source = db
      .select({
        id: sql`${sql.placeholder('id')}::uuid`.as('id'),
        eventId: registrations.eventId,
        registrationId: registrations.id,
        sessionId: sql`${sql.placeholder('sessionId')}::uuid`.as('session_id'),
        door: sql`${sql.placeholder('door')}::text`.as('door'),
        staffUserId: sql`${sql.placeholder('staffUserId')}::uuid`.as('staff_user_id'),
        clientId: sql`${sql.placeholder('clientId')}::uuid`.as('client_id'),
        checkedInAt: sql`${sql.placeholder('at')}::timestamptz`.as('checked_in_at'),
        undoneAt: sql`null::timestamptz`.as('undone_at'),
        undoneBy: sql`null::uuid`.as('undone_by'),
      })
      .from(registrations)
      .where(
        and(
          byTicket ? eq(registrations.ticketCode, sql.placeholder('ticketCode')) : eq(registrations.id, sql.placeholder('registrationId')),
          eq(registrations.eventId, sql.placeholder('eventId')),
          eq(registrations.status, 'confirmed'),
          isNull(registrations.erasedAt),
          inSession
            ? sql`exists (select 1 from ${sessionBookings} where ${sessionBookings.registrationId} = ${registrations.id} and ${sessionBookings.sessionId} = ${sql.placeholder('sessionId')}::uuid)`
            : undefined,
        ),
      );
    const admitted = db
      .$with('admitted')
      .as(
        db
          .insert(checkIns)
          .select(source)
          .onConflictDoNothing()
          .returning({ id: checkIns.id, at: checkIns.checkedInAt, door: checkIns.door, registrationId: checkIns.registrationId, eventId: checkIns.eventId, sessionId: checkIns.sessionId, staffUserId: checkIns.staffUserId }),
      );
    // Every column of audit_log in the table's order, as INSERT … SELECT takes them (drizzle refuses to build the
    // statement otherwise, so a column added to the table stops every check-in test); dated by the database, as
    // writeAudit's rows are.
    const audited = db.$with('audited').as(
      db.insert(auditLog).select(
        db
          .select({
            id: sql`${sql.placeholder('auditId')}::uuid`.as('id'),
            actorId: admitted.staffUserId,
            eventId: admitted.eventId,
            action: sql<string>`'checkin.admit'`.as('action'),
            targetType: sql<string>`'registration'`.as('target_type'),
            targetId: sql<string>`${admitted.registrationId}::text`.as('target_id'),
            before: sql`null::jsonb`.as('before'),
            after: sql`jsonb_build_object('checkInId', ${admitted.id}, 'door', ${admitted.door}, 'sessionId', ${admitted.sessionId})`.as('after'),
            requestId: sql`${sql.placeholder('requestId')}::text`.as('request_id'),
            createdAt: sql`now()`.as('created_at'),
          })
          .from(admitted),
      ),
    );
    return db
      .with(admitted, audited)
      .select({ id: admitted.id, at: admitted.at, door: admitted.door, registrationId: admitted.registrationId })
      .from(admitted)
      .prepare(`admit_by_${byTicket ? 'ticket' : 'registration'}_at_${inSession ? 'session' : 'event'}`);
  };
  return { ticket: build(true, false), ticketInSession: build(true, true), id: build(false, false), idInSession: build(false, true) };
});

/**
 * Admits the person: one INSERT … SELECT that writes only when the registration is confirmed, of this event (and
 * booked on the session), ON CONFLICT DO NOTHING against the one-active-check-in indexes and the scan id, and the
 * audit row of what it wrote. When it writes nothing, a second look says why: the same scan sent again (answered as
 * the first time), or a warning.
 */
export async function checkIn(db: Db, clock: Clock, mode: CheckInMode, request: CheckInRequest, attempt = 0): Promise<CheckInResult> {
  const { presented } = request;
  const byTicket = 'ticketCode' in presented;
  const statements = admitStatements(db);
  const admit = byTicket ? (mode.sessionId ? statements.ticketInSession : statements.ticket) : mode.sessionId ? statements.idInSession : statements.id;
  const [written] = await admit.execute({
    id: uuidv7(),
    ticketCode: byTicket ? presented.ticketCode : null,
    registrationId: byTicket ? null : presented.registrationId,
    eventId: mode.eventId,
    sessionId: mode.sessionId,
    door: request.door,
    staffUserId: request.actor.actorId,
    clientId: request.clientId,
    at: clock.now().toISOString(),
    auditId: uuidv7(),
    requestId: request.actor.requestId,
  });
  if (written) return { ok: true, checkIn: { ...written, undone: false }, replay: false };

  if (request.clientId) {
    const earlier = await findByClientId(db, request.clientId);
    if (earlier) {
      const card = await describePresented(db, mode, presented);
      const same = earlier.eventId === mode.eventId && earlier.sessionId === mode.sessionId && card.person?.registrationId === earlier.registrationId;
      // A scan id names one scan: sent again with another ticket it is a client's mistake, not a second scan.
      if (!same) throw new ConflictError('checkIn.errors.scanReused');
      return { ok: true, checkIn: { id: earlier.id, at: earlier.checkedInAt, door: earlier.door, registrationId: earlier.registrationId, undone: earlier.undoneAt !== null }, replay: true };
    }
  }
  const card = await describePresented(db, mode, presented);
  // Nothing in the way any more (the other admission was undone in between): one more try, no more.
  if (card.warnings.length === 0 && attempt === 0) return checkIn(db, clock, mode, request, 1);
  if (card.warnings.length === 0) throw new ConflictError();
  return { ok: false, card };
}

/** Takes back a mistaken admission; writes an audit row. A check-in already undone, or of another event, is refused. */
export async function undoCheckIn(db: Db, clock: Clock, actor: AuditActor, eventId: string, checkInId: string) {
  return db.transaction(async (tx) => {
    const [undone] = await tx
      .update(checkIns)
      .set({ undoneAt: clock.now(), undoneBy: actor.actorId })
      .where(and(eq(checkIns.id, checkInId), eq(checkIns.eventId, eventId), isNull(checkIns.undoneAt)))
      .returning();
    if (!undone) {
      const [exists] = await tx.select({ id: checkIns.id }).from(checkIns).where(and(eq(checkIns.id, checkInId), eq(checkIns.eventId, eventId)));
      if (!exists) throw new NotFoundError('check-in');
      throw new ConflictError('checkIn.errors.alreadyUndone');
    }
    await writeAudit(tx, actor, {
      eventId,
      action: 'checkin.undo',
      targetType: 'registration',
      targetId: undone.registrationId,
      before: { checkInId: undone.id, door: undone.door, checkedInAt: undone.checkedInAt.toISOString(), sessionId: undone.sessionId },
      after: { undoneAt: undone.undoneAt!.toISOString() },
    });
    return undone;
  });
}

/** Checked in / expected per category at the event's doors, put in words, for the event's page (organisers). */
export async function eventDoorCounts(db: Db, eventId: string, locale: Locale): Promise<ShownCounts> {
  return showCounts(await countCheckIns(db, { eventId, sessionId: null }), locale);
}
