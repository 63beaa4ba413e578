// Public data for other sites' apps: the JSON API (/api/…), the frab schedules (schedule.xml / .json) and the agenda's
// calendar feeds (agenda.ics and those per track or room) may be read by a page of any origin, as conference apps
// and event sites built in the browser do. They carry only published data, need no cookie and are sent without
// one, so any origin is allowed ("*", which browsers never combine with credentials). Nothing else is: every page,
// form and private feed keeps the browser's same-origin rule, and its Cross-Origin-Resource-Policy from helmet.
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** The addresses of public data, as requested (path only). */
const PUBLIC_DATA = [/^\/api\/events(\/|$)/, /^\/events\/[^/]+\/schedule\.(xml|json)$/, /^\/events\/[^/]+\/agenda(\/(tracks|rooms)\/[^/]+)?\.ics$/];

export const isPublicData = (url: string): boolean => {
  const path = url.split('?', 1)[0]!;
  return PUBLIC_DATA.some((pattern) => pattern.test(path));
};

async function corsPlugin(app: FastifyInstance): Promise<void> {
  await app.register(cors, {
    delegator: (request: FastifyRequest, callback) => {
      callback(null, isPublicData(request.url) ? { origin: '*', methods: ['GET', 'HEAD'], maxAge: 86_400, strictPreflight: false } : { origin: false });
    },
  });
  // Readable from other origins also outside fetch (helmet says same-origin for everything else).
  app.addHook('onSend', async (request, reply) => {
    if (isPublicData(request.url)) reply.header('cross-origin-resource-policy', 'cross-origin');
  });
}

export default fp(corsPlugin, { name: 'cors', dependencies: ['helmet'] });
