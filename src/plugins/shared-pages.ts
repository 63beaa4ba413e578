// The app's shared public pages (see lib/page-cache.ts), and the shortest way to them: an anonymous visitor asking
// for a page that is already rendered for the current content version is answered in the first hook, before the
// security-header, session, language and view hooks run again to produce the very same bytes. Those hooks cost
// more than the page itself: a profile of the conference agenda under load spent most of its time in them.
// Everything the full route would decide for such a visitor is already in the stored page: its headers were
// captured when it was first sent, and its key holds the language and the whole address.
import { fastifyCookie } from '@fastify/cookie';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { parse as parseQuery } from 'fast-querystring';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/types.ts';
import { isLocale, matchLocale, negotiateLocale, type Locale } from '../i18n/index.ts';
import type { Clock } from '../lib/clock.ts';
import { preferredEncoding } from '../lib/content-encoding.ts';
import { createPageCache, type PageCache } from '../lib/page-cache.ts';
import { LANG_COOKIE } from './i18n.ts';
import { SESSION_COOKIE } from './session.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared pages of published event content (agenda pages), one per app instance. */
    sharedPages: PageCache;
  }
}

/**
 * The language the full route would choose (plugins/i18n.ts resolveLocale), or undefined when the visitor may be
 * signed in (a session cookie): those go the long way. The query is read with the parser Fastify uses, and ?lang
 * matched as the route matches it (plugins/i18n.ts), so both choose the same language.
 */
function anonymousLocale(headers: IncomingHttpHeaders, url: string): Locale | undefined {
  let langCookie: string | undefined;
  if (headers.cookie) {
    const cookies = fastifyCookie.parse(headers.cookie);
    if (cookies[SESSION_COOKIE] !== undefined) return undefined;
    langCookie = cookies[LANG_COOKIE];
  }
  const query = url.indexOf('?');
  const asked = query === -1 ? undefined : matchLocale(parseQuery(url.slice(query + 1)).lang);
  if (asked) return asked;
  if (isLocale(langCookie)) return langCookie;
  return negotiateLocale(headers['accept-language']);
}

/**
 * Answers a repeat visit to a kept page straight on the socket, with the header block made when the page was kept.
 * Decides synchronously whether the request is a candidate at all (undefined: not one, handle it as usual);
 * otherwise reads the content version and resolves to whether it answered. `take` runs just before the answer is
 * written (the Fastify hook hijacks its reply there). A browser revalidating (If-None-Match) goes the usual way,
 * which knows how to send a 304.
 */
export function answerRepeatVisit(
  pages: PageCache,
  clock: Clock,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  take: () => void = () => {},
): Promise<boolean> | undefined {
  if (req.method !== 'GET' || pages.entries.size === 0 || req.headers['if-none-match'] !== undefined) return undefined;
  const url = req.url ?? '/';
  const locale = anonymousLocale(req.headers, url);
  if (locale === undefined) return undefined;
  const key = `${locale} ${url}`;
  // Only an address kept before costs the version read: every other request passes at the price of a lookup.
  if (!pages.entries.has(key)) return undefined;
  const send = (version: number): boolean => {
    const page = pages.entries.get(key, version, clock.now());
    if (page === undefined) return false;
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    take();
    res.writeHead(200, [...page.heads[encoding ?? 'identity'], 'x-request-id', requestId]);
    res.end(encoding ? page[encoding] : page.identity);
    return true;
  };
  // Within the lease of the last version read, the answer is written without waiting for anything.
  const version = pages.readVersion.current();
  return version === undefined ? pages.readVersion().then(send) : Promise.resolve(send(version));
}

/**
 * The app's front door: what the plugin below fills in once the app has its page cache and logger. Until then (and
 * in apps that never listen) every request goes straight to Fastify.
 */
export interface FrontDoor {
  pages?: PageCache;
  clock?: Clock;
  log?: FastifyBaseLogger;
  /** Set when the app starts closing: from then on Fastify answers everything (503 with Connection: close). */
  closing?: boolean;
}

type RouteRequest = (req: IncomingMessage, res: ServerResponse) => void;

/** Requests the front door has offered to the shared pages already: the hook below need not read the version again. */
const offered = new WeakSet<IncomingMessage>();

/**
 * Fastify's serverFactory: an HTTP server that offers every request to the shared pages first and hands the rest
 * to Fastify. A repeat visit then costs no Fastify request, reply, routing, logger or hook at all: under load the
 * conference agenda went from a fifth of a bare "hello" server's rate to (see `npm run bench agenda`) about half.
 * The server gets the options Fastify would have given its own (HTTP/1.1 only: the app serves neither HTTPS nor
 * HTTP/2 itself, a proxy does). With a server factory Fastify binds one address, so HOST=localhost listens on the
 * first address it resolves to; name 127.0.0.1 or ::1 to be sure.
 */
export function frontDoorServer(door: FrontDoor): (handler: RouteRequest, options: FastifyServerOptions) => Server {
  return (handler, fastifyOptions) => {
    // Fastify passes every option it was given; its type names only those common to all of its servers.
    const options = fastifyOptions as FastifyServerOptions & { https?: unknown; http2?: boolean; http?: ServerOptions };
    if (options.https || options.http2) throw new Error('the front door serves HTTP/1.1 only; terminate TLS and HTTP/2 in a proxy');
    const server = createServer(options.http ?? {}, (req, res) => {
      const { pages, clock, log, closing } = door;
      const requestId = randomUUID();
      const answering = pages && clock && !closing ? answerRepeatVisit(pages, clock, req, res, requestId) : undefined;
      if (answering === undefined) return handler(req, res);
      offered.add(req);
      answering.then(
        (answered) => {
          if (!answered) handler(req, res);
          else log?.info({ reqId: requestId, req: { method: req.method, url: req.url }, res: { statusCode: 200 } }, 'request completed');
        },
        // The version could not be read (the database is away): the full route answers, with its error page.
        () => handler(req, res),
      );
    });
    server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
    server.requestTimeout = options.requestTimeout ?? 0;
    server.setTimeout(options.connectionTimeout ?? 0);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };
}

async function sharedPagesPlugin(app: FastifyInstance, { db, clock, door, leaseMs }: { db: Db; clock: Clock; door?: FrontDoor; leaseMs: number }): Promise<void> {
  const pages = createPageCache(db, { leaseMs });
  app.decorate('sharedPages', pages);
  if (door) {
    Object.assign(door, { pages, clock, log: app.log });
    // Closing, Fastify answers new requests on open connections with 503 and Connection: close, so that the server can
    // finish; the front door must not keep those connections alive by answering them itself.
    app.addHook('preClose', async () => {
      door.closing = true;
    });
  }
  // A write through this process shows here on the next request, lease or not: its version is read anew.
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') pages.readVersion.expire();
  });
  // The same answer for requests that reach Fastify (app.inject, or a server made without app.ts's front door).
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (offered.has(request.raw)) return;
    const answered = await answerRepeatVisit(pages, clock, request.raw, reply.raw, request.id, () => reply.hijack());
    if (answered) request.log.info({ res: { statusCode: 200 }, responseTime: reply.elapsedTime }, 'request completed');
  });
}

export default fp(sharedPagesPlugin, { name: 'shared-pages' });
