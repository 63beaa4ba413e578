// Staff identities, their server-side sessions and their powers on events.
// Participants have no row here: they reach their registration by magic link (access-tokens.ts).
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { belongsTo, bytea, createdAt, id, updatedAt } from './common.ts';
import { events } from './events.ts';

/**
 * Every role on an event, from most to least rights: the order decides which role counts where a person has two (on a
 * sub-forum and on its forum, see role-order.ts). Jury and speaker share no right; jury comes first by convention.
 */
export const EVENT_ROLES = ['owner', 'organiser', 'checkin', 'jury', 'speaker'] as const;
export type EventRole = (typeof EVENT_ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Lower-cased, trimmed; the sign-in name. */
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    locale: text('locale').notNull().default('en'),
    /** argon2id PHC string; null for people who only ever sign in by e-mail link. */
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    /** Base32 TOTP secret; set while enrolling, active once totpEnabledAt is set. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The last 30-second step a code was accepted for: a code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('users_email_unique').on(t.email),
    check('users_email_normalised', sql`${t.email} = lower(btrim(${t.email})) and ${t.email} like '%_@_%'`),
    check('users_totp_enabled_has_secret', sql`${t.totpEnabledAt} is null or ${t.totpSecret} is not null`),
  ],
);

/** One-time recovery codes for two-factor sign-in, stored as SHA-256 hashes. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: id(),
    userId: belongsTo('user_id', () => users.id),
    codeHash: bytea('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique('recovery_codes_hash_unique').on(t.codeHash), index('recovery_codes_user_idx').on(t.userId), check('recovery_codes_hash_length', sql`octet_length(${t.codeHash}) = 32`)],
);

/** Server-side sessions. The cookie carries the id; the table keeps its SHA-256, so a database copy opens no session. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: bytea('id_hash').primaryKey(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Idle expiry: last activity + idle timeout. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Absolute expiry: creation (sign-in) + absolute timeout; never moves. */
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt), check('sessions_id_hash_length', sql`octet_length(${t.idHash}) = 32`)],
);

/** A person's role on one event. A sub-forum without its own row for the person inherits the parent forum's row. */
export const eventRoles = pgTable(
  'event_roles',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    userId: belongsTo('user_id', () => users.id),
    role: text('role').$type<EventRole>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('event_roles_event_user_unique').on(t.eventId, t.userId),
    index('event_roles_user_idx').on(t.userId),
    check('event_roles_role_check', sql.raw(`role in (${EVENT_ROLES.map((r) => `'${r}'`).join(', ')})`)),
  ],
);

/** Failed sign-ins per account and per client address, for the progressive delay; shared by every process. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('sign_in_failures_positive', sql`${t.failures} > 0`)],
);

/** Every change an organiser makes, written in the same transaction as the change. Triggers refuse UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    actorId: uuid('actor_id').references(() => users.id),
    eventId: uuid('event_id').references(() => events.id),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_event_idx').on(t.eventId, t.createdAt),
    index('audit_log_actor_idx').on(t.actorId),
    // One record's rows: a registration's history, and its erasure (erasure.ts), which the retention job runs per person.
    index('audit_log_target_idx').on(t.targetType, t.targetId),
  ],
);
