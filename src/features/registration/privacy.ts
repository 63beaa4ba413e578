// The participant's rights under China's Personal Information Protection Law: the notice they read before agreeing,
// their consent records, a copy of their data, withdrawing a consent, and erasure — on request or when the event's
// retention period ends. Erasure keeps an anonymous registration row (status, category, times) so every count and
// seat counter stays right, and removes the person from every place their data was copied: the row, uploaded
// files, the form submissions, stored mails (content gone, metadata kept), audit rows (redacted, see drizzle/0014),
// manage links and pending link-request jobs.
import { and, arrayContains, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import {
  accessTokens,
  ACTIVE_REGISTRATION_STATUSES,
  agendaSessions,
  badgeJobs,
  CONSENT_KINDS,
  type ConsentKind,
  isActiveStatus,
  messages,
  personalAgendas,
  registrationCategories,
  registrationConsents,
  registrationFiles,
  registrations,
  registrationSettings,
  registrationSubmissions,
  sessionBookings,
  events,
} from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { maskDocumentNumber, type FieldCipher } from '../../lib/field-cipher.ts';
import { ConflictError } from '../../lib/errors.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { EventRow } from '../events/queries.ts';
import { findFormQuestions, findSentFiles } from './queries.ts';
import { type RegistrationRow, type SubmissionContext } from './service.ts';
import { cancelLocked } from './status-changes.ts';

/** What replaces an erased address: a reserved domain (RFC 2606), the same for everyone, so it says nothing. */
export const ERASED_EMAIL = 'erased@erased.invalid';
const REDACTED = { redacted: true };

/** The facts the privacy notice names: who processes, how to reach them, for how long, and who abroad receives. */
export function privacyNotice(event: EventRow, settings: typeof registrationSettings.$inferSelect) {
  return {
    controller: settings.controllerName,
    contact: event.contactEmail,
    months: settings.retentionMonths,
    sharesAbroad: settings.sharesAbroad,
    recipient: settings.abroadRecipient,
    abroadContact: settings.abroadContact,
  };
}

/** A person's consents, in the order the form asks for them. */
export async function findConsents(db: Db, registrationId: string) {
  const rows = await db
    .select({ kind: registrationConsents.kind, version: registrationConsents.version, givenAt: registrationConsents.givenAt, withdrawnAt: registrationConsents.withdrawnAt })
    .from(registrationConsents)
    .where(eq(registrationConsents.registrationId, registrationId))
    // A kind given again after a withdrawal has several records: oldest first.
    .orderBy(asc(registrationConsents.givenAt), asc(registrationConsents.id));
  return rows.sort((a, b) => CONSENT_KINDS.indexOf(a.kind) - CONSENT_KINDS.indexOf(b.kind));
}

/** The document number masked (••••••••002X), or null when none is stored. */
export function maskedIdNumber(cipher: FieldCipher, registration: Pick<RegistrationRow, 'id' | 'idNumber'>): string | null {
  return registration.idNumber ? maskDocumentNumber(cipher.decrypt(registration.idNumber, registration.id)) : null;
}

/**
 * The number in full, for an event owner, recorded in the audit log in the same transaction as it is read: no
 * unmasked view without its audit row.
 */
export async function revealIdNumber(db: Db, cipher: FieldCipher, actor: AuditActor, registration: RegistrationRow): Promise<string | null> {
  if (!registration.idNumber) return null;
  return db.transaction(async (tx) => {
    await writeAudit(tx, actor, { eventId: registration.eventId, action: 'registration.identity.reveal', targetType: 'registration', targetId: registration.id, after: { idType: registration.idType } });
    return cipher.decrypt(registration.idNumber!, registration.id);
  });
}

/**
 * Everything kept about the person, as the download on their manage page gives it: the registration, their answers,
 * consents, booked sessions, uploaded files and the mails sent to them (metadata, not their content). The document
 * number stays masked: the manage link travels by mail, and the person has the document itself.
 */
export async function exportRegistrationData(db: Db, cipher: FieldCipher, registration: RegistrationRow, now: Date) {
  const [[event], [category], consents, bookings, files, mails, [personalAgenda], questions] = await Promise.all([
    db.select({ slug: events.slug, title: events.title, contactEmail: events.contactEmail }).from(events).where(eq(events.id, registration.eventId)),
    db.select({ code: registrationCategories.code, name: registrationCategories.name }).from(registrationCategories).where(eq(registrationCategories.id, registration.categoryId)),
    findConsents(db, registration.id),
    db
      .select({ sessionId: sessionBookings.sessionId, title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt, bookedAt: sessionBookings.createdAt })
      .from(sessionBookings)
      .innerJoin(agendaSessions, eq(agendaSessions.id, sessionBookings.sessionId))
      .where(eq(sessionBookings.registrationId, registration.id))
      .orderBy(asc(agendaSessions.startsAt)),
    findSentFiles(db, registration.id),
    db
      .select({ subject: messages.subject, template: messages.template, locale: messages.locale, status: messages.status, createdAt: messages.createdAt, sentAt: messages.sentAt })
      .from(messages)
      .where(and(eq(messages.eventId, registration.eventId), eq(messages.recipientEmail, registration.email)))
      .orderBy(asc(messages.createdAt), asc(messages.id)),
    db
      .select({ sessionIds: personalAgendas.sessionIds, createdAt: personalAgendas.createdAt, updatedAt: personalAgendas.updatedAt })
      .from(personalAgendas)
      .where(and(eq(personalAgendas.eventId, registration.eventId), eq(personalAgendas.email, registration.email))),
    findFormQuestions(db, registration.eventId),
  ]);
  const labelOf = new Map(questions.map((q) => [q.id, q.label]));
  const r = registration;
  return {
    exportedAt: now.toISOString(),
    event: { slug: event?.slug ?? null, title: event?.title ?? null, contact: event?.contactEmail ?? null },
    registration: {
      id: r.id,
      status: r.status,
      category: category ? { code: category.code, name: category.name } : null,
      email: r.email,
      familyName: r.familyName,
      givenName: r.givenName,
      nameZh: r.nameZh,
      organisation: r.organisation,
      jobTitle: r.jobTitle,
      country: r.country,
      mobile: r.mobile,
      dietary: r.dietary,
      interpretationNeeds: r.interpretationNeeds,
      residence: r.residence,
      idType: r.idType,
      idNumberMasked: maskedIdNumber(cipher, r),
      nationality: r.nationality,
      locale: r.locale,
      // Each answer with its question's words (in both languages), not only the question's id.
      answers: Object.entries(r.answers).map(([questionId, answer]) => ({ questionId, question: labelOf.get(questionId) ?? null, answer })),
      // The secret the QR ticket carries: theirs, kept with the registration.
      ticketCode: r.ticketCode,
      requestedSessionIds: r.requestedSessionIds,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      waitlistedAt: r.waitlistedAt?.toISOString() ?? null,
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
    },
    consents: consents.map((c) => ({ kind: c.kind, version: c.version, givenAt: c.givenAt.toISOString(), withdrawnAt: c.withdrawnAt?.toISOString() ?? null })),
    bookings: bookings.map((b) => ({ sessionId: b.sessionId, title: b.title, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), bookedAt: b.bookedAt.toISOString() })),
    files: files.map((f) => ({ question: f.question, filename: f.filename, contentType: f.contentType, size: f.size, uploadedAt: f.uploadedAt.toISOString() })),
    mails: mails.map((m) => ({ subject: m.subject, template: m.template, locale: m.locale, status: m.status, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
    // The sessions starred in their personal agenda, when one is kept for this address (its feed address stays out).
    personalAgenda: personalAgenda ? { starredSessionIds: personalAgenda.sessionIds, createdAt: personalAgenda.createdAt.toISOString(), updatedAt: personalAgenda.updatedAt.toISOString() } : null,
  };
}

/**
 * Gives the consent to transfer abroad through the manage link, when the event shares and none stands: never given
 * (registered before the organisers turned sharing on) or withdrawn before. A new record, in the notice's version;
 * a withdrawn one stays as it was. False when one stands already (the form sent twice).
 */
export async function giveAbroadConsent(ctx: Pick<SubmissionContext, 'db' | 'clock'>, actor: AuditActor, registration: RegistrationRow, version: string): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [active] = await tx
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.id, registration.id), inArray(registrations.status, ACTIVE_REGISTRATION_STATUSES)))
      .for('update');
    if (!active) throw new ConflictError('registration.errors.notActive');
    const given = await tx
      .insert(registrationConsents)
      .values({ registrationId: registration.id, kind: 'cross-border', version, givenAt: now })
      .onConflictDoNothing()
      .returning({ id: registrationConsents.id });
    if (given.length === 0) return false;
    await writeAudit(tx, actor, { eventId: registration.eventId, action: 'registration.consent.give', targetType: 'registration', targetId: registration.id, after: { kind: 'cross-border', version } });
    return true;
  });
}

export type WithdrawResult = 'withdrawn' | 'already-withdrawn' | 'not-given';

/**
 * Withdraws the consent to sensitive data (the document number is erased with it) or to transfer abroad. The
 * consent to processing cannot be withdrawn on its own: without it there is no registration, so that is erasure.
 * A consent withdrawn already (the form sent again after Back) is left as it is, and so is one never given.
 */
export async function withdrawConsent(ctx: Pick<SubmissionContext, 'db' | 'clock'>, actor: AuditActor, registrationId: string, kind: Exclude<ConsentKind, 'processing'>): Promise<WithdrawResult> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // The registration's row first, as saving a document (manage.ts updateIdentity) takes it: the two never deadlock.
    await tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.id, registrationId)).for('update');
    const ofKind = and(eq(registrationConsents.registrationId, registrationId), eq(registrationConsents.kind, kind));
    const withdrawn = await tx
      .update(registrationConsents)
      .set({ withdrawnAt: now })
      .where(and(ofKind, isNull(registrationConsents.withdrawnAt)))
      .returning({ id: registrationConsents.id });
    if (withdrawn.length === 0) {
      const [given] = await tx.select({ id: registrationConsents.id }).from(registrationConsents).where(ofKind).limit(1);
      return given ? 'already-withdrawn' : 'not-given';
    }
    const [row] = await tx.select({ eventId: registrations.eventId }).from(registrations).where(eq(registrations.id, registrationId));
    if (kind === 'sensitive') await tx.update(registrations).set({ idType: null, idNumber: null, sensitiveConsent: false, updatedAt: now }).where(eq(registrations.id, registrationId));
    await writeAudit(tx, actor, { eventId: row?.eventId ?? null, action: 'registration.consent.withdraw', targetType: 'registration', targetId: registrationId, after: { kind } });
    return 'withdrawn';
  });
}

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

/**
 * After a key rotation: re-encrypts, under the current key, every stored number still under an old one, so the old
 * key can be dropped from DATA_ENCRYPTION_OLD_KEYS. Each row is updated only if its value has not changed meanwhile.
 */
export async function reencryptIdNumbers(db: Db, cipher: FieldCipher): Promise<number> {
  const rows = await db.select({ id: registrations.id, idNumber: registrations.idNumber }).from(registrations).where(isNotNull(registrations.idNumber));
  let moved = 0;
  for (const row of rows) {
    if (cipher.isCurrent(row.idNumber!)) continue;
    const fresh = cipher.encrypt(cipher.decrypt(row.idNumber!, row.id), row.id);
    const updated = await db.update(registrations).set({ idNumber: fresh }).where(and(eq(registrations.id, row.id), eq(registrations.idNumber, row.idNumber!))).returning({ id: registrations.id });
    moved += updated.length;
  }
  return moved;
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
