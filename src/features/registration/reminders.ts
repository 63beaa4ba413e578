// The day-before reminder: each confirmed participant of an event that starts within the next 24 hours gets one
// mail with their ticket and the sessions they booked, in their language. A sweep job finds them; each person is
// claimed with a conditional UPDATE in the transaction that queues their mail, so several workers never send two.
import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import { events, registrations } from '../../db/schema/index.ts';
import { queueRegistrationMail } from './mail.ts';
import type { SubmissionContext } from './service.ts';

export const REMINDER_LEAD_MS = 24 * 60 * 60 * 1000;
/** Reminders go out in small transactions, so one sweep never holds locks for long. */
const BATCH = 50;

/** Sends the reminders that are due now; returns how many were queued. */
export async function sendDueReminders(ctx: SubmissionContext): Promise<number> {
  const now = ctx.clock.now();
  const horizon = new Date(now.getTime() + REMINDER_LEAD_MS);
  let sent = 0;
  for (;;) {
    const due = await ctx.db
      .select({ id: registrations.id })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(and(eq(registrations.status, 'confirmed'), isNull(registrations.reminderSentAt), gt(events.startsAt, now), lte(events.startsAt, horizon)))
      .orderBy(asc(registrations.id))
      .limit(BATCH);
    if (due.length === 0) return sent;
    for (const { id } of due) if (await remindOne(ctx, id)) sent += 1;
  }
}

async function remindOne(ctx: SubmissionContext, registrationId: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(registrations)
      .set({ reminderSentAt: ctx.clock.now() })
      .where(and(eq(registrations.id, registrationId), eq(registrations.status, 'confirmed'), isNull(registrations.reminderSentAt)))
      .returning();
    if (!claimed) return false;
    // The mail lists the sessions booked when it is composed, as every ticket mail does.
    await queueRegistrationMail(tx, ctx, 'reminder', claimed, {});
    return true;
  });
}

