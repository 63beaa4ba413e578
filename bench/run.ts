// Entry of `npm run bench [name…]`: picks the scenarios, runs them one after another, prints tables, writes latest.json.
import { cpus } from 'node:os';
import path from 'node:path';
import { BenchDatabaseError, dropLeftoverBenchDatabases } from './lib/bench-database.ts';
import { BenchSettingsError, readBenchSettings } from './lib/bench-settings.ts';
import { createBenchContext } from './lib/bench-context.ts';
import { runCleanups } from './lib/cleanup.ts';
import { formatResult } from './lib/print-table.ts';
import { reportProgress } from './lib/report-progress.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';
import { writeResults } from './lib/write-results.ts';
import { agendaScenario } from './scenarios/agenda.ts';
import { checkinScenario } from './scenarios/checkin.ts';
import { coldStartScenario } from './scenarios/cold-start.ts';
import { homeScenario } from './scenarios/home.ts';
import { l1Scenario } from './scenarios/l1.ts';
import { linkRequestScenario } from './scenarios/link-request.ts';
import { mailScenario } from './scenarios/mail.ts';
import { registerScenario } from './scenarios/register.ts';

const SCENARIOS: Scenario[] = [homeScenario, agendaScenario, l1Scenario, coldStartScenario, mailScenario, linkRequestScenario, registerScenario, checkinScenario];

class UsageError extends Error {}

function pickScenarios(names: string[]): Scenario[] {
  if (names.length === 0) return SCENARIOS;
  return names.map((name) => {
    const scenario = SCENARIOS.find((s) => s.name === name);
    if (!scenario) throw new UsageError(`unknown scenario "${name}"; choose from ${SCENARIOS.map((s) => s.name).join(', ')} (or none for all)`);
    return scenario;
  });
}

async function main(): Promise<void> {
  const scenarios = pickScenarios(process.argv.slice(2));
  const settings = readBenchSettings(process.env);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}, stopping servers and dropping bench databases\n`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
  const startedAt = new Date();
  process.stdout.write(
    `Forum Desk bench: Node ${process.version}, ${cpus().length} CPUs; ${settings.durationSeconds} s per target after ${settings.warmupSeconds} s warm-up, ${settings.connections} connections; app on ${settings.databaseUrl ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PGlite'}\n\n`,
  );
  const results: ScenarioResult[] = [];
  try {
    if (settings.databaseUrl) {
      const dropped = await dropLeftoverBenchDatabases(settings.databaseUrl);
      if (dropped.length > 0) reportProgress(`dropped databases left by earlier runs: ${dropped.join(', ')}`);
    }
    const context = createBenchContext(settings);
    for (const scenario of scenarios) {
      const result = await scenario.run(context);
      results.push(result);
      process.stdout.write(formatResult(result));
    }
  } finally {
    await runCleanups();
  }
  const file = await writeResults(results, settings, startedAt);
  process.stdout.write(`results written to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error: unknown) => {
  const known = error instanceof UsageError || error instanceof BenchSettingsError || error instanceof BenchDatabaseError;
  const detail = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`bench: ${detail}\n`);
  process.exitCode = known ? 2 : 1;
});
