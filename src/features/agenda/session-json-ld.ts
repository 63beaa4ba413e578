// schema.org Event data for a public session page: part of its event, in its room, with its people, and marked
// EventCancelled when it is cancelled, so search results do not send people to a session that will not happen.
// Example: jsonLdScript(sessionJsonLd(session, event, 'en', 'https://forum.example.org'))
import type { PublishedSession } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { markdownToPlainText } from '../../lib/plain-text.ts';
import { isoWithOffset } from '../../lib/time-zones.ts';
import { jsonLdPlace } from '../events/json-ld.ts';

const text = (value: LocalizedText | null | undefined, locale: Locale) => pickLocalized(value, locale)?.text;

/** A venue of the event as it stands now: its address is what search engines need of a session's place. */
export interface JsonLdVenue {
  name: LocalizedText;
  address: LocalizedText | null;
  /** The venue's rooms, by id: a session's room is found among them. */
  rooms: { id: string }[];
  /** A venue of the sub-forum's forum, not of the event itself. */
  ofForum?: boolean;
}

/**
 * Where the session is: its room, inside its venue, with the venue's address; for a session without a room (a
 * break, a dinner), the event's venue (or venues). Nothing when the event names no venue.
 */
function sessionLocation(session: PublishedSession, venues: JsonLdVenue[], locale: Locale): Record<string, unknown> | Record<string, unknown>[] | undefined {
  const place = (venue: JsonLdVenue) => jsonLdPlace(venue, locale);
  // `venues` may hold the forum's too (a sub-forum uses its rooms); a session without a room is at the event's own.
  const own = venues.filter((v) => !v.ofForum);
  if (!session.room) return own.length === 0 ? undefined : own.length === 1 ? place(own[0]!) : own.map(place);
  const venue = venues.find((v) => v.rooms.some((r) => r.id === session.roomId));
  const address = venue ? text(venue.address, locale) : undefined;
  return {
    '@type': 'Place',
    name: text(session.room.name, locale),
    ...(address ? { address } : {}),
    containedInPlace: venue ? place(venue) : { '@type': 'Place', name: text(session.room.venue, locale) },
  };
}

export function sessionJsonLd(
  session: PublishedSession,
  event: { slug: string; title: LocalizedText; timezone: string; startsAt: Date; endsAt: Date },
  locale: Locale,
  baseUrl: string,
  venues: JsonLdVenue[] = [],
): Record<string, unknown> {
  const eventUrl = `${baseUrl}/events/${event.slug}`;
  const abstract = text(session.abstract, locale);
  const location = sessionLocation(session, venues, locale);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: text(session.title, locale),
    ...(abstract ? { description: markdownToPlainText(abstract, { layout: 'line' }) } : {}),
    startDate: isoWithOffset(new Date(session.startsAt), event.timezone),
    endDate: isoWithOffset(new Date(session.endsAt), event.timezone),
    eventStatus: session.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    ...(location ? { location } : {}),
    ...(session.people?.length
      ? {
          performer: session.people.map((p) => ({
            '@type': 'Person',
            name: text(p.name, locale),
            ...(p.speakerId ? { url: `${eventUrl}/speakers/${p.speakerId}` } : {}),
          })),
        }
      : {}),
    ...(session.capacity ? { maximumAttendeeCapacity: session.capacity } : {}),
    ...(session.language ? { inLanguage: session.language } : {}),
    url: `${eventUrl}/sessions/${session.id}`,
    superEvent: {
      '@type': 'Event',
      name: text(event.title, locale),
      url: eventUrl,
      startDate: isoWithOffset(event.startsAt, event.timezone),
      endDate: isoWithOffset(event.endsAt, event.timezone),
    },
  };
}
