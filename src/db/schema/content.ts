// Version numbers of public content, bumped by database triggers, so per-process caches know when to let go.
import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const contentVersions = pgTable('content_versions', {
  scope: text('scope').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});
