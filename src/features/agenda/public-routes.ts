// The public agenda of a published event: the last published version, by day, in the event's zone with the zone
// named; cancelled sessions stay listed as cancelled. Changes an organiser has not published yet never show.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../lib/errors.ts';
import { sendCachedPage } from '../../lib/page-cache.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { agendaFeedLinks } from './feed-links.ts';
import { AGENDA_VIEWS, arrangeAgenda, type AgendaView } from './public-agenda.ts';
import { findPublishedAgenda } from './publish.ts';
import { pageZone, withQuery } from './public-zone.ts';
import { findTracksOfEvent } from './queries.ts';
import { translate } from '../../i18n/index.ts';

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
          view: Type.Optional(Type.Union(AGENDA_VIEWS.map((v) => Type.Literal(v)))),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          // No length limit: an unknown zone, however long, is ignored rather than answered with an error page.
          tz: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => sendCachedPage(pages, { clock }, request, reply, async () => {
      const event = await findPublishedEventBySlug(db, request.params.slug);
      if (!event) throw new NotFoundError('event');
      const published = await findPublishedAgenda(db, event.id);
      const { view = 'day', q = '', lang } = request.query;
      const path = `/events/${event.slug}/agenda`;
      const zone = pageZone(event.timezone, request.query, path, { view: view === 'day' ? undefined : view, q });
      // The order of tracks is presentation, not content: an organiser's reordering shows without a new version.
      const trackOrder = (view as AgendaView) === 'track' ? (await findTracksOfEvent(db, event.id)).map((t) => t.id) : [];
      const groups = arrangeAgenda(published?.sessions ?? [], { view, query: q, zone: zone.zone, locale: request.locale, trackOrder });
      const href = (v: AgendaView, query = q) => withQuery(path, { view: v === 'day' ? undefined : v, q: query, tz: zone.viewerZone, lang });
      const searched = q.trim();
      return reply.renderPage('events/agenda', {
        event,
        pageTitle: translate(request.locale, 'publicAgenda.title'),
        ...zone,
        published: Boolean(published),
        groups,
        query: q,
        view,
        views: AGENDA_VIEWS.map((v) => ({ value: v, href: href(v), current: v === view })),
        // Only a search says how many sessions match and leads back to the whole agenda (same view, zone, language).
        search: published && searched ? { query: searched, count: groups.reduce((n, g) => n + g.sessions.length, 0), clearHref: href(view, '') } : undefined,
        // Only the whole agenda's feed shows here: the per-track ones, in the organiser's order, are on the calendars page.
        feeds: published ? agendaFeedLinks(config.BASE_URL, event.slug, published.sessions, request.locale, trackOrder) : undefined,
      });
    }, { canonicalPath: `/events/${request.params.slug}/agenda` }),
  );
};

export default publicAgendaRoutes;
