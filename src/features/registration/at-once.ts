// A registration that takes a seat, written in one statement: the registration, its consents, bookings, submission
// and audit rows and the seats (event, category, sessions) go to the database as a single statement after its mail
// job, with the COMMIT right behind it: two round trips between BEGIN and COMMIT instead of eight. It is the
// common case, tried first; whenever it cannot give the answer by itself — the house or a session is full, the
// address is already registered, the form was sent before — it rolls back and leaves the answer to the full path
// in service.ts, which waits for concurrent submissions of the same form or address and finds their rows.
import { sql } from 'drizzle-orm';
import { agendaSessions, registrationConsents, registrations, registrationSubmissions, sessionBookings } from '../../db/schema/index.ts';
import { errorMessages, hasSqlState } from '../../db/errors.ts';
import { transactionEndingWith } from '../../db/commit-behind.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { auditInsert } from '../audit/service.ts';
import { queueRegistrationMail } from './mail.ts';
import { seatUpdates } from './seats.ts';
import { consentRows, creationAudit, newRegistrationRow, type RegistrationValues, type Submission, type SubmissionAnswer, type SubmissionContext } from './service.ts';

/** The message the statement fails with when a seat it needs is not free. */
const NO_SEAT = 'registration: no seat';
const isNoSeat = (error: unknown) => hasSqlState(error, 'P0001') && errorMessages(error).includes(NO_SEAT);

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
    const sessionIds = values.sessionIds;
    // The job first (it locks nothing), then the statement, with the COMMIT right behind it (commit-behind.ts).
    await transactionEndingWith(
      db,
      (tx) => queueRegistrationMail(tx, ctx, 'confirmed', { id }, {}),
      (tx) => {
        const row = newRegistrationRow(id, eventId, values, submission, 'confirmed', now);
        const writes = [
          tx.insert(registrations).values(row),
          tx.insert(registrationConsents).values(consentRows(id, submission, row.sensitiveConsent === true, now)),
          tx.insert(registrationSubmissions).values({ eventId, formToken: submission.formToken, outcome: 'confirmed', waitlistPosition: null, email: values.email, registrationId: id, createdAt: now }),
          auditInsert(tx, submission.actor, creationAudit(eventId, id, 'confirmed', values)),
          ...(sessionIds.length > 0 ? [tx.insert(sessionBookings).values(sessionIds.map((sessionId) => ({ registrationId: id, sessionId })))] : []),
        ];
        // The rows are written by common table expressions that nothing reads (they run after the seats); the seats
        // are taken last, each only once the one before it was, and lock their counters until the commit. Without
        // every seat the statement fails (refuse_statement, migration 0027), and with it the whole transaction.
        return tx.execute(sql`with ${sql.join(
          writes.map((write, i) => sql`${sql.raw(`write_${i}`)} as (${write.getSQL()})`),
          sql`, `,
        )}, ${seatUpdates(eventId, values.categoryId, 1)}, session_seat as (
            update ${agendaSessions} set "booked" = "booked" + 1
            where "id" in ${sessionIds.length > 0 ? sql`(${sql.join(sessionIds.map((s) => sql`${s}::uuid`), sql`, `)})` : sql`(null::uuid)`}
              and "event_id" = ${eventId} and "status" = 'scheduled' and "booked" < "capacity" and exists (select 1 from event_seat)
            returning 1
          )
          select case when (select count(*) from event_seat) = 1 and (select count(*) from session_seat) = ${sessionIds.length}
            then 1 else refuse_statement(${NO_SEAT}) end as "seated"`);
      },
    );
  } catch (error) {
    // Full, or another registration of this address or this form committed first: the full path answers.
    if (isNoSeat(error) || hasSqlState(error, '23505')) return undefined;
    throw error;
  }
  return { outcome: 'confirmed', waitlistPosition: null, email: values.email };
}
