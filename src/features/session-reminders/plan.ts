// Which reminder jobs a publication needs, from the published sessions and the reminders already scheduled: a new
// job for a reminder not yet queued, a fresh one (and the old one cancelled) when the session moved, the old one
// cancelled when the session is cancelled, removed or has nobody accepted left; nothing when all is as it was.
// Example: planReminders([{ sessionId, startsAt }], [], now) → [{ action: 'create', kind: '24h', … }, { … '1h' }]
import { SESSION_REMINDER_KINDS, type SessionReminderKind } from '../../db/schema/index.ts';

/** How long before the session's start each reminder goes out. */
export const REMINDER_LEAD_MS: Record<SessionReminderKind, number> = { '24h': 24 * 3600_000, '1h': 3600_000 };

/** A published, scheduled session with at least one accepted person. */
export interface RemindedSession {
  sessionId: string;
  startsAt: Date;
}

/** A reminder as stored: its job and the start it was planned for. */
export interface ScheduledReminder {
  id: string;
  sessionId: string;
  kind: SessionReminderKind;
  jobId: string;
  sendAt: Date;
  sessionStartsAt: Date;
}

export type ReminderStep =
  | { action: 'create'; sessionId: string; kind: SessionReminderKind; sendAt: Date; sessionStartsAt: Date }
  | { action: 'reschedule'; reminder: ScheduledReminder; sendAt: Date; sessionStartsAt: Date }
  | { action: 'drop'; reminder: ScheduledReminder; reason: 'gone' | 'passed' };

export const sendTime = (startsAt: Date, kind: SessionReminderKind) => new Date(startsAt.getTime() - REMINDER_LEAD_MS[kind]);

const reminderKey = (sessionId: string, kind: SessionReminderKind) => `${sessionId}:${kind}`;

/**
 * The step one reminder needs, or nothing. A reminder whose time has passed is not queued; one already queued for
 * the same start is left alone (it is running or has run), while one queued for another start is dropped.
 */
export function planReminder(
  wanted: { sessionId: string; kind: SessionReminderKind; startsAt: Date } | undefined,
  scheduled: ScheduledReminder | undefined,
  now: Date,
): ReminderStep | undefined {
  if (!wanted) return scheduled ? { action: 'drop', reminder: scheduled, reason: 'gone' } : undefined;
  const sendAt = sendTime(wanted.startsAt, wanted.kind);
  if (scheduled && scheduled.sessionStartsAt.getTime() === wanted.startsAt.getTime()) return undefined;
  if (sendAt.getTime() <= now.getTime()) return scheduled ? { action: 'drop', reminder: scheduled, reason: 'passed' } : undefined;
  if (scheduled) return { action: 'reschedule', reminder: scheduled, sendAt, sessionStartsAt: wanted.startsAt };
  return { action: 'create', sessionId: wanted.sessionId, kind: wanted.kind, sendAt, sessionStartsAt: wanted.startsAt };
}

/** Every step the event's reminders need: wanted ones in agenda order, then those no longer wanted. */
export function planReminders(sessions: RemindedSession[], scheduled: ScheduledReminder[], now: Date): ReminderStep[] {
  const byKey = new Map(scheduled.map((r) => [reminderKey(r.sessionId, r.kind), r]));
  const steps: ReminderStep[] = [];
  for (const session of sessions) {
    for (const kind of SESSION_REMINDER_KINDS) {
      const key = reminderKey(session.sessionId, kind);
      const step = planReminder({ sessionId: session.sessionId, kind, startsAt: session.startsAt }, byKey.get(key), now);
      byKey.delete(key);
      if (step) steps.push(step);
    }
  }
  for (const left of byKey.values()) steps.push({ action: 'drop', reminder: left, reason: 'gone' });
  return steps;
}
