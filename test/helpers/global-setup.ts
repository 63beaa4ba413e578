// Once per test run on PostgreSQL: a migrated template database named after the migrations' content, so each
// test file copies it in milliseconds; databases left by crashed runs are dropped.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/client.ts';
import { MIGRATIONS_FOLDER, migrateDb } from '../../src/db/migrate.ts';
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

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide('templateDatabase', '');
    return;
  }
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
