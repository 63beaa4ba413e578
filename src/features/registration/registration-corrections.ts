// Organisers correct a participant's registration for them: a misspelt name before the badge is printed, a wrong
// address, an answer given on the phone. Each correction writes only what differs from what is stored, audited under
// the organiser's name with the fields it changed, and may tell the person by mail what now stands. The form was
// read at a version of the registration: a change made since (by the participant, or another organiser) is not
// overwritten blindly.
// Example: await correctDetails(ctx, auditActor(request), { eventId, registrationId, version }, details, { notify: true })
import { and, eq, inArray, ne } from 'drizzle-orm';
import { ACTIVE_REGISTRATION_STATUSES, isActiveStatus, registrations } from '../../db/schema/index.ts';
import { hasSqlState } from '../../db/errors.ts';
import type { Db } from '../../db/types.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import type { AuditActor } from '../audit/service.ts';
import { CORRECTABLE_FIELDS, type CorrectableField } from './correction-text.ts';
import { queueRegistrationMail } from './mail.ts';
import { writeAnswers, writeDetails } from './manage.ts';
import type { RegistrationRow, SubmissionContext } from './service.ts';

/** The registration a correction is for, and the version (its updatedAt, in ms) the form showed. */
export interface CorrectionTarget {
  eventId: string;
  registrationId: string;
  version: number | null;
}

export type CorrectedDetails = Pick<RegistrationRow, CorrectableField>;

/** The address is another active registration's of the event: one address, one registration per event. */
const EMAIL_TAKEN = { email: { key: 'participants.edit.errors.emailTaken' } };
/** The registration changed after the form was shown: the organiser sees it as it is now and saves again. */
export class ChangedMeanwhileError extends ConflictError {
  constructor() {
    super('participants.edit.errors.changedMeanwhile');
  }
}

/** The version a form carries: the registration's updatedAt, to the millisecond. */
export const versionOf = (registration: Pick<RegistrationRow, 'updatedAt'>) => registration.updatedAt.getTime();

/** Locks the registration; refuses one of another event (404 to the routes), one ended or erased, or a stale form. */
async function lockForCorrection(tx: Db, target: CorrectionTarget): Promise<RegistrationRow> {
  const [current] = await tx.select().from(registrations).where(and(eq(registrations.id, target.registrationId), eq(registrations.eventId, target.eventId))).for('update');
  if (!current) throw new ConflictError('registration.errors.gone');
  if (!isActiveStatus(current.status) || current.erasedAt) throw new ConflictError('registration.errors.notActive');
  if (target.version !== versionOf(current)) throw new ChangedMeanwhileError();
  return current;
}

/**
 * Writes the corrected details that differ from the stored ones and returns their names (none: nothing written, no
 * mail). A new address already registered for the event is a field error; a participant's mail of what changed
 * goes to the address the registration has now.
 */
export async function correctDetails(ctx: SubmissionContext, actor: AuditActor, target: CorrectionTarget, details: CorrectedDetails, options: { notify: boolean }): Promise<CorrectableField[]> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const current = await lockForCorrection(tx, target);
      const changed = CORRECTABLE_FIELDS.filter((field) => current[field] !== details[field]);
      if (changed.length === 0) return [];
      if (changed.includes('email') && (await addressTaken(tx, current, details.email))) throw new ValidationError(EMAIL_TAKEN);
      await writeDetails(tx, ctx.clock, actor, current, Object.fromEntries(changed.map((field) => [field, details[field]])));
      if (options.notify) await queueRegistrationMail(tx, ctx, 'details-changed', current, { changedFields: changed });
      return changed;
    });
  } catch (error) {
    // Registered meanwhile with that address: the unique index had the last word.
    if (hasSqlState(error, '23505')) throw new ValidationError(EMAIL_TAKEN);
    throw error;
  }
}

/**
 * Writes the answers to `questions` that differ from the stored ones (an answer left empty is removed) and returns
 * the ids of those questions; every other answer is kept.
 */
export async function correctAnswers(
  ctx: SubmissionContext,
  actor: AuditActor,
  target: CorrectionTarget,
  questions: readonly { id: string }[],
  answers: Record<string, unknown>,
  options: { notify: boolean },
): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const current = await lockForCorrection(tx, target);
    const changed = questions.filter((q) => JSON.stringify(current.answers[q.id] ?? null) !== JSON.stringify(answers[q.id] ?? null));
    if (changed.length === 0) return [];
    const ids = changed.map((q) => q.id);
    await writeAnswers(tx, ctx.clock, actor, current, changed, Object.fromEntries(ids.flatMap((id) => (answers[id] === undefined ? [] : [[id, answers[id]]]))));
    if (options.notify) await queueRegistrationMail(tx, ctx, 'details-changed', current, { changedQuestionIds: ids });
    return ids;
  });
}

async function addressTaken(tx: Db, registration: RegistrationRow, email: string): Promise<boolean> {
  const [other] = await tx
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, registration.eventId), eq(registrations.email, email), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES), ne(registrations.id, registration.id)))
    .limit(1);
  return other !== undefined;
}
