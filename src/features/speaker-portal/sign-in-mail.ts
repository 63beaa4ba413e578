// The portal's sign-in link: asked for with an address, mailed only when some speaker entry has that address. The
// request queues the same job either way (accounts' mail queue), so the answer and its timing say nothing.
// Example: await requestSpeakerSignIn(db, jobs, { email: 'li.na@example.cn', locale: 'zh-CN', next: '/speaker/profile' })
import { eq } from 'drizzle-orm';
import type { Locale } from '../../i18n/index.ts';
import { speakers } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { issueAccessToken } from '../access-tokens/service.ts';
import { queueMail, type MailContext } from '../mail/service.ts';

export const SPEAKER_SIGN_IN_TTL_SECONDS = 30 * 60;

export interface SpeakerSignInJob {
  kind: 'speaker-sign-in-link';
  email: string;
  locale: Locale;
  /** Where the link leads afterwards (a local path under /speaker). */
  next?: string;
}

export async function requestSpeakerSignIn(db: Db, jobs: Jobs, job: Omit<SpeakerSignInJob, 'kind'>): Promise<void> {
  await db.transaction(async (tx) => {
    await jobs.enqueue(tx, QUEUES.accountMail, { kind: 'speaker-sign-in-link', ...job } satisfies SpeakerSignInJob);
  });
}

/** The job's work: when the address is on some speaker list, issue a token and queue the mail. */
export async function sendSpeakerSignInLink(db: Db, clock: Clock, mail: MailContext, job: SpeakerSignInJob): Promise<'sent' | 'unknown'> {
  return db.transaction(async (tx) => {
    const [speaker] = await tx.select({ name: speakers.name }).from(speakers).where(eq(speakers.email, job.email)).limit(1);
    if (!speaker) return 'unknown';
    const { token } = await issueAccessToken(tx, clock, {
      purpose: 'speaker-sign-in',
      subject: job.email,
      ttlSeconds: SPEAKER_SIGN_IN_TTL_SECONDS,
      data: job.next ? { next: job.next } : {},
    });
    await queueMail(tx, mail, {
      to: { email: job.email, name: pickLocalized(speaker.name, job.locale)?.text },
      template: 'speaker-sign-in-link',
      locale: job.locale,
      data: { link: `${mail.config.BASE_URL}/speaker/sign-in/${token}`, minutes: SPEAKER_SIGN_IN_TTL_SECONDS / 60 },
    });
    return 'sent';
  });
}
