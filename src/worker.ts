// `npm run worker`: background jobs (mail delivery …) in a process of their own, next to web processes that run
// with MAIL_WORKER=off. PostgreSQL only: the embedded database belongs to the one web process that opened it.
import pino from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { createDb, DatabaseUnreachableError } from './db/client.ts';
import { migrateDb } from './db/migrate.ts';
import { createMailTransport } from './features/mail/transport.ts';
import { createMailRenderer } from './features/mail/render.ts';
import { jobOptionsFromConfig, startJobs } from './jobs/boss.ts';
import { startWorkers } from './jobs/workers.ts';
import { systemClock } from './lib/clock.ts';
import { stopOnSignal } from './lib/stop-on-signal.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL?.startsWith('postgres')) {
    throw new ConfigError('DATABASE_URL: expected a postgres:// URL for a separate worker (with the embedded database, `npm start` runs the jobs itself)');
  }
  const log = pino({ level: config.LOG_LEVEL, base: { role: 'worker' } });
  const database = await createDb(config);
  await migrateDb(database);
  const jobs = await startJobs(database, { log, ...jobOptionsFromConfig(config) });
  const transport = createMailTransport(config);
  const mail = { config, renderer: createMailRenderer(), jobs };
  await startWorkers({ jobs, db: database.db, clock: systemClock, mail, transport, from: config.MAIL_FROM, config, log });

  stopOnSignal(log, 'finishing running jobs', [() => jobs.stop(15_000), () => transport.close(), () => database.close()]);
  process.stdout.write(`Forum Desk worker is running (${database.location}; mail ${config.SMTP_URL ? 'over SMTP' : 'to the local outbox'})\n`);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DatabaseUnreachableError;
  process.stderr.write(`Forum Desk worker cannot start: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
