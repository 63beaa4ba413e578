// The page cache shares one render among the visitors who miss at once (right after a publication), renders each
// signed-in visitor's page for them alone, and keeps a page per content version.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { createPageCache, sendCachedPage, type PageCache } from '../../src/lib/page-cache.ts';
import type { RenderedPage } from '../../src/plugins/view.ts';
import { createTestClock } from '../helpers/clock.ts';

const clock = createTestClock('2027-01-10T00:00:00Z');

function fakeRequest(overrides: { user?: object; url?: string } = {}): FastifyRequest {
  return { user: overrides.user, session: {}, locale: 'en', url: overrides.url ?? '/events/x/agenda', headers: {} } as unknown as FastifyRequest;
}

function fakeReply(): FastifyReply & { sent: string[] } {
  const sent: string[] = [];
  const reply = { sent, type: () => reply, header: () => reply, getHeaders: () => ({}), send: (body: string | Buffer) => (sent.push(String(body)), reply) };
  return reply as unknown as FastifyReply & { sent: string[] };
}

/** A cache whose version is whatever `version.current` says, read without a database. */
function cacheAt(version: { current: number }): PageCache {
  const read = Object.assign(async () => version.current, { current: () => undefined, expire: () => {} });
  return { ...createPageCache({} as Db), readVersion: read };
}

describe('sendCachedPage', () => {
  it('renders once for visitors who miss at the same time, and once more per new version', async () => {
    const version = { current: 1 };
    const cache = cacheAt(version);
    let renders = 0;
    const render = async (): Promise<RenderedPage> => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { html: `<p>v${version.current}</p>`, personal: false };
    };
    const replies = Array.from({ length: 20 }, () => fakeReply());
    await Promise.all(replies.map((reply) => sendCachedPage(cache, { clock }, fakeRequest(), reply, render)));
    expect(renders).toBe(1);
    expect(new Set(replies.flatMap((r) => r.sent))).toEqual(new Set(['<p>v1</p>']));
    version.current = 2;
    const later = fakeReply();
    await sendCachedPage(cache, { clock }, fakeRequest(), later, render);
    expect(later.sent).toEqual(['<p>v2</p>']);
    expect(renders).toBe(2);
  });

  it('never shares a page that turned out personal, nor a signed-in visitor’s', async () => {
    const cache = cacheAt({ current: 1 });
    let renders = 0;
    const personal = async (): Promise<RenderedPage> => ({ html: `<p>token ${++renders}</p>`, personal: true });
    const [a, b] = [fakeReply(), fakeReply()];
    await Promise.all([sendCachedPage(cache, { clock }, fakeRequest(), a, personal), sendCachedPage(cache, { clock }, fakeRequest(), b, personal)]);
    expect([...a.sent, ...b.sent].sort()).toEqual(['<p>token 1</p>', '<p>token 2</p>']);
    const signedIn = fakeReply();
    const anonymous = fakeReply();
    await sendCachedPage(cache, { clock }, fakeRequest({ user: { id: 'u1' } }), signedIn, async () => ({ html: '<p>Sign out</p>', personal: true }));
    await sendCachedPage(cache, { clock }, fakeRequest(), anonymous, async () => ({ html: '<p>public</p>', personal: false }));
    expect(anonymous.sent).toEqual(['<p>public</p>']);
  });

  it('passes a failed render on to every visitor waiting for it, and renders afresh afterwards', async () => {
    const cache = cacheAt({ current: 1 });
    const failing = async (): Promise<RenderedPage> => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('no such event');
    };
    const results = await Promise.allSettled([1, 2, 3].map(() => sendCachedPage(cache, { clock }, fakeRequest(), fakeReply(), failing)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const reply = fakeReply();
    await sendCachedPage(cache, { clock }, fakeRequest(), reply, async () => ({ html: '<p>back</p>', personal: false }));
    expect(reply.sent).toEqual(['<p>back</p>']);
  });
});
