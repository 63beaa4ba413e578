// The registration.link worker: thin — hand each job to sendNewManageLink; a throw lets pg-boss retry.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MailContext } from '../mail/service.ts';
import { sendNewManageLink, type RegistrationLinkJob } from './manage.ts';

export async function startRegistrationLinkWorker(jobs: Jobs, db: Db, clock: Clock, mail: MailContext, log?: Pick<FastifyBaseLogger, 'error'>): Promise<void> {
  await jobs.boss.work<RegistrationLinkJob>(QUEUES.registrationLink, WORK_OPTIONS[QUEUES.registrationLink], async (batch) => {
    for (const job of batch) {
      try {
        await sendNewManageLink({ db, clock, mail }, job.data);
      } catch (error) {
        log?.error({ err: error }, 'registration link job failed; it will be retried');
        throw error;
      }
    }
  });
}
