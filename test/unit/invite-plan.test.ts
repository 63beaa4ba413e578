// The invitation planner as a property: whatever happens to a speaker's session between publications (moves, renames,
// removal, cancellation, a new role or address, coming back), each publication sends at most one mail for the pair —
// two when the address changed: a CANCEL to the old one and a new entry at the new —, the UID stays while the entry
// lives at one address, SEQUENCE only rises, a CANCEL never comes first, and a repeat with nothing changed sends nothing.
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
    role: fc.constantFrom('speaker', 'moderator'),
    email: fc.constantFrom('li.na@example.org', 'li.na@example.cn'),
  }),
);

type Step = { hour: number; room: string; title: string; cancelled: boolean; role?: string; email?: string };

function wantedOf(s: Step): WantedInvite {
  return { sessionId: 's', speakerId: 'p', role: s.role ?? 'speaker', cancelled: s.cancelled, snapshot: { startsAt: at(s.hour), endsAt: at(s.hour + 1), location: s.room, title: s.title, recipientEmail: s.email ?? 'li.na@example.org' } };
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
          const actions = planPair(wanted, last, newUid);
          if (actions.length === 2) {
            // A new address: the old one's entry is cancelled, the new one gets a first invitation.
            const [cancel, request] = actions as [InviteAction, InviteAction];
            expect(last?.method).toBe('REQUEST');
            expect([cancel.method, cancel.reason, cancel.uid, cancel.sequence, cancel.snapshot.recipientEmail]).toEqual(['CANCEL', 'moved', last!.uid, last!.sequence + 1, last!.recipientEmail]);
            expect([request.method, request.reason, request.sequence, request.snapshot.recipientEmail]).toEqual(['REQUEST', 'new', 0, wanted!.snapshot.recipientEmail]);
            expect(request.uid).not.toBe(last!.uid);
            last = toLast(request);
          } else if (actions.length === 1) {
            const action = actions[0]!;
            if (action.method === 'CANCEL') {
              expect(last?.method).toBe('REQUEST');
              expect(action.uid).toBe(last!.uid);
              expect(action.sequence).toBe(last!.sequence + 1);
            } else if (last?.method === 'REQUEST') {
              expect(action.uid).toBe(last.uid);
              expect(action.sequence).toBe(last.sequence + 1);
              expect(action.snapshot.recipientEmail).toBe(last.recipientEmail);
            } else {
              expect(action.sequence).toBe(0);
              expect(action.uid).not.toBe(last?.uid);
            }
            last = toLast(action);
          }
          // The same publication again: nothing more to send.
          expect(planPair(wanted, last, newUid)).toEqual([]);
          const live = wanted && !wanted.cancelled;
          if (live) expect([last!.role, last!.recipientEmail]).toEqual([wanted.role, wanted.snapshot.recipientEmail]);
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

  it('a new role is an update on the same entry', () => {
    const last: LastInvite = { ...wantedOf({ hour: 1, room: '', title: 'Panel', cancelled: false }).snapshot, sessionId: 's', speakerId: 'p', uid: 'u', sequence: 0, method: 'REQUEST', role: 'panelist' };
    const actions = planPair(wantedOf({ hour: 1, room: '', title: 'Panel', cancelled: false, role: 'moderator' }), last, () => 'new');
    expect(actions.map((a) => [a.method, a.uid, a.sequence, a.role, a.reason])).toEqual([['REQUEST', 'u', 1, 'moderator', 'changed']]);
  });
});
