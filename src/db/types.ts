// `Db`: one type for the PGlite database, the postgres.js database and a transaction of either.
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

import type { PGlite } from '@electric-sql/pglite';

export type DatabaseDriver = 'pglite' | 'postgres';

/** The driver underneath, for libraries that bring their own access (pg-boss): the PGlite instance or the URL. */
export type DatabaseClient = { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; url: string };

/** An open database with what the server needs to run and stop it. */
export interface Database {
  db: Db;
  driver: DatabaseDriver;
  client: DatabaseClient;
  /** Where it lives, safe to print (no password). */
  location: string;
  /** Runs `select 1`; rejects when the database cannot be reached. */
  ping(): Promise<void>;
  /** Runs raw SQL outside drizzle (migrations bookkeeping, advisory locks, tests). */
  execute(sqlText: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}
