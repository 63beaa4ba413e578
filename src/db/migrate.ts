// Applies the committed SQL migrations in drizzle/ to either driver, one process at a time on PostgreSQL.
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Database } from './types.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
// Any fixed number works; it only has to be the same in every Forum Desk process.
const MIGRATION_LOCK_ID = 7_201_451_930;

/** How many migrations the code ships with. */
export function expectedMigrationCount(): number {
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
}

/**
 * Example: await migrateDb(database);
 * On PostgreSQL a session advisory lock makes a second process wait, then find nothing left to do.
 */
export async function migrateDb(database: Database): Promise<void> {
  if (database.driver === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const db = database.db as unknown as PostgresJsDatabase & { $client: import('postgres').Sql };
  const sql = db.$client;
  const lock = await sql.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => {});
    lock.release();
  }
}

/** Number of migrations recorded as applied (0 when none ran yet). */
export async function appliedMigrationCount(database: Database): Promise<number> {
  // Two statements: a query naming a missing table fails at parse time, even in an untaken CASE branch.
  const [found] = await database.execute(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!found?.present) return 0;
  const [row] = await database.execute('select count(*)::int as n from drizzle.__drizzle_migrations');
  return Number(row?.n ?? 0);
}
