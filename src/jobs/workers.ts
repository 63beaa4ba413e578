// Every background worker, started together by the web process (MAIL_WORKER=on), `npm run worker` and the tests.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import { startAccountMailWorker } from '../features/accounts/worker.ts';
import { startBadgeWorker } from '../features/badges/worker.ts';
import { startCalendarInviteWorker } from '../features/calendar-invites/worker.ts';
import { startBulkMailWorker } from '../features/mail/bulk-worker.ts';
import type { MailContext } from '../features/mail/service.ts';
import type { MailTransport } from '../features/mail/transport.ts';
import { startMailWorker } from '../features/mail/worker.ts';
import { startRetentionWorker } from '../features/registration/retention-worker.ts';
import { startRegistrationWorkers } from '../features/registration/worker.ts';
import { startSessionReminderWorker } from '../features/session-reminders/worker.ts';
import type { Clock } from '../lib/clock.ts';
import type { Jobs } from './boss.ts';

export interface WorkerDeps {
  jobs: Jobs;
  db: Db;
  clock: Clock;
  mail: MailContext;
  transport: MailTransport;
  from: string;
  /** The data keys, for the privacy job's re-encryption after a key rotation; without them it only erases. */
  config?: Pick<Config, 'DATA_ENCRYPTION_KEY' | 'DATA_ENCRYPTION_OLD_KEYS'>;
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
}

export async function startWorkers({ jobs, db, clock, mail, transport, from, config, log }: WorkerDeps): Promise<void> {
  await startMailWorker(jobs, db, transport, from, log);
  await startBulkMailWorker(jobs, db, mail, log);
  await startAccountMailWorker(jobs, db, clock, mail, log);
  await startRegistrationWorkers(jobs, db, clock, mail, log);
  await startRetentionWorker(jobs, db, clock, mail, config, log);
  await startBadgeWorker(jobs, db, clock, log);
  await startCalendarInviteWorker(jobs, db, clock, mail, log);
  await startSessionReminderWorker(jobs, db, clock, mail, log);
}
