// The public agenda of a published event: the last published version, by day, in the event's zone with the zone
// named; cancelled sessions stay listed as cancelled. Changes an organiser has not published yet never show.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import type { PublishedSession } from '../../db/schema/index.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { findPublishedAgenda } from './publish.ts';

const publicAgendaRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/events/:slug/agenda',
    { schema: { params: Type.Object({ slug: Type.String({ maxLength: 80 }) }), querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) }) } },
    async (request, reply) => {
      const event = await findPublishedEventBySlug(db, request.params.slug);
      if (!event) throw new NotFoundError('event');
      const published = await findPublishedAgenda(db, event.id);
      const days = new Map<string, { date: Date; sessions: (PublishedSession & { startsAtDate: Date; endsAtDate: Date; cancelled: boolean })[] }>();
      for (const session of [...(published?.sessions ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
        const startsAtDate = new Date(session.startsAt);
        const day = DateTime.fromJSDate(startsAtDate, { zone: event.timezone }).toISODate()!;
        if (!days.has(day)) days.set(day, { date: startsAtDate, sessions: [] });
        days.get(day)!.sessions.push({ ...session, startsAtDate, endsAtDate: new Date(session.endsAt), cancelled: session.status === 'cancelled' });
      }
      return reply.render('events/agenda', { event, version: published?.version, days: [...days.values()] });
    },
  );
};

export default publicAgendaRoutes;
