// Whole public pages, rendered once per content version and shared by the anonymous visitors of this process. The
// version (a publication bumps it by trigger) is read from the database at most once per lease: a read that began
// less than PAGE_VERSION_LEASE_MS ago answers for every request here. A publication waits out that lease before it
// reports success (outlastVersionLease), so it shows on the very next request in every process; any other write
// through this process shows here at once (the lease is dropped), and a write elsewhere within the lease. Signed-in
// visitors, pending notices and pages holding a CSRF token are rendered for the visitor alone and never stored.
// Example: return sendCachedPage(pages, { clock }, request, reply, () => reply.renderPage('events/agenda', data));
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readContentVersion, type ContentScope } from '../db/content-version.ts';
import type { Db } from '../db/types.ts';
import type { RenderedPage } from '../plugins/view.ts';
import type { Clock } from './clock.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { coalesceReads, type SharedRead } from './coalesce-reads.ts';
import { preferredEncoding, type ContentEncoding } from './content-encoding.ts';
import { VersionedCache } from './versioned-cache.ts';

// Without a content change, render afresh at least this often anyway: a page may hold something no trigger sees
// (a write to a table without one), and a quiet process should not keep it for ever.
const MAX_AGE_MS = 10 * 60_000;

/**
 * A shared page as sent: UTF-8 (re-encoding a long page on every send took about 7 % of the CPU in a profile) and
 * compressed both ways browsers accept, a tenth of the bytes (the conference agenda: 41 KB, 4.1 KB in Brotli).
 */
export interface StoredPage {
  /** The headers the full route set (security headers, type), sent again with every copy. */
  headers: Record<string, string>;
  /** A digest of the page, from which each variant's entity tag is made. */
  tag: string;
  /** Each variant's whole header block but the request id, as a flat list for a raw writeHead (shared-pages.ts). */
  heads: Record<Variant, string[]>;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/** What a render under way gives the visitors waiting for it: the shared page, or word that it is personal. */
type Flight = StoredPage | 'personal';

export interface PageCache {
  readVersion: SharedRead<number>;
  /**
   * How long one version read serves (PAGE_VERSION_LEASE_MS, 100 by default): under load a process then asks the
   * database ten times a second instead of once per request. 0 reads for every request (batched while one runs).
   */
  leaseMs: number;
  entries: VersionedCache<StoredPage>;
  /** Renders under way by version and key, which concurrent misses wait for instead of rendering again. */
  rendering: Map<string, Promise<Flight>>;
}

/**
 * Returns once every process has let go of any version it read before the caller's change committed: a route that
 * publishes awaits this before answering, so that whoever hears of the publication finds it on every process.
 * (Every process runs with the same PAGE_VERSION_LEASE_MS.)
 */
export function outlastVersionLease(pages: PageCache): Promise<void> {
  return pages.leaseMs > 0 ? sleep(pages.leaseMs + 1) : Promise.resolve();
}

/** One per route plugin and app instance: tests build several apps on different databases in one process. */
export function createPageCache(db: Db, { scope = 'events', maxEntries = 200, leaseMs = 0 }: { scope?: ContentScope; maxEntries?: number; leaseMs?: number } = {}): PageCache {
  return { readVersion: coalesceReads(() => readContentVersion(db, scope), { reuseMs: leaseMs }), leaseMs, entries: new VersionedCache(maxEntries), rendering: new Map() };
}

/**
 * The key of a page: its language and the address exactly as asked. The page depends on nothing else of the request
 * (its language-switch links echo the query as given), and the raw address needs no parsing on the hot path; two
 * spellings of one query merely get an entry each.
 */
export function pageKey(request: FastifyRequest): string {
  return `${request.locale} ${request.url}`;
}

/**
 * Sends the cached page for this request, or renders it with `render` (which may throw, e.g. NotFoundError) and keeps
 * it. `canonicalPath` is the page's own address, as the app links it: asked for exactly so, it is compressed best.
 */
export async function sendCachedPage(
  cache: PageCache,
  deps: { clock: Clock },
  request: FastifyRequest,
  reply: FastifyReply,
  render: () => Promise<RenderedPage>,
  { canonicalPath }: { canonicalPath?: string } = {},
): Promise<FastifyReply> {
  // Signed-in visitors and pending notices get a page of their own; only the anonymous variant is shared.
  const shareable = !request.user && !request.session?.flash;
  if (!shareable) return sendHtml(reply, (await render()).html);
  const now = deps.clock.now();
  // Read before rendering: a change committed in between costs one extra miss, never a stale page.
  const version = await cache.readVersion();
  const key = pageKey(request);
  const cached = cache.entries.get(key, version, now);
  if (cached !== undefined) return sendStored(request, reply, cached);
  // Right after a publication every visitor misses at once; one render per version and page serves them all. Its
  // data is no older than `version`, which each waiter read after it arrived, so sharing it is as fresh as its own.
  const flight = `${version}\n${key}`;
  const underWay = cache.rendering.get(flight);
  if (underWay) {
    const shared = await underWay;
    return shared === 'personal' ? sendHtml(reply, (await render()).html) : sendStored(request, reply, shared);
  }
  let ownPage: string | undefined;
  const rendering = (async (): Promise<Flight> => {
    const page = await render();
    if (page.personal) {
      ownPage = page.html;
      return 'personal';
    }
    // Only the one spelling the route itself writes: a trailing slash, a percent-encoded letter or a query is another
    // address that anyone can make up.
    const stored = await storePage(page.html, sharedHeaders(reply), { canonical: canonicalPath !== undefined && request.url === canonicalPath });
    cache.entries.set(key, version, now.getTime() + MAX_AGE_MS, stored);
    return stored;
  })();
  cache.rendering.set(flight, rendering);
  try {
    const result = await rendering;
    return result === 'personal' ? sendHtml(reply, ownPage!) : sendStored(request, reply, result);
  } finally {
    cache.rendering.delete(flight);
  }
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Compressed once per version and page, off the main thread. A page at its plain address (an event's agenda, as
 * everyone opens it: one address per event) gets Brotli's best, quality 11: about 50 ms once per publication, and an
 * eighth fewer bytes to every phone than quality 5. An address with a query (a search, another view) gets quality 5,
 * about 2 ms: anyone can make up a new query, and one request must not cost the server 50 ms.
 */
export async function storePage(html: string, headers: Record<string, string>, { canonical = false }: { canonical?: boolean } = {}): Promise<StoredPage> {
  const identity = Buffer.from(html);
  const [br, gzip] = await Promise.all([
    brotli(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: canonical ? 11 : 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gzipped(identity, { level: 6 }),
  ]);
  const tag = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  const bodies = { identity, br, gzip };
  const head = (variant: Variant): string[] => [
    ...Object.entries(headers).flat(),
    ...['content-type', HTML_TYPE, 'vary', 'Accept-Encoding', 'etag', etagOf(tag, variant), 'cache-control', 'no-cache'],
    ...(variant === 'identity' ? [] : ['content-encoding', variant]),
    ...['content-length', String(bodies[variant].length)],
  ];
  return { headers, tag, heads: { identity: head('identity'), br: head('br'), gzip: head('gzip') }, identity, br, gzip };
}

type Variant = 'identity' | ContentEncoding;

/** A strong tag per representation (RFC 9110 §8.8.3): the compressed bytes differ from the plain ones. */
function etagOf(tag: string, variant: Variant): string {
  return `"${tag}${variant === 'identity' ? '' : `-${variant}`}"`;
}

// Set per request or per variant, never kept with the page.
const OWN_HEADERS = new Set(['x-request-id', 'content-length', 'content-encoding', 'content-type', 'vary', 'set-cookie', 'etag', 'cache-control']);

/** What the route has set on the reply so far that any visitor of the page gets alike. */
function sharedHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || OWN_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/**
 * Sends the variant the visitor's browser accepts; caches between us and them must keep the variants apart. A
 * browser coming back with the entity tag of the page it holds gets 304 and no body: it must ask every time
 * (no-cache), since a publication has to show on the next request, but an unchanged agenda costs it no download.
 */
export function sendStored(request: FastifyRequest, reply: FastifyReply, page: StoredPage): FastifyReply {
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  const etag = etagOf(page.tag, encoding ?? 'identity');
  reply.header('vary', 'Accept-Encoding').header('etag', etag).header('cache-control', 'no-cache');
  if (holdsTag(request.headers['if-none-match'], etag)) return reply.code(304).send();
  if (encoding) reply.header('content-encoding', encoding);
  return sendHtml(reply, encoding ? page[encoding] : page.identity);
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): a W/ prefix does not matter, and * matches any page. */
export function holdsTag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || (tag.startsWith('W/') ? tag.slice(2) : tag) === etag;
  });
}

// The same type as reply.render sets, so a cached answer cannot be told from a fresh one.
const HTML_TYPE = 'text/html; charset=utf-8';

function sendHtml(reply: FastifyReply, html: string | Buffer): FastifyReply {
  return reply.type(HTML_TYPE).send(html);
}
