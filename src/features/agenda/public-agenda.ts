// Arranges a published agenda for the public page: by day (default), by room or by track, optionally narrowed to
// sessions whose title or people match a search, in the event's zone or the reader's. In the room view, breaks and
// networking without a room are for all participants: they get a group of their own, not "Room to be announced".
// Example: arrangeAgenda(version.sessions, { view: 'room', query: 'li na', zone: 'Asia/Shanghai', locale: 'en' })
import { DateTime } from 'luxon';
import type { PublishedSession, SessionType } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { foldForSearch } from '../../lib/search-fold.ts';
import { daysLater } from '../../lib/time-zones.ts';
import { compareRooms, compareTracks } from './part-order.ts';

export const AGENDA_VIEWS = ['day', 'room', 'track'] as const;
export type AgendaView = (typeof AGENDA_VIEWS)[number];
/** The agenda page's views: the lists, then the time grid (?view=grid, one day at a time: ?day=2026-09-17). */
export const PAGE_VIEWS = [...AGENDA_VIEWS, 'grid'] as const;
export type PageView = (typeof PAGE_VIEWS)[number];

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

/** Session types that need no room of their own: without one they take place for everyone (coffee, lunch, reception). */
const FOR_EVERYONE_TYPES: ReadonlySet<string> = new Set<SessionType>(['break', 'networking']);

/** A break or networking without a room: for all participants, not waiting for a room (room view and grid). */
export const isForEveryone = (session: PublishedSession): boolean => !pickLocalized(session.room?.name, 'en') && FOR_EVERYONE_TYPES.has(session.type ?? '');

export interface AgendaGroup {
  /** A day's first instant (day view) or a room's / track's name (other views); '' for none. */
  date?: Date;
  heading?: string;
  /** In the track view, the group's track. */
  trackId?: string;
  /** In the room view, the breaks and networking that have no room: for all participants, listed last. */
  forEveryone?: true;
  sessions: ShownSession[];
}

// Beside the room names as keys, one that no name can be (PostgreSQL text holds no NUL).
const EVERYONE_KEY = '\u0000everyone';

function matches(session: PublishedSession, query: string): boolean {
  const haystack = [...Object.values(session.title), ...(session.people ?? []).flatMap((p) => Object.values(p.name))].map(foldForSearch);
  return haystack.some((text) => text.includes(query));
}

/**
 * `trackOrder`: the event's track ids in the organiser's order, for the track view; tracks not in it (removed since
 * publishing) follow in name order.
 */
export function arrangeAgenda(sessions: PublishedSession[], options: { view: AgendaView; query: string; zone: string; locale: Locale; trackOrder?: string[] }): AgendaGroup[] {
  const query = foldForSearch(options.query.trim());
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
      if (options.view === 'room' && isForEveryone(session)) {
        key = EVERYONE_KEY;
        group = { heading, forEveryone: true, sessions: [] };
      } else {
        key = heading;
        group = { heading, sessions: [], ...(options.view === 'track' && session.trackId ? { trackId: session.trackId } : {}) };
      }
    }
    if (!groups.has(key)) groups.set(key, group);
    groups.get(key)!.sessions.push(session);
  }
  const list = [...groups.values()];
  if (options.view === 'day') return list;
  // Rooms and tracks in the order the calendars page lists them too (part-order.ts); then the sessions without one
  // ("Room to be announced", "Other sessions"); last, in the room view, those for all participants.
  const compare = options.view === 'room' ? compareRooms(options.locale) : compareTracks(options.trackOrder ?? [], options.locale);
  const place = (g: AgendaGroup) => (g.forEveryone ? 2 : g.heading === '' ? 1 : 0);
  return list.sort((a, b) => place(a) - place(b) || compare({ id: a.trackId, name: a.heading! }, { id: b.trackId, name: b.heading! }));
}
