// Once per test run, a migrated database for every test file to start from, named after the migrations' content:
// on PostgreSQL a template database that each file copies in milliseconds (databases left by crashed runs are
// dropped); on PGlite a data-directory snapshot with the job queue's schema too, which a file loads in a fraction of
// the time that starting an empty PGlite, migrating it and installing pg-boss take.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/client.ts';
import { MIGRATIONS_FOLDER, migrateDb } from '../../src/db/migrate.ts';
import { startJobs } from '../../src/jobs/boss.ts';
import { withDatabaseName } from './test-database.ts';

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What a snapshot depends on besides the migrations (PGlite's data format, pg-boss's schema): the locked versions. */
function lockHash(): string {
  const lock = readFileSync(new URL('../../package-lock.json', import.meta.url));
  return createHash('sha256').update(lock).digest('hex').slice(0, 12);
}

/** Migrates a fresh in-memory PGlite, installs pg-boss and its queues, and saves the data directory (once per content). */
async function pgliteSnapshot(): Promise<string> {
  const file = path.join(tmpdir(), `forum-desk-test-pglite-${migrationsHash()}-${lockHash()}.tar`);
  if (existsSync(file)) return file;
  const database = await createDb({ DATABASE_URL: 'memory://', DATA_DIR: '', DATABASE_CONNECT_TIMEOUT: 0 });
  try {
    await migrateDb(database);
    const jobs = await startJobs(database, { supervise: false });
    await jobs.stop();
    if (database.client.kind !== 'pglite') throw new Error('expected PGlite');
    const dump = await database.client.pglite.dumpDataDir('none');
    // Written under a temporary name and renamed, so a parallel or interrupted run never reads half a file.
    const building = `${file}.${process.pid}`;
    await writeFile(building, Buffer.from(await dump.arrayBuffer()));
    await rename(building, file);
  } finally {
    await database.close();
  }
  return file;
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide('templateDatabase', '');
    project.provide('pgliteSnapshot', await pgliteSnapshot());
    return;
  }
  project.provide('pgliteSnapshot', '');
  const template = `fd_template_${migrationsHash()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'fd\_t\_%'`;
    for (const { datname } of leftovers) {
      const pid = Number(datname.split('_')[2]);
      if (!isAlive(pid)) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
    if (!exists) {
      // Build under a temporary name and rename, so an interrupted run never leaves a half-migrated template.
      const building = `${template}_building_${process.pid}`;
      await admin.unsafe(`drop database if exists "${building}" with (force)`);
      await admin.unsafe(`create database "${building}"`);
      const database = await createDb({ DATABASE_URL: withDatabaseName(url, building), DATA_DIR: '', DATABASE_CONNECT_TIMEOUT: 5 });
      await migrateDb(database);
      await database.close();
      try {
        await admin.unsafe(`alter database "${building}" rename to "${template}"`);
      } catch (error) {
        // Another run finished first: keep theirs.
        await admin.unsafe(`drop database if exists "${building}" with (force)`);
        if (!String((error as Error).message).includes('already exists')) throw error;
      }
    }
  } finally {
    await admin.end();
  }
  project.provide('templateDatabase', template);
}
