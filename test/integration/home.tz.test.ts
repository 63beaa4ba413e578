// The home page: upcoming published events only, in the reader's language, dates in each event’s own zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { createTestClock } from '../helpers/clock.ts';
import { beijingTime, createEvent, wallTime } from '../factories/events.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ clock: createTestClock('2027-01-10T00:00:00Z') });
  const forum = await createEvent(t.db, {
    slug: 'zgc-forum-2027',
    title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛年会' },
    summary: { en: 'Annual forum.', 'zh-CN': '年度论坛。' },
    startsAt: beijingTime('2027-03-27 09:00'),
    endsAt: beijingTime('2027-03-31 18:00'),
  });
  await createEvent(t.db, {
    kind: 'sub-forum',
    parentId: forum.id,
    slug: 'zgc-forum-2027-belt-and-road',
    title: { en: 'Belt and Road S&T Innovation Forum', 'zh-CN': '“一带一路”科技创新合作论坛' },
    startsAt: beijingTime('2027-03-29 09:00'),
    endsAt: beijingTime('2027-03-29 17:30'),
  });
  await createEvent(t.db, {
    kind: 'sub-forum',
    parentId: forum.id,
    slug: 'zgc-forum-2027-draft-sub',
    title: { en: 'Unpublished Sub-forum' },
    status: 'draft',
  });
  await createEvent(t.db, {
    kind: 'conference',
    slug: 'conference-2027',
    title: { en: 'Science Parks World Conference' },
    summary: { en: 'English working language.' },
    startsAt: beijingTime('2027-02-15 09:00'),
    endsAt: beijingTime('2027-02-19 17:00'),
  });
  await createEvent(t.db, {
    kind: 'innovation-week',
    slug: 'china-italy-week-rome',
    title: { en: 'China–Italy Innovation Week', 'zh-CN': '中意创新合作周' },
    timezone: 'Europe/Rome',
    startsAt: wallTime('2027-05-10 09:30', 'Europe/Rome'),
    endsAt: wallTime('2027-05-14 17:00', 'Europe/Rome'),
  });
  // Made with its dates only (whole days from midnight), its times not set yet.
  await createEvent(t.db, { slug: 'dates-only-salon', title: { en: 'Dates-only Salon' }, startsAt: beijingTime('2027-04-20 00:00'), endsAt: beijingTime('2027-04-21 00:00') });
  await createEvent(t.db, { slug: 'draft-forum', title: { en: 'Secret Draft Forum' }, status: 'draft' });
  await createEvent(t.db, { slug: 'archived-forum', title: { en: 'Archived Forum' }, status: 'archived' });
  await createEvent(t.db, {
    slug: 'ended-forum',
    title: { en: 'Forum That Already Ended' },
    startsAt: beijingTime('2027-01-05 09:00'),
    endsAt: beijingTime('2027-01-09 17:00'),
  });
});
afterAll(() => t.close());

function cardTitles(html: string): string[] {
  return [...html.matchAll(/<h2 class="event-card__title"[^>]*><a href="\/events\/([^"]+)"/g)].map((m) => m[1]!);
}

describe('home page', () => {
  it('lists only upcoming published top-level events, soonest first', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(cardTitles(res.body)).toEqual(['conference-2027', 'zgc-forum-2027', 'dates-only-salon', 'china-italy-week-rome']);
    expect(res.body).not.toContain('Secret Draft Forum');
    expect(res.body).not.toContain('Archived Forum');
    expect(res.body).not.toContain('Forum That Already Ended');
    expect(res.body).toContain('4 upcoming events');
  });

  it('shows published sub-forums under their forum, never drafts', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'accept-language': 'en' } });
    expect(res.body).toContain('<a href="/events/zgc-forum-2027-belt-and-road">Belt and Road S&amp;T Innovation Forum</a>');
    expect(res.body).toContain('1 sub-forum');
    expect(res.body).not.toContain('Unpublished Sub-forum');
  });

  it('prints dates in each event’s own zone, in English', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(res.body).toContain('<html lang="en" dir="ltr">');
    expect(res.body).toContain('27–31 Mar 2027');
    expect(res.body).toContain('27 Mar 2027, 09:00 (Beijing time, UTC+8)');
    expect(res.body).toContain('10 May 2027, 09:30 (Rome time, UTC+2)');
    // No "Opens 00:00" for an event whose times are not set yet: its dates say when it is.
    const salon = res.body.slice(res.body.indexOf('id="event-dates-only-salon"'));
    expect(salon.slice(0, salon.indexOf('</article>'))).not.toContain('Opens');
    expect(res.body).not.toContain('00:00 (Beijing time');
  });

  it('speaks Chinese to a Chinese browser', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(res.body).toContain('<html lang="zh-CN" dir="ltr">');
    expect(res.body).toContain('<h1>近期活动</h1>');
    expect(res.body).toContain('2027年3月27日至31日');
    expect(res.body).toContain('2027年3月27日 09:00（北京时间）');
    expect(res.body).toContain('2027中关村论坛年会');
  });

  it('marks organiser text shown in the other language', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'accept-language': 'zh-CN' } });
    expect(res.body).toContain('<span lang="en">Science Parks World Conference</span> <span class="lang-marker">仅英文</span>');
  });

  it('shows an empty state when nothing is upcoming', async () => {
    t.clock.set('2028-01-01T00:00:00Z');
    try {
      const res = await t.app.inject({ url: '/', headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('No upcoming events have been published yet.');
      expect(cardTitles(res.body)).toEqual([]);
    } finally {
      t.clock.set('2027-01-10T00:00:00Z');
    }
  });
});

describe('language', () => {
  it('remembers the chosen language in a cookie and returns to the page', async () => {
    const res = await t.app.inject({ url: '/lang/zh-CN?next=%2Fevents%2Fzgc-forum-2027', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/events/zgc-forum-2027');
    const cookie = res.cookies.find((c) => c.name === 'lang');
    expect(cookie).toMatchObject({ value: 'zh-CN', path: '/', maxAge: 31_536_000, sameSite: 'Lax', httpOnly: true });
    const page = await t.app.inject({ url: '/', headers: { 'accept-language': 'en', cookie: 'lang=zh-CN' } });
    expect(page.body).toContain('<html lang="zh-CN" dir="ltr">');
  });

  it('lets ?lang override the cookie for one page', async () => {
    const res = await t.app.inject({ url: '/?lang=en', headers: { cookie: 'lang=zh-CN' } });
    expect(res.body).toContain('<h1>Upcoming events</h1>');
  });

  it('returns to a page whose address holds Chinese characters (a search), encoded', async () => {
    // As a hand-written link has it: the next address itself not encoded.
    const res = await t.app.inject({ url: '/lang/en?next=/events/zgc-forum-2027/agenda?q=刘' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/events/zgc-forum-2027/agenda?q=%E5%88%98');
  });

  it('returns from a form answered with errors to the page the form was on, never to the address it was sent to', async () => {
    const agent = new HttpAgent(t.app);
    const form = await agent.get('/sign-in');
    const switchOf = (body: string) => /href="(\/lang\/zh-CN\?next[^"]*)"/.exec(body)![1]!.replace(/&#x3D;/g, '=');
    // The sign-in form sent without a password: the page with its errors stands at POST /sign-in's address.
    const send = (headers: Record<string, string>) => agent.post('/sign-in', { ...hiddenFields(form.body, '/sign-in'), email: 'someone@example.org', password: '' }, headers);
    const fromForm = await send({ referer: 'http://localhost/sign-in?next=%2Fadmin' });
    expect(fromForm.statusCode).toBe(422);
    expect(switchOf(fromForm.body)).toBe(`/lang/zh-CN?next=${encodeURIComponent('/sign-in?next=%2Fadmin')}`);
    // No Referer, or another site's: the start page.
    expect(switchOf((await send({})).body)).toBe('/lang/zh-CN?next=%2F');
    expect(switchOf((await send({ referer: 'https://evil.example/sign-in' })).body)).toBe('/lang/zh-CN?next=%2F');
  });

  it('answers a form in the language of the page it was sent from (opened with ?lang), not the browser’s', async () => {
    const agent = new HttpAgent(t.app);
    const form = await agent.get('/sign-in?lang=zh-CN');
    const send = (referer: string) => agent.post('/sign-in', { ...hiddenFields(form.body, '/sign-in'), email: 'someone@example.org', password: '' }, { referer, 'accept-language': 'en' });
    expect((await send('http://localhost/sign-in?lang=zh-CN')).body).toContain('<html lang="zh-CN"');
    // Another site's page says nothing about this one's language.
    expect((await send('https://evil.example/sign-in?lang=zh-CN')).body).toContain('<html lang="en"');
  });

  it('never redirects off the site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', '']) {
      const res = await t.app.inject({ url: `/lang/en?next=${encodeURIComponent(next)}` });
      expect(res.headers.location).toBe('/');
    }
  });

  it('refuses to switch to a language it does not ship, with a message in the reader’s language', async () => {
    const res = await t.app.inject({ url: '/lang/fr', headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('我们不提供“fr”语言。请选择 English（英文）或中文。');
    expect(res.cookies).toEqual([]);
  });

  it('reads ?lang in any spelling of a language it ships, and passes over one it does not', async () => {
    const pageLang = async (query: string, acceptLanguage = 'en') => {
      const res = await t.app.inject({ url: `/?lang=${query}`, headers: { 'accept-language': acceptLanguage } });
      expect(res.statusCode, query).toBe(200);
      return /<html lang="([^"]+)"/.exec(res.body)![1];
    };
    expect(await Promise.all(['zh', 'zh-cn', 'ZH-CN', 'zh-Hans', 'zh-Hans-CN', 'zh_TW', 'zh-CN'].map((q) => pageLang(q)))).toEqual(Array(7).fill('zh-CN'));
    expect(await Promise.all(['en', 'en-US', 'EN-gb'].map((q) => pageLang(q, 'zh-CN')))).toEqual(['en', 'en', 'en']);
    // Another language is passed over: the reader's own settings decide.
    expect([await pageLang('fr', 'zh-CN'), await pageLang('xx-YY', 'en'), await pageLang('', 'zh-CN')]).toEqual(['zh-CN', 'en', 'zh-CN']);
  });

  it('offers the switch on every page, pointing back to the same page', async () => {
    const res = await t.app.inject({ url: '/events/zgc-forum-2027', headers: { 'accept-language': 'en' } });
    expect(res.body).toContain('<a href="/lang/zh-CN?next&#x3D;%2Fevents%2Fzgc-forum-2027" lang="zh-CN" hreflang="zh-CN">中文</a>');
  });
});

describe('event page', () => {
  it('shows a published event with its sub-forums', async () => {
    const res = await t.app.inject({ url: '/events/zgc-forum-2027', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Zhongguancun Forum 2027</h1>');
    expect(res.body).toContain('/events/zgc-forum-2027-belt-and-road');
    expect(res.body).not.toContain('Unpublished Sub-forum');
  });

  it('links a sub-forum back to its forum', async () => {
    const res = await t.app.inject({ url: '/events/zgc-forum-2027-belt-and-road', headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('隶属于<a href="/events/zgc-forum-2027">2027中关村论坛年会</a>');
  });

  it('answers 404 for drafts and unknown slugs', async () => {
    for (const slug of ['draft-forum', 'no-such-event']) {
      const res = await t.app.inject({ url: `/events/${slug}`, headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('<h1>Page not found</h1>');
    }
  });
});
