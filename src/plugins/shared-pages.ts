// The app's shared public pages (see lib/page-cache.ts), and the shortest way to them: an anonymous visitor asking
// for a page that is already rendered for the current content version is answered in the first hook, before the
// security-header, session, language and view hooks run again to produce the very same bytes. Those hooks cost
// more than the page itself: a profile of the conference agenda under load spent most of its time in them.
// Everything the full route would decide for such a visitor is already in the stored page: its headers were
// captured when it was first sent, and its key holds the language and the whole address.
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/types.ts';
import { isLocale, negotiateLocale, type Locale } from '../i18n/index.ts';
import type { Clock } from '../lib/clock.ts';
import { preferredEncoding } from '../lib/content-encoding.ts';
import { createPageCache, sendStored, type PageCache } from '../lib/page-cache.ts';
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
 * signed in (a session cookie) or asks for a language we do not ship: those go the long way.
 */
function anonymousLocale(request: FastifyRequest): Locale | undefined {
  let langCookie: string | undefined;
  const cookieHeader = request.headers.cookie;
  if (cookieHeader) {
    const cookies = fastifyCookie.parse(cookieHeader);
    if (cookies[SESSION_COOKIE] !== undefined) return undefined;
    langCookie = cookies[LANG_COOKIE];
  }
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (asked !== undefined) return isLocale(asked) ? asked : undefined;
  if (isLocale(langCookie)) return langCookie;
  return negotiateLocale(request.headers['accept-language']);
}

async function sharedPagesPlugin(app: FastifyInstance, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  const pages = createPageCache(db, 'events');
  app.decorate('sharedPages', pages);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || pages.entries.size === 0) return;
    const locale = anonymousLocale(request);
    if (locale === undefined) return;
    const key = `${locale} ${request.url}`;
    // Only an address kept before costs the version read: every other request passes at the price of a lookup.
    if (!pages.entries.has(key)) return;
    const version = await pages.readVersion();
    const page = pages.entries.get(key, version, clock.now());
    if (page === undefined) return;
    if (request.headers['if-none-match'] !== undefined) {
      // Possibly a 304: the ordinary reply path, which knows how to send one.
      reply.headers(page.headers);
      return sendStored(request, reply, page);
    }
    // Straight to the socket with the header block made when the page was kept: setting a dozen headers one by one
    // and the send hooks were the largest costs left. The access log line is written as Fastify would.
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    reply.hijack();
    reply.raw.writeHead(200, [...page.heads[encoding ?? 'identity'], 'x-request-id', request.id]);
    reply.raw.end(encoding ? page[encoding] : page.identity);
    request.log.info({ res: { statusCode: 200 }, responseTime: reply.elapsedTime }, 'request completed');
  });
}

export default fp(sharedPagesPlugin, { name: 'shared-pages' });
