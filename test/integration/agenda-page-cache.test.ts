// The public agenda page is cached per process, yet a publication through any process shows on the next request in
// every process, a cached answer is byte-for-byte the fresh one, and nothing of a signed-in visitor is ever shared.
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { outlastVersionLease } from '../../src/lib/page-cache.ts';
import { agendaSessions, events } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createTestClock } from '../helpers/clock.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { rawGet } from '../helpers/raw-get.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { onPostgres } from '../helpers/test-database.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
/** A second app instance on the same database (its own connection pool on PostgreSQL), as another server process. */
let other: FastifyInstance;
let event: EventRow;
let organiser: HttpAgent;
let roomId: string;

const AGENDA = '/events/cache-conference/agenda';

beforeAll(async () => {
  // The production lease: a publication must still show on the next request in both processes.
  t = await buildTestApp({ clock: createTestClock('2027-01-10T00:00:00Z'), env: { PAGE_VERSION_LEASE_MS: '100' } });
  const database = onPostgres ? await t.testDatabase.reopen() : t.database;
  other = await buildApp({ config: t.config, database, jobs: t.jobs, clock: t.clock, logger: false });
  await other.ready();
  event = await createEvent(t.db, {
    slug: 'cache-conference',
    status: 'published',
    title: { en: 'Cache Conference', 'zh-CN': '缓存大会' },
    startsAt: wallTime('2027-03-01 09:00'),
    endsAt: wallTime('2027-03-02 18:00'),
  });
  roomId = (await createVenueWithRooms(t.db, event.id, [300])).rooms[0]!.id;
  await t.db.insert(agendaSessions).values([
    { eventId: event.id, type: 'keynote', title: { en: 'Parks of the future', 'zh-CN': '未来园区' }, roomId, startsAt: wallTime('2027-03-01 09:00'), endsAt: wallTime('2027-03-01 10:00') },
    { eventId: event.id, type: 'parallel', title: { en: 'Green campuses', 'zh-CN': '绿色园区' }, startsAt: wallTime('2027-03-02 09:00'), endsAt: wallTime('2027-03-02 10:00') },
  ]);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  await publish();
});
afterAll(async () => {
  await other.close();
  await t.close();
});

async function publish(): Promise<void> {
  const res = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
  expect(res.statusCode).toBe(303);
}

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) => app.inject({ url, headers: { 'accept-language': 'en', ...headers } });

/** Everything but the Date header and the request's own id. */
function comparable(res: Awaited<ReturnType<typeof get>>) {
  const { date: _date, 'x-request-id': _id, ...headers } = res.headers;
  return { status: res.statusCode, headers, body: res.body };
}

describe('the cached public agenda', () => {
  it('shows a publication made through one process on the next request in both', async () => {
    for (const app of [t.app, other]) expect((await get(app, AGENDA)).body).toContain('Parks of the future');
    await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'plenary', title: { en: 'Closing plenary' }, roomId, startsAt: wallTime('2027-03-02 16:00'), endsAt: wallTime('2027-03-02 17:00') });
    // Unpublished changes never show, cached or not.
    for (const app of [t.app, other]) expect((await get(app, AGENDA)).body).not.toContain('Closing plenary');
    await publish();
    for (const app of [t.app, other]) expect((await get(app, AGENDA)).body).toContain('Closing plenary');
  });

  it('answers exactly the same from the cache as freshly rendered, headers included, and sets no cookie', async () => {
    await publish();
    for (const url of [AGENDA, `${AGENDA}?view=room`, `${AGENDA}?q=green&lang=zh-CN`]) {
      const fresh = await get(other, url);
      const cached = await get(other, url);
      expect(fresh.statusCode).toBe(200);
      expect(fresh.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(fresh.headers['set-cookie']).toBeUndefined();
      expect(comparable(cached)).toEqual(comparable(fresh));
    }
  });

  it('sends the shared page compressed as the browser accepts, the same page in every encoding', async () => {
    const plain = await get(other, AGENDA);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const cases = [
      { accept: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync },
      { accept: 'gzip, deflate', encoding: 'gzip', decode: gunzipSync },
      { accept: 'br;q=0.5, gzip', encoding: 'gzip', decode: gunzipSync },
    ] as const;
    for (const { accept, encoding, decode } of cases) {
      for (const app of [other, t.app]) {
        const res = await get(app, AGENDA, { 'accept-encoding': accept });
        expect(res.headers['content-encoding']).toBe(encoding);
        expect(res.headers.vary).toBe('Accept-Encoding');
        expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
        expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
        expect(decode(res.rawPayload).toString('utf8')).toBe(plain.body);
      }
    }
    const refused = await get(other, AGENDA, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(plain.body);
  });

  it('compresses a page at its plain address as tightly as Brotli can, and one with a query quickly', async () => {
    const bestOf = (html: string, quality: number) => brotliCompressSync(Buffer.from(html), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(html) } });
    // Another spelling of the address is as easy to make up as a query: a trailing slash, a percent-encoded letter.
    for (const [path, quality] of [
      [AGENDA, 11],
      [`${AGENDA}?view=room`, 5],
      [`${AGENDA}/`, 5],
      [AGENDA.replace('conference', 'conf%65rence'), 5],
    ] as const) {
      const plain = await get(t.app, path);
      const br = await get(t.app, path, { 'accept-encoding': 'br' });
      expect(br.statusCode, path).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.rawPayload.equals(bestOf(plain.body, quality)), path).toBe(true);
    }
  });

  it('answers repeat visits as the full route would: language from the cookie, errors and sessions the long way', async () => {
    const zhFresh = await get(other, `${AGENDA}?lang=zh-CN`);
    expect(zhFresh.body).toContain('未来园区');
    // The same page for a visitor whose language cookie says Chinese, without ?lang.
    const byCookie = await get(other, AGENDA, { cookie: 'lang=zh-CN' });
    expect(byCookie.body).toContain('未来园区');
    expect(byCookie.body).not.toContain('Parks of the future');
    const byHeader = await get(other, AGENDA, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(byHeader.body).toContain('未来园区');
    // Another spelling of a shipped language gets it; a language we do not ship is passed over for the header's.
    const shortTag = await get(other, `${AGENDA}?lang=zh`, { 'accept-language': 'en' });
    expect(shortTag.body).toContain('未来园区');
    const unknown = await get(other, `${AGENDA}?lang=fr`, { 'accept-language': 'zh-CN' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('未来园区');
    // A visitor with a session cookie (which may be signed in) never gets a kept page; a stale one is simply ignored.
    const staleSession = await get(other, AGENDA, { cookie: 'fd_session=not-a-session; lang=en' });
    expect(staleSession.statusCode).toBe(200);
    expect(staleSession.body).toContain('Parks of the future');
    // Another method never gets a kept page either: a POST without a form token is refused as before.
    expect((await other.inject({ method: 'POST', url: AGENDA, headers: { 'accept-language': 'en' } })).statusCode).toBe(403);
  });

  it('answers a browser holding the current page with 304 and no body, and sends the page again after a publication', async () => {
    const first = await get(t.app, AGENDA, { 'accept-encoding': 'br' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}-br"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    // Each representation has its own tag; both processes give the same.
    const plainTag = (await get(other, AGENDA)).headers.etag;
    expect(plainTag).toBe(etag.replace('-br"', '"'));
    for (const app of [t.app, other]) {
      const again = await get(app, AGENDA, { 'accept-encoding': 'br', 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect(again.headers.vary).toBe('Accept-Encoding');
      // A weak copy of the tag, or a list holding it, matches too; the plain tag does not match the Brotli page.
      expect((await get(app, AGENDA, { 'accept-encoding': 'br', 'if-none-match': `"x", W/${etag}` })).statusCode).toBe(304);
      expect((await get(app, AGENDA, { 'accept-encoding': 'br', 'if-none-match': plainTag as string })).statusCode).toBe(200);
    }
    await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'networking', title: { en: 'Tea by the lake' }, roomId, startsAt: wallTime('2027-03-01 15:00'), endsAt: wallTime('2027-03-01 15:30') });
    await publish();
    for (const app of [t.app, other]) {
      const changed = await get(app, AGENDA, { 'accept-encoding': 'br', 'if-none-match': etag });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      expect(brotliDecompressSync(changed.rawPayload).toString('utf8')).toContain('Tea by the lake');
    }
  });

  it('keys pages by language and the whole query, as the language switch echoes it', async () => {
    const zh = await get(t.app, `${AGENDA}?lang=zh-CN`);
    expect(zh.body).toContain('未来园区');
    expect((await get(t.app, AGENDA)).body).toContain('Parks of the future');
    const byRoom = await get(t.app, `${AGENDA}?view=room`);
    expect(byRoom.body).toContain('<span aria-current="page">By room</span>');
    const search = await get(t.app, `${AGENDA}?q=green`);
    expect(search.body).toContain('Green campuses');
    expect(search.body).not.toContain('Parks of the future');
    const extra = await get(t.app, `${AGENDA}?q=green&ref=newsletter`);
    expect(extra.body).toContain(`href="/lang/zh-CN?next&#x3D;${encodeURIComponent(`${AGENDA}?q=green&ref=newsletter`)}"`);
    expect((await get(t.app, `${AGENDA}?q=green`)).body).toBe(search.body);
  });

  it('renders a signed-in visitor’s own page and never shares it', async () => {
    const anonymousBefore = (await get(t.app, AGENDA)).body;
    expect(anonymousBefore).not.toContain('/sign-out');
    const mine = await organiser.get(AGENDA);
    expect(mine.body).toContain('action="/sign-out"');
    const anonymousAfter = await get(t.app, AGENDA);
    expect(anonymousAfter.body).toBe(anonymousBefore);
    expect(anonymousAfter.body).not.toContain('name="_csrf"');
  });

  it('shows a pending notice to its visitor only, once', async () => {
    const added = await organiser.submit(`/admin/events/${event.id}/tracks`, { nameEn: 'Green growth', nameZh: '绿色增长', colour: '#1a7f37' }, `/admin/events/${event.id}/tracks`);
    expect(added.statusCode).toBe(303);
    const withNotice = await organiser.get(AGENDA);
    expect(withNotice.body).toContain('The track was added.');
    expect((await organiser.get(AGENDA)).body).not.toContain('The track was added.');
    expect((await get(t.app, AGENDA)).body).not.toContain('The track was added.');
  });

  it('drops a page whose event is no longer published, in every process, once a lease has run out', async () => {
    // Written beside the app (raw SQL, another tool): each process may answer from its last version read for one
    // lease, and no longer. A change through the app waits the lease out before it answers (the first test).
    await t.db.update(events).set({ status: 'draft' }).where(eq(events.id, event.id));
    await outlastVersionLease(t.app.sharedPages);
    for (const app of [t.app, other]) expect((await get(app, AGENDA)).statusCode).toBe(404);
    await t.db.update(events).set({ status: 'published' }).where(eq(events.id, event.id));
    await outlastVersionLease(t.app.sharedPages);
    for (const app of [t.app, other]) expect((await get(app, AGENDA)).statusCode).toBe(200);
  });

  it('answers repeat visits on a real port in the front door with exactly what the full route sends', async () => {
    await other.listen({ port: 0, host: '127.0.0.1' });
    const { port } = other.server.address() as AddressInfo;
    const headers = { 'accept-language': 'en', 'accept-encoding': 'gzip, deflate, br' };
    const viaRoute = await get(other, AGENDA, headers);
    for (let i = 0; i < 3; i++) {
      const answer = await rawGet(port, AGENDA, headers);
      expect(answer.status).toBe(200);
      const { date: _date, 'x-request-id': requestId, connection: _c, 'keep-alive': _k, ...rest } = answer.headers;
      const { date: _d, 'x-request-id': _i, connection: _cc, ...expected } = viaRoute.headers;
      expect(rest).toEqual(expected);
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.equals(viaRoute.rawPayload)).toBe(true);
    }
    // A visitor who may be signed in goes the long way.
    const withSession = await rawGet(port, AGENDA, { ...headers, cookie: 'fd_session=not-a-session' });
    expect(withSession.status).toBe(200);
    expect(brotliDecompressSync(withSession.body).toString('utf8')).toContain('Parks of the future');
    // ?lang in another spelling, or of a language we do not ship, gets the language the route would choose.
    for (const [query, language, text] of [['zh-cn', 'en', '未来园区'], ['fr', 'zh-CN', '未来园区'], ['fr', 'en', 'Parks of the future']] as const) {
      for (let visit = 0; visit < 2; visit++) {
        const answer = await rawGet(port, `${AGENDA}?lang=${query}`, { ...headers, 'accept-language': language });
        expect(answer.status).toBe(200);
        expect(brotliDecompressSync(answer.body).toString('utf8')).toContain(text);
      }
    }
    // A publication through the other process shows here on the next request, front door or not.
    await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'networking', title: { en: 'Boat trip' }, roomId, startsAt: wallTime('2027-03-02 17:00'), endsAt: wallTime('2027-03-02 17:30') });
    await publish();
    expect(brotliDecompressSync((await rawGet(port, AGENDA, headers)).body).toString('utf8')).toContain('Boat trip');
  });

  it('stops answering from the front door once the app closes, so the server can end its connections', async () => {
    const closing = await buildApp({ config: t.config, database: onPostgres ? await t.testDatabase.reopen() : t.database, jobs: t.jobs, clock: t.clock, logger: false });
    let duringClose: Awaited<ReturnType<typeof rawGet>> | undefined;
    const headers = { 'accept-language': 'en', 'accept-encoding': 'br' };
    // Runs after the app's own preClose hooks, while the server still listens.
    closing.addHook('preClose', async () => {
      duringClose = await rawGet(port, AGENDA, headers);
    });
    await closing.listen({ port: 0, host: '127.0.0.1' });
    const { port } = closing.server.address() as AddressInfo;
    expect((await rawGet(port, AGENDA, headers)).status).toBe(200);
    expect((await rawGet(port, AGENDA, headers)).status).toBe(200);
    await closing.close();
    expect([duringClose?.status, duringClose?.headers.connection]).toEqual([503, 'close']);
  });

  it('gives each process the same answer whatever each has cached before (any view, search and language)', async () => {
    const request = fc.record({
      view: fc.constantFrom(undefined, 'day', 'room', 'track'),
      q: fc.option(fc.constantFrom('', 'green', 'Parks', '未来', 'x y', '%'), { nil: undefined }),
      lang: fc.constantFrom(undefined, 'en', 'zh-CN'),
      app: fc.boolean(),
    });
    const url = (r: { view?: string; q?: string; lang?: string }) => {
      const params = new URLSearchParams();
      if (r.view !== undefined) params.set('view', r.view);
      if (r.q !== undefined) params.set('q', r.q);
      if (r.lang !== undefined) params.set('lang', r.lang);
      const query = params.toString();
      return query ? `${AGENDA}?${query}` : AGENDA;
    };
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 8 }), async (history) => {
        // Each request goes to one process, then the same request to the other; their caches differ by then.
        for (const r of history) {
          const [first, second] = r.app ? [t.app, other] : [other, t.app];
          const a = await get(first, url(r));
          const b = await get(second, url(r));
          expect(comparable(b)).toEqual(comparable(a));
        }
      }),
      { numRuns: 25 },
    );
  });
});
