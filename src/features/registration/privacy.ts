// The participant's rights under China's Personal Information Protection Law, short of erasure: the notice they read
// before agreeing, their consent records (given later, withdrawn), a copy of their data, and the identity document
// number, kept only encrypted: shown masked, revealed in full only with an audit row, re-encrypted after a key
// rotation. Erasure, on request or when the retention period ends, is in erasure.ts.
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import {
  ACTIVE_REGISTRATION_STATUSES,
  agendaSessions,
  CONSENT_KINDS,
  type ConsentKind,
  messages,
  personalAgendas,
  registrationCategories,
  registrationConsents,
  registrations,
  registrationSettings,
  sessionBookings,
  events,
} from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { maskDocumentNumber, type FieldCipher } from '../../lib/field-cipher.ts';
import { ConflictError } from '../../lib/errors.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { EventRow } from '../events/queries.ts';
import { findFormQuestions } from './form-queries.ts';
import { findSentFiles } from './queries.ts';
import { type RegistrationRow, type SubmissionContext } from './service.ts';

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
