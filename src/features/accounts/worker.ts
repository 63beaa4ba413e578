// The account.mail worker: thin — hand each job to sendAccountMail (or, for the speaker portal's sign-in link, to
// sendSpeakerSignInLink); a throw lets pg-boss retry.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MailContext } from '../mail/service.ts';
import { sendSpeakerSignInLink, type SpeakerSignInJob } from '../speaker-portal/sign-in-mail.ts';
import { sendAccountMail, type AccountMailJob } from './service.ts';

export async function startAccountMailWorker(jobs: Jobs, db: Db, clock: Clock, mail: MailContext, log?: Pick<FastifyBaseLogger, 'error'>): Promise<void> {
  await jobs.boss.work<AccountMailJob | SpeakerSignInJob>(QUEUES.accountMail, WORK_OPTIONS[QUEUES.accountMail], async (batch) => {
    for (const job of batch) {
      try {
        const data = job.data;
        if (data.kind === 'speaker-sign-in-link') await sendSpeakerSignInLink(db, clock, mail, data);
        else await sendAccountMail(db, clock, mail, data);
      } catch (error) {
        log?.error({ err: error }, 'account mail job failed; it will be retried');
        throw error;
      }
    }
  });
}
