// Whole public pages, rendered once per content version and shared by the anonymous visitors of this process. The
// version is read from the database on every request, so a change committed by any process (a publication bumps it
// by trigger) shows on the very next request here. Signed-in visitors, pending notices and pages holding a CSRF token
// are rendered for the visitor alone and never stored.
// Example: return sendCachedPage(pages, { clock }, request, reply, () => reply.renderPage('events/agenda', data));
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readContentVersion, type ContentScope } from '../db/content-version.ts';
import type { Db } from '../db/types.ts';
import type { RenderedPage } from '../plugins/view.ts';
import type { Clock } from './clock.ts';
import { coalesceReads } from './coalesce-reads.ts';
import { VersionedCache } from './versioned-cache.ts';

// Without a content change, render afresh at least this often anyway: a page may hold something no trigger sees
// (a write to a table without one), and a quiet process should not keep it for ever.
const MAX_AGE_MS = 10 * 60_000;

export interface PageCache {
  readVersion: () => Promise<number>;
  /** Kept encoded: re-encoding a long page to UTF-8 on every send took about 7 % of the CPU in a profile. */
  entries: VersionedCache<Buffer>;
  /** Renders under way by version and key, which concurrent misses wait for instead of rendering again. */
  rendering: Map<string, Promise<RenderedPage>>;
}

/** One per route plugin and app instance: tests build several apps on different databases in one process. */
export function createPageCache(db: Db, scope: ContentScope = 'events', maxEntries = 200): PageCache {
  return { readVersion: coalesceReads(() => readContentVersion(db, scope)), entries: new VersionedCache(maxEntries), rendering: new Map() };
}

/**
 * The key of a page: its language and the address exactly as asked. The page depends on nothing else of the request
 * (its language-switch links echo the query as given), and the raw address needs no parsing on the hot path; two
 * spellings of one query merely get an entry each.
 */
export function pageKey(request: FastifyRequest): string {
  return `${request.locale} ${request.url}`;
}

/** Sends the cached page for this request, or renders it with `render` (which may throw, e.g. NotFoundError) and keeps it. */
export async function sendCachedPage(
  cache: PageCache,
  deps: { clock: Clock },
  request: FastifyRequest,
  reply: FastifyReply,
  render: () => Promise<RenderedPage>,
): Promise<FastifyReply> {
  // Signed-in visitors and pending notices get a page of their own; only the anonymous variant is shared.
  const shareable = !request.user && !request.session?.flash;
  if (!shareable) return sendHtml(reply, (await render()).html);
  const now = deps.clock.now();
  // Read before rendering: a change committed in between costs one extra miss, never a stale page.
  const version = await cache.readVersion();
  const key = pageKey(request);
  const cached = cache.entries.get(key, version, now);
  if (cached !== undefined) return sendHtml(reply, cached);
  // Right after a publication every visitor misses at once; one render per version and page serves them all. Its
  // data is no older than `version`, which each waiter read after it arrived, so sharing it is as fresh as its own.
  const flight = `${version}\n${key}`;
  const underWay = cache.rendering.get(flight);
  if (underWay) {
    const shared = await underWay;
    return sendHtml(reply, shared.personal ? (await render()).html : shared.html);
  }
  const rendering = render();
  cache.rendering.set(flight, rendering);
  try {
    const page = await rendering;
    if (!page.personal) cache.entries.set(key, version, now.getTime() + MAX_AGE_MS, Buffer.from(page.html));
    return sendHtml(reply, page.html);
  } finally {
    cache.rendering.delete(flight);
  }
}

// The same type as reply.render sets, so a cached answer cannot be told from a fresh one.
function sendHtml(reply: FastifyReply, html: string | Buffer): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(html);
}
