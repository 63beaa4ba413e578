// The privacy.retention worker and its daily schedule: thin — erase what is past its event's retention period,
// re-encrypt numbers under a rotated-out key (privacy.ts), drop the old rows that kept mail jobs single (mail.ts) and
// the profiles of speakers no event lists any more (speaker-portal/forget.ts);
// a throw lets pg-boss retry, which carries on where it stopped.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES, WORK_OPTIONS } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MailContext } from '../mail/service.ts';
import type { Config } from '../../config.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { forgetComposedMailJobs } from './mail.ts';
import { deleteExpiredBadgePdfs } from '../badges/service.ts';
import { eraseExpiredRegistrations } from './erasure.ts';
import { reencryptIdNumbers } from './privacy.ts';
import { forgetUnlistedSpeakerProfiles } from '../speaker-portal/forget.ts';
import { forgetUnlistedShares } from '../speaker-portal/shares.ts';

/** 03:30 Beijing time, when forums are quiet. Stored by pg-boss, so one schedule however many processes start. */
export const RETENTION_CRON = '30 3 * * *';

export async function startRetentionWorker(
  jobs: Jobs,
  db: Db,
  clock: Clock,
  mail: MailContext,
  config: Pick<Config, 'DATA_ENCRYPTION_KEY' | 'DATA_ENCRYPTION_OLD_KEYS'> | undefined,
  log?: Pick<FastifyBaseLogger, 'error'>,
): Promise<void> {
  // With the keys, the same daily run also moves numbers still under a rotated-out key to the current one.
  const cipher = config ? createFieldCipher(config) : undefined;
  await jobs.boss.schedule(QUEUES.privacyRetention, RETENTION_CRON, null, { tz: 'Asia/Shanghai' });
  await jobs.boss.work(QUEUES.privacyRetention, WORK_OPTIONS[QUEUES.privacyRetention], async () => {
    try {
      await eraseExpiredRegistrations({ db, clock, mail });
      if (cipher) await reencryptIdNumbers(db, cipher);
      await forgetComposedMailJobs(db, clock.now());
      // Badge PDFs hold names and tickets for a day; even without new print jobs they go here.
      await deleteExpiredBadgePdfs(db, clock);
      // A speaker's bio, needs and photo stay only while some event lists them.
      await forgetUnlistedSpeakerProfiles(db);
      await forgetUnlistedShares(db);
    } catch (error) {
      log?.error({ err: error }, 'privacy retention job failed; it will be retried');
      throw error;
    }
  });
}
