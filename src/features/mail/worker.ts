// The mail.send worker: thin — load the job, deliver the message, report per job so one bad address fails alone.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import { deliverMessage } from './service.ts';
import type { MailTransport } from './transport.ts';

export async function startMailWorker(
  jobs: Jobs,
  db: Db,
  transport: MailTransport,
  from: string,
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'>,
): Promise<void> {
  const options = WORK_OPTIONS[QUEUES.mailSend];
  await jobs.boss.work<{ messageId: string }, unknown, typeof options>(QUEUES.mailSend, options, async (batch) =>
    Promise.all(
      batch.map(async (job) => {
        const lastAttempt = job.retryCount >= job.retryLimit;
        try {
          const outcome = await deliverMessage(db, transport, from, job.data.messageId, lastAttempt);
          if (outcome === 'retry') log?.warn({ messageRow: job.data.messageId, retry: job.retryCount + 1 }, 'mail delivery failed for now; will retry');
          return { id: job.id, status: outcome === 'retry' ? ('failed' as const) : ('completed' as const), output: { outcome } };
        } catch (error) {
          // The database itself failed (not the mail server): let pg-boss retry the job.
          log?.error({ err: error, messageRow: job.data.messageId }, 'mail job failed');
          return { id: job.id, status: 'failed' as const, output: { error: String(error) } };
        }
      }),
    ),
  );
}
