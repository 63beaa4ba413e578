// Registering: a submission takes its seats in one transaction with the registration row, its mail and its audit
// row, so a registration is never lost and a seat is never sold twice (seats.ts). Submissions are idempotent by the
// form's one-time token, and an address that is already registered gets the same kind of answer page as a new one
// while its owner is mailed their manage link. What happens afterwards (approval, cancellation, promotion from the
// waiting list) is in status-changes.ts.
import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { ACTIVE_REGISTRATION_STATUSES, type IdDocumentType, invitationCodes, isActiveStatus, registrationCategories, registrationConsents, registrationFiles, registrations, registrationSettings, type RegistrationStatus, registrationSubmissions, type Residence, sessionBookings, type SubmissionOutcome } from '../../db/schema/index.ts';
import { hasSqlState } from '../../db/errors.ts';
import { together } from '../../db/together.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { FieldCipher } from '../../lib/field-cipher.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { MailContext } from '../mail/service.ts';
import type { UploadedFile } from './form.ts';
import { registerAtOnce } from './at-once.ts';
import { queueRegistrationMail, type RegistrationMailKind } from './mail.ts';
import { consentRows, creationAudit, newRegistrationRow } from './new-registration-rows.ts';
import { seatsFreeNow, takeSeat, takeSessionSeat } from './seats.ts';
import { nextWaitlistSlot, readPlace, waitlistPosition } from './waitlist-place.ts';

export type RegistrationRow = typeof registrations.$inferSelect;

/** What the form yields once every field is valid (form-validation.ts). */
export interface RegistrationValues {
  categoryId: string;
  email: string;
  familyName: string;
  givenName: string;
  nameZh: string | null;
  organisation: string;
  jobTitle: string | null;
  country: string;
  mobile: string;
  dietary: string | null;
  interpretationNeeds: string | null;
  residence: Residence;
  /** The document, as typed; stored (encrypted) only with the consent to sensitive data. */
  idType: IdDocumentType | null;
  idNumber: string | null;
  nationality: string | null;
  answers: Record<string, unknown>;
  sessionIds: string[];
  locale: Locale;
}

export interface SubmissionContext {
  db: Db;
  clock: Clock;
  mail: MailContext;
}

export interface Submission {
  actor: AuditActor;
  formToken: string;
  /** The privacy notice's version the person agreed to (processing is required to get here). */
  consentVersion: string;
  /** The separate consents: to storing the identity document number, and to transfer abroad (PIPL art. 29, 39). */
  sensitiveConsent?: boolean;
  crossBorderConsent?: boolean;
  /** Encrypts the document number; required with the sensitive-data consent. */
  cipher?: FieldCipher;
  /** An invitation code already checked to belong to this event and open this category (invitations.ts). */
  invitationCodeId?: string;
  bypassApproval?: boolean;
  /** Files answered to file questions, by question id, already checked (form-checks.ts). */
  files?: Record<string, UploadedFile>;
  /**
   * The category and settings the form was checked against, read just before; without them they are read here.
   * Only what never changes a seat count is taken from them (approval, waiting list): the seats are counted in the
   * transaction.
   */
  read?: { category: Pick<typeof registrationCategories.$inferSelect, 'id' | 'requiresApproval'>; settings: Pick<typeof registrationSettings.$inferSelect, 'eventId' | 'waitlistEnabled'> };
}

export interface SubmissionAnswer {
  outcome: SubmissionOutcome;
  waitlistPosition: number | null;
  email: string;
}

export async function findSubmission(db: Db, eventId: string, formToken: string) {
  const [row] = await db
    .select()
    .from(registrationSubmissions)
    .where(and(eq(registrationSubmissions.eventId, eventId), eq(registrationSubmissions.formToken, formToken)));
  return row;
}

/**
 * A form's answer as it stands now for the person it registered: confirmed after a promotion, a place on the waiting
 * list that moved up as people ahead left. A known address's answer has no registration to follow and says what it
 * said, and so does one whose registration has ended since (cancelled, not accepted, erased).
 */
export async function answerNow(db: Db, submission: NonNullable<Awaited<ReturnType<typeof findSubmission>>>): Promise<{ outcome: SubmissionOutcome; position: number | null }> {
  const said = { outcome: submission.outcome as SubmissionOutcome, position: submission.waitlistPosition };
  if (!submission.registrationId) return said;
  const [now] = await db
    .select({ id: registrations.id, eventId: registrations.eventId, categoryId: registrations.categoryId, status: registrations.status, waitlistedAt: registrations.waitlistedAt })
    .from(registrations)
    .where(eq(registrations.id, submission.registrationId));
  // The active statuses are the answers a form gives (confirmed, waitlisted, pending).
  if (!now || !isActiveStatus(now.status)) return said;
  return { outcome: now.status as SubmissionOutcome, position: now.status === 'waitlisted' ? await waitlistPosition(db, now) : null };
}

/** The booking rows of a new registration, written before any counter is taken (see takeEventAndSessionSeats). */
async function insertBookings(tx: Db, registrationId: string, sessionIds: string[]): Promise<void> {
  if (sessionIds.length > 0) await tx.insert(sessionBookings).values(sessionIds.map((sessionId) => ({ registrationId, sessionId })));
}

/**
 * Takes the event's seat with `takeEventSeat`, then each requested session's, all or none (a full session is a field
 * error and the transaction rolls back): the counters last, the hot rows locked as briefly as possible.
 */
async function takeEventAndSessionSeats(tx: Db, eventId: string, sessionIds: string[], takeEventSeat: () => Promise<boolean>): Promise<void> {
  if (!(await takeEventSeat())) throw new NoSeat();
  for (const sessionId of sessionIds) {
    if (!(await takeSessionSeat(tx, eventId, sessionId))) throw new ValidationError({ sessionIds: { key: 'registration.errors.sessionFull' } });
  }
}

/** Books what still has room when a pending or waitlisted person gets their seat; returns what could not be booked. */
export async function bookRequestedSessions(tx: Db, registration: RegistrationRow): Promise<string[]> {
  const missed: string[] = [];
  for (const sessionId of registration.requestedSessionIds) {
    if (await takeSessionSeat(tx, registration.eventId, sessionId)) await tx.insert(sessionBookings).values({ registrationId: registration.id, sessionId }).onConflictDoNothing();
    else missed.push(sessionId);
  }
  return missed;
}

/**
 * Takes a valid form: a new registration (confirmed, waitlisted or pending), or — for an address already registered
 * for the event — a mail to that person with their manage link and the same kind of answer. The same form token
 * twice gives the first answer again without doing anything.
 */
export async function submitRegistration(
  ctx: SubmissionContext,
  event: { id: string; endsAt: Date },
  values: RegistrationValues,
  submission: Submission,
): Promise<SubmissionAnswer> {
  const atOnce = await registerAtOnce(ctx, event.id, values, submission);
  if (atOnce) return atOnce;
  try {
    return await submitInFull(ctx, event, values, submission);
  } catch (error) {
    // A registration of this address or form written in one statement (at-once.ts) takes no lock this path waits
    // for, so it can commit between this path's reads and its writes (or the two deadlock, taking the same rows in
    // another order); once it has committed, this path finds its rows.
    if (!hasSqlState(error, '23505') && !hasSqlState(error, '40P01')) throw error;
    return submitInFull(ctx, event, values, submission);
  }
}

/** The full path: every case, under locks that make the same form or address wait for the one before. */
async function submitInFull(ctx: SubmissionContext, event: { id: string; endsAt: Date }, values: RegistrationValues, submission: Submission): Promise<SubmissionAnswer> {
  const { db, clock } = ctx;
  return db.transaction(async (tx) => {
    // One submission per form and one per address at a time: the second waits, then finds the first's rows.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`registration:${event.id}:${submission.formToken}`}, 0)), pg_advisory_xact_lock(hashtextextended(${`registration:${event.id}:${values.email}`}, 0))`,
    );
    // The reads under the locks go out together (pipelined on the transaction's connection): one round trip.
    const [replay, category, settings, [existing]] = await together([
      findSubmission(tx, event.id, submission.formToken),
      submission.read?.category.id === values.categoryId
        ? submission.read.category
        : tx
            .select()
            .from(registrationCategories)
            .where(and(eq(registrationCategories.id, values.categoryId), eq(registrationCategories.eventId, event.id)))
            .then((rows) => rows[0]),
      submission.read?.settings.eventId === event.id ? submission.read.settings : tx.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id)).then((rows) => rows[0]),
      tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.email, values.email), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES))),
    ]);
    if (replay) return { outcome: replay.outcome, waitlistPosition: replay.waitlistPosition, email: replay.email };
    if (!category || !settings) throw new ValidationError({ categoryId: { key: 'registration.errors.category' } });
    const needsApproval = category.requiresApproval && !submission.bypassApproval;
    const now = clock.now();

    // The code is used by any submission that comes with it, a known address's too: whether its quota moved must not
    // tell who is registered.
    if (submission.invitationCodeId) {
      const used = await tx
        .update(invitationCodes)
        .set({ used: sql`${invitationCodes.used} + 1` })
        .where(
          and(
            eq(invitationCodes.id, submission.invitationCodeId),
            lt(invitationCodes.used, invitationCodes.maxUses),
            or(isNull(invitationCodes.expiresAt), gt(invitationCodes.expiresAt, now)),
          ),
        )
        .returning({ id: invitationCodes.id });
      if (used.length === 0) throw new ValidationError({ invitationCode: { key: 'registration.errors.codeUsedUp' } });
    }

    if (existing) {
      // Known address: nothing is registered; its owner gets their link, and the page gives the very answer a new
      // address would get now (waiting list and its place included, or "full"), so it never tells who is registered.
      const { outcome, waitlistPosition } = await answerAsIfNew(tx, event.id, category, settings, values.sessionIds, needsApproval);
      await queueRegistrationMail(tx, ctx, 'already-registered', existing, {});
      await tx.insert(registrationSubmissions).values({ eventId: event.id, formToken: submission.formToken, outcome, waitlistPosition, email: values.email, registrationId: null, createdAt: now });
      return { outcome, waitlistPosition, email: values.email };
    }

    // Everything that needs no seat is written first, as if the seat were free; the seat is taken as late as possible,
    // because taking it locks the event's counter row until commit and every registration waits for that row.
    const id = uuidv7();
    let status: RegistrationStatus = needsApproval ? 'pending' : 'confirmed';
    let [registration] = await tx.insert(registrations).values(newRegistrationRow(id, event.id, values, submission, status, now)).returning();
    await tx.insert(registrationConsents).values(consentRows(id, submission, registration!.sensitiveConsent, now));
    for (const [questionId, file] of Object.entries(submission.files ?? {})) {
      await tx.insert(registrationFiles).values({ registrationId: id, questionId, filename: file.filename, contentType: file.contentType, size: file.bytes.length, bytes: file.bytes });
    }

    // The answer's rows (mail job, submission, audit) are written before the seats are taken, inside a savepoint:
    // taking a seat locks the event's and the category's counter rows until commit, and every registration of the
    // event waits for them, so nothing but the seat statements may run between that lock and the commit. In the
    // rare case the house is full the savepoint is rolled back and the answer written again as waitlisted.
    if (status === 'confirmed') {
      // A savepoint of our own rather than a nested transaction: that would release it, one more round trip while the
      // counters are locked; the commit releases it anyway.
      await tx.execute(sql`savepoint before_seat`);
      let seated = true;
      try {
        await together([recordAnswer(tx, registration!, 'confirmed', null), insertBookings(tx, id, values.sessionIds)]);
        await takeEventAndSessionSeats(tx, event.id, values.sessionIds, () => takeSeat(tx, event.id, category.id));
      } catch (error) {
        if (!(error instanceof NoSeat)) throw error;
        await tx.execute(sql`rollback to savepoint before_seat`);
        seated = false;
      }
      if (seated) return { outcome: 'confirmed', waitlistPosition: null, email: values.email };
      if (!settings.waitlistEnabled) throw new ValidationError({ categoryId: { key: 'registration.errors.full' } });
      status = 'waitlisted';
      [registration] = await tx
        .update(registrations)
        .set({ status, holdsSeat: false, waitlistedAt: await nextWaitlistSlot(tx, event.id, now), requestedSessionIds: values.sessionIds })
        .where(eq(registrations.id, id))
        .returning();
    }
    const position = status === 'waitlisted' ? await waitlistPosition(tx, registration!) : null;
    await recordAnswer(tx, registration!, status as SubmissionOutcome, position);
    return { outcome: status as SubmissionOutcome, waitlistPosition: position, email: values.email };
  });

  /** The answer's mail job, the submission row that makes the form idempotent, and the audit row. */
  async function recordAnswer(tx: Db, registration: RegistrationRow, outcome: SubmissionOutcome, position: number | null): Promise<void> {
    const kind: RegistrationMailKind = outcome;
    // Three independent rows, sent together on the transaction's connection.
    await together([
      queueRegistrationMail(tx, ctx, kind, registration, { waitlistPosition: position }),
      tx.insert(registrationSubmissions).values({ eventId: event.id, formToken: submission.formToken, outcome, waitlistPosition: position, email: values.email, registrationId: registration.id, createdAt: clock.now() }),
      writeAudit(tx, submission.actor, creationAudit(event.id, registration.id, outcome, values)),
    ]);
  }
}

/**
 * The answer a new registration of this form would get now, read without writing: pending when the category needs
 * approval; confirmed while the event, the category and every chosen session have a free seat; else the place a new
 * person of this category would be told (waitlistPlace), or "full" (thrown, as for a new registration) when the event keeps no waiting list.
 */
async function answerAsIfNew(
  tx: Db,
  eventId: string,
  category: { id: string },
  settings: { waitlistEnabled: boolean },
  sessionIds: string[],
  needsApproval: boolean,
): Promise<{ outcome: SubmissionOutcome; waitlistPosition: number | null }> {
  if (needsApproval) return { outcome: 'pending', waitlistPosition: null };
  const [free, place] = await together([
    seatsFreeNow(tx, eventId, category.id, sessionIds),
    readPlace(tx, eventId, category.id, null),
  ] as const);
  // As takeEventAndSessionSeats: the event's and the category's seat first (none: the waiting list, or "full"), then
  // each session's (one full: refused at its field).
  if (free.seat) {
    if (free.sessionsFree < sessionIds.length) throw new ValidationError({ sessionIds: { key: 'registration.errors.sessionFull' } });
    return { outcome: 'confirmed', waitlistPosition: null };
  }
  if (!settings.waitlistEnabled) throw new ValidationError({ categoryId: { key: 'registration.errors.full' } });
  return { outcome: 'waitlisted', waitlistPosition: place };
}

/** Thrown inside the confirming savepoint when the event or the category is full, to roll it back. */
class NoSeat extends Error {}
