// Opens the database named by the configuration: embedded PGlite by default, PostgreSQL for postgres:// URLs.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Config } from '../config.ts';
import { describeDatabaseError } from './errors.ts';
import { preparingRepeats } from './repeat-prepared.ts';
import * as schema from './schema/index.ts';
import type { Database, Db } from './types.ts';

/** The database could not be reached at start-up; the message is one line naming host and what to check. */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

type DbConfig = Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DATABASE_CONNECT_TIMEOUT'>;

export interface OpenOptions {
  /** memory:// only: start from this PGlite data directory (a dumpDataDir tarball) instead of an empty database. */
  loadDataDir?: Blob;
}

/**
 * Example: const database = await createDb(config); await migrateDb(database);
 */
export async function createDb(config: DbConfig, options: OpenOptions = {}): Promise<Database> {
  const url = config.DATABASE_URL;
  if (url?.startsWith('postgres')) return openPostgres(url, config.DATABASE_CONNECT_TIMEOUT);
  if (url === 'memory://') return openPglite(undefined, options.loadDataDir);
  const dir = url?.startsWith('pglite:') ? url.slice('pglite:'.length) : path.join(config.DATA_DIR, 'pglite');
  return openPglite(dir);
}

async function openPglite(dir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  if (dir) mkdirSync(dir, { recursive: true });
  // pg_trgm indexes the participant list's search (migration 0020); PostgreSQL has it among its contrib modules.
  const options = { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) };
  const client = dir ? new PGlite(dir, options) : new PGlite(options);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    client: { kind: 'pglite', pglite: client },
    location: dir ? `embedded PGlite in ${dir}` : 'embedded PGlite in memory',
    ping: async () => {
      await client.query('select 1');
    },
    execute: async (sqlText) => (await client.query<Record<string, unknown>>(sqlText)).rows,
    close: () => client.close(),
  };
}

async function openPostgres(url: string, timeoutSeconds: number): Promise<Database> {
  const target = describeTarget(url);
  const sql = postgres(url, {
    max: 10,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'forum-desk' },
  });
  await waitForPostgres(sql, target, timeoutSeconds);
  const db = drizzlePostgres(preparingRepeats(sql), { schema }) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    client: { kind: 'postgres', url },
    location: `PostgreSQL at ${target}`,
    ping: async () => {
      await sql`select 1`;
    },
    execute: async (sqlText) => [...(await sql.unsafe(sqlText))] as Record<string, unknown>[],
    close: () => sql.end({ timeout: 5 }),
  };
}

// A server that is still starting (or briefly restarting) gets a short grace period before we give up.
async function waitForPostgres(sql: postgres.Sql, target: string, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (Date.now() >= deadline) {
        await sql.end({ timeout: 0 }).catch(() => {});
        throw new DatabaseUnreachableError(
          `Cannot reach PostgreSQL at ${target} (${describeDatabaseError(error)}) after ${timeoutSeconds} s: check that the server is running and that DATABASE_URL is right.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** host:port/database of a postgres URL, never its password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return 'the address in DATABASE_URL';
  }
}
