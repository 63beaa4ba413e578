// Public event pages: the home page of upcoming events and one event's page.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { jsonLdScript } from '../../lib/json-ld.ts';
import type { FeatureDeps } from '../deps.ts';
import { eventJsonLd } from './json-ld.ts';
import { registrationWindow } from '../registration/registration-window.ts';
import { createEventReadCache, getPublishedEvent, listUpcomingEvents } from './service.ts';

const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });

const eventRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const cache = createEventReadCache();

  app.get('/', { schema: { querystring: LangQuery } }, async (_request, reply) => {
    const events = await listUpcomingEvents(db, clock, cache);
    return reply.render('home/index', { events });
  });

  app.get(
    '/events/:slug',
    { schema: { params: Type.Object({ slug: Type.String({ maxLength: 80 }) }), querystring: LangQuery } },
    async (request, reply) => {
      const page = await getPublishedEvent(db, clock, request.params.slug, cache);
      const registration = await registrationWindow(db, page.event.id, clock.now());
      // A sub-forum without a registration of its own may be attended through its forum's: the page says where.
      const parentRegistration = !registration && page.parent ? await registrationWindow(db, page.parent.id, clock.now()) : undefined;
      return reply.render('events/show', { ...page, registration, parentRegistration, jsonLd: jsonLdScript(eventJsonLd(page, request.locale, config.BASE_URL, registration?.controllerName)) });
    },
  );
};

export default eventRoutes;
