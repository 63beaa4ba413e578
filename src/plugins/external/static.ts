// Serves public/ (stylesheet, page scripts, images, vendored client libraries) under /static/.
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const PUBLIC_DIR = fileURLToPath(new URL('../../../public', import.meta.url));

async function staticPlugin(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/static/',
    maxAge: '1h',
    index: false,
    list: false,
  });
}

export default fp(staticPlugin, { name: 'static' });
