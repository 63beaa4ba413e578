// The app as tests use it: real buildApp on an isolated migrated database, a real SMTP catcher and a settable clock.
// Example: const t = await buildTestApp(); const res = await t.app.inject('/'); await t.close();
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database, Db } from '../../src/db/types.ts';
import { createMailTransport, type MailTransport } from '../../src/features/mail/transport.ts';
import { startWorkers } from '../../src/jobs/workers.ts';
import { startJobs, type Jobs, type StartJobsOptions } from '../../src/jobs/boss.ts';
import { createTestClock, type TestClock } from './clock.ts';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  database: Database;
  testDatabase: TestDatabase;
  mail: SmtpCatcher;
  jobs: Jobs;
  transport: MailTransport;
  clock: TestClock;
  config: Config;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra settings, as environment strings. */
  env?: Record<string, string>;
  clock?: TestClock;
  /** Leave the database unmigrated (readiness tests). */
  migrate?: boolean;
  /** Retry policy changes, e.g. { 'mail.send': { retryDelay: 1 } } to make outage tests quick. */
  queueOverrides?: StartJobsOptions['queueOverrides'];
  /** Deliver queued mail in this process (default true); false leaves messages queued. */
  worker?: boolean;
  /** Routes a test adds before the app is ready (e.g. one that throws). */
  extend?: (app: FastifyInstance) => void | Promise<void>;
  /** Pino options for a test that reads the log (default: no log). */
  logger?: Parameters<typeof buildApp>[0]['logger'];
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase = await createTestDatabase({ migrate: options.migrate ?? true });
  const mail = await startSmtpCatcher();
  const clock = options.clock ?? createTestClock();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabase.url,
    SMTP_URL: mail.url,
    BASE_URL: 'http://forumdesk.test',
    // Tests write published content straight into the database and read it back at once: a version read per
    // request, as before leases. The page-cache tests run with the production lease.
    PAGE_VERSION_LEASE_MS: '0',
    ...options.env,
  });
  const jobs = await startJobs(testDatabase.database, { supervise: false, ...(options.queueOverrides ? { queueOverrides: options.queueOverrides } : {}) });
  const transport = createMailTransport(config);
  const app = await buildApp({ config, database: testDatabase.database, jobs, clock, logger: options.logger ?? false });
  if (options.worker ?? true) {
    await startWorkers({ jobs, db: testDatabase.database.db, clock, mail: app.mail, transport, from: config.MAIL_FROM, config });
  }
  await options.extend?.(app);
  await app.ready();
  return {
    app,
    db: testDatabase.database.db,
    database: testDatabase.database,
    testDatabase,
    mail,
    jobs,
    transport,
    clock,
    config,
    close: async () => {
      await app.close();
      await jobs.stop(5000);
      transport.close();
      await mail.close();
      await testDatabase.close();
    },
  };
}
