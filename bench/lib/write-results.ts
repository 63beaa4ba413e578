// Keeps the last run's numbers as bench/results/latest.json (git-ignored), with the machine and settings they came from.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchSettings } from './bench-settings.ts';
import type { ScenarioResult } from './scenario.ts';

const RESULTS_FILE = fileURLToPath(new URL('../results/latest.json', import.meta.url));

/** Example: const file = await writeResults(results, settings, startedAt); returns the file's path. */
export async function writeResults(results: ScenarioResult[], settings: BenchSettings, startedAt: Date): Promise<string> {
  const { databaseUrl, ...knobs } = settings;
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    node: process.version,
    cpu: { count: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
    // Only which kind of database: the URL may carry a password.
    settings: { ...knobs, appDatabase: databaseUrl ? 'postgres' : 'embedded PGlite' },
    scenarios: results,
  };
  await mkdir(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  return RESULTS_FILE;
}
