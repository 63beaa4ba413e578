// Liveness (/healthz) and readiness (/readyz: database reachable, every migration applied) for load balancers and CI.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FeatureDeps } from '../deps.ts';
import { checkReadiness } from './service.ts';

const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  database: Type.Object({
    driver: Type.String(),
    reachable: Type.Boolean(),
    migrations: Type.Object({ applied: Type.Integer(), expected: Type.Integer() }),
  }),
});

const healthRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { database }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/healthz', { schema: { response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { response: { 200: Readiness, 503: Readiness } } }, async (_request, reply) => {
    const readiness = await checkReadiness(database);
    return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
  });
};

export default healthRoutes;
