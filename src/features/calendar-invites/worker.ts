// The calendar-invites worker: thin — one run of the comparison per job; a throw lets pg-boss retry the whole run,
// which is safe because nothing of a failed run was committed.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MailContext } from '../mail/service.ts';
import { sendCalendarInvites, type CalendarInviteJob } from './service.ts';

export async function startCalendarInviteWorker(jobs: Jobs, db: Db, clock: Clock, mail: MailContext, log?: Pick<FastifyBaseLogger, 'error'>): Promise<void> {
  await jobs.boss.work<CalendarInviteJob>(QUEUES.calendarInvites, WORK_OPTIONS[QUEUES.calendarInvites], async (batch) => {
    for (const job of batch) {
      try {
        await sendCalendarInvites(db, { clock, mail }, job.data.eventId);
      } catch (error) {
        log?.error({ err: error, eventId: job.data.eventId }, 'calendar invitations failed; they will be retried');
        throw error;
      }
    }
  });
}
