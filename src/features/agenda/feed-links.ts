// The calendar feeds offered on the public agenda: the whole agenda, then one per track and per room that has
// published sessions, each as a webcal:// subscription and a plain http(s) download of the same address, in the
// reader's language; tracks and rooms in the order of the agenda's track and room views.
// Example: agendaFeedLinks('https://forum.example.org', 'bri-2026', version.sessions, 'en', trackIdsByPosition)
import type { PublishedSession } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { compareRooms, compareTracks, type AgendaPart } from './part-order.ts';

export interface FeedLink {
  /** What the feed holds (a track's or a room's name); empty for the whole agenda. */
  name: string;
  href: string;
  webcal: string;
}

export interface AgendaFeedLinks {
  all: FeedLink;
  tracks: FeedLink[];
  rooms: FeedLink[];
}

/** The same address with webcal: in place of http(s):, which calendar apps open as a subscription. */
export const webcalUrl = (url: string) => url.replace(/^https?:/, 'webcal:');

export function feedLink(url: string, name = ''): FeedLink {
  return { name, href: url, webcal: webcalUrl(url) };
}

/** `trackOrder`: the event's track ids in the organiser's order (findTracksOfEvent), as the agenda's track view uses. */
export function agendaFeedLinks(baseUrl: string, slug: string, sessions: PublishedSession[], locale: Locale, trackOrder: readonly string[]): AgendaFeedLinks {
  const base = `${baseUrl}/events/${encodeURIComponent(slug)}/agenda`;
  const tracks = new Map<string, string>();
  const rooms = new Map<string, string>();
  for (const s of sessions) {
    if (s.trackId && s.track) tracks.set(s.trackId, pickLocalized(s.track.name, locale)?.text ?? '');
    if (s.roomId && s.room) rooms.set(s.roomId, pickLocalized(s.room.name, locale)?.text ?? '');
  }
  // In the language of the page it was taken from: a calendar app sends no cookie, and often no language or its
  // system's, so a reader of the Chinese page would otherwise get the English calendar.
  const lang = `?lang=${encodeURIComponent(locale)}`;
  const links = (kind: 'tracks' | 'rooms', names: Map<string, string>, compare: (a: AgendaPart, b: AgendaPart) => number) =>
    [...names]
      .map(([id, name]) => ({ id, name }))
      .sort(compare)
      .map(({ id, name }) => feedLink(`${base}/${kind}/${id}.ics${lang}`, name));
  return {
    all: feedLink(`${base}.ics${lang}`),
    tracks: links('tracks', tracks, compareTracks(trackOrder, locale)),
    rooms: links('rooms', rooms, compareRooms(locale)),
  };
}
