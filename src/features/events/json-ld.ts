// schema.org Event data for a public event page, so search engines and calendar tools read name, dates and place.
// Example: jsonLdScript(eventJsonLd(page, 'en', 'https://forum.example.org'))
import type { Locale } from '../../i18n/index.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { markdownToPlainText } from '../../lib/plain-text.ts';
import { isoWithOffset } from '../../lib/time-zones.ts';
import type { PublicEventPage } from './service.ts';

const text = (value: LocalizedText | null | undefined, locale: Locale) => pickLocalized(value, locale)?.text;

/** One Event; its venues as Places; its published parent as superEvent and its sub-forums as subEvents. */
/** A venue as a schema.org Place: its name, and its address when it has one (events and their sessions). */
export function jsonLdPlace(venue: { name: LocalizedText; address: LocalizedText | null }, locale: Locale): Record<string, unknown> {
  const address = text(venue.address, locale);
  return { '@type': 'Place', name: text(venue.name, locale), ...(address ? { address } : {}) };
}

/**
 * `organizer`: who organises it, by name — the organisation the privacy notice names, when the event has one, else
 * the forum (the event itself, or its parent forum).
 */
export function eventJsonLd(page: PublicEventPage, locale: Locale, baseUrl: string, organizer?: string | null): Record<string, unknown> {
  const { event, venues, children, parent } = page;
  const url = `${baseUrl}/events/${event.slug}`;
  const description = text(event.description, locale);
  const places = venues.map((venue) => jsonLdPlace(venue, locale));
  const summary = (e: { slug: string; title: LocalizedText; startsAt: Date; endsAt: Date; timezone: string }) => ({
    '@type': 'Event',
    name: text(e.title, locale),
    url: `${baseUrl}/events/${e.slug}`,
    startDate: isoWithOffset(e.startsAt, e.timezone),
    endDate: isoWithOffset(e.endsAt, e.timezone),
  });
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: text(event.title, locale),
    ...(description ? { description: markdownToPlainText(description, { layout: 'line' }) } : text(event.summary, locale) ? { description: text(event.summary, locale) } : {}),
    startDate: isoWithOffset(event.startsAt, event.timezone),
    endDate: isoWithOffset(event.endsAt, event.timezone),
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    ...(places.length === 1 ? { location: places[0] } : places.length > 1 ? { location: places } : {}),
    organizer: { '@type': 'Organization', name: organizer || text((parent ?? event).title, locale), url, ...(event.contactEmail ? { email: event.contactEmail } : {}) },
    url,
    inLanguage: locale,
    ...(parent ? { superEvent: summary(parent) } : {}),
    ...(children.length > 0 ? { subEvent: children.map(summary) } : {}),
  };
}
