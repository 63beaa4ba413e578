// Arranges a published agenda for the public page: by day (default), by room or by track, optionally narrowed to
// sessions whose title or people match a search, in the event's zone or the reader's.
// Example: arrangeAgenda(version.sessions, { view: 'room', query: 'li na', zone: 'Asia/Shanghai', locale: 'en' })
import { DateTime } from 'luxon';
import type { PublishedSession } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { daysLater } from '../../lib/time-zones.ts';

export const AGENDA_VIEWS = ['day', 'room', 'track'] as const;
export type AgendaView = (typeof AGENDA_VIEWS)[number];

export type ShownSession = PublishedSession & {
  startsAtDate: Date;
  endsAtDate: Date;
  cancelled: boolean;
  /** Calendar days between start and end in the shown zone: 1 for 23:30–00:30, shown as "+1 day". */
  endsDaysLater: number;
};

/** A published session with what pages print about its time in `zone`. */
export function showSession(s: PublishedSession, zone: string): ShownSession {
  const startsAtDate = new Date(s.startsAt);
  const endsAtDate = new Date(s.endsAt);
  return { ...s, startsAtDate, endsAtDate, cancelled: s.status === 'cancelled', endsDaysLater: daysLater(startsAtDate, endsAtDate, zone) };
}

export interface AgendaGroup {
  /** A day's first instant (day view) or a room's / track's name (other views). */
  date?: Date;
  heading?: string;
  /** In the track view, the group's track. */
  trackId?: string;
  sessions: ShownSession[];
}

const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase();

function matches(session: PublishedSession, query: string): boolean {
  const haystack = [...Object.values(session.title), ...(session.people ?? []).flatMap((p) => Object.values(p.name))].map(fold);
  return haystack.some((text) => text.includes(query));
}

/**
 * `trackOrder`: the event's track ids in the organiser's order, for the track view; tracks not in it (removed since
 * publishing) follow in name order.
 */
export function arrangeAgenda(sessions: PublishedSession[], options: { view: AgendaView; query: string; zone: string; locale: Locale; trackOrder?: string[] }): AgendaGroup[] {
  const query = fold(options.query.trim());
  const shown: ShownSession[] = [...sessions]
    .filter((s) => query === '' || matches(s, query))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((s) => showSession(s, options.zone));
  const groups = new Map<string, AgendaGroup>();
  for (const session of shown) {
    let key: string;
    let group: AgendaGroup;
    if (options.view === 'day') {
      // Under the day it starts in the shown zone: a reader's zone can move a session to another date.
      key = DateTime.fromJSDate(session.startsAtDate, { zone: options.zone }).toISODate()!;
      group = { date: session.startsAtDate, sessions: [] };
    } else {
      const named = options.view === 'room' ? session.room?.name : session.track?.name;
      const heading = named ? (pickLocalized(named, options.locale)?.text ?? '') : '';
      key = heading;
      group = { heading, sessions: [], ...(options.view === 'track' && session.trackId ? { trackId: session.trackId } : {}) };
    }
    if (!groups.has(key)) groups.set(key, group);
    groups.get(key)!.sessions.push(session);
  }
  // Named rooms and tracks first in name order; sessions without one last.
  const list = [...groups.values()];
  const byName = (a: AgendaGroup, b: AgendaGroup) => (a.heading === '' ? 1 : b.heading === '' ? -1 : a.heading!.localeCompare(b.heading!, options.locale));
  if (options.view === 'room') list.sort(byName);
  if (options.view === 'track') {
    // Tracks in the organiser's order; one missing from it after those, then sessions without a track.
    const rank = new Map((options.trackOrder ?? []).map((id, i) => [id, i]));
    const rankOf = (g: AgendaGroup) => (g.heading === '' ? Infinity : (rank.get(g.trackId ?? '') ?? rank.size));
    list.sort((a, b) => rankOf(a) - rankOf(b) || byName(a, b));
  }
  return list;
}
