// The front door answers a repeat visit to a kept page on the socket, hands everything else to Fastify's handler,
// and stops answering once the app closes, so that Fastify can send 503 with Connection: close and the server ends.
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { createPageCache, storePage, type PageCache } from '../../src/lib/page-cache.ts';
import { frontDoorServer, type FrontDoor } from '../../src/plugins/shared-pages.ts';
import { createTestClock } from '../helpers/clock.ts';
import { rawGet } from '../helpers/raw-get.ts';

const clock = createTestClock('2027-01-10T00:00:00Z');
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A cache holding one English page at /agenda for version 1, read without a database. */
async function cacheWithPage(): Promise<PageCache> {
  const pages = createPageCache({} as Db);
  const read = Object.assign(async () => 1, { current: () => 1, expire: () => {} });
  const stored = await storePage('<p>kept</p>', { 'x-frame-options': 'SAMEORIGIN' });
  pages.entries.set('en /agenda', 1, clock.now().getTime() + 60_000, stored);
  return { ...pages, readVersion: read };
}

/** Starts the front door on a free port; `handled` lists what reached Fastify's place, which answers 503. */
async function start(door: FrontDoor): Promise<{ port: number; handled: string[] }> {
  const handled: string[] = [];
  const handler = (req: { url?: string }, res: ServerResponse) => {
    handled.push(req.url ?? '');
    res.writeHead(503, { connection: 'close' }).end('closing');
  };
  server = frontDoorServer(door)(handler, { keepAliveTimeout: 5_000 });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, handled };
}

const get = async (port: number, path: string) => {
  const { status, headers, body } = await rawGet(port, path, { 'accept-language': 'en' });
  return { status, headers, body: body.toString('utf8') };
};

describe('the front door', () => {
  it('answers a kept page itself, with its stored headers, and hands anything else to Fastify', async () => {
    const door: FrontDoor = { pages: await cacheWithPage(), clock };
    const { port, handled } = await start(door);
    const kept = await get(port, '/agenda');
    expect([kept.status, kept.body, kept.headers['x-frame-options']]).toEqual([200, '<p>kept</p>', 'SAMEORIGIN']);
    expect(kept.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get(port, '/other')).status).toBe(503);
    expect(handled).toEqual(['/other']);
  });

  it('hands every request to Fastify once the app is closing', async () => {
    const door: FrontDoor = { pages: await cacheWithPage(), clock, closing: true };
    const { port, handled } = await start(door);
    const answer = await get(port, '/agenda');
    expect([answer.status, answer.headers.connection]).toEqual([503, 'close']);
    expect(handled).toEqual(['/agenda']);
  });

  it('refuses to be built for HTTPS or HTTP/2, which a proxy serves', () => {
    expect(() => frontDoorServer({})(() => {}, { http2: true } as never)).toThrow(/HTTP\/1\.1 only/);
  });
});
