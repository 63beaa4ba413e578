// The read-only JSON API: published events and agendas only, exact bodies, problem details for bad addresses, no
// e-mail address anywhere, and the OpenAPI document listing every /api route.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createForumAgenda } from '../factories/agenda.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let forum: EventRow;
let subForum: EventRow;
let agenda: Awaited<ReturnType<typeof createForumAgenda>>;
const responses: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  forum = await createEvent(t.db, {
    slug: 'belt-and-road-forum',
    title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' },
    summary: { en: 'Science parks meet.', 'zh-CN': '科技园区相聚。' },
    description: { en: 'Two days of **talks**.' },
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-19 00:00'),
  });
  subForum = await createEvent(t.db, {
    kind: 'sub-forum',
    parentId: forum.id,
    slug: 'digital-silk-road',
    title: { en: 'Digital Silk Road Sub-forum' },
    summary: {},
    startsAt: wallTime('2026-09-18 09:00'),
    endsAt: wallTime('2026-09-18 12:00'),
  });
  await createEvent(t.db, { slug: 'draft-forum-api', status: 'draft', startsAt: wallTime('2026-09-01 09:00') });
  agenda = await createForumAgenda(t.db, forum.id);
  const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }));
  expect((await organiser.submit(`/admin/events/${forum.id}/agenda`, {}, `/admin/events/${forum.id}/agenda/publish`)).statusCode).toBe(303);
});
afterAll(async () => t.close());

async function api(url: string, status = 200) {
  const res = await new HttpAgent(t.app).get(url);
  responses.push(res.body);
  expect(res.statusCode, res.body.slice(0, 400)).toBe(status);
  expect(res.headers['content-type']).toBe(status === 200 ? 'application/json; charset=utf-8' : 'application/problem+json; charset=utf-8');
  return res.json();
}

const BASE = 'http://forumdesk.test';
const en = (text: string) => ({ en: text });
const venue = { en: 'China National Convention Center', 'zh-CN': '国家会议中心' };

/** The forum as every event listing shows it. */
const FORUM = {
  slug: 'belt-and-road-forum',
  kind: 'forum',
  parentSlug: null,
  title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' },
  summary: { en: 'Science parks meet.', 'zh-CN': '科技园区相聚。' },
  timezone: 'Asia/Shanghai',
  startsAt: '2026-09-16T16:00:00.000Z',
  endsAt: '2026-09-18T16:00:00.000Z',
  url: `${BASE}/events/belt-and-road-forum`,
};

describe('events', () => {
  it('lists the published events with their parent, never drafts', async () => {
    expect(await api('/api/events')).toEqual({
      events: [
        FORUM,
        {
          slug: 'digital-silk-road',
          kind: 'sub-forum',
          parentSlug: 'belt-and-road-forum',
          title: en('Digital Silk Road Sub-forum'),
          summary: {},
          timezone: 'Asia/Shanghai',
          startsAt: '2026-09-18T01:00:00.000Z',
          endsAt: '2026-09-18T04:00:00.000Z',
          url: `${BASE}/events/digital-silk-road`,
        },
      ],
    });
  });

  it('gives one event with its description, sub-forums and published agenda version', async () => {
    const body = await api('/api/events/belt-and-road-forum');
    expect(body).toEqual({
      ...FORUM,
      description: en('Two days of **talks**.'),
      subEvents: ['digital-silk-road'],
      agenda: { version: 1, publishedAt: t.clock.now().toISOString() },
    });
    expect((await api('/api/events/digital-silk-road')).agenda).toBeNull();
  });

  it('answers 404 problem details for a draft or unknown event, and 400 for an address that cannot be a slug', async () => {
    expect(await api('/api/events/draft-forum-api', 404)).toEqual({
      type: 'about:blank',
      title: 'Page not found',
      status: 404,
      detail: 'Nothing is published at this address. Check the event’s web address (its slug) and the id; GET /api/events lists the published events.',
      instance: '/api/events/draft-forum-api',
      requestId: expect.any(String),
    });
    expect((await api('/api/events/no-such-forum/sessions', 404)).status).toBe(404);
    const bad = await api('/api/events/Not_A_Slug', 400);
    expect(bad).toMatchObject({ status: 400, title: 'We could not understand that request', instance: '/api/events/Not_A_Slug' });
    expect(bad.detail).toMatch(/^The value of “slug” is not valid: /);
  });
});

describe('the published agenda', () => {
  it('lists every published session, cancelled ones marked, in start order', async () => {
    const body = await api('/api/events/belt-and-road-forum/sessions');
    const s = agenda.sessions;
    expect(body.version).toBe(1);
    expect(body.sessions.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([
      [s.opening.id, 'scheduled'],
      [s.keynote.id, 'scheduled'],
      [s.roundtable.id, 'scheduled'],
      [s.visit.id, 'cancelled'],
      [s.networking.id, 'scheduled'],
      [s.hackathon.id, 'scheduled'],
      [s.signing.id, 'scheduled'],
    ]);
    expect(body.sessions[2]).toEqual({
      id: s.roundtable.id,
      type: 'roundtable',
      status: 'scheduled',
      title: { 'zh-CN': '圆桌对话：科技园区合作' },
      abstract: {},
      startsAt: '2026-09-17T02:30:00.000Z',
      endsAt: '2026-09-17T04:00:00.000Z',
      language: 'zh',
      interpretation: 'zh-en',
      capacity: null,
      sequence: 0,
      room: { id: agenda.room302.id, name: { en: 'Room 302', 'zh-CN': '302会议室' }, venue },
      track: null,
      people: [
        { speakerId: agenda.people.wangWei.id, name: { 'zh-CN': '王伟' }, role: 'moderator' },
        { speakerId: agenda.people.liNa.id, name: { en: 'Li Na', 'zh-CN': '李娜' }, role: 'panelist' },
      ],
      url: `${BASE}/events/belt-and-road-forum/sessions/${s.roundtable.id}`,
    });
    expect(await api('/api/events/digital-silk-road/sessions')).toEqual({ version: null, sessions: [] });
  });

  it('gives one session, 404 for one not published there, 400 for an id that is not a UUID', async () => {
    const s = agenda.sessions;
    expect(await api(`/api/events/belt-and-road-forum/sessions/${s.keynote.id}`)).toEqual({
      id: s.keynote.id,
      type: 'keynote',
      status: 'scheduled',
      title: { en: 'Keynote: Innovation & the <Digital> Silk Road', 'zh-CN': '主旨演讲：创新与数字丝绸之路' },
      abstract: { en: 'How **ideas** travel.', 'zh-CN': '思想如何传播。' },
      startsAt: '2026-09-17T01:30:00.000Z',
      endsAt: '2026-09-17T02:15:00.000Z',
      language: 'en',
      interpretation: null,
      capacity: null,
      sequence: 0,
      room: { id: agenda.room301.id, name: { en: 'Room 301', 'zh-CN': '301会议室' }, venue },
      track: { id: agenda.track.id, name: { en: 'Digital Silk Road', 'zh-CN': '数字丝绸之路' }, colour: '#0969da' },
      people: [{ speakerId: agenda.people.marco.id, name: en('Marco Rossi'), role: 'speaker' }],
      url: `${BASE}/events/belt-and-road-forum/sessions/${s.keynote.id}`,
    });
    // A real session, but of another event’s agenda.
    expect((await api(`/api/events/digital-silk-road/sessions/${s.keynote.id}`, 404)).status).toBe(404);
    expect((await api('/api/events/belt-and-road-forum/sessions/0190aaaa-0000-7000-8000-000000000000', 404)).status).toBe(404);
    const bad = await api('/api/events/belt-and-road-forum/sessions/42', 400);
    expect(bad.detail).toBe('The value of “id” is not valid: use an id such as 0190a2b4-7c1d-7e3f-9a2b-3c4d5e6f7a8b.');
    // In Chinese throughout, the validator's English words too.
    expect((await api('/api/events/belt-and-road-forum/sessions/42?lang=zh-CN', 400)).detail).toBe('“id”的值无效：请使用编号，例如 0190a2b4-7c1d-7e3f-9a2b-3c4d5e6f7a8b。');
    const zh = await api('/api/events/belt-and-road-forum/sessions/0190aaaa-0000-7000-8000-000000000000?lang=zh-CN', 404);
    expect(zh.title).toBe('找不到该页面');
    expect(zh.detail).toBe('此地址下没有已发布的内容。请检查活动网址（slug）和编号；GET /api/events 可列出已发布的活动。');
    // A choice names what may be chosen.
    expect((await api('/api/events?lang=fr', 400)).detail).toBe('The value of “lang” is not valid: use one of en, zh-CN.');
  });

  it('lists the speakers with what is public about them and their sessions, but no e-mail address', async () => {
    const { liNa, marco, wangWei } = agenda.people;
    const s = agenda.sessions;
    expect(await api('/api/events/belt-and-road-forum/speakers')).toEqual({
      version: 1,
      speakers: [
        { id: liNa.id, name: { en: 'Li Na', 'zh-CN': '李娜' }, title: { en: 'Director', 'zh-CN': '主任' }, organisation: { en: 'Zhongguancun Science Park', 'zh-CN': '中关村科技园区' }, country: 'CN', sessions: [s.opening.id, s.roundtable.id] },
        { id: marco.id, name: en('Marco Rossi'), title: {}, organisation: en('Politecnico di Milano'), country: 'IT', sessions: [s.keynote.id] },
        { id: wangWei.id, name: { 'zh-CN': '王伟' }, title: {}, organisation: {}, country: 'CN', sessions: [s.roundtable.id] },
      ],
    });
  });

  it('lists the rooms and tracks the published agenda uses', async () => {
    expect(await api('/api/events/belt-and-road-forum/rooms')).toEqual({
      version: 1,
      rooms: [
        { id: agenda.room301.id, name: { en: 'Room 301', 'zh-CN': '301会议室' }, venue },
        { id: agenda.room302.id, name: { en: 'Room 302', 'zh-CN': '302会议室' }, venue },
      ],
    });
    expect(await api('/api/events/belt-and-road-forum/tracks')).toEqual({
      version: 1,
      tracks: [{ id: agenda.track.id, name: { en: 'Digital Silk Road', 'zh-CN': '数字丝绸之路' }, colour: '#0969da' }],
    });
  });

  it('never shows an e-mail address in any answer', () => {
    expect(responses.length).toBeGreaterThan(10);
    for (const body of responses) expect(body).not.toMatch(/@|forumdesk\.example\.org/);
  });
});

describe('any address under /api/events', () => {
  it('answers JSON, or problem details (400 or 404), never an error page or a 500', async () => {
    const segment = fc.oneof(
      fc.constantFrom('belt-and-road-forum', 'digital-silk-road', 'draft-forum-api', agenda.sessions.keynote.id, agenda.sessions.keynote.id.toUpperCase(), '%E4%B8%AD', '..', '%00', 'a'.repeat(81)),
      fc.stringMatching(/^[A-Za-z0-9._~%-]{1,40}$/),
    );
    await fc.assert(
      fc.asyncProperty(segment, fc.constantFrom('', '/sessions', '/speakers', '/rooms', '/tracks', '/sessions/'), segment, async (slug, tail, id) => {
        const url = `/api/events/${slug}${tail}${tail.endsWith('/') ? id : ''}`;
        const res = await new HttpAgent(t.app).get(url);
        expect([200, 400, 404], url).toContain(res.statusCode);
        if (res.statusCode === 200) expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        else expect(res.json(), url).toMatchObject({ type: 'about:blank', status: res.statusCode, requestId: expect.any(String) });
      }),
      { numRuns: 60 },
    );
  });
});

describe('the OpenAPI document and its viewer', () => {
  it('is OpenAPI 3 and describes every public /api route with its parameters and answers, and nothing else', async () => {
    const doc = await api('/api/docs/json');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Forum Desk API', version: '1.0.0' });
    const apiRoutes = t.app.registeredRoutes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && !r.url.startsWith('/api/admin/') && r.method === 'GET')
      .map((r) => r.url.replace(/:(\w+)/g, '{$1}'));
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(apiRoutes)].sort());
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/events',
      '/api/events/{slug}',
      '/api/events/{slug}/rooms',
      '/api/events/{slug}/sessions',
      '/api/events/{slug}/sessions/{id}',
      '/api/events/{slug}/speakers',
      '/api/events/{slug}/tracks',
    ]);
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>)) {
      expect(Object.keys(item), path).toEqual(['get']);
      expect(item.get!.responses['200'], path).toBeDefined();
      for (const name of path.match(/\{(\w+)\}/g) ?? []) expect(item.get!.parameters?.map((p) => `${p.in}:${p.name}`), path).toContain(`path:${name.slice(1, -1)}`);
    }
    const session = doc.paths['/api/events/{slug}/sessions/{id}'].get;
    expect(Object.keys(session.responses)).toEqual(['200', '400', '404']);
    expect(Object.keys(session.responses['404'].content)).toEqual(['application/problem+json']);
    expect(JSON.stringify(doc)).not.toContain('email');
  });

  it('is shown by Swagger UI, whose pages alone may use inline style attributes', async () => {
    const page = await new HttpAgent(t.app).get('/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self';img-src 'self' data:;form-action 'self';frame-ancestors 'none';base-uri 'none';object-src 'none';style-src 'self' 'unsafe-inline'",
    );
    const home = await new HttpAgent(t.app).get('/');
    expect(home.headers['content-security-policy']).not.toContain('style-src');
    expect(home.headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
