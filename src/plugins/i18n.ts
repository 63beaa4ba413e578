// Chooses each request's language (?lang, then the lang cookie, then Accept-Language) and exposes it to pages.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DIRECTION, LOCALES, isLocale, matchLocale, negotiateLocale, translate, type Locale } from '../i18n/index.ts';

export const LANG_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
}

/** The shipped language the sending page's address (same-site Referer) asks for with ?lang, if any. */
const pageLocale = (request: FastifyRequest) => matchLocale(sameSiteReferer(request)?.searchParams.get('lang') ?? undefined);

/**
 * The language a request asks for. ?lang takes any spelling of a shipped language (zh, zh-cn, zh-Hans, en-US); a
 * language we do not ship there is passed over like a missing one, as links shared around (?lang=fr) carry it.
 */
export function resolveLocale(request: FastifyRequest): Locale {
  const query = request.query as Record<string, unknown> | undefined;
  const asked = matchLocale(query?.lang);
  if (asked) return asked;
  // A form sent from a page opened with ?lang (a link shared in Chinese) is answered in that page's language, though
  // its own address carries none: the page is the Referer, when it is this site's.
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const fromPage = pageLocale(request);
    if (fromPage) return fromPage;
  }
  const cookie = request.cookies?.[LANG_COOKIE];
  if (isLocale(cookie)) return cookie;
  return negotiateLocale(request.headers['accept-language']);
}

/**
 * The ?lang of the page a form was sent from (its same-site Referer), for the address a POST redirects to: a GET does
 * not read the Referer, so the page after a form sent in Chinese from a ?lang link keeps the language only this way.
 * Example: reply.redirect(`/events/x/register/answer/${token}${langOfPage(request)}`, 303)
 */
export function langOfPage(request: FastifyRequest): string {
  const fromPage = pageLocale(request);
  return fromPage ? `?lang=${encodeURIComponent(fromPage)}` : '';
}

/** Same as resolveLocale but never throws: for error pages, which must render whatever was asked. */
export function safeLocale(request: FastifyRequest): Locale {
  try {
    return request.locale ?? resolveLocale(request);
  } catch {
    const cookie = request.cookies?.[LANG_COOKIE];
    return isLocale(cookie) ? cookie : negotiateLocale(request.headers['accept-language']);
  }
}

/**
 * Path and query of the current page without ?lang, used as the switch's return address. A page answering a form
 * (a POST re-rendered with field errors) has no address of its own to go back to: the switch returns to the page the
 * form was on (the Referer, when it is this site's), else to the start page.
 */
function currentPath(request: FastifyRequest): string {
  let url = new URL(request.url, 'http://x');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const from = sameSiteReferer(request);
    if (!from) return '/';
    url = from;
  }
  url.searchParams.delete('lang');
  return url.pathname + url.search;
}

function sameSiteReferer(request: FastifyRequest): URL | undefined {
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    // Both through URL, which drops a default port (Host: example.org:443 is https://example.org).
    return url.host === new URL(`${url.protocol}//${request.host}`).host && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
  } catch {
    return undefined;
  }
}

/** What every layout needs: language, direction, switch links. */
export function pageContext(request: FastifyRequest, locale: Locale): Record<string, unknown> {
  const next = encodeURIComponent(currentPath(request));
  return {
    locale,
    dir: DIRECTION[locale],
    requestId: request.id,
    languages: LOCALES.map((code) => ({
      code,
      label: translate(code, `language.${code}`),
      href: `/lang/${code}?next=${next}`,
      current: code === locale,
    })),
  };
}

async function i18nPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('locale', undefined as unknown as Locale);
  app.addHook('preHandler', async (request, reply) => {
    request.locale = resolveLocale(request);
    reply.locals = { ...reply.locals, ...pageContext(request, request.locale) };
  });
}

export default fp(i18nPlugin, { name: 'i18n', dependencies: ['view'] });
