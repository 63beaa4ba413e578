// What the organiser sets up for an event's online registration: its settings (window, capacity, waiting list,
// privacy), the categories with their own capacity, custom questions and invitation codes. The seats taken are
// counted here (`taken`), raised by a single conditional UPDATE; CHECK constraints are the last guard against overselling.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { belongsTo, createdAt, id, inList, localized, localizedFilled, updatedAt } from './common.ts';
import { events } from './events.ts';

export const QUESTION_KINDS = ['text', 'long-text', 'single', 'multiple', 'country', 'yes-no', 'file'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
/** The brand's deep blue: a category's badge colour until the organiser picks another. */
export const DEFAULT_CATEGORY_COLOUR = '#0b3d91';

/** One row per event that takes registrations: when, how many in all, whether a full event opens a waiting list. */
export const registrationSettings = pgTable(
  'registration_settings',
  {
    eventId: uuid('event_id')
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    /** Seats for the whole event; null for no limit beyond the categories'. */
    capacity: integer('capacity'),
    taken: integer('taken').notNull().default(0),
    waitlistEnabled: boolean('waitlist_enabled').notNull().default(true),
    /** Who processes participants' data, named in the privacy notice (PIPL art. 17); the event's title when unset. */
    controllerName: text('controller_name'),
    /** Whether data goes to a co-organiser outside mainland China (PIPL art. 38–39), and who that recipient is. */
    sharesAbroad: boolean('shares_abroad').notNull().default(false),
    abroadRecipient: text('abroad_recipient'),
    /** How participants reach that recipient about their data (PIPL art. 39: the recipient's contact details). */
    abroadContact: text('abroad_contact'),
    /** Personal data of registrations is erased this many months after the event ends. */
    retentionMonths: integer('retention_months').notNull().default(12),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('registration_settings_abroad_named', sql`${t.sharesAbroad} = (${t.abroadRecipient} is not null)`),
    check('registration_settings_abroad_contact', sql`${t.abroadContact} is null or ${t.sharesAbroad}`),
    check('registration_settings_retention_range', sql`${t.retentionMonths} between 1 and 120`),
    check('registration_settings_window', sql`${t.closesAt} > ${t.opensAt}`),
    check('registration_settings_capacity_positive', sql`${t.capacity} is null or ${t.capacity} > 0`),
    check('registration_settings_not_oversold', sql`${t.taken} >= 0 and (${t.capacity} is null or ${t.taken} <= ${t.capacity})`),
  ],
);

export const registrationCategories = pgTable(
  'registration_categories',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    /** Short upper-case code, e.g. GUEST or VIP; invitation codes start with it. */
    code: text('code').notNull(),
    name: localized('name').notNull(),
    capacity: integer('capacity'),
    taken: integer('taken').notNull().default(0),
    /** Hidden categories are only reachable with an invitation code that opens them. */
    visibility: text('visibility').$type<'public' | 'hidden'>().notNull().default('public'),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    invitationOnly: boolean('invitation_only').notNull().default(false),
    position: integer('position').notNull().default(0),
    /** "#0b3d91": the band on the category's badges (always printed with the category's name as well). */
    colour: text('colour').notNull().default(DEFAULT_CATEGORY_COLOUR),
    createdAt: createdAt(),
  },
  (t) => [
    unique('registration_categories_event_code_unique').on(t.eventId, t.code),
    check('registration_categories_colour_format', sql`${t.colour} ~ '^#[0-9a-f]{6}$'`),
    check('registration_categories_code_format', sql`${t.code} ~ '^[A-Z0-9]{2,12}$'`),
    check('registration_categories_name_filled', localizedFilled('name')),
    check('registration_categories_visibility_check', sql`${t.visibility} in ('public', 'hidden')`),
    check('registration_categories_capacity_positive', sql`${t.capacity} is null or ${t.capacity} > 0`),
    check('registration_categories_not_oversold', sql`${t.taken} >= 0 and (${t.capacity} is null or ${t.taken} <= ${t.capacity})`),
  ],
);

/** A question the organiser adds to the form, for all categories (empty list) or some. */
export const registrationQuestions = pgTable(
  'registration_questions',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    kind: text('kind').$type<QuestionKind>().notNull(),
    label: localized('label').notNull(),
    help: localized('help').notNull().default({}),
    /** Choices of single/multiple questions: [{ value: 'tour-a', label: { en, 'zh-CN' } }]. */
    options: jsonb('options').$type<{ value: string; label: Record<string, string> }[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    categoryIds: uuid('category_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** File questions: accepted media types and the largest size in bytes. */
    fileTypes: text('file_types').array().notNull().default(sql`'{}'::text[]`),
    fileMaxBytes: integer('file_max_bytes'),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('registration_questions_event_idx').on(t.eventId),
    check('registration_questions_kind_check', sql`${t.kind} in (${inList(QUESTION_KINDS)})`),
    check('registration_questions_label_filled', localizedFilled('label')),
    check('registration_questions_file_limit', sql`(${t.kind} = 'file') = (${t.fileMaxBytes} is not null) and (${t.fileMaxBytes} is null or ${t.fileMaxBytes} between 1 and 20971520)`),
  ],
);

export const invitationCodes = pgTable(
  'invitation_codes',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    /** Upper case, starting with the category's code: VIP-7KQ2-M9XD. */
    code: text('code').notNull(),
    categoryId: belongsTo('category_id', () => registrationCategories.id),
    maxUses: integer('max_uses').notNull().default(1),
    used: integer('used').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    bypassApproval: boolean('bypass_approval').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    unique('invitation_codes_event_code_unique').on(t.eventId, t.code),
    check('invitation_codes_code_format', sql`${t.code} ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'`),
    check('invitation_codes_quota', sql`${t.maxUses} > 0 and ${t.used} >= 0 and ${t.used} <= ${t.maxUses}`),
  ],
);
