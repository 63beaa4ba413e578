// The only entry point of the web process: config → database → migrate → jobs → demo data → app → workers → listen,
// and a graceful stop that lets running requests and jobs finish.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDb, DatabaseUnreachableError } from './db/client.ts';
import { migrateDb } from './db/migrate.ts';
import { demoUsersText, seedDemoDataIfEmpty } from './db/seed/demo.ts';
import { createMailTransport } from './features/mail/transport.ts';
import { jobOptionsFromConfig, startJobs } from './jobs/boss.ts';
import { startWorkers } from './jobs/workers.ts';
import { systemClock } from './lib/clock.ts';
import { stopOnSignal } from './lib/stop-on-signal.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await createDb(config);
  await migrateDb(database);
  const jobs = await startJobs(database, jobOptionsFromConfig(config));
  const app = await buildApp({ config, database, jobs });
  jobs.boss.on('error', (error) => app.log.error({ err: error }, 'background jobs error'));
  const seeded = config.DEMO_DATA === 'auto' ? await seedDemoDataIfEmpty(database.db, systemClock, app.mail) : undefined;
  const transport = createMailTransport(config);
  if (config.MAIL_WORKER === 'on') {
    await startWorkers({ jobs, db: database.db, clock: systemClock, mail: app.mail, transport, from: config.MAIL_FROM, config, log: app.log });
  }

  stopOnSignal(app.log, 'finishing open requests and running jobs', [
    () => app.close(),
    () => jobs.stop(15_000),
    () => transport.close(),
    () => database.close(),
  ]);

  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const local = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;
  const publicUrl = config.BASE_URL.startsWith(local) || config.PORT === 0 ? '' : `, public address ${config.BASE_URL}`;
  const mailNote = config.SMTP_URL ? '' : `; mail is kept in the outbox at ${local}/admin/mail`;
  process.stdout.write(`Forum Desk is running at ${local} (${database.location}${publicUrl}${mailNote})\n`);
  if (seeded) process.stdout.write(demoUsersText(seeded.users));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`Forum Desk cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`Forum Desk cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
