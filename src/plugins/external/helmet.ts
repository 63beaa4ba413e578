// Security headers with a strict Content-Security-Policy: no inline script or style anywhere.
//
// Only headers a current browser acts on are sent. Every page pays for each header line, in bytes on a phone's
// connection and in work on both ends; helmet's defaults also carry headers for browsers long gone, and those are
// turned off here: X-XSS-Protection (the filter it disables was removed from every browser), X-Download-Options
// (Internet Explorer 8), X-Permitted-Cross-Domain-Policies (Flash) and X-DNS-Prefetch-Control (a hint, not a
// protection). X-Frame-Options stays, as DENY like the policy's frame-ancestors 'none': every form works without
// script, and browsers that ignore frame-ancestors (the Internet Explorer mode still common on institutions' PCs)
// could otherwise frame them. The policy names no directive that would only repeat default-src 'self' (script,
// style, font and connect sources fall back to it).
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function helmetPlugin(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
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
    xXssProtection: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xDnsPrefetchControl: false,
    xFrameOptions: { action: 'deny' },
  });
}

export default fp(helmetPlugin, { name: 'helmet' });
