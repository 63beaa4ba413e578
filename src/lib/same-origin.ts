// Refuses cross-site form posts until sessions bring real CSRF tokens: a preHandler for every state-changing route.
// Example: app.post('/admin/mail/:id/cancel', { preHandler: requireSameOrigin('mailLog.errors.crossSite'), schema }, handler);
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ForbiddenError } from './errors.ts';

const SAME_SITE_FETCH = new Set(['same-origin', 'none']);

/** True when the browser says (Sec-Fetch-Site, Origin) that the request comes from another site. */
export function isCrossSite(request: FastifyRequest): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined && !SAME_SITE_FETCH.has(String(fetchSite))) return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    // "null" (sandboxed frames, privacy redirects) or garbage: not provably ours.
    return true;
  }
}

/** A preHandler answering 403 to cross-site requests; `messageKey` is the locale key of the explanation shown. */
export function requireSameOrigin(messageKey?: string): preHandlerAsyncHookHandler {
  return async (request) => {
    if (isCrossSite(request)) throw new ForbiddenError(messageKey);
  };
}
