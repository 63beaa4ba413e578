// The public agenda of a published event: the last published version, by day, room or track, or as a time grid of
// one day, in the event's zone with the zone named (or the reader's); cancelled sessions stay listed as cancelled.
// Changes an organiser has not published yet never show.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../lib/errors.ts';
import { sendCachedPage } from '../../lib/page-cache.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedChildren, findPublishedEventBySlug, findPublishedParent } from '../events/queries.ts';
import { agendaFeedLinks } from './feed-links.ts';
import { arrangeAgenda, PAGE_VIEWS, type PageView } from './public-agenda.ts';
import { arrangeGrid, listSessionDays } from './public-grid.ts';
import { noonOfDay } from './grid.ts';
import { findPublishedAgenda } from './publish.ts';
import { pageZone } from './public-zone.ts';
import { withQuery } from '../../lib/with-query.ts';
import { findTracksOfEvent } from './queries.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import type { PublishedSession } from '../../db/schema/index.ts';

const publicAgendaRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Rendered agenda pages per content version (a publication bumps it), language and query; the app's shared
  // pages, so a repeat visit is answered in the first hook (plugins/shared-pages.ts).
  const pages = fastify.sharedPages;

  app.get(
    '/events/:slug/agenda',
    {
      schema: {
        params: Type.Object({ slug: Type.String({ maxLength: 80 }) }),
        querystring: Type.Object({
          lang: Type.Optional(Type.String({ maxLength: 40 })),
          view: Type.Optional(Type.Unsafe<PageView>(Type.Union(PAGE_VIEWS.map((v) => Type.Literal(v))))),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          // The grid's day, in the shown zone; a well-formed day without sessions is not found.
          day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
          // No length limit: an unknown zone, however long, is ignored rather than answered with an error page.
          tz: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => sendCachedPage(pages, { clock }, request, reply, async () => {
      const event = await findPublishedEventBySlug(db, request.params.slug);
      if (!event) throw new NotFoundError('event');
      const [published, parent] = await Promise.all([findPublishedAgenda(db, event.id), findPublishedParent(db, event)]);
      const { view = 'day', lang } = request.query;
      // The grid has no search: it shows whole days (a search there would leave holes), so it drops any ?q.
      const q = view === 'grid' ? '' : (request.query.q ?? '');
      const path = `/events/${event.slug}/agenda`;
      // The time-zone page brings the reader back to the grid's day where the chosen zone has it (it may not).
      const shownView = view === 'day' ? undefined : view;
      const zone = pageZone(event.timezone, request.query, path, { view: shownView, q }, { view: shownView, q, day: view === 'grid' ? request.query.day : undefined });
      const href = (v: PageView, query = q) => withQuery(path, { view: v === 'day' ? undefined : v, q: v === 'grid' ? '' : query, tz: zone.viewerZone, lang });
      const views = PAGE_VIEWS.map((v) => ({ value: v, href: href(v), current: v === view }));
      if (view === 'grid') {
        const sessions = published?.sessions ?? [];
        const days = listSessionDays(sessions, zone.zone);
        const day = request.query.day ?? days[0];
        if (request.query.day !== undefined && !days.includes(request.query.day)) throw new NotFoundError('day');
        return reply.renderPage('events/agenda', {
          event,
          parent,
          pageTitle: translate(request.locale, 'publicAgenda.title'),
          ...zone,
          published: Boolean(published),
          view,
          views,
          grid: day ? gridView(sessions, { day, days, zone: zone.zone, locale: request.locale, listHref: href('day'), dayHref: (d) => withQuery(path, { view, day: d, tz: zone.viewerZone, lang }) }) : undefined,
          feeds: published ? agendaFeedLinks(config.BASE_URL, event.slug, published.sessions, request.locale, []) : undefined,
        });
      }
      // The order of tracks is presentation, not content: an organiser's reordering shows without a new version.
      const trackOrder = view === 'track' ? (await findTracksOfEvent(db, event.id)).map((t) => t.id) : [];
      const groups = arrangeAgenda(published?.sessions ?? [], { view, query: q, zone: zone.zone, locale: request.locale, trackOrder });
      const searched = q.trim();
      return reply.renderPage('events/agenda', {
        event,
        parent,
        pageTitle: translate(request.locale, 'publicAgenda.title'),
        ...zone,
        published: Boolean(published),
        groups,
        query: q,
        view,
        views,
        // Only a search says how many sessions match and leads back to the whole agenda (same view, zone, language).
        search: published && searched ? { query: searched, count: groups.reduce((n, g) => n + g.sessions.length, 0), clearHref: href(view, '') } : undefined,
        // Only the whole agenda's feed shows here: the per-track ones, in the organiser's order, are on the calendars page.
        feeds: published ? agendaFeedLinks(config.BASE_URL, event.slug, published.sessions, request.locale, trackOrder) : undefined,
        // A forum whose own agenda is not out yet leads to its sub-forums' agendas, which may be.
        subForums: published ? undefined : await findPublishedChildren(db, event.id),
      });
    }, { canonicalPath: `/events/${request.params.slug}/agenda` }),
  );
};

/** What the grid template shows: the day tabs, the day's date and layout, and the way to the list on a phone. */
function gridView(sessions: PublishedSession[], options: { day: string; days: string[]; zone: string; locale: Locale; listHref: string; dayHref: (day: string) => string }) {
  const { day, zone } = options;
  const layout = arrangeGrid(sessions, { day, zone, locale: options.locale });
  return {
    ...layout,
    date: noonOfDay(day, zone),
    days: options.days.map((d) => ({ date: noonOfDay(d, zone), current: d === day, href: options.dayHref(d) })),
    fine: layout.step < 15,
    listHref: options.listHref,
  };
}

export default publicAgendaRoutes;
