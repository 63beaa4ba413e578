// The invitation planner as a property: whatever happens to a speaker's session between publications (moves, renames,
// removal, cancellation, coming back), each publication sends at most one mail for the pair, the UID stays while
// the entry lives, SEQUENCE only rises, a CANCEL never comes first, and a repeat with nothing changed sends nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planInvites, planPair, type InviteAction, type LastInvite, type WantedInvite } from '../../src/features/calendar-invites/plan.ts';

const at = (hour: number) => new Date(Date.UTC(2026, 8, 17, hour));

/** One publication's view of the pair: off the session, or on it with these details. */
const step = fc.oneof(
  fc.constant(undefined),
  fc.record({
    hour: fc.integer({ min: 0, max: 3 }),
    room: fc.constantFrom('', 'Room 301, CNCC', 'Room 302, CNCC'),
    title: fc.constantFrom('Opening keynote', 'Keynote', '开幕主旨演讲'),
    cancelled: fc.boolean(),
  }),
);

function wantedOf(s: { hour: number; room: string; title: string; cancelled: boolean }): WantedInvite {
  return { sessionId: 's', speakerId: 'p', role: 'speaker', cancelled: s.cancelled, snapshot: { startsAt: at(s.hour), endsAt: at(s.hour + 1), location: s.room, title: s.title, recipientEmail: 'li.na@example.org' } };
}

const toLast = (a: InviteAction): LastInvite => ({ ...a.snapshot, sessionId: a.sessionId, speakerId: a.speakerId, uid: a.uid, sequence: a.sequence, method: a.method, role: a.role });

describe('planPair', () => {
  it('keeps one UID per stay on the session, raises SEQUENCE by one, and is quiet when replayed', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        let n = 0;
        const newUid = () => `uid-${(n += 1)}`;
        let last: LastInvite | undefined;
        for (const s of steps) {
          const wanted = s ? wantedOf(s) : undefined;
          const action = planPair(wanted, last, newUid);
          if (action) {
            if (action.method === 'CANCEL') {
              expect(last?.method).toBe('REQUEST');
              expect(action.uid).toBe(last!.uid);
              expect(action.sequence).toBe(last!.sequence + 1);
            } else if (last?.method === 'REQUEST') {
              expect(action.uid).toBe(last.uid);
              expect(action.sequence).toBe(last.sequence + 1);
            } else {
              expect(action.sequence).toBe(0);
              expect(action.uid).not.toBe(last?.uid);
            }
            last = toLast(action);
          }
          // The same publication again: nothing more to send.
          expect(planPair(wanted, last, newUid)).toBeUndefined();
          const live = wanted && !wanted.cancelled;
          expect(last?.method === 'REQUEST').toBe(Boolean(live));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('cancels pairs that are no longer wanted, once, and plans one action per pair', () => {
    const last: LastInvite = { ...wantedOf({ hour: 1, room: '', title: 'Keynote', cancelled: false }).snapshot, sessionId: 's', speakerId: 'p', uid: 'u', sequence: 2, method: 'REQUEST', role: 'speaker' };
    const gone: LastInvite = { ...last, speakerId: 'q', uid: 'v', method: 'CANCEL', sequence: 1 };
    expect(planInvites([], [last, gone], () => 'new').map((a) => [a.method, a.uid, a.sequence, a.reason])).toEqual([['CANCEL', 'u', 3, 'removed']]);
  });
});
