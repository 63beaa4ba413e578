// The organiser's view of the speakers' calendars: per published session, who is on it, their answer, the last
// invite they were sent and whether their calendar matches the published agenda (the same comparison the job runs).
import type { AssignmentStatus, InviteMethod, MessageStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { pairKey, planPair, type InviteAction } from './plan.ts';
import { findAnswersOfEvent, findInviteRecipients, findLatestInvites } from './queries.ts';
import { answersByPair, toLastInvite, wantedInvites } from './service.ts';

/**
 * Where a person's calendar stands: up to date; an invitation, update or cancellation due (sent by the next
 * publication or "send updates"); accepted on the session since the last publication (invited when it is published);
 * removed after a cancellation; no invitation needed (not accepted); no address.
 */
export type CalendarState = 'up-to-date' | 'invite-due' | 'update-due' | 'cancel-due' | 'awaiting-publication' | 'removed' | 'not-needed' | 'no-email';

export interface OverviewPerson {
  speakerId: string;
  name: LocalizedText;
  email: string | null;
  role: string;
  /** The live answer; 'removed' when the person is no longer on the session. */
  answer: AssignmentStatus | 'removed';
  /** `kind` names the mail for people: a first invitation, an update (numbered by its SEQUENCE) or a cancellation. */
  last?: { method: InviteMethod; kind: 'invitation' | 'update' | 'cancellation'; sequence: number; sentAt: Date; delivery: MessageStatus | null };
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
      const cancelled = session.status === 'cancelled';
      // Invitations follow the published version: someone accepted on the session since then waits for the next one.
      const published = new Set((session.people ?? []).flatMap((p) => (p.speakerId ? [p.speakerId] : [])));
      const roleOf = new Map<string, string>();
      for (const p of session.people ?? []) if (p.speakerId) roleOf.set(p.speakerId, p.role);
      for (const a of answers) if (a.sessionId === session.id && !roleOf.has(a.speakerId)) roleOf.set(a.speakerId, a.role);
      for (const l of latest) if (l.invite.sessionId === session.id && !roleOf.has(l.invite.speakerId)) roleOf.set(l.invite.speakerId, l.invite.role);
      const people = [...roleOf].flatMap(([speakerId, role]): OverviewPerson[] => {
        const recipient = recipientById.get(speakerId);
        if (!recipient) return [];
        const key = pairKey(session.id, speakerId);
        const last = lastByPair.get(key);
        const actions = planPair(wanted.get(key), last ? toLastInvite(last.invite) : undefined, () => '');
        due += actions.length;
        const state: CalendarState = actions[0]
          ? dueState(actions[0])
          : last?.invite.method === 'REQUEST'
            ? 'up-to-date'
            : !recipient.email
              ? 'no-email'
              : answerByPair.get(key)?.status === 'accepted' && !published.has(speakerId) && !cancelled
                ? 'awaiting-publication'
                : last
                  ? 'removed'
                  : 'not-needed';
        return [
          {
            speakerId,
            name: recipient.name,
            email: recipient.email,
            role,
            answer: answerByPair.get(key)?.status ?? 'removed',
            ...(last ? { last: { method: last.invite.method, kind: sentKind(last.invite), sequence: last.invite.sequence, sentAt: last.invite.sentAt, delivery: last.delivery } } : {}),
            state,
          },
        ];
      });
      return { id: session.id, title: session.title, startsAt: new Date(session.startsAt), endsAt: new Date(session.endsAt), cancelled, people };
    });
  return { version: { version: version.version, publishedAt: version.publishedAt }, sessions, due };
}

/** The state of a calendar the next run changes, from its first step (a move to a new address updates it). */
function dueState(action: InviteAction): CalendarState {
  if (action.reason === 'moved' || action.reason === 'changed') return 'update-due';
  return action.method === 'CANCEL' ? 'cancel-due' : 'invite-due';
}

const sentKind = (invite: { method: InviteMethod; sequence: number }) => (invite.method === 'CANCEL' ? 'cancellation' : invite.sequence === 0 ? 'invitation' : 'update');
