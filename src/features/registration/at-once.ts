// A registration that takes a seat, written in one statement: the registration, its consents, bookings, submission
// and audit rows and the seats (event, category, sessions) go to the database as a single statement after its mail
// job, with the COMMIT right behind it: two round trips between BEGIN and COMMIT instead of eight. It is the
// common case, tried first; whenever it cannot give the answer by itself — the house or a session is full, the
// address is already registered, the form was sent before — it rolls back and leaves the answer to the full path
// in service.ts, which waits for concurrent submissions of the same form or address and finds their rows.
import { type SQL, sql } from 'drizzle-orm';
import { agendaSessions, auditLog, registrationConsents, registrations, registrationSubmissions, sessionBookings } from '../../db/schema/index.ts';
import { errorMessages, hasSqlState } from '../../db/errors.ts';
import { transactionEndingWith } from '../../db/commit-behind.ts';
import { together } from '../../db/together.ts';
import type { Db } from '../../db/types.ts';
import { StatementShapes } from '../../db/statement-shapes.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { auditRow } from '../audit/service.ts';
import { queueRegistrationMail } from './mail.ts';
import { seatUpdates, sessionSeatFree } from './seats.ts';
import { consentRows, creationAudit, newRegistrationRow } from './new-registration-rows.ts';
import type { RegistrationValues, Submission, SubmissionAnswer, SubmissionContext } from './service.ts';

/** The registration statement, built once per shape (statement-shapes.ts). */
const shapes = new StatementShapes();

/** The message the statement fails with when a seat it needs is not free. */
const NO_SEAT = 'registration: no seat';
/** The transaction-local setting that marks the statement's own transaction, and the refusal when it is missing. */
const TRANSACTION_MARK = 'forum_desk.registration';
const OUTSIDE = 'registration: outside its transaction';
const isRefused = (error: unknown) => hasSqlState(error, 'P0001') && errorMessages(error).some((message) => message === NO_SEAT || message === OUTSIDE);

/**
 * Registers a confirmed person in one statement, or returns undefined (having written nothing) when the full path
 * must decide: approval needed, an invitation code or files to handle, no seat, a known address, a form sent again.
 */
export async function registerAtOnce(ctx: SubmissionContext, eventId: string, values: RegistrationValues, submission: Submission): Promise<SubmissionAnswer | undefined> {
  const category = submission.read?.category;
  if (!category || category.id !== values.categoryId || submission.read?.settings.eventId !== eventId) return undefined;
  if ((category.requiresApproval && !submission.bypassApproval) || submission.invitationCodeId || Object.keys(submission.files ?? {}).length > 0) return undefined;
  const { db, clock } = ctx;
  const now = clock.now();
  const id = uuidv7();
  try {
    // The job first (it locks nothing), with a mark only this transaction sees; then the statement, with the COMMIT
    // right behind it (commit-behind.ts). The statement writes nothing unless it finds the mark: should it ever run
    // after that COMMIT instead of before it, it fails rather than register someone outside the transaction.
    await transactionEndingWith(
      db,
      async (tx) => {
        await together([tx.execute(sql`select set_config(${TRANSACTION_MARK}, ${id}, true)`), queueRegistrationMail(tx, ctx, 'confirmed', { id }, {})]);
      },
      (tx) => {
        const rows = rowsOf(id, eventId, values, submission, now);
        const named = { ...namedValues(rows), eventId, categoryId: values.categoryId, noSeat: NO_SEAT, mark: id };
        return tx.execute(shapes.statement(shapeKey(rows), () => registrationStatement(tx, rows), named));
      },
    );
  } catch (error) {
    // Full, or another registration of this address or this form committed first: the full path answers.
    // A deadlock (40P01) with the full path registering the same address or form: that one goes ahead, this one
    // finds its rows there.
    if (isRefused(error) || hasSqlState(error, '23505') || hasSqlState(error, '40P01')) return undefined;
    throw error;
  }
  return { outcome: 'confirmed', waitlistPosition: null, email: values.email };
}

type Row = Record<string, unknown>;
interface RegistrationRows {
  registration: Row;
  consents: Row[];
  submission: Row;
  audit: Row;
  bookings: Row[];
  sessionIds: string[];
}

/**
 * The rows one registration writes. Every id is given: a column's default function would run once, when the shape
 * is built, and its id then be the same in every later statement. A column left undefined is left out, so it takes
 * its default as in drizzle's own inserts.
 */
function rowsOf(id: string, eventId: string, values: RegistrationValues, submission: Submission, now: Date): RegistrationRows {
  const given = (row: Row): Row => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
  const registration = newRegistrationRow(id, eventId, values, submission, 'confirmed', now);
  return {
    registration: given(registration),
    consents: consentRows(id, submission, registration.sensitiveConsent === true, now).map((consent) => given({ id: uuidv7(), ...consent })),
    submission: given({ eventId, formToken: submission.formToken, outcome: 'confirmed', waitlistPosition: null, email: values.email, registrationId: id, createdAt: now }),
    audit: given({ id: uuidv7(), ...auditRow(submission.actor, creationAudit(eventId, id, 'confirmed', values)) }),
    bookings: values.sessionIds.map((sessionId) => ({ registrationId: id, sessionId })),
    sessionIds: values.sessionIds,
  };
}

/** The rows' values named as their placeholders: "registration.email", "consent.0.kind", "session.0" … */
function namedValues(rows: RegistrationRows): Row {
  const named: Row = {};
  const name = (prefix: string, row: Row) => Object.entries(row).forEach(([column, value]) => (named[`${prefix}.${column}`] = value));
  name('registration', rows.registration);
  rows.consents.forEach((consent, i) => name(`consent.${i}`, consent));
  name('submission', rows.submission);
  name('audit', rows.audit);
  rows.bookings.forEach((booking, i) => name(`booking.${i}`, booking));
  rows.sessionIds.forEach((sessionId, i) => (named[`session.${i}`] = sessionId));
  return named;
}

/** What makes two registrations' statements the same text: the columns of every row and the number of sessions. */
const shapeKey = (rows: RegistrationRows) => [rows.registration, ...rows.consents, rows.submission, rows.audit].map((row) => Object.keys(row).join()).join('|') + `|${rows.sessionIds.length}`;

/**
 * The registration's statement with placeholders for its values. The rows are written by common table expressions
 * that nothing reads (they run after the seats); the seats are taken last, each only once the one before it was, and
 * lock their counters until the commit. Without its transaction's mark or without every seat the statement fails
 * (refuse_statement, migration 0027), and with it the transaction.
 */
function registrationStatement(tx: Db, rows: RegistrationRows): SQL {
  // Each column's value is a placeholder of the same name (drizzle types insert values, not placeholders: `never`).
  const slots = (prefix: string, row: Row) => Object.fromEntries(Object.keys(row).map((column) => [column, sql.placeholder(`${prefix}.${column}`)])) as never;
  const writes = [
    tx.insert(registrations).values(slots('registration', rows.registration)),
    tx.insert(registrationConsents).values(rows.consents.map((consent, i) => slots(`consent.${i}`, consent))),
    tx.insert(registrationSubmissions).values(slots('submission', rows.submission)),
    tx.insert(auditLog).values(slots('audit', rows.audit)),
    ...(rows.bookings.length > 0 ? [tx.insert(sessionBookings).values(rows.bookings.map((booking, i) => slots(`booking.${i}`, booking)))] : []),
  ];
  const event = sql.placeholder('eventId');
  const sessions = rows.sessionIds.length > 0 ? sql`(${sql.join(rows.sessionIds.map((_, i) => sql`${sql.placeholder(`session.${i}`)}::uuid`), sql`, `)})` : sql`(null::uuid)`;
  return sql`with ${sql.join(
    writes.map((write, i) => sql`${sql.raw(`write_${i}`)} as (${write.getSQL()})`),
    sql`, `,
  )}, ${seatUpdates(event, sql.placeholder('categoryId'), 1)}, session_seat as (
      update ${agendaSessions} set "booked" = "booked" + 1
      where "id" in ${sessions} and "event_id" = ${event} and ${sessionSeatFree()} and exists (select 1 from event_seat)
      returning 1
    )
    select case
      when current_setting(${sql.raw(`'${TRANSACTION_MARK}'`)}, true) is distinct from ${sql.placeholder('mark')} then refuse_statement(${sql.raw(`'${OUTSIDE}'`)})
      when (select count(*) from event_seat) = 1 and (select count(*) from session_seat) = ${sql.raw(String(rows.sessionIds.length))} then 1
      else refuse_statement(${sql.placeholder('noSeat')}) end as "seated"`;
}
