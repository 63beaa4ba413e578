// Erasing a participant's personal data, on their request or when the event's retention period ends.
// Erasure keeps an anonymous registration row (status, category, times) so every count and seat counter stays right,
// and removes the person from every place their data was copied: the row, uploaded files, the form submissions,
// stored mails (content gone, metadata kept), audit rows (redacted, see drizzle/0014), their personal agenda, badge
// PDFs, manage links and pending link-request jobs.
// Example: await eraseRegistration(ctx, auditActor(request), registration.id, 'request');
import { and, arrayContains, asc, eq, isNull, or, sql } from 'drizzle-orm';
import {
  accessTokens,
  badgeJobs,
  isActiveStatus,
  messages,
  personalAgendas,
  registrationConsents,
  registrationFiles,
  registrations,
  registrationSettings,
  registrationSubmissions,
  events,
} from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { SubmissionContext } from './service.ts';
import { cancelLocked } from './status-changes.ts';

/** What replaces an erased address: a reserved domain (RFC 2606), the same for everyone, so it says nothing. */
export const ERASED_EMAIL = 'erased@erased.invalid';
const REDACTED = { redacted: true };

/**
 * Erases a registration's personal data everywhere it was copied, in one transaction. An active registration is
 * cancelled first exactly as on cancellation (seat and bookings freed, the waiting list promoted) but without a
 * mail. Safe to run twice. Returns false when there was nothing left to erase.
 */
export async function eraseRegistration(ctx: Omit<SubmissionContext, 'db'> & { db: Db }, actor: AuditActor, registrationId: string, reason: 'request' | 'retention'): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update');
    if (!row || row.erasedAt) return false;
    if (isActiveStatus(row.status)) await cancelLocked(tx, ctx, actor, row, { notify: false });
    const email = row.email;

    await tx
      .update(registrations)
      .set({
        email: `erased-${row.id}@erased.invalid`,
        familyName: '',
        givenName: '',
        nameZh: null,
        organisation: '',
        jobTitle: null,
        country: 'ZZ',
        mobile: '',
        dietary: null,
        interpretationNeeds: null,
        idType: null,
        idNumber: null,
        sensitiveConsent: false,
        nationality: null,
        answers: {},
        requestedSessionIds: [],
        erasedAt: now,
        updatedAt: now,
      })
      .where(eq(registrations.id, row.id));
    await tx.delete(registrationFiles).where(eq(registrationFiles.registrationId, row.id));
    await tx.update(registrationConsents).set({ withdrawnAt: now }).where(and(eq(registrationConsents.registrationId, row.id), isNull(registrationConsents.withdrawnAt)));
    // Submissions keep their outcome (the answer page of an old form token stays meaningful) but not the address,
    // including those of later attempts with the same address that registered nothing.
    await tx
      .update(registrationSubmissions)
      .set({ email: ERASED_EMAIL })
      .where(and(eq(registrationSubmissions.eventId, row.eventId), or(eq(registrationSubmissions.registrationId, row.id), eq(registrationSubmissions.email, email))));

    // Mails to them about this event: recipient, subject and bytes go; template, language, status and times stay.
    // A mail not yet sent is cancelled, since nothing of it is left to send.
    const mails = await tx
      .update(messages)
      .set({
        recipientEmail: ERASED_EMAIL,
        recipientName: null,
        subject: '',
        raw: Buffer.alloc(0),
        lastError: null,
        smtpResponse: sql`replace(${messages.smtpResponse}, ${email}, ${ERASED_EMAIL})`,
        status: sql`case when ${messages.status} in ('queued', 'sending') then 'cancelled' else ${messages.status} end`,
        updatedAt: now,
      })
      .where(and(eq(messages.eventId, row.eventId), eq(messages.recipientEmail, email)))
      .returning({ id: messages.id });

    // The audit rows about the registration and its mails: before/after replaced by a marker (drizzle/0014 lets
    // exactly this through); who did what and when stays.
    const mailIds = mails.map((m) => m.id);
    await tx.execute(sql`
      update audit_log
      set before = case when before is null then null else ${JSON.stringify(REDACTED)}::jsonb end,
          after = case when after is null then null else ${JSON.stringify(REDACTED)}::jsonb end
      where (target_type = 'registration' and target_id = ${row.id})
         ${mailIds.length > 0 ? sql`or (target_type = 'message' and target_id in (${sql.join(mailIds.map((id) => sql`${id}`), sql`, `)}))` : sql``}`);

    // The personal agenda kept for their address at this event (opened from the manage link or by its own link),
    // unless another registration of this address (registered again after cancelling) still carries it.
    await tx
      .delete(personalAgendas)
      .where(
        and(
          eq(personalAgendas.eventId, row.eventId),
          eq(personalAgendas.email, email),
          sql`not exists (select 1 from ${registrations} where ${registrations.eventId} = ${row.eventId} and ${registrations.email} = ${email} and ${registrations.id} <> ${row.id} and ${registrations.erasedAt} is null)`,
        ),
      );

    // Badge PDFs printed with them on (kept a day for downloading) go at once, whoever else they hold.
    await tx.delete(badgeJobs).where(arrayContains(badgeJobs.registrationIds, [row.id]));

    // Their manage links stop working, and a pending "send me my link" job forgets the address.
    await tx.delete(accessTokens).where(and(eq(accessTokens.purpose, 'manage-registration'), eq(accessTokens.subject, row.id)));
    await tx.execute(sql`delete from pgboss.job where name = ${QUEUES.registrationLink} and data->>'email' = ${email} and data->>'eventId' = ${row.eventId}`);

    await writeAudit(tx, actor, { eventId: row.eventId, action: 'registration.erase', targetType: 'registration', targetId: row.id, after: { reason } });
    return true;
  });
}

/** Registrations whose event ended more than its retention period ago and whose data is not erased yet. */
export async function findExpiredRegistrationIds(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .select({ id: registrations.id })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(registrationSettings, eq(registrationSettings.eventId, registrations.eventId))
    .where(and(isNull(registrations.erasedAt), sql`${events.endsAt} + make_interval(months => ${registrationSettings.retentionMonths}) <= ${now.toISOString()}::timestamptz`))
    .orderBy(asc(registrations.id));
  return rows.map((r) => r.id);
}

/** The scheduled job's work: erases each expired registration in its own transaction. Returns how many. */
export async function eraseExpiredRegistrations(ctx: SubmissionContext): Promise<number> {
  const actor: AuditActor = { actorId: null, requestId: null };
  let erased = 0;
  for (const id of await findExpiredRegistrationIds(ctx.db, ctx.clock.now())) if (await eraseRegistration(ctx, actor, id, 'retention')) erased += 1;
  return erased;
}
