// An isolated, migrated database per test file: a fresh in-memory PGlite, or with TEST_DATABASE_URL a fresh
// PostgreSQL database copied from the migrated template that global-setup made, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import postgres from 'postgres';
import { createDb } from '../../src/db/client.ts';
import { migrateDb } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    /** A migrated PGlite data directory with pg-boss installed (a tarball's path), or '' on PostgreSQL. */
    pgliteSnapshot: string;
  }
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const onPostgres = TEST_DATABASE_URL !== undefined;

/** The same server URL pointing at another database name. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase {
  database: Database;
  /** The DATABASE_URL a child process would use for this database. */
  url: string;
  /** Makes a second handle on the same database (e.g. a second "process"). */
  reopen(): Promise<Database>;
  close(): Promise<void>;
}

/** Creates a new empty PostgreSQL database (not from the template) and returns its URL and a dropper. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('needs TEST_DATABASE_URL');
  const name = `fd_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return { url: withDatabaseName(TEST_DATABASE_URL, name), drop: () => dropPostgresDatabase(name) };
}

async function dropPostgresDatabase(name: string): Promise<void> {
  const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/** The snapshot's bytes, read once per worker: files share the worker's modules, and a Blob can be loaded many times. */
const snapshots = new Map<string, Promise<Blob>>();
function snapshotBlob(file: string): Promise<Blob> {
  let blob = snapshots.get(file);
  if (!blob) snapshots.set(file, (blob = readFile(file).then((bytes) => new Blob([bytes]))));
  return blob;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (!TEST_DATABASE_URL) {
    const snapshot = migrate ? inject('pgliteSnapshot') : '';
    const loadDataDir = snapshot ? await snapshotBlob(snapshot) : undefined;
    const database = await createDb({ DATABASE_URL: 'memory://', DATA_DIR: '', DATABASE_CONNECT_TIMEOUT: 0 }, { loadDataDir });
    // Without a snapshot (a file run outside vitest's global set-up) the database is migrated here.
    if (migrate && !snapshot) await migrateDb(database);
    return {
      database,
      url: 'memory://',
      reopen: () => Promise.reject(new Error('an in-memory PGlite belongs to one handle')),
      close: () => database.close(),
    };
  }
  const name = `fd_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const template = migrate ? inject('templateDatabase') : 'template0';
    // Copying a template fails while another copy of it is starting; a short retry covers parallel files.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        if (attempt >= 20 || !String((error as Error).message).includes('being accessed by other users')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(TEST_DATABASE_URL, name);
  const open = () => createDb({ DATABASE_URL: url, DATA_DIR: '', DATABASE_CONNECT_TIMEOUT: 5 });
  const database = await open();
  const handles: Database[] = [database];
  return {
    database,
    url,
    reopen: async () => {
      const another = await open();
      handles.push(another);
      return another;
    },
    close: async () => {
      await Promise.all(handles.map((h) => h.close().catch(() => {})));
      await dropPostgresDatabase(name);
    },
  };
}
