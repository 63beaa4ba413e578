// Self-service through the private manage link: see the registration and ticket, change the allowed details and
// the bookable sessions (capacity rules apply), cancel. A new link can be asked for by e-mail; the answer page is
// the same whether or not the address is registered, and the lookup happens in a background job.
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  ACTIVE_REGISTRATION_STATUSES,
  type IdDocumentType,
  isActiveStatus,
  registrationConsents,
  registrationFiles,
  type Residence,
  registrations,
  sessionBookings,
} from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { checkAccessToken } from '../access-tokens/service.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { MailContext } from '../mail/service.ts';
import type { FieldCipher } from '../../lib/field-cipher.ts';
import { CONSENT_VERSION } from './form.ts';
import type { PersonalDetails } from './form-checks.ts';
import { queueRegistrationMail } from './mail.ts';
import { findRegistration } from './queries.ts';
import { releaseSessionSeat, takeSessionSeat } from './seats.ts';
import type { RegistrationRow, SubmissionContext } from './service.ts';

/** An identity document to keep, checked (checkIdentity with documentRequired), its number in clear. */
export interface DocumentToKeep {
  residence: Residence;
  nationality: string | null;
  idType: IdDocumentType;
  idNumber: string;
}

export interface RegistrationLinkJob {
  eventId: string;
  email: string;
}


/** The registration a manage link opens; throws the link's problem (unknown 404, expired 410). Links may be reused. */
export async function registrationForLink(db: Db, clock: Clock, token: string): Promise<RegistrationRow> {
  const redeemed = await checkAccessToken(db, clock, 'manage-registration', token);
  const registration = await findRegistration(db, redeemed.subject);
  if (!registration) throw new ConflictError('registration.errors.gone');
  return registration;
}

export async function requestNewManageLink(ctx: { db: Db; mail: MailContext }, eventId: string, email: string): Promise<void> {
  await ctx.mail.jobs.enqueue(ctx.db, QUEUES.registrationLink, { eventId, email } satisfies RegistrationLinkJob);
}

/** The job: mails a new link to the active registration of that address, if there is one; nothing otherwise. */
export async function sendNewManageLink(ctx: SubmissionContext, job: RegistrationLinkJob): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [registration] = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, job.eventId), eq(registrations.email, job.email), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES)));
    if (registration) await queueRegistrationMail(tx, ctx, 'new-link', registration, {});
  });
}

/** The personal details a participant (their manage page) or an organiser (registration-corrections.ts) may change. */
export type DetailChanges = Partial<PersonalDetails & { country: string; mobile: string; email: string }>;

export async function updateDetails(ctx: SubmissionContext, actor: AuditActor, registration: RegistrationRow, details: PersonalDetails & { country?: string; mobile: string }): Promise<void> {
  await ctx.db.transaction((tx) => writeDetails(tx, ctx.clock, actor, registration, details));
}

/**
 * Writes `details` over an active registration in the caller's transaction, audited with the values they replace
 * (`registration` as the caller read it). Throws notActive when it is no longer active.
 */
export async function writeDetails(tx: Db, clock: Clock, actor: AuditActor, registration: RegistrationRow, details: DetailChanges): Promise<void> {
  const [after] = await tx
    .update(registrations)
    .set({ ...details, updatedAt: clock.now() })
    .where(and(eq(registrations.id, registration.id), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES)))
    .returning({ id: registrations.id });
  if (!after) throw new ConflictError('registration.errors.notActive');
  const before = Object.fromEntries(Object.keys(details).map((k) => [k, registration[k as keyof RegistrationRow]]));
  await writeAudit(tx, actor, { eventId: registration.eventId, action: 'registration.update', targetType: 'registration', targetId: registration.id, before, after: { ...details } });
}

/**
 * Adds or corrects the identity document (and the residence and nationality it goes with) of an active registration,
 * with the consent to keep its number: a consent standing already stays as given, one withdrawn before is given
 * again as a new record. The number is stored encrypted; the audit row has what changed but never the number.
 */
export async function updateIdentity(
  ctx: SubmissionContext & { cipher: FieldCipher },
  actor: AuditActor,
  registration: RegistrationRow,
  identity: DocumentToKeep,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [after] = await tx
      .update(registrations)
      .set({
        residence: identity.residence,
        nationality: identity.nationality,
        idType: identity.idType,
        idNumber: ctx.cipher.encrypt(identity.idNumber, registration.id),
        sensitiveConsent: true,
        updatedAt: now,
      })
      .where(and(eq(registrations.id, registration.id), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES)))
      .returning({ id: registrations.id });
    if (!after) throw new ConflictError('registration.errors.notActive');
    await tx.insert(registrationConsents).values({ registrationId: registration.id, kind: 'sensitive', version: CONSENT_VERSION, givenAt: now }).onConflictDoNothing();
    const { residence, nationality, idType } = registration;
    await writeAudit(tx, actor, {
      eventId: registration.eventId,
      action: 'registration.document',
      targetType: 'registration',
      targetId: registration.id,
      before: { residence, nationality, idType, idNumberStored: registration.idNumber !== null },
      after: { residence: identity.residence, nationality: identity.nationality, idType: identity.idType, idNumberStored: true },
    });
  });
}

/**
 * Stores the answers to `questions` (the ones the manage page shows), keeping every other answer (files, questions of
 * another category): an answer left empty is removed. Audited with the answers before and after.
 */
export async function updateAnswers(ctx: SubmissionContext, actor: AuditActor, registration: RegistrationRow, questions: { id: string }[], answers: Record<string, unknown>): Promise<void> {
  await ctx.db.transaction((tx) => writeAnswers(tx, ctx.clock, actor, registration, questions, answers));
}

/** updateAnswers in the caller's transaction. */
export async function writeAnswers(tx: Db, clock: Clock, actor: AuditActor, registration: RegistrationRow, questions: { id: string }[], answers: Record<string, unknown>): Promise<void> {
  // The answers as they stand now (locked), not as the page read them: a file or a second tab's answers saved
  // meanwhile are kept, and the audit's "before" is what this change replaced.
  const [current] = await tx.select({ answers: registrations.answers }).from(registrations).where(eq(registrations.id, registration.id)).for('update');
  const asked = questions.map((q) => q.id);
  const [after] = await tx
    .update(registrations)
    .set({ answers: sql`(${registrations.answers} - array[${sql.join(asked.map((id) => sql`${id}`), sql`, `)}]::text[]) || ${JSON.stringify(answers)}::jsonb`, updatedAt: clock.now() })
    .where(and(eq(registrations.id, registration.id), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES)))
    .returning({ id: registrations.id });
  if (!after) throw new ConflictError('registration.errors.notActive');
  const before = Object.fromEntries(questions.map((q) => [q.id, (current?.answers ?? {})[q.id] ?? null]));
  await writeAudit(tx, actor, { eventId: registration.eventId, action: 'registration.update', targetType: 'registration', targetId: registration.id, before: { answers: before }, after: { answers: Object.fromEntries(questions.map((q) => [q.id, answers[q.id] ?? null])) } });
}

/** A file to keep as a question's answer: checked (its type read from its bytes, its size within the question's limit). */
export interface AnswerFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Keeps `file` as the answer to a file question, in place of the one sent before (if any), while the registration is
 * active. Audited with the file's name and size before and after, never its bytes.
 */
export async function replaceAnswerFile(ctx: SubmissionContext, actor: AuditActor, registration: RegistrationRow, questionId: string, file: AnswerFile): Promise<void> {
  const answer = { file: file.filename, size: file.bytes.length };
  await ctx.db.transaction(async (tx) => {
    const [after] = await tx
      .update(registrations)
      .set({ answers: sql`${registrations.answers} || jsonb_build_object(${questionId}::text, ${JSON.stringify(answer)}::jsonb)`, updatedAt: ctx.clock.now() })
      .where(and(eq(registrations.id, registration.id), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES)))
      .returning({ id: registrations.id });
    if (!after) throw new ConflictError('registration.errors.notActive');
    const [before] = await tx
      .select({ filename: registrationFiles.filename, size: registrationFiles.size })
      .from(registrationFiles)
      .where(and(eq(registrationFiles.registrationId, registration.id), eq(registrationFiles.questionId, questionId)))
      .for('update');
    const row = { filename: file.filename, contentType: file.contentType, size: file.bytes.length, bytes: file.bytes, createdAt: ctx.clock.now() };
    await tx
      .insert(registrationFiles)
      .values({ registrationId: registration.id, questionId, ...row })
      .onConflictDoUpdate({ target: [registrationFiles.registrationId, registrationFiles.questionId], set: row });
    await writeAudit(tx, actor, {
      eventId: registration.eventId,
      action: 'registration.update',
      targetType: 'registration',
      targetId: registration.id,
      before: { answers: { [questionId]: before ? { file: before.filename, size: before.size } : null } },
      after: { answers: { [questionId]: answer } },
    });
  });
}

export async function findBookedSessionIds(db: Db, registrationId: string): Promise<string[]> {
  const rows = await db.select({ sessionId: sessionBookings.sessionId }).from(sessionBookings).where(eq(sessionBookings.registrationId, registrationId));
  return rows.map((r) => r.sessionId);
}

/**
 * Changes the bookable sessions: a confirmed person books and frees seats at once (all or nothing; a full session
 * is a field error); a pending or waitlisted person changes the sessions they ask for.
 */
export async function changeSessions(ctx: SubmissionContext, actor: AuditActor, registrationId: string, wanted: string[]): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [registration] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update');
    if (!registration || !isActiveStatus(registration.status)) throw new ConflictError('registration.errors.notActive');
    if (registration.status !== 'confirmed') {
      await tx.update(registrations).set({ requestedSessionIds: wanted, updatedAt: ctx.clock.now() }).where(eq(registrations.id, registrationId));
    } else {
      const held = await findBookedSessionIds(tx, registrationId);
      for (const sessionId of held.filter((id) => !wanted.includes(id))) {
        await tx.delete(sessionBookings).where(and(eq(sessionBookings.registrationId, registrationId), eq(sessionBookings.sessionId, sessionId)));
        await releaseSessionSeat(tx, sessionId);
      }
      for (const sessionId of wanted.filter((id) => !held.includes(id))) {
        if (!(await takeSessionSeat(tx, registration.eventId, sessionId))) throw new ValidationError({ sessionIds: { key: 'registration.errors.sessionFull' } });
        await tx.insert(sessionBookings).values({ registrationId, sessionId });
      }
    }
    await writeAudit(tx, actor, { eventId: registration.eventId, action: 'registration.sessions', targetType: 'registration', targetId: registrationId, after: { sessionIds: wanted } });
  });
}
