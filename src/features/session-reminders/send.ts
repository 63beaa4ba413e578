// The reminder job: a day or an hour before a session, mails each person on it who accepted (as published and still
// now) their session, time, room and what to bring, in their language. It first checks that it is still the job the
// last publication planned and that the published session still starts then; each mail is recorded with the send,
// in one transaction, so a retry never mails anyone twice.
import { eq } from 'drizzle-orm';
import { sessionReminders } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { translate } from '../../i18n/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { sessionLocation, sessionUrl } from '../agenda/ical-feed.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { findInviteRecipients } from '../calendar-invites/queries.ts';
import { speakerLocale } from '../calendar-invites/service.ts';
import { getEventById } from '../events/service.ts';
import { queueMail, type MailContext } from '../mail/service.ts';
import { claimReminderSend, findAcceptedNow, lockReminder, setReminderSendMessage } from './queries.ts';
import type { SessionReminderJob } from './schedule.ts';
import { bringItems, findReminderSettings } from './settings.ts';

export interface ReminderContext {
  clock: Clock;
  mail: MailContext;
}

/** Why a run sent nothing, or 'sent' with the number of mails queued (0 when everyone had it already). */
export type ReminderOutcome = { outcome: 'sent'; mails: number } | { outcome: 'replaced' | 'early' | 'too-late' | 'not-published' };

/**
 * pg-boss starts the job by the database's clock; the send is checked against ours. They agree to within a second
 * when both are synchronised: a job that by our clock runs more than this early was started against a clock that
 * is wrong (or a test's fixed one), and sends nothing rather than a "tomorrow" reminder days ahead.
 */
export const EARLY_TOLERANCE_MS = 10 * 60_000;

/** Runs the reminder job `jobId`; see the module comment. Example: await sendSessionReminder(db, ctx, job.id, job.data) */
export async function sendSessionReminder(db: Db, ctx: ReminderContext, jobId: string, job: SessionReminderJob): Promise<ReminderOutcome> {
  return db.transaction(async (tx) => {
    const reminder = await lockReminder(tx, job.eventId, job.reminderId);
    // A later publication moved or dropped the reminder (and cancelled this job, unless it had already started).
    if (!reminder || reminder.jobId !== jobId) return { outcome: 'replaced' };
    const now = ctx.clock.now();
    if (now.getTime() < reminder.sendAt.getTime() - EARLY_TOLERANCE_MS) return { outcome: 'early' };
    // "Starts in an hour" after the start (a long outage) would only confuse.
    if (now.getTime() >= reminder.sessionStartsAt.getTime()) return { outcome: 'too-late' };
    const version = await findPublishedAgenda(tx, job.eventId);
    const session = version?.sessions.find((s) => s.id === reminder.sessionId);
    if (!session || session.status !== 'scheduled' || new Date(session.startsAt).getTime() !== reminder.sessionStartsAt.getTime()) {
      return { outcome: 'not-published' };
    }
    const event = await getEventById(tx, job.eventId);
    const [recipients, acceptedNow, bring] = await Promise.all([findInviteRecipients(tx, event.id), findAcceptedNow(tx, session.id), findReminderSettings(tx, event.id)]);
    const byId = new Map(recipients.map((r) => [r.id, r]));
    let mails = 0;
    for (const person of session.people ?? []) {
      const recipient = person.speakerId ? byId.get(person.speakerId) : undefined;
      if (person.status !== 'accepted' || !recipient?.email || !acceptedNow.has(recipient.id)) continue;
      const locale = speakerLocale(recipient.accountLocale, recipient.name);
      const sendId = await claimReminderSend(tx, {
        eventId: event.id,
        sessionId: session.id,
        speakerId: recipient.id,
        kind: reminder.kind,
        sessionStartsAt: reminder.sessionStartsAt,
        recipientEmail: recipient.email,
        locale,
        role: person.role,
        sentAt: now,
      });
      if (!sendId) continue;
      const name = pickLocalized(recipient.name, locale)?.text ?? '';
      const queued = await queueMail(tx, ctx.mail, {
        to: { email: recipient.email, ...(name ? { name } : {}) },
        template: 'session-reminder',
        subjectVariant: reminder.kind,
        locale,
        eventId: event.id,
        data: {
          title: pickLocalized(session.title, locale)?.text ?? '',
          startsAt: new Date(session.startsAt),
          endsAt: new Date(session.endsAt),
          location: sessionLocation(session, locale),
          role: translate(locale, `agenda.roles.${person.role}`),
          sessionUrl: sessionUrl(ctx.mail.config.BASE_URL, event.slug, session.id),
          // The organiser's own list when there is one; otherwise the template's standard list.
          bring: bringItems(bring, locale) ?? null,
          [`is_${reminder.kind}`]: true,
        },
      });
      await setReminderSendMessage(tx, sendId, queued.id);
      mails += 1;
    }
    await tx.update(sessionReminders).set({ sentAt: now }).where(eq(sessionReminders.id, reminder.id));
    return { outcome: 'sent', mails };
  });
}
