// The badges.render worker: thin — hand the job to runBadgeJob; a throw lets pg-boss retry, which starts the PDF over.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { failBadgeJob } from './queries.ts';
import { runBadgeJob, type BadgeJobData } from './service.ts';

/** Example: await startBadgeWorker(jobs, db, clock, log); */
export async function startBadgeWorker(jobs: Jobs, db: Db, clock: Clock, log?: Pick<FastifyBaseLogger, 'error'>): Promise<void> {
  const options = WORK_OPTIONS[QUEUES.badgesRender];
  await jobs.boss.work<BadgeJobData, unknown, typeof options>(QUEUES.badgesRender, options, async (batch) => {
    for (const job of batch) {
      try {
        await runBadgeJob(db, clock, job.data);
      } catch (error) {
        const last = job.retryCount >= job.retryLimit;
        log?.error({ err: error, badgeJob: job.data.jobId }, last ? 'badge PDF job failed for good' : 'badge PDF job failed; it will be retried');
        // After the last try the page must say so, not show a bar that never moves.
        if (last) await failBadgeJob(db, job.data.jobId, 'error', clock.now());
        throw error;
      }
    }
  });
}
