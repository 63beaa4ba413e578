// Speakers' calendar invitations: after each publication (and on the organiser's "send updates"), a job compares
// every accepted person of the published agenda with the last invite they were sent for the session and mails the
// REQUEST or CANCEL that brings their calendar up to date (both, when their address changed), recording each in the
// same transaction as its mail.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AssignmentStatus, PublishedSession } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { isLocale, translate, type Locale } from '../../i18n/index.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { parseMailbox } from '../../lib/email-address.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { sessionLocation, sessionUrl } from '../agenda/ical-feed.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { queueMail, type MailContext } from '../mail/service.ts';
import { buildInviteIcs } from './ics.ts';
import { pairKey, planInvites, type InviteAction, type LastInvite, type WantedInvite } from './plan.ts';
import { findAnswersOfEvent, findInviteRecipients, findLatestInvites, recordInvite, type CalendarInviteRow } from './queries.ts';

export interface InviteContext {
  clock: Clock;
  mail: MailContext;
}

/** The job's data: the event whose published agenda the calendars are brought in line with. */
export interface CalendarInviteJob {
  eventId: string;
}

type Recipient = Awaited<ReturnType<typeof findInviteRecipients>>[number];

/** Asks for a run of the comparison as part of `tx` (a publication, or "send updates"): it happens after commit. */
export async function requestInviteRun(tx: Db, jobs: Jobs, eventId: string): Promise<void> {
  await jobs.enqueue(tx, QUEUES.calendarInvites, { eventId } satisfies CalendarInviteJob);
}

/** "Send updates" on the organiser's page: the run is queued with its audit row. */
export async function requestInviteUpdates(db: Db, jobs: Jobs, actor: AuditActor, eventId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await requestInviteRun(tx, jobs, eventId);
    await writeAudit(tx, actor, { eventId, action: 'calendar-invites.update', targetType: 'agenda', targetId: eventId });
  });
}

/**
 * The language of a speaker's invitation: their account's when they have one; otherwise Chinese for a name written
 * only in Chinese, English for everyone else.
 */
export function speakerLocale(accountLocale: string | null, name: LocalizedText): Locale {
  if (isLocale(accountLocale)) return accountLocale;
  return !name.en?.trim() && name['zh-CN']?.trim() ? 'zh-CN' : 'en';
}

const textIn = (value: LocalizedText | null | undefined, locale: Locale) => pickLocalized(value, locale)?.text ?? '';

/**
 * Every accepted person with an address on a session of the published version, with what their calendar should show.
 * `answers` (live, by pairKey) wins over the answer as published: a person's own answer is theirs, not part of what
 * is published, so accepting an invitation after the publication brings the calendar invitation without another one.
 */
export function wantedInvites(sessions: PublishedSession[], recipients: Recipient[], answers?: ReadonlyMap<string, AssignmentStatus>): WantedInvite[] {
  const byId = new Map(recipients.map((r) => [r.id, r]));
  return sessions.flatMap((session) =>
    (session.people ?? []).flatMap((person) => {
      const recipient = person.speakerId ? byId.get(person.speakerId) : undefined;
      const answer = (recipient && answers?.get(pairKey(session.id, recipient.id))) ?? person.status;
      if (!recipient?.email || answer !== 'accepted') return [];
      const locale = speakerLocale(recipient.accountLocale, recipient.name);
      return [
        {
          sessionId: session.id,
          speakerId: recipient.id,
          role: person.role,
          cancelled: session.status === 'cancelled',
          snapshot: {
            startsAt: new Date(session.startsAt),
            endsAt: new Date(session.endsAt),
            location: sessionLocation(session, locale),
            title: textIn(session.title, locale),
            recipientEmail: recipient.email,
          },
        },
      ];
    }),
  );
}

/** Live answers keyed by pairKey(session, speaker), for wantedInvites. */
export const answersByPair = (answers: { sessionId: string; speakerId: string; status: AssignmentStatus }[]) =>
  new Map(answers.map((a) => [pairKey(a.sessionId, a.speakerId), a.status]));

export const toLastInvite = (row: CalendarInviteRow): LastInvite => ({
  sessionId: row.sessionId,
  speakerId: row.speakerId,
  uid: row.uid,
  sequence: row.sequence,
  method: row.method,
  role: row.role,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
  location: row.location,
  title: row.title,
  recipientEmail: row.recipientEmail,
});

/** A UID no other invite has, in the sender's domain (RFC 5545 suggests a domain to keep UIDs unique). */
export function newInviteUid(baseUrl: string): string {
  return `invite-${randomUUID()}@${new URL(baseUrl).hostname}`;
}

/**
 * The job: brings every speaker's calendar in line with the event's published agenda; returns the number of mails
 * queued. One run at a time per event (a transaction-scoped lock), so two runs never send the same step twice.
 */
export async function sendCalendarInvites(db: Db, ctx: InviteContext, eventId: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`calendar-invites:${eventId}`}, 0))`);
    const version = await findPublishedAgenda(tx, eventId);
    if (!version) return 0;
    const event = await getEventById(tx, eventId);
    const [recipients, latest, answers] = await Promise.all([findInviteRecipients(tx, eventId), findLatestInvites(tx, eventId), findAnswersOfEvent(tx, eventId)]);
    const actions = planInvites(
      wantedInvites(version.sessions, recipients, answersByPair(answers)),
      latest.map((l) => toLastInvite(l.invite)),
      () => newInviteUid(ctx.mail.config.BASE_URL),
    );
    const byId = new Map(recipients.map((r) => [r.id, r]));
    for (const action of actions) await sendInvite(tx, ctx, event, version.version, byId.get(action.speakerId)!, action);
    return actions.length;
  });
}

const SUBJECT_VARIANT = { new: 'request', changed: 'update', removed: 'cancel', cancelled: 'cancel', moved: 'moved' } as const;

async function sendInvite(tx: Db, ctx: InviteContext, event: EventRow, version: number, recipient: Recipient, action: InviteAction): Promise<void> {
  const locale = speakerLocale(recipient.accountLocale, recipient.name);
  const name = textIn(recipient.name, locale);
  const baseUrl = ctx.mail.config.BASE_URL;
  const url = sessionUrl(baseUrl, event.slug, action.sessionId);
  const role = translate(locale, `agenda.roles.${action.role}`);
  const { snapshot } = action;
  const now = ctx.clock.now();
  const ics = buildInviteIcs({
    method: action.method,
    uid: action.uid,
    sequence: action.sequence,
    stamp: now,
    startsAt: snapshot.startsAt,
    endsAt: snapshot.endsAt,
    title: snapshot.title,
    location: snapshot.location,
    description: `${translate(locale, 'calendarInvites.ics.role', { role })}\n${url}`,
    url,
    organizer: { name: textIn(event.title, locale) || event.slug, email: parseMailbox(ctx.mail.config.MAIL_FROM).address },
    // A CANCEL after a removal goes to someone who is no longer on the session: their answer is open again.
    attendee: { name, email: snapshot.recipientEmail, accepted: action.reason !== 'removed' },
    locale,
    timezone: event.timezone,
  });
  const queued = await queueMail(tx, ctx.mail, {
    to: { email: snapshot.recipientEmail, ...(name ? { name } : {}) },
    template: 'speaker-invite',
    subjectVariant: SUBJECT_VARIANT[action.reason],
    locale,
    eventId: event.id,
    data: {
      title: snapshot.title,
      startsAt: snapshot.startsAt,
      endsAt: snapshot.endsAt,
      location: snapshot.location,
      role,
      sessionUrl: url,
      portalUrl: new URL('/speaker', baseUrl).href,
      reason: action.reason,
      // A 'moved' CANCEL never names the new address: the old one may be mistyped, someone else's.
      is_cancel: action.method === 'CANCEL',
    },
    icalEvent: { method: action.method, filename: 'invite.ics', content: Buffer.from(ics, 'utf8') },
  });
  await recordInvite(tx, {
    eventId: event.id,
    sessionId: action.sessionId,
    speakerId: action.speakerId,
    uid: action.uid,
    sequence: action.sequence,
    method: action.method,
    recipientEmail: snapshot.recipientEmail,
    locale,
    role: action.role,
    startsAt: snapshot.startsAt,
    endsAt: snapshot.endsAt,
    location: snapshot.location,
    title: snapshot.title,
    cancelled: action.method === 'CANCEL',
    agendaVersion: version,
    messageId: queued.id,
    sentAt: now,
  });
}
