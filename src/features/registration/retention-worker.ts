// The privacy.retention worker and its daily schedule: thin — erase what is past its event's retention period
// (privacy.ts); a throw lets pg-boss retry, and a retry carries on where the failed run stopped.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MailContext } from '../mail/service.ts';
import { eraseExpiredRegistrations } from './privacy.ts';

/** 03:30 Beijing time, when forums are quiet. Stored by pg-boss, so one schedule however many processes start. */
export const RETENTION_CRON = '30 3 * * *';

export async function startRetentionWorker(jobs: Jobs, db: Db, clock: Clock, mail: MailContext, log?: Pick<FastifyBaseLogger, 'error'>): Promise<void> {
  await jobs.boss.schedule(QUEUES.privacyRetention, RETENTION_CRON, null, { tz: 'Asia/Shanghai' });
  await jobs.boss.work(QUEUES.privacyRetention, WORK_OPTIONS[QUEUES.privacyRetention], async () => {
    try {
      await eraseExpiredRegistrations({ db, clock, mail });
    } catch (error) {
      log?.error({ err: error }, 'privacy retention job failed; it will be retried');
      throw error;
    }
  });
}
