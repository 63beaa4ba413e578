// The organiser's view of the speakers' calendars: per published session, who is on it, their answer, the last
// invite they were sent and whether their calendar matches the published agenda (the same comparison the job runs).
import type { AssignmentStatus, InviteMethod, MessageStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { pairKey, planPair } from './plan.ts';
import { findAnswersOfEvent, findInviteRecipients, findLatestInvites } from './queries.ts';
import { answersByPair, toLastInvite, wantedInvites } from './service.ts';

/**
 * Where a person's calendar stands: up to date; an invitation, update or cancellation due (sent by the next
 * publication or "send updates"); removed after a cancellation; no invitation needed (not accepted); no address.
 */
export type CalendarState = 'up-to-date' | 'invite-due' | 'update-due' | 'cancel-due' | 'removed' | 'not-needed' | 'no-email';

export interface OverviewPerson {
  speakerId: string;
  name: LocalizedText;
  email: string | null;
  role: string;
  /** The live answer; 'removed' when the person is no longer on the session. */
  answer: AssignmentStatus | 'removed';
  last?: { method: InviteMethod; sequence: number; sentAt: Date; delivery: MessageStatus | null };
  state: CalendarState;
}

export interface InviteOverview {
  version?: { version: number; publishedAt: Date };
  sessions: { id: string; title: LocalizedText; startsAt: Date; endsAt: Date; cancelled: boolean; people: OverviewPerson[] }[];
  /** Mails the next run would send. */
  due: number;
}

export async function loadInviteOverview(db: Db, eventId: string): Promise<InviteOverview> {
  const version = await findPublishedAgenda(db, eventId);
  if (!version) return { sessions: [], due: 0 };
  const [recipients, latest, answers] = await Promise.all([findInviteRecipients(db, eventId), findLatestInvites(db, eventId), findAnswersOfEvent(db, eventId)]);
  const recipientById = new Map(recipients.map((r) => [r.id, r]));
  const wanted = new Map(wantedInvites(version.sessions, recipients, answersByPair(answers)).map((w) => [pairKey(w.sessionId, w.speakerId), w]));
  const lastByPair = new Map(latest.map((l) => [pairKey(l.invite.sessionId, l.invite.speakerId), l]));
  const answerByPair = new Map(answers.map((a) => [pairKey(a.sessionId, a.speakerId), a]));
  let due = 0;
  const sessions = [...version.sessions]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id))
    .map((session) => {
      const roleOf = new Map<string, string>();
      for (const p of session.people ?? []) if (p.speakerId) roleOf.set(p.speakerId, p.role);
      for (const a of answers) if (a.sessionId === session.id && !roleOf.has(a.speakerId)) roleOf.set(a.speakerId, a.role);
      for (const l of latest) if (l.invite.sessionId === session.id && !roleOf.has(l.invite.speakerId)) roleOf.set(l.invite.speakerId, l.invite.role);
      const people = [...roleOf].flatMap(([speakerId, role]): OverviewPerson[] => {
        const recipient = recipientById.get(speakerId);
        if (!recipient) return [];
        const key = pairKey(session.id, speakerId);
        const last = lastByPair.get(key);
        const action = planPair(wanted.get(key), last ? toLastInvite(last.invite) : undefined, () => '');
        if (action) due += 1;
        const state: CalendarState = action
          ? action.method === 'CANCEL'
            ? 'cancel-due'
            : action.reason === 'new'
              ? 'invite-due'
              : 'update-due'
          : last?.invite.method === 'REQUEST'
            ? 'up-to-date'
            : last
              ? 'removed'
              : !recipient.email
                ? 'no-email'
                : 'not-needed';
        return [
          {
            speakerId,
            name: recipient.name,
            email: recipient.email,
            role,
            answer: answerByPair.get(key)?.status ?? 'removed',
            ...(last ? { last: { method: last.invite.method, sequence: last.invite.sequence, sentAt: last.invite.sentAt, delivery: last.delivery } } : {}),
            state,
          },
        ];
      });
      return { id: session.id, title: session.title, startsAt: new Date(session.startsAt), endsAt: new Date(session.endsAt), cancelled: session.status === 'cancelled', people };
    });
  return { version: { version: version.version, publishedAt: version.publishedAt }, sessions, due };
}
