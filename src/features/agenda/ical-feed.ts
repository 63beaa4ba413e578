// The one iCalendar builder behind every agenda feed (whole agenda, a track, a room, a personal agenda): one VEVENT
// per published session, with a UID that stays the same across publications and the session's SEQUENCE, so
// calendar apps update their copy in place. Times are written as UTC instants: ical-generator shifts a plain Date by
// the server's own offset when told a zone, so the event's zone is only named (X-WR-TIMEZONE) for the apps.
// Example: buildAgendaCalendar({ event, sessions: version.sessions, stamp: version.publishedAt, locale: 'en', baseUrl, name })
import { icalText } from '../../lib/ical-text.ts';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { PublishedSession } from '../../db/schema/index.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { markdownToPlainText } from '../../lib/plain-text.ts';
import { asciiSlug } from '../../lib/ascii-slug.ts';

export interface FeedEvent {
  slug: string;
  timezone: string;
}

export interface AgendaCalendarInput {
  event: FeedEvent;
  sessions: PublishedSession[];
  /** When the version was published: the DTSTAMP of every VEVENT, so the same version gives the same feed. */
  stamp: Date;
  locale: Locale;
  /** BASE_URL: its host names the UIDs, and session links start with it. */
  baseUrl: string;
  /** X-WR-CALNAME, already in the reader's language. */
  name: string;
}

export const ICAL_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/**
 * The Content-Disposition of a calendar file: shown inline (a phone offers to subscribe or add it), saved under a
 * name that says what it is ("zgc-forum-2027-open-innovation.ics", not "agenda.ics" or the track's id). `parts`
 * are joined with dashes, each made plain ASCII; a part with nothing left (a Chinese-only name) is left out.
 * Example: calendarDisposition(['zgc-forum-2027', 'Room 301']) → 'inline; filename="zgc-forum-2027-room-301.ics"'
 */
export function calendarDisposition(parts: (string | undefined)[]): string {
  const plain = parts.map((part) => asciiSlug(part ?? '', 60)).filter((part) => part !== '');
  return `inline; filename="${plain.join('-') || 'agenda'}.ics"`;
}

const text = (value: LocalizedText | null | undefined, locale: Locale) => pickLocalized(value, locale)?.text ?? '';

/** Same for a session in every feed and every version: `<session id>@<host of BASE_URL>`. */
export function sessionUid(sessionId: string, baseUrl: string): string {
  return `${sessionId}@${new URL(baseUrl).hostname}`;
}

export function sessionUrl(baseUrl: string, slug: string, sessionId: string): string {
  return `${baseUrl}/events/${encodeURIComponent(slug)}/sessions/${sessionId}`;
}

/** "Room 301, China National Convention Center", or nothing for a session without a room. */
export function sessionLocation(session: PublishedSession, locale: Locale): string {
  if (!session.room) return '';
  return [text(session.room.name, locale), text(session.room.venue, locale)].filter(Boolean).join(translate(locale, 'punct.comma'));
}

function sessionDescription(session: PublishedSession, locale: Locale): string {
  const abstract = markdownToPlainText(text(session.abstract, locale));
  const people = (session.people ?? []).map((p) => `${translate(locale, `agenda.roles.${p.role}`)}${translate(locale, 'punct.colon')}${text(p.name, locale)}`);
  return [abstract, people.join('\n')].filter(Boolean).join('\n\n');
}

export function buildAgendaCalendar(input: AgendaCalendarInput): string {
  const { event, locale, baseUrl } = input;
  const calendar = ical({
    name: input.name,
    prodId: { company: 'Forum Desk', product: 'Agenda', language: locale === 'zh-CN' ? 'ZH' : 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  const sessions = [...input.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  for (const session of sessions) {
    const location = sessionLocation(session, locale);
    calendar.createEvent({
      id: sessionUid(session.id, baseUrl),
      sequence: session.sequence ?? 0,
      stamp: input.stamp,
      start: new Date(session.startsAt),
      end: new Date(session.endsAt),
      // STATUS:CANCELLED is what the standard has; the title says it too, since Google Calendar's subscriptions show
      // a cancelled event as if it were on.
      summary: session.status === 'cancelled' ? translate(locale, 'calendarFeeds.cancelledSummary', { title: text(session.title, locale) }) : text(session.title, locale),
      description: sessionDescription(session, locale) || null,
      location: location || null,
      // The session's page in the feed's language, whatever the language of the browser that opens it.
      url: `${sessionUrl(baseUrl, event.slug, session.id)}?lang=${locale}`,
      status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return icalText(calendar, [['X-WR-TIMEZONE', event.timezone]]);
}
