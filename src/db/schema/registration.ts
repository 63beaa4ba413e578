// Registrations and what each one holds: the person, their status, consents, bookings of bookable sessions, files
// sent, and the form submissions and mail jobs that make sending a form or running a job twice harmless. The seats
// they take are counted on the event's settings and their category (registration-setup.ts) and on the sessions.
import { sql, type SQL } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { belongsTo, bytea, createdAt, id, inList, updatedAt } from './common.ts';
import { agendaSessions } from './agenda.ts';
import { events } from './events.ts';
import { invitationCodes, registrationCategories, registrationQuestions } from './registration-setup.ts';

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
/** The statuses that count as "registered": at most one such registration per e-mail address and event. */
export const ACTIVE_REGISTRATION_STATUSES: readonly RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted'];
export const isActiveStatus = (status: string) => (ACTIVE_REGISTRATION_STATUSES as readonly string[]).includes(status);
/** Where the participant lives decides the identity document: mainland → national ID; HK/Macao/Taiwan → travel permit; others → passport. */
export const RESIDENCES = ['mainland', 'hk-mo-tw', 'other'] as const;
export type Residence = (typeof RESIDENCES)[number];
export const ID_DOCUMENT_TYPES = ['national-id', 'travel-permit', 'passport'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/**
 * A text as the search compares it: lower-cased, decomposed, its combining marks (accents) dropped, and the
 * apostrophes phones type (’ ‘ ʼ ′ `) made plain ones, so "O’Connor" typed on a phone finds O'Connor and the other
 * way round. The stored search text and the words typed into a search both go through it, so the two sides agree.
 * (The public agenda's search folds its texts the same way in the application: src/lib/search-fold.ts.)
 * Example: sql`${registrations.searchText} like ${foldedForSearch(sql`${pattern}`)}`
 */
const TYPED_APOSTROPHES = sql.raw(`'\u2018\u2019\u02bc\u2032\u0060', '${"''".repeat(5)}'`);
export const foldedForSearch = (text: SQL): SQL => sql`lower(translate(regexp_replace(normalize(${text}, NFD), '[\\u0300-\\u036f]', '', 'g'), ${TYPED_APOSTROPHES}))`;

/**
 * What the participant list and the doors search, lower-cased, without accents (decomposed, the combining marks
 * dropped: "Muller" finds Müller, "garcia" García, "nguyen" Nguyễn) and fields apart (chr(31) never comes from a
 * search box): the names each way round ("Li Wei" and "Wei Li" both find Li Wei), the name in Chinese characters,
 * e-mail and organisation. Stored (a generated column) so a search is a plain LIKE on one indexed text: ILIKE over the
 * concatenation on every row took 40 ms per query over 20,000 registrations, this takes about one.
 */
const REGISTRATION_SEARCH_TEXT = foldedForSearch(
  sql.raw(`"family_name" || chr(31) || "given_name" || chr(31) || coalesce("name_zh", '') || chr(31) || "email" || chr(31) || "organisation" || chr(31) || "given_name" || ' ' || "family_name" || chr(31) || "family_name" || ' ' || "given_name"`),
);

export const registrations = pgTable(
  'registrations',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => registrationCategories.id, { onDelete: 'restrict' }),
    status: text('status').$type<RegistrationStatus>().notNull(),
    /** Whether this registration holds a seat in the event's and its category's counters (confirmed ones do). */
    holdsSeat: boolean('holds_seat').notNull().default(false),
    /** Lower-cased and trimmed. */
    email: text('email').notNull(),
    familyName: text('family_name').notNull(),
    givenName: text('given_name').notNull(),
    /** Name in Chinese characters, optional. */
    nameZh: text('name_zh'),
    organisation: text('organisation').notNull(),
    jobTitle: text('job_title'),
    /** ISO 3166-1 alpha-2 of the country or region. */
    country: text('country').notNull(),
    /** E.164, e.g. +8613800138000. */
    mobile: text('mobile').notNull(),
    dietary: text('dietary'),
    interpretationNeeds: text('interpretation_needs'),
    residence: text('residence').$type<Residence>().notNull(),
    /** Only with the separate consent to sensitive data (PIPL art. 29); withdrawing it erases both. */
    idType: text('id_type').$type<IdDocumentType>(),
    /** Encrypted (AES-256-GCM, lib/field-cipher.ts), never the number itself. */
    idNumber: text('id_number'),
    /** Mirrors the live 'sensitive' consent (registration_consents holds the record) so a CHECK can tie the number to it. */
    sensitiveConsent: boolean('sensitive_consent').notNull().default(false),
    nationality: text('nationality'),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    /** The language of their mails. */
    locale: text('locale').notNull(),
    /** The QR ticket: ≥128 random bits, base32; carries no personal data. */
    ticketCode: text('ticket_code').notNull(),
    invitationCodeId: uuid('invitation_code_id').references(() => invitationCodes.id, { onDelete: 'set null' }),
    waitlistedAt: timestamp('waitlisted_at', { withTimezone: true }),
    /** Bookable sessions asked for while pending or waitlisted, booked when a seat is confirmed. */
    requestedSessionIds: uuid('requested_session_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Consent under PIPL: to processing, and to transfer abroad when the organiser's systems are outside China. */
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    consentVersion: text('consent_version').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** When the day-before reminder went out; set by the conditional UPDATE that claims it, so it goes once. */
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
    /** When the person's data was erased (on request or after the retention period); the row stays for the counts. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    /** Kept by the database from the columns above: see REGISTRATION_SEARCH_TEXT. */
    searchText: text('search_text').generatedAlwaysAs(REGISTRATION_SEARCH_TEXT),
  },
  (t) => [
    uniqueIndex('registrations_one_active_per_email')
      .on(t.eventId, t.email)
      .where(sql.raw(`status in (${ACTIVE_REGISTRATION_STATUSES.map((s) => `'${s}'`).join(', ')})`)),
    unique('registrations_ticket_code_unique').on(t.ticketCode),
    index('registrations_event_status_idx').on(t.eventId, t.status),
    index('registrations_waitlist_idx').on(t.eventId, t.waitlistedAt),
    // The participant list's first page, newest first (its default order): walked in order until a page matches,
    // instead of sorting every match. The counts on top read the second without touching the table. (Migration 0028
    // had the search text in the first one's entries; 0029 took it out again: with every field at its longest in
    // four-byte characters an entry outgrew a btree entry's limit, and the registration failed.)
    index('registrations_list_newest_idx').on(t.eventId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.erasedAt} is null`),
    index('registrations_counts_idx').on(t.eventId, t.status, t.categoryId).where(sql`${t.erasedAt} is null`),
    // The search text trigram-indexed, so a rare "%wang%" over tens of thousands of registrations is an index scan.
    index('registrations_search_text_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('registrations_status_check', sql`${t.status} in (${inList(REGISTRATION_STATUSES)})`),
    check('registrations_seat_only_when_confirmed', sql`${t.holdsSeat} = (${t.status} = 'confirmed')`),
    check('registrations_waitlisted_has_time', sql`(${t.status} = 'waitlisted') <= (${t.waitlistedAt} is not null)`),
    check('registrations_email_normalised', sql`${t.email} = lower(btrim(${t.email})) and ${t.email} like '%_@_%'`),
    check('registrations_country_format', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('registrations_mobile_format', sql`${t.mobile} ~ '^\\+[1-9][0-9]{6,14}$' or (${t.erasedAt} is not null and ${t.mobile} = '')`),
    check('registrations_residence_check', sql`${t.residence} in (${inList(RESIDENCES)})`),
    check(
      'registrations_id_type_matches_residence',
      sql`${t.erasedAt} is not null or ((${t.idType} is null or (${t.residence} = 'mainland' and ${t.idType} = 'national-id') or (${t.residence} = 'hk-mo-tw' and ${t.idType} = 'travel-permit') or (${t.residence} = 'other' and ${t.idType} = 'passport')) and (${t.residence} <> 'other' or ${t.nationality} is not null))`,
    ),
    check('registrations_id_number_needs_consent', sql`(${t.idNumber} is not null) = ${t.sensitiveConsent} and (${t.idNumber} is null) = (${t.idType} is null)`),
    check('registrations_id_number_encrypted', sql`${t.idNumber} is null or ${t.idNumber} ~ '^v[0-9]+\\.'`),
    check(
      'registrations_erased_is_empty',
      sql`${t.erasedAt} is null or (${t.familyName} = '' and ${t.givenName} = '' and ${t.nameZh} is null and ${t.organisation} = '' and ${t.jobTitle} is null and ${t.mobile} = '' and ${t.idNumber} is null and ${t.nationality} is null and ${t.dietary} is null and ${t.interpretationNeeds} is null and ${t.answers} = '{}'::jsonb)`,
    ),
    check('registrations_ticket_code_length', sql`length(${t.ticketCode}) >= 26`),
  ],
);

export const CONSENT_KINDS = ['processing', 'sensitive', 'cross-border'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/**
 * What a person agreed to, when, and to which version of the notice (PIPL art. 14: consent given freely, separately
 * for sensitive data and transfers abroad, and withdrawable). A withdrawn consent keeps its row with the time.
 */
export const registrationConsents = pgTable(
  'registration_consents',
  {
    id: id(),
    registrationId: belongsTo('registration_id', () => registrations.id),
    kind: text('kind').$type<ConsentKind>().notNull(),
    version: text('version').notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    // One standing consent per kind; a consent withdrawn and given again (a document added later through the manage
    // link) is a new record, and the withdrawn one stays as it was.
    uniqueIndex('registration_consents_one_standing_per_kind')
      .on(t.registrationId, t.kind)
      .where(sql`${t.withdrawnAt} is null`),
    check('registration_consents_kind_check', sql`${t.kind} in (${inList(CONSENT_KINDS)})`),
    check('registration_consents_withdrawn_after', sql`${t.withdrawnAt} is null or ${t.withdrawnAt} >= ${t.givenAt}`),
  ],
);

/** Seats on bookable sessions (site visits, workshops), counted on agenda_sessions.booked. */
export const sessionBookings = pgTable(
  'session_bookings',
  {
    registrationId: belongsTo('registration_id', () => registrations.id),
    sessionId: belongsTo('session_id', () => agendaSessions.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'session_bookings_pk', columns: [t.registrationId, t.sessionId] }), index('session_bookings_session_idx').on(t.sessionId)],
);

/** Files answered to file questions; kept in the database so both databases and every process see them. */
export const registrationFiles = pgTable(
  'registration_files',
  {
    id: id(),
    registrationId: belongsTo('registration_id', () => registrations.id),
    questionId: belongsTo('question_id', () => registrationQuestions.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('registration_files_answer_unique').on(t.registrationId, t.questionId), check('registration_files_size', sql`${t.size} = octet_length(${t.bytes})`)],
);

export const SUBMISSION_OUTCOMES = ['confirmed', 'waitlisted', 'pending'] as const;
export type SubmissionOutcome = (typeof SUBMISSION_OUTCOMES)[number];

/**
 * Each accepted submission of the registration form, keyed by the form's one-time token: sending the same form
 * twice (a double click, a retry after a timeout) finds this row and shows the same answer. A submission for an
 * address that is already registered is kept too, with the same kind of answer, so the page reveals nothing.
 */
export const registrationSubmissions = pgTable(
  'registration_submissions',
  {
    eventId: belongsTo('event_id', () => events.id),
    formToken: text('form_token').notNull(),
    outcome: text('outcome').$type<SubmissionOutcome>().notNull(),
    waitlistPosition: integer('waitlist_position'),
    /** The address the answer was mailed to, shown masked on the answer page. */
    email: text('email').notNull(),
    /** The registration made by this submission; null when the address was already registered. */
    registrationId: uuid('registration_id').references(() => registrations.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'registration_submissions_pk', columns: [t.eventId, t.formToken] }),
    check('registration_submissions_outcome_check', sql`${t.outcome} in (${inList(SUBMISSION_OUTCOMES)})`),
    check('registration_submissions_token_format', sql`${t.formToken} ~ '^[A-Za-z0-9_-]{22,64}$'`),
  ],
);

/** The registration mail jobs already composed, so a job that runs twice (after a crash) mails once. */
export const registrationMailJobs = pgTable('registration_mail_jobs', {
  jobId: text('job_id').primaryKey(),
  registrationId: uuid('registration_id').notNull(),
  kind: text('kind').notNull(),
  createdAt: createdAt(),
});
