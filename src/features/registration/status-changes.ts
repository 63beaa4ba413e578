// What happens to a registration after it is made: an organiser approves or rejects it, its owner or an organiser
// cancels it, and a freed seat goes to the first person waiting. Each change takes or frees seats in one transaction
// with the row, its mail and its audit row.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { isActiveStatus, registrations, registrationSettings, type RegistrationStatus, sessionBookings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { ConflictError } from '../../lib/errors.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { MailContext } from '../mail/service.ts';
import { queueRegistrationMail } from './mail.ts';
import { releaseSeat, releaseSessionSeat, takeSeat } from './seats.ts';
import { type RegistrationRow, type SubmissionContext, bookRequestedSessions } from './service.ts';
import { nextWaitlistSlot, waitlistPosition } from './waitlist-place.ts';

/**
 * Gives free seats to the people waiting longest, in order, as long as the event has room; a person whose category
 * is full keeps their place. Mails each person promoted. Runs inside the transaction that freed the seat (or moved
 * `movedId`, a waiting person, into a category with room).
 */
export async function promoteFromWaitlist(tx: Db, clock: Clock, mail: MailContext, actor: AuditActor, eventId: string, movedId?: string): Promise<string[]> {
  const waiting = await tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.waitlistedAt), asc(registrations.id))
    .for('update', { skipLocked: true });
  const promoted: string[] = [];
  const fullCategories = new Set<string>();
  for (const person of waiting) {
    if (fullCategories.has(person.categoryId)) continue;
    const seat = await takeSeat(tx, eventId, person.categoryId);
    if (!seat) {
      if (await eventIsFull(tx, eventId)) break;
      fullCategories.add(person.categoryId);
      continue;
    }
    const [row] = await tx
      .update(registrations)
      .set({ status: 'confirmed', holdsSeat: true, requestedSessionIds: [], updatedAt: clock.now() })
      .where(and(eq(registrations.id, person.id), eq(registrations.status, 'waitlisted')))
      .returning();
    const missed = await bookRequestedSessions(tx, person);
    // Someone the organisers just moved got a seat because of the move, not because one freed up: their mail says so.
    await queueRegistrationMail(tx, { clock, mail }, 'promoted', row!, { missedSessionIds: missed, moved: person.id === movedId });
    await writeAudit(tx, actor, { eventId, action: 'registration.promote', targetType: 'registration', targetId: person.id, before: { status: 'waitlisted' }, after: { status: 'confirmed' } });
    promoted.push(person.id);
  }
  return promoted;
}

async function eventIsFull(tx: Db, eventId: string): Promise<boolean> {
  const [settings] = await tx.select({ taken: registrationSettings.taken, capacity: registrationSettings.capacity }).from(registrationSettings).where(eq(registrationSettings.eventId, eventId));
  return settings?.capacity != null && settings.taken >= settings.capacity;
}

/** Frees everything a registration holds: its seat, its session bookings. */
async function releaseHoldings(tx: Db, registration: RegistrationRow): Promise<void> {
  if (registration.holdsSeat) await releaseSeat(tx, registration.eventId, registration.categoryId);
  const booked = await tx.delete(sessionBookings).where(eq(sessionBookings.registrationId, registration.id)).returning({ sessionId: sessionBookings.sessionId });
  for (const { sessionId } of booked) await releaseSessionSeat(tx, sessionId);
}

/** Who cancels: the organisers, with an optional message to the person (their own cancellation has neither). */
export interface CancelOptions {
  byOrganisers?: boolean;
  message?: string | null;
}

/**
 * Cancels an active registration (by its owner or an organiser), frees its seat and promotes the waiting list. One
 * cancelled or rejected already (the form sent again after Back, or from another tab) is left as it is: the answer is
 * the status it has, and nothing is written or mailed. `eventId`, when given, is the event the registration must
 * belong to (an organiser's page): another event's is as unknown as a made-up id.
 */
export async function cancelRegistration(
  ctx: SubmissionContext,
  actor: AuditActor,
  registrationId: string,
  options: CancelOptions & { eventId?: string } = {},
): Promise<{ cancelled: true; row: RegistrationRow } | { cancelled: false; status: RegistrationStatus }> {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update');
    if (!before || (options.eventId !== undefined && before.eventId !== options.eventId)) throw new ConflictError('registration.errors.gone');
    if (!isActiveStatus(before.status)) return { cancelled: false, status: before.status };
    return { cancelled: true, row: await cancelLocked(tx, ctx, actor, before, { notify: true, byOrganisers: options.byOrganisers, message: options.message }) };
  });
}

/**
 * The cancellation itself, inside the caller's transaction on a row it has locked: frees the seat and bookings and
 * promotes the waiting list. Erasing personal data (erasure.ts) uses it with notify off: no mail to an erased person.
 * An organiser's message goes into the mail and the audit row, as a decision's does.
 */
export async function cancelLocked(tx: Db, ctx: Omit<SubmissionContext, 'db'>, actor: AuditActor, before: RegistrationRow, options: CancelOptions & { notify: boolean }): Promise<RegistrationRow> {
  const { clock, mail } = ctx;
  const message = options.message || null;
  const [after] = await tx
    .update(registrations)
    .set({ status: 'cancelled', holdsSeat: false, requestedSessionIds: [], cancelledAt: clock.now(), updatedAt: clock.now() })
    .where(eq(registrations.id, before.id))
    .returning();
  await releaseHoldings(tx, before);
  if (options.notify) await queueRegistrationMail(tx, { clock, mail }, 'cancelled', after!, options.byOrganisers ? { byOrganisers: true, message } : {});
  await writeAudit(tx, actor, { eventId: before.eventId, action: 'registration.cancel', targetType: 'registration', targetId: before.id, before: { status: before.status }, after: { status: 'cancelled', ...(message ? { message } : {}) } });
  if (before.holdsSeat) await promoteFromWaitlist(tx, clock, mail, actor, before.eventId);
  return after!;
}

export type ApprovalResult = 'confirmed' | 'waitlisted' | 'full';

/**
 * Approves a pending registration: a seat if one is free, else the waiting list (when enabled); mails the person, an
 * approval onto the waiting list with its own words (approved, no seat free yet, their place).
 */
export async function approveRegistration(ctx: SubmissionContext, actor: AuditActor, registrationId: string, message: string | null): Promise<ApprovalResult> {
  const { db, clock, mail } = ctx;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(registrations).where(and(eq(registrations.id, registrationId), eq(registrations.status, 'pending'))).for('update');
    if (!before) throw new ConflictError('registration.errors.notPending');
    const [settings] = await tx.select().from(registrationSettings).where(eq(registrationSettings.eventId, before.eventId));
    let result: ApprovalResult;
    if (await takeSeat(tx, before.eventId, before.categoryId)) result = 'confirmed';
    else if (settings?.waitlistEnabled) result = 'waitlisted';
    else return 'full';
    const now = clock.now();
    const [after] = await tx
      .update(registrations)
      .set(
        result === 'confirmed'
          ? { status: 'confirmed', holdsSeat: true, requestedSessionIds: [], updatedAt: now }
          : { status: 'waitlisted', waitlistedAt: await nextWaitlistSlot(tx, before.eventId, now), updatedAt: now },
      )
      .where(eq(registrations.id, registrationId))
      .returning();
    const missed = result === 'confirmed' ? await bookRequestedSessions(tx, before) : [];
    const position = result === 'waitlisted' ? await waitlistPosition(tx, after!) : null;
    await queueRegistrationMail(tx, { clock, mail }, result === 'confirmed' ? 'approved' : 'approved-waitlisted', after!, { message, missedSessionIds: missed, waitlistPosition: position });
    await writeAudit(tx, actor, { eventId: before.eventId, action: 'registration.approve', targetType: 'registration', targetId: registrationId, before: { status: 'pending' }, after: { status: result, ...(message ? { message } : {}) } });
    return result;
  });
}

/** Rejects a pending or waitlisted registration, with an optional message; mails the person. */
export async function rejectRegistration(ctx: SubmissionContext, actor: AuditActor, registrationId: string, message: string | null): Promise<void> {
  const { db, clock, mail } = ctx;
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.id, registrationId), inArray(registrations.status, ['pending', 'waitlisted'])))
      .for('update');
    if (!before) throw new ConflictError('registration.errors.notPending');
    const [after] = await tx.update(registrations).set({ status: 'rejected', requestedSessionIds: [], updatedAt: clock.now() }).where(eq(registrations.id, registrationId)).returning();
    await queueRegistrationMail(tx, { clock, mail }, 'rejected', after!, { message });
    await writeAudit(tx, actor, { eventId: before.eventId, action: 'registration.reject', targetType: 'registration', targetId: registrationId, before: { status: before.status }, after: { status: 'rejected', ...(message ? { message } : {}) } });
  });
}
