// Which zone a public agenda page shows its times in (the event's, or one the reader chose with ?tz=), and the
// links that keep the reader's choices (view, search, zone, language) from page to page, to the time-zone page too.
// Example: pageZone('Asia/Shanghai', { tz: 'Europe/Rome' }, '/events/x/agenda', { view: 'room' }).zone → 'Europe/Rome'
import { parseViewerZone } from '../../lib/time-zones.ts';
import { withQuery } from '../../lib/with-query.ts';
import { formatReturnPath, type ReturnTarget } from './zone-return.ts';

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
  /** The event's time-zone page, which leads back here (with `returnParams`) in the zone the reader picks. */
  zonePageHref: string;
}

/**
 * The zone for a page at `path` (/events/<slug>/…): ?tz when it names a known zone other than the event's, else the
 * event's zone (an unknown ?tz is ignored rather than refused, since it usually comes from another browser's setting).
 * `pageParams` are the page's own parameters (view, q) to keep in its "event time" link; `returnParams` those the
 * time-zone page brings the reader back with (the grid's day too).
 */
export function pageZone(eventZone: string, query: { tz?: string; lang?: string }, path: string, pageParams: Params = {}, returnParams: ReturnTarget['params'] = {}): PageZone {
  const asked = parseViewerZone(query.tz);
  // An event kept on an older spelling (Asia/Calcutta) is the same zone as the reader's Asia/Kolkata.
  const viewerZone = asked && asked !== parseViewerZone(eventZone) ? asked : undefined;
  const eventPath = path.slice(0, path.indexOf('/', '/events/'.length));
  // The plain agenda is where the time-zone page leads by default: its link needs no ?return=.
  const back = path === `${eventPath}/agenda` && Object.values(returnParams).every((v) => !v) ? undefined : formatReturnPath({ path, params: returnParams });
  return {
    zone: viewerZone ?? eventZone,
    eventZone,
    viewerZone,
    lang: query.lang,
    keep: withQuery('', { tz: viewerZone, lang: query.lang }),
    eventTimeHref: withQuery(path, { ...pageParams, lang: query.lang }),
    zonePageHref: withQuery(`${eventPath}/time-zone`, { return: back, tz: viewerZone, lang: query.lang }),
  };
}
