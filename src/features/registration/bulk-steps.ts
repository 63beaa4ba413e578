// What each bulk action does to one registration, inside the transaction that records the item's outcome (bulk-run.ts).
// Decisions and moves go through the same service functions as one-by-one work, so seats and the waiting list follow
// the same rules; mail is only queued (an outbox row or a registration.mail job), never sent here.
import { and, eq } from 'drizzle-orm';
import { registrations, type BulkAction, type BulkParams } from '../../db/schema/index.ts';
import { isLocale, type Locale } from '../../i18n/index.ts';
import { ConflictError } from '../../lib/errors.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { queueMail } from '../mail/service.ts';
import { moveRegistrationCategory } from './category-move.ts';
import { queueRegistrationMail } from './mail.ts';
import type { SubmissionContext } from './service.ts';
import { waitlistPosition } from './waitlist-place.ts';
import { approveRegistration, rejectRegistration } from './status-changes.ts';
import { personName } from '../../lib/person-name.ts';

export interface StepOutcome {
  done: boolean;
  /** Locale key suffix under participants.bulk.details: confirmed, waitlisted, full, notPending … */
  detail: string;
}

const done = (detail: string): StepOutcome => ({ done: true, detail });
const skipped = (detail: string): StepOutcome => ({ done: false, detail });

export async function applyBulkStep(ctx: SubmissionContext, actor: AuditActor, run: { eventId: string; action: BulkAction; params: BulkParams }, registrationId: string): Promise<StepOutcome> {
  const { params } = run;
  switch (run.action) {
    case 'approve':
      try {
        const result = await approveRegistration(ctx, actor, registrationId, params.message ?? null);
        return result === 'full' ? skipped('full') : done(result);
      } catch (error) {
        if (error instanceof ConflictError) return skipped('notPending');
        throw error;
      }
    case 'reject':
      try {
        await rejectRegistration(ctx, actor, registrationId, params.message ?? null);
        return done('rejected');
      } catch (error) {
        if (error instanceof ConflictError) return skipped('notDecidable');
        throw error;
      }
    case 'move': {
      const result = await moveRegistrationCategory(ctx, actor, registrationId, params.categoryId ?? '');
      return result === 'moved' ? done('moved') : skipped(result);
    }
    case 'resend':
      return resendConfirmation(ctx, actor, run.eventId, registrationId);
    case 'message':
      return sendMessage(ctx, actor, run.eventId, registrationId, params);
  }
}

async function lockRegistration(ctx: SubmissionContext, eventId: string, registrationId: string) {
  const [row] = await ctx.db.select().from(registrations).where(and(eq(registrations.id, registrationId), eq(registrations.eventId, eventId))).for('update');
  return row && !row.erasedAt ? row : undefined;
}

/** The mail that matches the person's status now: the ticket when confirmed, their place when waitlisted. */
async function resendConfirmation(ctx: SubmissionContext, actor: AuditActor, eventId: string, registrationId: string): Promise<StepOutcome> {
  const row = await lockRegistration(ctx, eventId, registrationId);
  if (!row) return skipped('erased');
  if (row.status !== 'confirmed' && row.status !== 'waitlisted' && row.status !== 'pending') return skipped('notActive');
  const position = row.status === 'waitlisted' ? await waitlistPosition(ctx.db, row) : null;
  await queueRegistrationMail(ctx.db, ctx, row.status, row, { waitlistPosition: position });
  await writeAudit(ctx.db, actor, { eventId, action: 'registration.resend', targetType: 'registration', targetId: registrationId, after: { kind: row.status } });
  return done('resent');
}

/** The organiser's text (Markdown) in the participant's mail, framed (greeting, signature) in the participant's language. */
async function sendMessage(ctx: SubmissionContext, actor: AuditActor, eventId: string, registrationId: string, params: BulkParams): Promise<StepOutcome> {
  const row = await lockRegistration(ctx, eventId, registrationId);
  if (!row) return skipped('erased');
  // A run made before `toEnded` existed messaged everyone, as it said it would.
  if (params.toEnded === false && (row.status === 'cancelled' || row.status === 'rejected')) return skipped('notActive');
  const locale: Locale = isLocale(row.locale) ? row.locale : 'en';
  const name = locale === 'zh-CN' && row.nameZh ? row.nameZh : personName(row.givenName, row.familyName);
  // The body is Markdown, as event descriptions are; the subject names the event, as the registration mails' do.
  const queued = await queueMail(ctx.db, ctx.mail, { to: { email: row.email, name }, template: 'message', subjectVariant: 'event', locale, eventId, data: { subjectLine: params.subject ?? '', body: params.body ?? '' } });
  await writeAudit(ctx.db, actor, { eventId, action: 'registration.message', targetType: 'registration', targetId: registrationId, after: { subject: params.subject ?? '', mailId: queued.id } });
  return done('messaged');
}
