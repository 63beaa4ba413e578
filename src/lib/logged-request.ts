// How a request is written to the log: its address with the secrets in it (manage links, sign-in, invitation and
// feed tokens, invitation codes, a "next" that may hold one) replaced by their name, since whoever reads the logs
// could otherwise open a participant's registration with them.
// Example: Fastify({ logger: { serializers: { req: loggedRequest } } }) logs "/registrations/manage/:token".
import type { FastifyRequest } from 'fastify';

/** Route parameters that are secrets; every other one (ids, slugs) is logged as sent. */
const SECRET_PARAMS: ReadonlySet<string> = new Set(['token', 'secret', 'formToken']);
/** Query parameters that are, or may carry, secrets. */
const SECRET_QUERY: ReadonlySet<string> = new Set(['next', 'returnTo', 'token', 'code', 'secret', 'ticket']);
/**
 * In an address no route matched (a POST-only manage address opened from the history, a link scanner's guess), any
 * segment shaped like a token or a ticket code: 20 or more letters, digits, "-" and "_" with a capital or "_" in it.
 * Slugs (lower case) and ids (UUIDs, lower-case hex) stay readable.
 */
const TOKEN_LIKE = /^(?=.*[A-Z_])[A-Za-z0-9_-]{20,}$/;

/**
 * The address to log: a routed request's path is rebuilt from its route with secret parameters as ":name"; an
 * address no route matched keeps its path but for token-like segments, as "…". Secret query values become "…".
 * Example: loggedUrl('/registrations/manage/:token', { token: 'Ab3…' }, '/registrations/manage/Ab3…?lang=en')
 * → '/registrations/manage/:token?lang=en'
 */
export function loggedUrl(route: string | undefined, params: unknown, url: string): string {
  const queryAt = url.indexOf('?');
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
  const values = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
  const path =
    route && /:(\w+)/.test(route)
      ? route.replace(/:(\w+)/g, (whole, name: string) => (SECRET_PARAMS.has(name) || typeof values[name] !== 'string' ? whole : encodeURIComponent(values[name] as string)))
      : rawPath
          .split('/')
          .map((segment) => (TOKEN_LIKE.test(segment.replace(/\.[a-z]+$/, '')) ? '…' : segment))
          .join('/');
  if (query === '') return path;
  const parts = query.split('&').map((part) => {
    const equals = part.indexOf('=');
    const key = decodeSafely(equals < 0 ? part : part.slice(0, equals));
    return SECRET_QUERY.has(key) && equals >= 0 ? `${part.slice(0, equals)}=…` : part;
  });
  return `${path}?${parts.join('&')}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Fastify's own request fields in the log (method, address, host, client), with the address as loggedUrl gives it. */
export function loggedRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggedUrl(request.routeOptions?.url, request.params, request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
