// The organiser's view of invitations per session: who is on it and where their answer stands — accepted, declined,
// invited (mailed less than a week ago), no answer (a week or more since the last mail) or not invited yet — with
// the reminder each pending invitation allows.
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { findSpeakersOfEvent } from '../agenda/speakers.ts';
import { findInvitationsOfEvent, findPeopleOfEvent, findSessionsWithRooms, type InvitationRow } from './queries.ts';
import { REMIND_INTERVAL_MS } from './service.ts';

/** After this long without an answer since the last mail, an invitation counts as unanswered. */
export const NO_ANSWER_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationState = 'accepted' | 'declined' | 'invited' | 'no-answer' | 'not-sent';

export interface StatusPerson {
  speakerId: string;
  name: LocalizedText;
  email: string | null;
  role: string;
  state: InvitationState;
  invitation?: Pick<InvitationRow, 'id' | 'sentAt' | 'remindedAt' | 'answeredAt' | 'declineReason'>;
  /** A pending invitation that may be mailed again now. */
  canRemind: boolean;
  /** When a pending invitation may be mailed again, if not yet. */
  remindFrom?: Date;
  /** Declined, but on the published agenda until the next publication. */
  stillPublished: boolean;
}

export interface StatusSession {
  id: string;
  title: LocalizedText;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
  people: StatusPerson[];
}

export async function loadInvitationStatus(db: Db, clock: Clock, eventId: string): Promise<{ sessions: StatusSession[]; counts: Record<InvitationState, number> }> {
  const [sessionRows, people, speakerRows, invitations, published] = await Promise.all([
    findSessionsWithRooms(db, eventId),
    findPeopleOfEvent(db, eventId),
    findSpeakersOfEvent(db, eventId),
    findInvitationsOfEvent(db, eventId),
    findPublishedAgenda(db, eventId),
  ]);
  const now = clock.now().getTime();
  const speakerById = new Map(speakerRows.map((r) => [r.id, r]));
  const publishedPairs = new Set((published?.sessions ?? []).flatMap((s) => (s.people ?? []).map((p) => `${s.id}:${p.speakerId}`)));
  const counts: Record<InvitationState, number> = { accepted: 0, declined: 0, invited: 0, 'no-answer': 0, 'not-sent': 0 };
  const sessions = sessionRows.map(({ session }) => ({
    id: session.id,
    title: session.title,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    cancelled: session.status === 'cancelled',
    people: people
      .filter((p) => p.sessionId === session.id)
      .map((p): StatusPerson => {
        const speaker = speakerById.get(p.speakerId)!;
        // The newest invitation asking this person about this session.
        const invitation = invitations.find((i) => i.invitation.speakerId === p.speakerId && i.sessionIds.includes(session.id))?.invitation;
        const lastMail = invitation ? (invitation.remindedAt ?? invitation.sentAt).getTime() : 0;
        const state: InvitationState =
          p.status !== 'invited' ? p.status : !invitation ? 'not-sent' : now - lastMail >= NO_ANSWER_AFTER_MS ? 'no-answer' : 'invited';
        counts[state] += 1;
        const pending = Boolean(invitation && !invitation.answer && (state === 'invited' || state === 'no-answer'));
        const canRemind = pending && now - lastMail >= REMIND_INTERVAL_MS;
        return {
          speakerId: p.speakerId,
          name: speaker.name,
          email: speaker.email,
          role: p.role,
          state,
          ...(invitation ? { invitation: { id: invitation.id, sentAt: invitation.sentAt, remindedAt: invitation.remindedAt, answeredAt: invitation.answeredAt, declineReason: invitation.declineReason } } : {}),
          canRemind,
          ...(pending && !canRemind ? { remindFrom: new Date(lastMail + REMIND_INTERVAL_MS) } : {}),
          stillPublished: state === 'declined' && publishedPairs.has(`${session.id}:${p.speakerId}`),
        };
      }),
  }));
  return { sessions, counts };
}
