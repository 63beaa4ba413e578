// Per-run state the scenarios share: temporary directories and the app's prepared databases, each made on first use.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AppData, prepareAppData } from './app-server.ts';
import { createBenchDatabase } from './bench-database.ts';
import type { BenchSettings } from './bench-settings.ts';
import { registerCleanup } from './cleanup.ts';
import { reportProgress } from './report-progress.ts';
import type { BenchContext } from './scenario.ts';

/** Example: const context = createBenchContext(settings); const data = await context.appData(); */
export function createBenchContext(settings: BenchSettings): BenchContext {
  const embeddedAppData = memoize(async (): Promise<AppData> => {
    const data = { dataDir: await makeTempDir() };
    reportProgress('preparing the app on embedded PGlite (first start: migrations and demo data)');
    await prepareAppData(data);
    return data;
  });
  const serverUrl = settings.databaseUrl;
  if (!serverUrl) return { settings, appData: embeddedAppData, embeddedAppData };
  const postgresAppData = memoize(async (): Promise<AppData> => {
    const database = await createBenchDatabase(serverUrl, 'app');
    const data = { dataDir: await makeTempDir(), databaseUrl: database.url };
    reportProgress('preparing the app on PostgreSQL (first start: migrations and demo data)');
    await prepareAppData(data);
    return data;
  });
  return { settings, appData: postgresAppData, embeddedAppData };
}

async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fd-bench-'));
  registerCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function memoize<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
