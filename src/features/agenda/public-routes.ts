// The public agenda of a published event: the last published version, by day, in the event's zone with the zone
// named; cancelled sessions stay listed as cancelled. Changes an organiser has not published yet never show.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../lib/errors.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { AGENDA_VIEWS, arrangeAgenda, type AgendaView } from './public-agenda.ts';
import { findPublishedAgenda } from './publish.ts';
import { findTracksOfEvent } from './queries.ts';

const publicAgendaRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/events/:slug/agenda',
    {
      schema: {
        params: Type.Object({ slug: Type.String({ maxLength: 80 }) }),
        querystring: Type.Object({
          lang: Type.Optional(Type.String({ maxLength: 40 })),
          view: Type.Optional(Type.Union(AGENDA_VIEWS.map((v) => Type.Literal(v)))),
          q: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      const event = await findPublishedEventBySlug(db, request.params.slug);
      if (!event) throw new NotFoundError('event');
      const published = await findPublishedAgenda(db, event.id);
      const { view = 'day', q = '' } = request.query;
      // The order of tracks is presentation, not content: an organiser's reordering shows without a new version.
      const trackOrder = (view as AgendaView) === 'track' ? (await findTracksOfEvent(db, event.id)).map((t) => t.id) : [];
      const groups = arrangeAgenda(published?.sessions ?? [], { view, query: q, zone: event.timezone, locale: request.locale, trackOrder });
      const href = (v: AgendaView) => `/events/${event.slug}/agenda${v === 'day' ? '' : `?view=${v}`}`;
      return reply.render('events/agenda', {
        event,
        published: Boolean(published),
        groups,
        query: q,
        view,
        views: AGENDA_VIEWS.map((v) => ({ value: v, href: href(v), current: v === view })),
      });
    },
  );
};

export default publicAgendaRoutes;
