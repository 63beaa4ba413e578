// Which zone a public agenda page shows its times in (the event's, or one the reader chose with ?tz=), and the
// links and zone form that keep the reader's choices (view, search, zone, language) from page to page.
// Example: pageZone('Asia/Shanghai', { tz: 'Europe/Rome' }, '/events/x/agenda', { view: 'room' }).zone → 'Europe/Rome'
import { parseViewerZone, timeZonesByRegion } from '../../lib/time-zones.ts';
import { withQuery } from '../../lib/with-query.ts';

type Params = Record<string, string | undefined>;

export interface PageZone {
  /** The zone every time on the page is shown in. */
  zone: string;
  eventZone: string;
  /** The reader's chosen zone, only when it differs from the event's. */
  viewerZone?: string;
  /** ?lang when the URL carries it (it then wins over the cookie), to keep in links and forms. */
  lang?: string;
  /** What links to the event's other public pages append to keep zone and language: '?tz=Europe%2FRome' or ''. */
  keep: string;
  /** This page in the event's own zone. */
  eventTimeHref: string;
  /** The GET form that picks a zone: where it goes and what it carries along. */
  zoneForm: { action: string; hidden: { name: string; value: string }[]; regions: ReturnType<typeof timeZonesByRegion> };
}

/**
 * The zone for a page at `path`: ?tz when it names a known zone other than the event's, else the event's zone
 * (an unknown ?tz is ignored rather than refused, since it usually comes from another browser's setting).
 * `pageParams` are the page's own parameters (view, q) to keep in its links and forms.
 */
export function pageZone(eventZone: string, query: { tz?: string; lang?: string }, path: string, pageParams: Params = {}): PageZone {
  const asked = parseViewerZone(query.tz);
  // An event kept on an older spelling (Asia/Calcutta) is the same zone as the reader's Asia/Kolkata.
  const viewerZone = asked && asked !== parseViewerZone(eventZone) ? asked : undefined;
  const carried: Params = { ...pageParams, lang: query.lang };
  return {
    zone: viewerZone ?? eventZone,
    eventZone,
    viewerZone,
    lang: query.lang,
    keep: withQuery('', { tz: viewerZone, lang: query.lang }),
    eventTimeHref: withQuery(path, carried),
    zoneForm: {
      action: path,
      hidden: Object.entries(carried).flatMap(([name, value]) => (value ? [{ name, value }] : [])),
      regions: timeZonesByRegion([eventZone, viewerZone]),
    },
  };
}
