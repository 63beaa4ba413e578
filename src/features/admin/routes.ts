// The organiser overview. Until accounts exist (issue 5) it is served only in development and only to this machine.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ForbiddenError } from '../../lib/errors.ts';
import type { FeatureDeps } from '../deps.ts';
import { listAllEvents } from '../events/service.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const adminRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/admin', { schema: { querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    if (config.NODE_ENV !== 'development' || !LOOPBACK.has(request.ip)) throw new ForbiddenError();
    const events = await listAllEvents(db);
    return reply.render('admin/index', { events }, { layout: 'admin' });
  });
};

export default adminRoutes;
