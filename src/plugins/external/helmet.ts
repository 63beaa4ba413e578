// Security headers with a strict Content-Security-Policy: no inline script or style anywhere.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function helmetPlugin(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Same-origin pages only; a strict referrer keeps private tokens in URLs from leaking.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Only when the site is served over HTTPS (BASE_URL https://…): browsers then never try plain HTTP again.
    hsts: opts.https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
}

export default fp(helmetPlugin, { name: 'helmet' });
