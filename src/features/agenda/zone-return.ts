// Where the time-zone page leads back to: one of the event's own public pages that show times, with that page's own
// query (view, search, the grid's day). Read strictly from the page's ?return=, and the links rebuilt from what was
// read, so they can lead nowhere else (another event, another site, another path): anything else is no target.
// Example: parseReturnPath('expo', '/events/expo/agenda?view=grid&day=2026-09-17') → { path: '/events/expo/agenda', params: { view: 'grid', day: '2026-09-17' } }
import { isUuid } from '../../lib/ids.ts';
import { PAGE_VIEWS, type PageView } from './public-agenda.ts';
import { withQuery } from '../../lib/with-query.ts';

export interface ReturnTarget {
  /** '/events/expo/agenda', '/events/expo/sessions/0190…': always one of the event's pages with a zone control. */
  path: string;
  /** The agenda's view (never the default, day), search (not in the grid) or grid day; other pages have none. */
  params: { view?: Exclude<PageView, 'day'>; q?: string; day?: string };
}

/** The agenda's search field allows as much (public-routes.ts). */
const MAX_SEARCH = 200;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The pages under /events/<slug>/ whose zone control leads to the time-zone page. */
const FIXED_PAGES = new Set(['agenda', 'agenda/changes', 'my-agenda']);
const PAGES_BY_ID = new Set(['sessions', 'speakers']);

/** The event's pages begin so, as the app writes their links. */
export const eventPagePrefix = (slug: string) => `/events/${encodeURIComponent(slug)}/`;

/**
 * The page a ?return= names, if it is one of this event's pages with a zone control, with the query that page reads
 * (other parameters are dropped: the zone and language are the time-zone page's own). Undefined for anything else.
 */
export function parseReturnPath(slug: string, raw: string | undefined): ReturnTarget | undefined {
  if (!raw) return undefined;
  const mark = raw.indexOf('?');
  const path = mark === -1 ? raw : raw.slice(0, mark);
  const prefix = eventPagePrefix(slug);
  if (!path.startsWith(prefix)) return undefined;
  const page = path.slice(prefix.length);
  const [kind, id, ...more] = page.split('/');
  const known = FIXED_PAGES.has(page) || (PAGES_BY_ID.has(kind!) && isUuid(id) && more.length === 0);
  if (!known) return undefined;
  // Ids as the app links them; the pages take either case.
  const target: ReturnTarget = { path: prefix + page.toLowerCase(), params: {} };
  if (page !== 'agenda') return target;
  const query = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
  const view = query.get('view') ?? 'day';
  if (!(PAGE_VIEWS as readonly string[]).includes(view)) return target;
  if (view !== 'day') target.params.view = view as ReturnTarget['params']['view'];
  const q = query.get('q');
  const day = query.get('day');
  // As the agenda itself: the grid shows whole days and drops a search; the lists have no day.
  if (view !== 'grid' && q && q.length <= MAX_SEARCH) target.params.q = q;
  if (view === 'grid' && day && DAY.test(day)) target.params.day = day;
  return target;
}

/** The target as ?return= carries it: its path and query ('/events/expo/agenda?view=room'). */
export const formatReturnPath = (target: ReturnTarget): string => withQuery(target.path, target.params);

/**
 * The target shown in a zone (none: the event's) and language, without the grid's day if that zone may not have it;
 * its query in the order the app's own links write it, so that the page-cache entry is the one those links use.
 * Example: returnHref({ path: '/events/expo/agenda', params: { view: 'room' } }, { tz: 'Europe/Rome' }) → '/events/expo/agenda?view=room&tz=Europe%2FRome'
 */
export function returnHref(target: ReturnTarget, { tz, lang, keepDay = true }: { tz?: string; lang?: string; keepDay?: boolean }): string {
  const { view, q, day } = target.params;
  return withQuery(target.path, { view, q, day: keepDay ? day : undefined, tz, lang });
}
