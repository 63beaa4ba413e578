// Which invitation each speaker's calendar needs, from the published agenda and the last invite sent to them for each
// session: nothing when their copy is right, a REQUEST when it is new or out of date, a CANCEL when they are off the
// session (removed, no longer accepted, or the session cancelled). At most one per speaker and session, except when
// their address changed: a CANCEL takes the entry out of the old address's calendar and a new one goes to the new.
// Example: planInvites(wanted, latest, () => newUid()) → [{ method: 'REQUEST', sequence: 0, … }]
import type { InviteMethod } from '../../db/schema/index.ts';

/** What the speaker's calendar should show for a session: the parts whose change is worth a mail. */
export interface InviteSnapshot {
  startsAt: Date;
  endsAt: Date;
  /** "Room 301, China National Convention Center" in the speaker's language, or ''. */
  location: string;
  /** The session's title in the speaker's language. */
  title: string;
  recipientEmail: string;
}

/** An accepted person on a session of the published version, with an e-mail address. */
export interface WantedInvite {
  sessionId: string;
  speakerId: string;
  role: string;
  /** The session is on the agenda but cancelled: the calendar entry has to go. */
  cancelled: boolean;
  snapshot: InviteSnapshot;
}

/** The last invite of a speaker and session, as stored. */
export interface LastInvite extends InviteSnapshot {
  sessionId: string;
  speakerId: string;
  uid: string;
  sequence: number;
  method: InviteMethod;
  role: string;
}

export interface InviteAction {
  method: InviteMethod;
  sessionId: string;
  speakerId: string;
  uid: string;
  sequence: number;
  role: string;
  /** For a CANCEL, what the calendar held (so it finds and strikes the same entry). */
  snapshot: InviteSnapshot;
  /**
   * Why: 'new' (first, again after a CANCEL, or at a new address), 'changed', 'removed', 'cancelled', or 'moved'
   * (a CANCEL to the old address: the entry now lives at the new one).
   */
  reason: 'new' | 'changed' | 'removed' | 'cancelled' | 'moved';
}

export const pairKey = (sessionId: string, speakerId: string) => `${sessionId}:${speakerId}`;

/** True when the calendar copy sent last still shows what is published (time, place, title, address). */
export function isSameSnapshot(a: InviteSnapshot, b: InviteSnapshot): boolean {
  return (
    a.startsAt.getTime() === b.startsAt.getTime() &&
    a.endsAt.getTime() === b.endsAt.getTime() &&
    a.location === b.location &&
    a.title === b.title &&
    a.recipientEmail === b.recipientEmail
  );
}

/** The CANCEL that takes the live entry out of the calendar it was sent to. */
function cancelOf(live: LastInvite, reason: 'removed' | 'cancelled' | 'moved'): InviteAction {
  const { sessionId, speakerId, uid, sequence, role, startsAt, endsAt, location, title, recipientEmail } = live;
  return { method: 'CANCEL', sessionId, speakerId, uid, sequence: sequence + 1, role, snapshot: { startsAt, endsAt, location, title, recipientEmail }, reason };
}

/**
 * The steps a pair needs, in sending order: none, one, or — when the speaker's address changed — a CANCEL to the old
 * address and a first REQUEST to the new one. `wanted` undefined: the person is not (or no longer) accepted on it.
 */
export function planPair(wanted: WantedInvite | undefined, last: LastInvite | undefined, newUid: () => string): InviteAction[] {
  const live = last?.method === 'REQUEST' ? last : undefined;
  if (!wanted || wanted.cancelled) return live ? [cancelOf(live, wanted ? 'cancelled' : 'removed')] : [];
  const { sessionId, speakerId, role, snapshot } = wanted;
  // After a CANCEL the entry is gone from their calendar: a new UID starts a new one (apps ignore a revived UID).
  const fresh = (): InviteAction => ({ method: 'REQUEST', sessionId, speakerId, uid: newUid(), sequence: 0, role, snapshot, reason: 'new' });
  if (!live) return [fresh()];
  // An update to the new address would update nothing there (its calendar never had the entry) and leave the old
  // address's entry behind: that one is cancelled, and the new address gets a first invitation.
  if (live.recipientEmail !== snapshot.recipientEmail) return [cancelOf(live, 'moved'), fresh()];
  // The role is written in the entry's description: a new role is an update like a new time.
  if (isSameSnapshot(live, snapshot) && live.role === role) return [];
  return [{ method: 'REQUEST', sessionId, speakerId, uid: live.uid, sequence: live.sequence + 1, role, snapshot, reason: 'changed' }];
}

/** Every step the event's speakers need: wanted pairs first (in agenda order), then pairs no longer wanted. */
export function planInvites(wanted: WantedInvite[], latest: LastInvite[], newUid: () => string): InviteAction[] {
  const lastByPair = new Map(latest.map((l) => [pairKey(l.sessionId, l.speakerId), l]));
  const actions: InviteAction[] = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    const key = pairKey(w.sessionId, w.speakerId);
    seen.add(key);
    actions.push(...planPair(w, lastByPair.get(key), newUid));
  }
  for (const last of latest) {
    if (seen.has(pairKey(last.sessionId, last.speakerId))) continue;
    actions.push(...planPair(undefined, last, newUid));
  }
  return actions;
}
