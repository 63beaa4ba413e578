// The session-reminder worker: thin — one run of the reminder per job; a throw lets pg-boss retry it, which is safe
// because nothing of a failed run was committed and what was committed is never sent again.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MailContext } from '../mail/service.ts';
import type { SessionReminderJob } from './schedule.ts';
import { sendSessionReminder } from './send.ts';

export async function startSessionReminderWorker(jobs: Jobs, db: Db, clock: Clock, mail: MailContext, log?: Pick<FastifyBaseLogger, 'error'>): Promise<void> {
  await jobs.boss.work<SessionReminderJob>(QUEUES.sessionReminder, WORK_OPTIONS[QUEUES.sessionReminder], async (batch) => {
    for (const job of batch) {
      try {
        await sendSessionReminder(db, { clock, mail }, job.id, job.data);
      } catch (error) {
        log?.error({ err: error, sessionId: job.data.sessionId, kind: job.data.kind }, 'session reminder failed; it will be retried');
        throw error;
      }
    }
  });
}
