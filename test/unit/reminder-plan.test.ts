// The reminder planner as a property: whatever a session does between publications (moves, cancellation, removal,
// coming back) and however time passes, after each publication the scheduled reminders are exactly those still due
// at start − 24 h and start − 1 h, each replaced only when its start changed, and a repeat with no change does nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planReminders, sendTime, type RemindedSession, type ScheduledReminder } from '../../src/features/session-reminders/plan.ts';

const HOUR = 3600_000;
const base = Date.UTC(2027, 2, 1);

/** Applies the steps as scheduleSessionReminders does, with job ids from a counter. */
function apply(scheduled: ScheduledReminder[], steps: ReturnType<typeof planReminders>, nextId: () => string): ScheduledReminder[] {
  let rows = [...scheduled];
  for (const step of steps) {
    if (step.action === 'drop') rows = rows.filter((r) => r.id !== step.reminder.id);
    else if (step.action === 'reschedule') rows = rows.map((r) => (r.id === step.reminder.id ? { ...r, jobId: nextId(), sendAt: step.sendAt, sessionStartsAt: step.sessionStartsAt } : r));
    else rows.push({ id: nextId(), jobId: nextId(), sessionId: step.sessionId, kind: step.kind, sendAt: step.sendAt, sessionStartsAt: step.sessionStartsAt });
  }
  return rows;
}

/** One publication: each of two sessions off the agenda (or with nobody to remind), or starting at some hour. */
const publication = fc.record({
  a: fc.option(fc.integer({ min: 0, max: 96 }), { nil: undefined }),
  b: fc.option(fc.integer({ min: 0, max: 96 }), { nil: undefined }),
  /** Hours the clock moves before this publication. */
  wait: fc.integer({ min: 0, max: 12 }),
});

describe('planReminders', () => {
  it('leaves exactly the due reminders scheduled, replaces only moved ones and is quiet when replayed', () => {
    fc.assert(
      fc.property(fc.array(publication, { minLength: 1, maxLength: 15 }), (publications) => {
        let n = 0;
        const nextId = () => `id-${(n += 1)}`;
        let scheduled: ScheduledReminder[] = [];
        let now = base;
        for (const p of publications) {
          now += p.wait * HOUR;
          const sessions: RemindedSession[] = [
            ...(p.a === undefined ? [] : [{ sessionId: 'a', startsAt: new Date(base + p.a * HOUR) }]),
            ...(p.b === undefined ? [] : [{ sessionId: 'b', startsAt: new Date(base + p.b * HOUR) }]),
          ];
          const before = scheduled;
          const steps = planReminders(sessions, scheduled, new Date(now));
          scheduled = apply(scheduled, steps, nextId);
          for (const r of scheduled) {
            const session = sessions.find((s) => s.sessionId === r.sessionId);
            expect(session, 'no reminder for a session off the agenda').toBeDefined();
            expect(r.sessionStartsAt).toEqual(session!.startsAt);
            expect(r.sendAt).toEqual(sendTime(session!.startsAt, r.kind));
          }
          for (const s of sessions) {
            for (const kind of ['24h', '1h'] as const) {
              const kept = before.find((r) => r.sessionId === s.sessionId && r.kind === kind && r.sessionStartsAt.getTime() === s.startsAt.getTime());
              const due = sendTime(s.startsAt, kind).getTime() > now;
              const row = scheduled.find((r) => r.sessionId === s.sessionId && r.kind === kind);
              // Queued when still due; one already queued for the same start stays, with its job, even if now past.
              if (kept) expect(row).toEqual(kept);
              else expect(row !== undefined).toBe(due);
            }
          }
          expect(planReminders(sessions, scheduled, new Date(now))).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for one session moved by a day: the two jobs replaced, the new times exact', () => {
    const existing: ScheduledReminder[] = [
      { id: 'r1', sessionId: 's', kind: '24h', jobId: 'j1', sendAt: new Date('2027-03-09T01:00:00Z'), sessionStartsAt: new Date('2027-03-10T01:00:00Z') },
      { id: 'r2', sessionId: 's', kind: '1h', jobId: 'j2', sendAt: new Date('2027-03-10T00:00:00Z'), sessionStartsAt: new Date('2027-03-10T01:00:00Z') },
    ];
    const steps = planReminders([{ sessionId: 's', startsAt: new Date('2027-03-11T06:00:00Z') }], existing, new Date('2027-03-01T00:00:00Z'));
    expect(steps).toEqual([
      { action: 'reschedule', reminder: existing[0], sendAt: new Date('2027-03-10T06:00:00Z'), sessionStartsAt: new Date('2027-03-11T06:00:00Z') },
      { action: 'reschedule', reminder: existing[1], sendAt: new Date('2027-03-11T05:00:00Z'), sessionStartsAt: new Date('2027-03-11T06:00:00Z') },
    ]);
    expect(planReminders([], existing, new Date('2027-03-01T00:00:00Z'))).toEqual([
      { action: 'drop', reminder: existing[0], reason: 'gone' },
      { action: 'drop', reminder: existing[1], reason: 'gone' },
    ]);
  });
});
