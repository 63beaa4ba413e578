// The mail.bulk worker: thin — hand the job to continueBulkSend; a throw lets pg-boss retry, which resumes safely.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import { continueBulkSend, type BulkJobData } from './bulk.ts';
import type { MailContext } from './service.ts';

/** Example: await startBulkMailWorker(jobs, database.db, app.mail, app.log); */
export async function startBulkMailWorker(jobs: Jobs, db: Db, mail: MailContext, log?: Pick<FastifyBaseLogger, 'error'>): Promise<void> {
  await jobs.boss.work<BulkJobData>(QUEUES.mailBulk, WORK_OPTIONS[QUEUES.mailBulk], async (batch) => {
    for (const job of batch) {
      try {
        await continueBulkSend(db, mail, job.data);
      } catch (error) {
        log?.error({ err: error, batch: job.data.batchId }, 'bulk mail job failed; it will resume from the last written chunk');
        throw error;
      }
    }
  });
}
