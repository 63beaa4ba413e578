// The rows a new registration writes besides its seats: the registration itself (the document number only with its
// consent, encrypted), its consent records and its audit row. Built in one place because both ways of registering
// write them: the one-statement path (at-once.ts) and the full path (service.ts); the import takes the ticket code.
// Example: await tx.insert(registrationConsents).values(consentRows(id, submission, keepsDocument, now));
import { Secret } from 'otpauth';
import type { registrationConsents, registrations, RegistrationStatus, SubmissionOutcome } from '../../db/schema/index.ts';
import type { RegistrationValues, Submission } from './service.ts';

export const newTicketCode = () => new Secret({ size: 20 }).base32;

/**
 * The row of a new registration. The document number is kept only with its own consent, and then only encrypted,
 * bound to the row's id.
 */
export function newRegistrationRow(id: string, eventId: string, values: RegistrationValues, submission: Submission, status: RegistrationStatus, now: Date): typeof registrations.$inferInsert {
  const keepsDocument = submission.sensitiveConsent === true && values.idNumber !== null && values.idType !== null;
  if (keepsDocument && !submission.cipher) throw new Error('a document number cannot be stored without a cipher');
  return {
    ...values,
    id,
    idType: keepsDocument ? values.idType : null,
    idNumber: keepsDocument ? submission.cipher!.encrypt(values.idNumber!, id) : null,
    sensitiveConsent: keepsDocument,
    eventId,
    status,
    holdsSeat: status === 'confirmed',
    ticketCode: newTicketCode(),
    invitationCodeId: submission.invitationCodeId ?? null,
    waitlistedAt: null,
    requestedSessionIds: status === 'confirmed' ? [] : values.sessionIds,
    consentAt: now,
    consentVersion: submission.consentVersion,
    createdAt: now,
    updatedAt: now,
  };
}

/** The consent records of a new registration: processing always, the separate ones when given (and kept). */
export function consentRows(registrationId: string, submission: Submission, keepsDocument: boolean, now: Date): (typeof registrationConsents.$inferInsert)[] {
  const consent = { registrationId, version: submission.consentVersion, givenAt: now };
  return [
    { ...consent, kind: 'processing' as const },
    ...(keepsDocument ? [{ ...consent, kind: 'sensitive' as const }] : []),
    ...(submission.crossBorderConsent ? [{ ...consent, kind: 'cross-border' as const }] : []),
  ];
}

/** The audit row of a new registration's answer. */
export const creationAudit = (eventId: string, registrationId: string, outcome: SubmissionOutcome, values: Pick<RegistrationValues, 'categoryId' | 'email'>) => ({
  eventId,
  action: 'registration.create',
  targetType: 'registration',
  targetId: registrationId,
  after: { status: outcome, categoryId: values.categoryId, email: values.email },
});
