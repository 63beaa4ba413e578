// Registration workers: new manage links by mail (registration.link), bulk actions too large for a request
// (registration.bulk), guest list imports (registration.import), and the reminder sweep
// (registration.reminders), which every worker process offers once a minute as a singleton job per 10-minute slot,
// so exactly one sweep runs per slot however many processes there are. A throw lets pg-boss retry.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MailContext } from '../mail/service.ts';
import { processBulkRun, type BulkJobData } from './bulk-run.ts';
import { composeRegistrationMail, type RegistrationMailJob } from './mail.ts';
import { sendNewManageLink, type RegistrationLinkJob } from './manage.ts';
import { runImport, type RegistrationImportJob } from './import.ts';
import { sendDueReminders } from './reminders.ts';

const SWEEP_SLOT_SECONDS = 600;
const OFFER_EVERY_MS = 60_000;

export async function startRegistrationWorkers(jobs: Jobs, db: Db, clock: Clock, mail: MailContext, log?: Pick<FastifyBaseLogger, 'error'>): Promise<void> {
  const ctx = { db, clock, mail };
  await jobs.boss.work<RegistrationLinkJob>(QUEUES.registrationLink, WORK_OPTIONS[QUEUES.registrationLink], async (batch) => {
    for (const job of batch) {
      try {
        await sendNewManageLink(ctx, job.data);
      } catch (error) {
        log?.error({ err: error }, 'registration link job failed; it will be retried');
        throw error;
      }
    }
  });
  await jobs.boss.work<RegistrationMailJob>(QUEUES.registrationMail, WORK_OPTIONS[QUEUES.registrationMail], async (batch) => {
    for (const job of batch) {
      try {
        await composeRegistrationMail(db, ctx, job.id, job.data);
      } catch (error) {
        log?.error({ err: error }, 'registration mail job failed; it will be retried');
        throw error;
      }
    }
  });
  await jobs.boss.work<BulkJobData>(QUEUES.registrationBulk, WORK_OPTIONS[QUEUES.registrationBulk], async (batch) => {
    for (const job of batch) {
      try {
        await processBulkRun(ctx, job.data.runId);
      } catch (error) {
        log?.error({ err: error, run: job.data.runId }, 'bulk registration job failed; it will resume at the first item not done');
        throw error;
      }
    }
  });
  await jobs.boss.work<RegistrationImportJob>(QUEUES.registrationImport, WORK_OPTIONS[QUEUES.registrationImport], async (batch) => {
    for (const job of batch) {
      try {
        await runImport(ctx, job.data);
      } catch (error) {
        log?.error({ err: error, import: job.data.importId }, 'registration import job failed; it will be retried');
        throw error;
      }
    }
  });
  await jobs.boss.work(QUEUES.registrationReminders, WORK_OPTIONS[QUEUES.registrationReminders], async () => {
    await sendDueReminders(ctx);
  });
  const offer = () =>
    jobs.boss.send(QUEUES.registrationReminders, {}, { singletonKey: 'sweep', singletonSeconds: SWEEP_SLOT_SECONDS }).catch((error: unknown) => log?.error({ err: error }, 'could not offer the reminder sweep'));
  await offer();
  const timer = setInterval(offer, OFFER_EVERY_MS);
  timer.unref();
  jobs.boss.once('stopped', () => clearInterval(timer));
}
