// The organiser overview exists before accounts do, so until issue 5 it is served only in development to this machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createEvent } from '../factories/events.ts';

let dev: TestApp;
let test: TestApp;
beforeAll(async () => {
  [dev, test] = await Promise.all([buildTestApp({ env: { NODE_ENV: 'development', DATA_DIR: '/tmp/fd-admin-test' } }), buildTestApp()]);
  await createEvent(dev.db, { slug: 'draft-forum', title: { en: 'Draft Forum', 'zh-CN': '草稿论坛' }, status: 'draft' });
  await createEvent(dev.db, { slug: 'live-forum', title: { en: 'Live Forum' }, status: 'published' });
});
afterAll(async () => {
  await Promise.all([dev.close(), test.close()]);
});

describe('/admin', () => {
  it('lists every event with its status for a local developer, in the admin layout', async () => {
    const res = await dev.app.inject({ url: '/admin', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<body class="admin">');
    expect(res.body).toContain('Draft Forum');
    expect(res.body).toContain('<span class="badge badge--draft">Draft</span>');
    expect(res.body).toContain('<a href="/events/live-forum">Live Forum</a>');
  });

  it('is refused from another machine', async () => {
    const res = await dev.app.inject({ url: '/admin', remoteAddress: '10.1.2.3', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('Draft Forum');
  });

  it('is refused outside development', async () => {
    const res = await test.app.inject({ url: '/admin', headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h1>您无权打开此页面</h1>');
  });
});
