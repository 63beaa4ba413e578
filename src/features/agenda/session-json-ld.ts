// schema.org Event data for a public session page: part of its event, in its room, with its people, and marked
// EventCancelled when it is cancelled, so search results do not send people to a session that will not happen.
// Example: jsonLdScript(sessionJsonLd(session, event, 'en', 'https://forum.example.org'))
import type { PublishedSession } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { markdownToText } from '../../lib/markdown.ts';
import { isoWithOffset } from '../../lib/time-zones.ts';

const text = (value: LocalizedText | null | undefined, locale: Locale) => pickLocalized(value, locale)?.text;

export function sessionJsonLd(
  session: PublishedSession,
  event: { slug: string; title: LocalizedText; timezone: string; startsAt: Date; endsAt: Date },
  locale: Locale,
  baseUrl: string,
): Record<string, unknown> {
  const eventUrl = `${baseUrl}/events/${event.slug}`;
  const abstract = text(session.abstract, locale);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: text(session.title, locale),
    ...(abstract ? { description: markdownToText(abstract) } : {}),
    startDate: isoWithOffset(new Date(session.startsAt), event.timezone),
    endDate: isoWithOffset(new Date(session.endsAt), event.timezone),
    eventStatus: session.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    ...(session.room
      ? { location: { '@type': 'Place', name: text(session.room.name, locale), containedInPlace: { '@type': 'Place', name: text(session.room.venue, locale) } } }
      : {}),
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
