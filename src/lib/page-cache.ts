// Whole public pages, rendered once per content version and shared by the anonymous visitors of this process. The
// version is read from the database on every request, so a change committed by any process (a publication bumps it
// by trigger) shows on the very next request here. Signed-in visitors, pending notices and pages holding a CSRF token
// are rendered for the visitor alone and never stored.
// Example: return sendCachedPage(pages, deps, request, reply, () => reply.renderPage('events/agenda', data));
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readContentVersion, type ContentScope } from '../db/content-version.ts';
import type { Db } from '../db/types.ts';
import { currentPath } from '../plugins/i18n.ts';
import type { RenderedPage } from '../plugins/view.ts';
import type { Clock } from './clock.ts';
import { VersionedCache } from './versioned-cache.ts';

// Without a content change, render afresh at least this often anyway (e.g. after a deploy changed a template
// in another process, nothing here would notice otherwise).
const MAX_AGE_MS = 10 * 60_000;

export interface PageCache {
  scope: ContentScope;
  entries: VersionedCache<string>;
}

/** One per route plugin and app instance: tests build several apps on different databases in one process. */
export function createPageCache(scope: ContentScope = 'events', maxEntries = 200): PageCache {
  return { scope, entries: new VersionedCache(maxEntries) };
}

/**
 * The key of a page: the language and the path with its whole query except ?lang (already in the language), as the
 * page's own language-switch links echo it; keying on a reordered query would serve one visitor's links to another.
 */
export function pageKey(request: FastifyRequest): string {
  return `${request.locale}\n${currentPath(request)}`;
}

/** Sends the cached page for this request, or renders it with `render` (which may throw, e.g. NotFoundError) and keeps it. */
export async function sendCachedPage(
  cache: PageCache,
  deps: { db: Db; clock: Clock },
  request: FastifyRequest,
  reply: FastifyReply,
  render: () => Promise<RenderedPage>,
): Promise<FastifyReply> {
  // Signed-in visitors and pending notices get a page of their own; only the anonymous variant is shared.
  const shareable = !request.user && !request.session?.flash;
  if (!shareable) return sendHtml(reply, (await render()).html);
  const now = deps.clock.now();
  // Read before rendering: a change committed in between costs one extra miss, never a stale page.
  const version = await readContentVersion(deps.db, cache.scope);
  const key = pageKey(request);
  const cached = cache.entries.get(key, version, now);
  if (cached !== undefined) return sendHtml(reply, cached);
  const page = await render();
  if (!page.personal) cache.entries.set(key, version, now.getTime() + MAX_AGE_MS, page.html);
  return sendHtml(reply, page.html);
}

// The same type as reply.render sets, so a cached answer cannot be told from a fresh one.
function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(html);
}
