// The organiser overview. Until accounts exist (issue 5) it is served only in development and only to this machine.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FeatureDeps } from '../deps.ts';
import { listAllEvents } from '../events/service.ts';
import { localDevelopmentOnly } from './guard.ts';

const adminRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', localDevelopmentOnly(config));
  app.get('/admin', { schema: { querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (_request, reply) => {
    const events = await listAllEvents(db);
    return reply.render('admin/index', { events }, { layout: 'admin' });
  });
};

export default adminRoutes;
