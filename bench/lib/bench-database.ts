// Databases the bench makes on BENCH_DATABASE_URL's server, named fd_bench_<pid>_<label> and always dropped again.
import postgres from 'postgres';
import { registerCleanup } from './cleanup.ts';

/** The PostgreSQL server of BENCH_DATABASE_URL refused or failed a step; the message is one line fit to print. */
export class BenchDatabaseError extends Error {
  override name = 'BenchDatabaseError';
}

export interface BenchDatabase {
  /** The server URL with this database's name in it, for a child's DATABASE_URL. */
  url: string;
  drop(): Promise<void>;
}

/** Example: const database = await createBenchDatabase(settings.databaseUrl, 'l1'); ... await database.drop(); */
export async function createBenchDatabase(serverUrl: string, label: string): Promise<BenchDatabase> {
  const name = `fd_bench_${process.pid}_${label}`;
  await runAdmin(serverUrl, async (sql) => {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
  });
  const drop = registerCleanup(() =>
    runAdmin(serverUrl, async (sql) => {
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
    }),
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}

/** Drops fd_bench_<pid>_… databases whose bench process no longer exists (a run that was killed). */
export async function dropLeftoverBenchDatabases(serverUrl: string): Promise<string[]> {
  return runAdmin(serverUrl, async (sql) => {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like 'fd\_bench\_%'`;
    const dead = rows.map((row) => row.datname).filter((name) => !isAlive(Number(name.split('_')[2])));
    for (const name of dead) await sql.unsafe(`drop database if exists "${name}" with (force)`);
    return dead;
  });
}

async function runAdmin<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    return await work(sql);
  } catch (error) {
    const reason = error instanceof Error ? (error.message || (error as NodeJS.ErrnoException).code) : String(error);
    throw new BenchDatabaseError(`PostgreSQL at ${new URL(serverUrl).host} (BENCH_DATABASE_URL): ${reason}`, { cause: error });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
