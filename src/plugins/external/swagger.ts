// The OpenAPI document of the public JSON API (/api/docs/json) and Swagger UI to read it (/api/docs). Only the public
// /api routes are described: pages, feeds and the organisers' /api/admin routes (which need a signed-in session) are not
// part of the API.
//
// Swagger UI builds its page with script and adds an inline <style> element as it renders, which the site-wide CSP
// refuses. Its own routes (and only those: the UI is an encapsulated plugin) get inline styles allowed; scripts stay
// 'self' only, since @fastify/swagger-ui serves its bundle and initializer as files, not inline.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { translate } from '../../i18n/index.ts';

export const API_DOCS_PREFIX = '/api/docs';

/**
 * The site CSP with inline style attributes allowed, for the Swagger UI routes. A policy without style-src takes
 * styles from default-src, so the added style-src starts from default-src's sources.
 */
export function swaggerUiCsp(header: string): string {
  const directives = header
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  if (!directives.some((d) => d.startsWith('style-src '))) {
    const fallback = directives.find((d) => d.startsWith('default-src '));
    directives.push(`style-src${fallback ? fallback.slice('default-src'.length) : ''}`);
  }
  return directives.map((d) => (d.startsWith('style-src ') || d === 'style-src' ? `${d} 'unsafe-inline'` : d)).join(';');
}

async function swaggerPlugin(app: FastifyInstance, opts: { version: string }): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: translate('en', 'exports.api.title'), description: translate('en', 'exports.api.description'), version: opts.version },
    },
    transform: ({ schema, url }) => {
      const documented = url.startsWith('/api/') && !url.startsWith('/api/admin/') && !url.startsWith(API_DOCS_PREFIX);
      return { schema: (documented ? schema : { ...schema, hide: true }) as typeof schema, url };
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: API_DOCS_PREFIX,
    staticCSP: false,
    transformStaticCSP: swaggerUiCsp,
    uiConfig: { deepLinking: true },
  });
}

export default fp(swaggerPlugin, { name: 'swagger' });
