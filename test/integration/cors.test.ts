// Other sites' apps read the public data (JSON API, frab schedules, agenda feeds) from the browser: any origin may,
// without credentials; every page, form and private feed keeps the same-origin rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createEvent } from '../factories/events.ts';

let t: TestApp;
const ORIGIN = 'https://app.conference-guide.example';

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  await createEvent(t.db, { slug: 'open-data-forum', status: 'published' });
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { origin: ORIGIN } });

describe('public data for other origins', () => {
  it.each(['/api/events', '/api/events/open-data-forum', '/api/events/open-data-forum/sessions', '/events/open-data-forum/schedule.json', '/events/open-data-forum/schedule.xml?lang=zh-CN'])('lets any origin read %s', async (url) => {
    // Twice: the second answer may come from the shared page cache, and must say the same.
    for (const res of [await get(url), await get(url)]) {
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    }
  });

  it('says so to a preflight, and on a refusal (an unknown event, a feed not published yet)', async () => {
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/api/events/open-data-forum/speakers', headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept' } });
    expect(preflight.statusCode).toBe(204);
    expect([preflight.headers['access-control-allow-origin'], preflight.headers['access-control-allow-methods']]).toEqual(['*', 'GET, HEAD']);
    for (const url of ['/api/events/no-such-forum', '/events/open-data-forum/agenda.ics']) {
      const res = await get(url);
      expect([res.statusCode, res.headers['access-control-allow-origin']], url).toEqual([404, '*']);
    }
  });

  it('keeps pages, forms, the organisers’ area and private feeds to their own origin', async () => {
    for (const url of ['/', '/events/open-data-forum', '/events/open-data-forum/agenda', '/events/open-data-forum/my-agenda/abc.ics', '/admin', '/api/docs', '/events/open-data-forum/schedule.json.bak']) {
      const res = await get(url);
      expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
    }
    const post = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%40b.example&password=x' });
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/sign-in', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
