// The invitation mail: who invites, each session with its role, time in the event's zone (named) and room, the
// personal message, and the accept / decline links (both open the answer page; only its buttons change anything).
import type { SessionPersonRole } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import type { EventRow } from '../events/queries.ts';
import { queueMail, type MailContext } from '../mail/service.ts';
import { findSessionsWithRooms, findUserName, type InvitationRow, type SpeakerRow } from './queries.ts';

const textIn = (value: LocalizedText | null | undefined, locale: string) => pickLocalized(value, locale)?.text ?? '';

/** The invited sessions as the mail and the answer page list them, in time order. */
export async function describeSessions(db: Db, eventId: string, lines: { sessionId: string; role: string }[], locale: Locale) {
  const roleOf = new Map(lines.map((l) => [l.sessionId, l.role]));
  const rows = await findSessionsWithRooms(db, eventId);
  return rows
    .filter((r) => roleOf.has(r.session.id))
    .map(({ session, roomName, venueName }) => ({
      id: session.id,
      title: textIn(session.title, locale),
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      room: [textIn(roomName, locale), textIn(venueName, locale)].filter(Boolean).join(translate(locale, 'punct.comma')),
      role: translate(locale, `agenda.roles.${roleOf.get(session.id)}`),
    }));
}

/** The answer page's address for a link token; `answer` opens it at that choice. */
export function invitationUrl(baseUrl: string, token: string, locale: Locale, answer?: 'accept' | 'decline'): string {
  const query = new URLSearchParams({ ...(answer ? { answer } : {}), lang: locale });
  return `${baseUrl}/speaker-invitations/${token}?${query.toString()}`;
}

export async function queueInvitationMail(
  tx: Db,
  mail: MailContext,
  input: { event: EventRow; invitation: InvitationRow; speaker: SpeakerRow; lines: { sessionId: string; role: SessionPersonRole }[]; token: string; reminder: boolean },
): Promise<void> {
  const { event, invitation, speaker, token } = input;
  const locale = invitation.locale as Locale;
  const name = textIn(speaker.name, locale);
  const baseUrl = mail.config.BASE_URL;
  await queueMail(tx, mail, {
    to: { email: speaker.email!, ...(name ? { name } : {}) },
    template: 'speaker-invitation',
    subjectVariant: input.reminder ? 'reminder' : 'invitation',
    locale,
    eventId: event.id,
    data: {
      inviter: await findUserName(tx, invitation.invitedBy),
      reminder: input.reminder,
      sessions: await describeSessions(tx, event.id, input.lines, locale),
      message: invitation.message,
      acceptUrl: invitationUrl(baseUrl, token, locale, 'accept'),
      declineUrl: invitationUrl(baseUrl, token, locale, 'decline'),
      days: 30,
    },
  });
}
