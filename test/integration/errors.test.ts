// Bad input of every kind gets a clear message and the right status, in pages and in problem details; nothing crashes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from '@fastify/type-provider-typebox';
import { ConflictError, ValidationError } from '../../src/lib/errors.ts';
import { speakers } from '../../src/db/schema/index.ts';
import { createEvent } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { signedInSpeaker } from '../helpers/speaker-portal.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({
    env: { BODY_LIMIT: '2048' },
    extend: (app) => {
      app.get('/boom', async () => {
        throw new Error('secret internal detail');
      });
      app.get('/api/boom', async () => {
        throw new Error('secret internal detail');
      });
      // Test-only routes about body parsing; CSRF has its own test over the real routes.
      app.post('/api/echo', { config: { csrfExempt: true }, schema: { body: Type.Object({ name: Type.String({ minLength: 1 }) }) } }, async (request) => request.body);
      // A unique key taken by someone else a moment earlier, as PostgreSQL reports it through drizzle.
      app.get('/duplicate', async () => {
        throw new Error('Failed query: insert into "events" …', { cause: Object.assign(new Error('duplicate key value violates unique constraint "events_slug_unique"'), { code: '23505' }) });
      });
      app.post('/form-echo', { config: { csrfExempt: true }, schema: { body: Type.Object({ name: Type.String({ maxLength: 200 }) }) } }, async (request) => request.body);
      app.get('/api/conflict', async () => {
        throw new ConflictError();
      });
      app.get('/api/invalid', async () => {
        throw new ValidationError({ email: { key: 'errors.detail.422' } });
      });
    },
  });
});
afterAll(() => t.close());

async function stillServes(): Promise<void> {
  const res = await t.app.inject('/healthz');
  expect(res.statusCode).toBe(200);
}

describe('not found', () => {
  it('renders a 404 page in the reader’s language', async () => {
    const en = await t.app.inject({ url: '/nowhere', headers: { 'accept-language': 'en' } });
    expect(en.statusCode).toBe(404);
    expect(en.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(en.body).toContain('<h1>Page not found</h1>');
    expect(en.body).toContain(`<code>${en.headers['x-request-id']}</code>`);
    const zh = await t.app.inject({ url: '/nowhere', headers: { 'accept-language': 'zh-CN' } });
    expect(zh.body).toContain('<h1>找不到该页面</h1>');
    expect(zh.body).toContain('<html lang="zh-CN" dir="ltr">');
  });

  it('keeps a signed-in person’s menu, and the organiser area’s frame under /admin', async () => {
    const organiser = await signedInAgent(t, await createUser(t.db, {}));
    const admin = await organiser.get('/admin/events/01a219f4-0000-7000-8000-000000000000/nowhere');
    expect(admin.statusCode).toBe(404);
    expect(admin.body).toContain('<h1>Page not found</h1>');
    expect(admin.body).toContain('<span class="brand__area">Organiser area</span>');
    expect(admin.body).toMatch(/<form method="post" action="\/sign-out"><input type="hidden" name="_csrf" value="[^"]+">\s*<button class="link-button" type="submit">Sign out<\/button><\/form>/);
    const publicPage = await organiser.get('/events/no-such-event');
    expect(publicPage.statusCode).toBe(404);
    expect(publicPage.body).toContain('>Sign out</button>');
    expect(publicPage.body).not.toContain('brand__area');
    // Its sign-out button works.
    const token = /action="\/sign-out"><input type="hidden" name="_csrf" value="([^"]+)"/.exec(publicPage.body)![1]!;
    expect((await organiser.post('/sign-out', { _csrf: token })).statusCode).toBe(303);
    expect((await organiser.get('/admin')).statusCode).toBe(303);
    const anonymous = await t.app.inject('/admin/nowhere');
    expect(anonymous.body).not.toContain('Sign out');
    expect(anonymous.body).not.toContain('brand__area');
  });

  it('keeps a signed-in speaker’s portal menu, and tells caches the page is theirs alone', async () => {
    const event = await createEvent(t.db, { slug: 'errors-speaker-2027' });
    await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Li Na' }, email: 'li.na@example.org' });
    const speaker = await signedInSpeaker(t, 'li.na@example.org');
    const res = await speaker.get('/events/no-such-event');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('action="/speaker/sign-out"');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const anonymous = await t.app.inject('/events/no-such-event');
    expect(anonymous.headers['cache-control']).toBeUndefined();
  });

  it('answers problem details under /api', async () => {
    const res = await t.app.inject({ url: '/api/nowhere', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toEqual({
      type: 'about:blank',
      title: 'Page not found',
      status: 404,
      detail: 'Nothing is published at this address. Check the event’s web address (its slug) and the id; GET /api/events lists the published events.',
      instance: '/api/nowhere',
      requestId: res.headers['x-request-id'],
    });
  });
});

describe('server errors', () => {
  it('shows a plain 500 page without internals, with a reference', async () => {
    const res = await t.app.inject({ url: '/boom', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('<h1>Sorry, something went wrong on our side</h1>');
    expect(res.body).toContain(`give the organisers this reference: ${res.headers['x-request-id']}.`);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toContain('at ');
  });

  it('answers problem+json for API errors', async () => {
    const res = await t.app.inject({ url: '/api/boom', headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ status: 500, title: '抱歉，系统出现了问题' });
    expect(res.body).not.toContain('secret internal detail');
  });

  it('maps typed domain errors', async () => {
    expect((await t.app.inject('/api/conflict')).json()).toMatchObject({ status: 409, title: 'This cannot be done right now' });
    const invalid = await t.app.inject('/api/invalid');
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toMatchObject({ status: 422, errors: { email: 'Some fields need your attention.' } });
  });
});

describe('conflicts', () => {
  it('answers a unique key lost to a simultaneous change with 409 and a page saying what to do', async () => {
    const res = await t.app.inject({ url: '/duplicate', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Someone else changed the same thing at the same moment. Reload the page to see the latest version and try again.');
  });
});

describe('bad bodies', () => {
  it('rejects a body over the limit with 413 and says the limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/form-echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: `name=${'x'.repeat(5000)}`,
    });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('The request was larger than 2 KB.');
    await stillServes();
  });

  it('rejects invalid JSON with a 400 problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/echo', headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    await stillServes();
  });

  it('names the field that failed validation, with 422', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/echo', payload: { name: '' }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toBe('The value of “name” is not valid: use at least 1 character.');
  });

  it('rejects an unknown content type with 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/form-echo', headers: { 'content-type': 'application/x-custom' }, payload: 'x' });
    expect(res.statusCode).toBe(415);
    expect(res.body).toContain('Please send the form from the page itself.');
  });

  it('survives malformed urlencoded bodies', async () => {
    for (const payload of ['%', '%%%', '&&&=&', 'name=a&name=b', '=x', 'name']) {
      const res = await t.app.inject({ method: 'POST', url: '/form-echo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      expect([200, 400, 422], payload).toContain(res.statusCode);
    }
    await stillServes();
  });

  it('rejects invalid UTF-8 in the address with a clear 400, on the site’s own error page', async () => {
    const res = await t.app.inject({ url: '/events/%FF%FE', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('The address or form contained characters that are not valid UTF-8 text.');
    expect(res.body).toContain('<html lang="en"');
    const api = await t.app.inject({ url: '/api/%C3%28' });
    expect(api.statusCode).toBe(400);
    await stillServes();
  });

  it('answers a part of the address longer than any id or token as not found, not as bad encoding', async () => {
    for (const url of [`/password/reset/${'A'.repeat(300)}`, `/events/${'a'.repeat(250)}`]) {
      const res = await t.app.inject({ url, headers: { 'accept-language': 'zh-CN' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<html lang="zh-CN"');
      expect(res.body).not.toContain('UTF-8');
    }
    await stillServes();
  });

  it('never answers 5xx to any path, query or form body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 200 }),
        async (segment, lang, body) => {
          const url = `/${encodeURIComponent(segment)}?lang=${encodeURIComponent(lang)}`;
          const get = await t.app.inject({ url });
          expect(get.statusCode).toBeLessThan(500);
          const post = await t.app.inject({ method: 'POST', url: '/form-echo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
          expect(post.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('headers', () => {
  it('sets a strict CSP and a request id on every response', async () => {
    const res = await t.app.inject('/');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self';img-src 'self' data:;form-action 'self';frame-ancestors 'none';base-uri 'none';object-src 'none'",
    );
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('sends no header only browsers long gone act on', async () => {
    const res = await t.app.inject('/');
    const obsolete = ['x-xss-protection', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-dns-prefetch-control'];
    expect(obsolete.filter((name) => name in res.headers)).toEqual([]);
    // Still sent for browsers that ignore frame-ancestors, as strict as it.
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});

describe('form bodies', () => {
  it('decodes UTF-8 forms, including Chinese', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/form-echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `name=${encodeURIComponent('张伟 Zhang Wei')}`,
    });
    expect(res.json()).toEqual({ name: '张伟 Zhang Wei' });
  });

  it.each([
    ['an invalid escape', 'name=%FF%FE'],
    ['a truncated escape', 'name=%E4%B8'],
    ['raw invalid bytes', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe])],
  ])('refuses %s with a clear 422', async (_what, payload) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/form-echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The address or form contained characters that are not valid UTF-8 text.');
  });
});
