// Single-use, expiring secrets behind magic links ("manage my registration", sign-in, speaker invitations).
// Only a SHA-256 hash of each token is stored: a copy of the database opens no one's registration.
import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id } from './common.ts';

export const ACCESS_TOKEN_PURPOSES = ['sign-in', 'manage-registration', 'my-agenda', 'speaker-invitation', 'password-reset', 'email-change', 'speaker-sign-in'] as const;
export type AccessTokenPurpose = (typeof ACCESS_TOKEN_PURPOSES)[number];


export const accessTokens = pgTable(
  'access_tokens',
  {
    id: id(),
    purpose: text('purpose').$type<AccessTokenPurpose>().notNull(),
    /** Whom the token speaks for: a normalised e-mail address, or a record id, depending on the purpose. */
    subject: text('subject').notNull(),
    tokenHash: bytea('token_hash').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    unique('access_tokens_hash_unique').on(t.tokenHash),
    index('access_tokens_subject_idx').on(t.purpose, t.subject),
    check('access_tokens_purpose_check', sql.raw(`purpose in (${ACCESS_TOKEN_PURPOSES.map((p) => `'${p}'`).join(', ')})`)),
    check('access_tokens_hash_length', sql`octet_length(${t.tokenHash}) = 32`),
    check('access_tokens_expiry_after_creation', sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);
