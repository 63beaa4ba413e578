// Keeps the reminder jobs in line with the published agenda, inside the publication's transaction: each publication
// queues the reminders of new sessions, replaces the jobs of moved ones and cancels those of sessions cancelled or
// removed, so the queue always holds what the speakers were last told. Publishing again with no change touches nothing.
import { eq } from 'drizzle-orm';
import { sessionReminders, type PublishedSession, type SessionReminderKind } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { planReminders, type ReminderStep, type RemindedSession } from './plan.ts';
import { findRemindersOfEvent } from './queries.ts';

/** The job's data: which reminder, and the start it was planned for (the job checks both again when it runs). */
export interface SessionReminderJob {
  eventId: string;
  reminderId: string;
  sessionId: string;
  kind: SessionReminderKind;
  sessionStartsAt: string;
}

/**
 * The published, scheduled sessions with someone to remind: a person who accepted. Their address is looked up when
 * the job runs, so one added after the publication still gets the reminder.
 */
export function remindedSessions(sessions: PublishedSession[]): RemindedSession[] {
  return sessions
    .filter((s) => s.status === 'scheduled' && (s.people ?? []).some((p) => p.status === 'accepted' && p.speakerId))
    .map((s) => ({ sessionId: s.id, startsAt: new Date(s.startsAt) }));
}

/** Brings the event's reminder jobs in line with `sessions`, the version just published; returns the steps taken. */
export async function scheduleSessionReminders(
  tx: Db,
  jobs: Jobs,
  clock: Clock,
  event: { id: string },
  version: number,
  sessions: PublishedSession[],
): Promise<ReminderStep[]> {
  const scheduled = await findRemindersOfEvent(tx, event.id);
  const steps = planReminders(remindedSessions(sessions), scheduled, clock.now());
  const cancelled = steps.flatMap((s) => (s.action === 'create' ? [] : [s.reminder.jobId]));
  await jobs.cancel(tx, QUEUES.sessionReminder, cancelled);
  for (const step of steps) {
    if (step.action === 'drop') {
      await tx.delete(sessionReminders).where(eq(sessionReminders.id, step.reminder.id));
      continue;
    }
    const reminderId = step.action === 'create' ? uuidv7() : step.reminder.id;
    const sessionId = step.action === 'create' ? step.sessionId : step.reminder.sessionId;
    const kind = step.action === 'create' ? step.kind : step.reminder.kind;
    const data: SessionReminderJob = { eventId: event.id, reminderId, sessionId, kind, sessionStartsAt: step.sessionStartsAt.toISOString() };
    const jobId = await jobs.enqueue(tx, QUEUES.sessionReminder, data, { startAfter: step.sendAt });
    const planned = { jobId, sendAt: step.sendAt, sessionStartsAt: step.sessionStartsAt, agendaVersion: version, sentAt: null };
    if (step.action === 'create') await tx.insert(sessionReminders).values({ id: reminderId, eventId: event.id, sessionId, kind, ...planned });
    else await tx.update(sessionReminders).set(planned).where(eq(sessionReminders.id, reminderId));
  }
  return steps;
}
