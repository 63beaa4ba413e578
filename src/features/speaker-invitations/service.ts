// The rules of speaker invitations: sending one (the person on the list, on the sessions as 'invited', the mail
// queued, all in one transaction), reminding (a new link, at most once a day) and the person's answer through the
// mailed link (their sessions accepted or declined; calendar invitations queued when the agenda is published).
import { and, eq } from 'drizzle-orm';
import { sessionPeople, speakers, type InvitationAnswer } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, NotFoundError } from '../../lib/errors.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { AccessTokenError, checkAccessToken, issueAccessToken } from '../access-tokens/service.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { requestInviteRun, speakerLocale } from '../calendar-invites/service.ts';
import type { EventRow } from '../events/queries.ts';
import type { MailContext } from '../mail/service.ts';
import type { InviteValues } from './invite-form.ts';
import { queueInvitationMail } from './mail.ts';
import { shareWithEvent, stopSharing } from '../speaker-portal/shares.ts';
import {
  findAccountLocale,
  findInvitation,
  findInvitationSessions,
  findSpeakerByEmail,
  insertInvitation,
  lockInvitation,
  placeOnSessions,
  setAnswerOnSessions,
  updateInvitation,
  type InvitationRow,
} from './queries.ts';

/** How long a mailed link works: long enough for a busy minister's office, short enough to go stale. */
export const INVITATION_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;
/** A reminder at most this often, so a person is not mailed twice in a day. */
export const REMIND_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface InvitationContext {
  clock: Clock;
  mail: MailContext;
  jobs: Jobs;
}

/**
 * A link for the invitation, recording the address it is mailed to: it answers (and signs in, and shares the person's
 * profile) only while the speaker entry still has that address, so an entry's address changed afterwards cannot be
 * answered for by whoever received the link.
 */
async function issueLink(tx: Db, clock: Clock, invitation: { id: string; eventId: string }, sentTo: string) {
  return issueAccessToken(tx, clock, { purpose: 'speaker-invitation', subject: invitation.id, ttlSeconds: INVITATION_LINK_TTL_SECONDS, data: { eventId: invitation.eventId, sentTo: sentTo.trim().toLowerCase() } });
}

/** Sends an invitation; returns its id. The speaker entry is reused by address (one per address and event) or created. */
export async function sendInvitation(db: Db, ctx: InvitationContext, actor: AuditActor, event: EventRow, values: InviteValues): Promise<string> {
  return db.transaction(async (tx) => {
    let speaker = 'existing' in values.invitee ? values.invitee.existing : undefined;
    if (!speaker && 'create' in values.invitee) {
      const created = values.invitee.create;
      // Two organisers inviting the same new address at once: the second reuses the first one's entry.
      const [row] = await tx.insert(speakers).values({ ...created, eventId: event.id }).onConflictDoNothing().returning();
      speaker = row ?? (await findSpeakerByEmail(tx, event.id, values.email));
      if (row) await writeAudit(tx, actor, { eventId: event.id, action: 'speaker.create', targetType: 'speaker', targetId: row.id, after: { ...created } });
    }
    const locale = values.locale ?? speakerLocale(await findAccountLocale(tx, values.email), speaker!.name);
    await placeOnSessions(tx, speaker!.id, values.lines);
    const id = uuidv7();
    const now = ctx.clock.now();
    const link = await issueLink(tx, ctx.clock, { id, eventId: event.id }, speaker!.email ?? values.email);
    const invitation = await insertInvitation(tx, { id, eventId: event.id, speakerId: speaker!.id, invitedBy: actor.actorId, message: values.message, locale, sentAt: now, tokenId: link.id }, values.lines);
    await queueInvitationMail(tx, ctx.mail, { event, invitation, speaker: speaker!, lines: values.lines, token: link.token, reminder: false });
    await writeAudit(tx, actor, {
      eventId: event.id,
      action: 'speaker-invitation.send',
      targetType: 'speaker-invitation',
      targetId: id,
      after: { speakerId: speaker!.id, email: values.email, locale, sessions: values.lines, message: values.message },
    });
    return invitation.id;
  });
}

/** Why a reminder was not sent: already answered, or the last mail went out less than a day ago (`from`: when it may). */
export type RemindRefusal = { refused: 'answered' } | { refused: 'too-soon'; from: Date };

/** Mails the invitation again with a new link; refused once answered, and within a day of the last mail. */
export async function remindInvitation(db: Db, ctx: InvitationContext, actor: AuditActor, event: EventRow, invitationId: string): Promise<RemindRefusal | undefined> {
  return db.transaction(async (tx) => {
    const invitation = await lockInvitation(tx, invitationId);
    if (!invitation || invitation.eventId !== event.id) throw new NotFoundError('speaker-invitation');
    if (invitation.answer) return { refused: 'answered' };
    const now = ctx.clock.now();
    const last = invitation.remindedAt ?? invitation.sentAt;
    if (now.getTime() - last.getTime() < REMIND_INTERVAL_MS) return { refused: 'too-soon', from: new Date(last.getTime() + REMIND_INTERVAL_MS) };
    const [speaker] = await tx.select().from(speakers).where(eq(speakers.id, invitation.speakerId));
    const lines = await findInvitationSessions(tx, invitation.id);
    if (!speaker?.email) throw new NotFoundError('speaker-invitation');
    const link = await issueLink(tx, ctx.clock, invitation, speaker.email);
    await updateInvitation(tx, invitation.id, { remindedAt: now, tokenId: link.id });
    await queueInvitationMail(tx, ctx.mail, { event, invitation, speaker: speaker!, lines, token: link.token, reminder: true });
    await writeAudit(tx, actor, { eventId: event.id, action: 'speaker-invitation.remind', targetType: 'speaker-invitation', targetId: invitation.id, before: { remindedAt: invitation.remindedAt }, after: { remindedAt: now } });
    return undefined;
  });
}

/** Whether a speaker entry is still accepted on some session (of its event). */
async function acceptsAnySession(tx: Db, speakerId: string): Promise<boolean> {
  const [row] = await tx.select({ one: sessionPeople.speakerId }).from(sessionPeople).where(and(eq(sessionPeople.speakerId, speakerId), eq(sessionPeople.status, 'accepted'))).limit(1);
  return row !== undefined;
}

/** A mailed link that does not open an invitation: 404 when it never did, 410 when it expired or was withdrawn. */
export class InvitationLinkError extends AppError {
  constructor(problem: 'invalid' | 'expired' | 'withdrawn') {
    super(problem === 'invalid' ? 404 : 410, `speakerInvitations.answerPage.errors.${problem}`);
  }
}

/** The invitation behind a link, checked (not used up: the same link shows and changes the answer until it expires). */
export async function openInvitationLink(db: Db, clock: Clock, token: string): Promise<InvitationRow> {
  let subject: string;
  let data: Record<string, unknown>;
  try {
    ({ subject, data } = await checkAccessToken(db, clock, 'speaker-invitation', token));
  } catch (error) {
    if (error instanceof AccessTokenError) throw new InvitationLinkError(error.problem === 'invalid' ? 'invalid' : 'expired');
    throw error;
  }
  const invitation = isUuid(subject) ? await findInvitation(db, subject) : undefined;
  if (!invitation) throw new InvitationLinkError('withdrawn');
  // The entry's address changed since the link was mailed (or the link predates recording it): it is withdrawn.
  const [speaker] = await db.select({ email: speakers.email }).from(speakers).where(eq(speakers.id, invitation.speakerId));
  if (!speaker?.email || typeof data.sentTo !== 'string' || data.sentTo !== speaker.email.trim().toLowerCase()) throw new InvitationLinkError('withdrawn');
  return invitation;
}

/**
 * The person's answer, for the sessions of the invitation they are still on; returns their address (proven by the
 * link) for the sign-in. The calendar invitations follow at once when the agenda is published.
 */
export async function answerInvitation(
  db: Db,
  ctx: { clock: Clock; jobs: Jobs },
  actor: AuditActor,
  token: string,
  answer: InvitationAnswer,
  reason = '',
): Promise<{ email: string; eventId: string }> {
  const opened = await openInvitationLink(db, ctx.clock, token);
  return db.transaction(async (tx) => {
    const invitation = (await lockInvitation(tx, opened.id))!;
    const [speaker] = await tx.select().from(speakers).where(eq(speakers.id, invitation.speakerId));
    if (!speaker?.email) throw new InvitationLinkError('withdrawn');
    const lines = await findInvitationSessions(tx, invitation.id);
    const changed = await setAnswerOnSessions(tx, speaker.id, lines.map((l) => l.sessionId), answer);
    if (changed.length === 0) throw new InvitationLinkError('withdrawn');
    const now = ctx.clock.now();
    const declineReason = answer === 'declined' && reason.trim() ? reason.trim() : null;
    await updateInvitation(tx, invitation.id, { answer, answeredAt: now, declineReason });
    // Accepting through the link mailed to the address is the person confirming they speak here: the event's team
    // sees their portal profile from now on.
    if (answer === 'accepted') await shareWithEvent(tx, speaker.email, invitation.eventId, 'invitation', now);
    // Declining, with no session of the event accepted any more, takes the profile back from its team.
    else if (!(await acceptsAnySession(tx, speaker.id))) await stopSharing(tx, speaker.email, invitation.eventId);
    if (await findPublishedAgenda(tx, invitation.eventId)) await requestInviteRun(tx, ctx.jobs, invitation.eventId);
    await writeAudit(tx, actor, {
      eventId: invitation.eventId,
      action: `speaker-invitation.${answer === 'accepted' ? 'accept' : 'decline'}`,
      targetType: 'speaker-invitation',
      targetId: invitation.id,
      before: { answer: invitation.answer },
      after: { answer, sessions: changed, ...(declineReason ? { reason: declineReason } : {}) },
    });
    return { email: speaker.email, eventId: invitation.eventId };
  });
}
