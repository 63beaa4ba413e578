// The time-zone page's ?return= parser: only the event's own pages with a zone control, their own query, nothing else
// (no other event, no other site, no other path); what it reads, written back, reads the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReturnPath, parseReturnPath, returnHref, type ReturnTarget } from '../../src/features/agenda/zone-return.ts';

const SLUG = 'expo-2026';
const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const PAGE = /^\/events\/expo-2026\/(agenda|agenda\/changes|my-agenda|(sessions|speakers)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

describe('parseReturnPath', () => {
  it('reads the event’s agenda pages with the query each reads, dropping the rest', () => {
    expect(parseReturnPath(SLUG, '/events/expo-2026/agenda')).toEqual({ path: '/events/expo-2026/agenda', params: {} });
    expect(parseReturnPath(SLUG, '/events/expo-2026/agenda?view=room&q=li%20na&tz=Europe%2FRome&lang=en&utm=x')).toEqual({ path: '/events/expo-2026/agenda', params: { view: 'room', q: 'li na' } });
    expect(parseReturnPath(SLUG, '/events/expo-2026/agenda?view=grid&day=2026-09-17&q=x')).toEqual({ path: '/events/expo-2026/agenda', params: { view: 'grid', day: '2026-09-17' } });
    // The default view, an unknown one, a day outside the grid, a malformed day: left out.
    expect(parseReturnPath(SLUG, '/events/expo-2026/agenda?view=day&day=2026-09-17')).toEqual({ path: '/events/expo-2026/agenda', params: {} });
    expect(parseReturnPath(SLUG, '/events/expo-2026/agenda?view=map&q=x')).toEqual({ path: '/events/expo-2026/agenda', params: {} });
    expect(parseReturnPath(SLUG, '/events/expo-2026/agenda?view=grid&day=17.9.2026')).toEqual({ path: '/events/expo-2026/agenda', params: { view: 'grid' } });
    expect(parseReturnPath(SLUG, `/events/expo-2026/agenda?q=${'x'.repeat(201)}`)).toEqual({ path: '/events/expo-2026/agenda', params: {} });
    expect(parseReturnPath(SLUG, `/events/expo-2026/sessions/${ID.toUpperCase()}?view=room`)).toEqual({ path: `/events/expo-2026/sessions/${ID}`, params: {} });
    expect(parseReturnPath(SLUG, '/events/expo-2026/my-agenda?s=a,b')).toEqual({ path: '/events/expo-2026/my-agenda', params: {} });
  });

  it('refuses every other address', () => {
    for (const raw of [
      undefined,
      '',
      'https://evil.example/events/expo-2026/agenda',
      '//evil.example/events/expo-2026/agenda',
      '/\\evil.example',
      '/events/expo-2027/agenda',
      '/events/expo-2026x/agenda',
      '/events/expo-2026/agenda/',
      '/events/expo-2026/Agenda',
      '/events/expo-2026//agenda',
      '/events/expo-2026/agenda/../../admin',
      '/events/expo-2026/agenda%2F..%2F..%2Fadmin',
      '/events/expo-2026/agenda/calendars',
      '/events/expo-2026/speakers',
      '/events/expo-2026/sessions/42',
      `/events/expo-2026/sessions/${ID}/edit`,
      `/events/expo-2026/admin/${ID}`,
      '/events/expo-2026/register',
      '/events/expo-2026',
      ' /events/expo-2026/agenda',
      '/events/expo-2026/agenda#x',
      'javascript:alert(1)',
    ]) {
      expect(parseReturnPath(SLUG, raw), String(raw)).toBeUndefined();
    }
  });

  it('reads any text as one of the event’s pages or as nothing, and reads what it writes back the same (property)', () => {
    const pieces = fc.constantFrom('/', '/events/', 'expo-2026', '/agenda', '/changes', '/my-agenda', '/sessions/', '/speakers/', ID, '?', '&', '=', 'view', 'grid', 'room', 'q', 'day', '2026-09-17', '%2F', '..', '//', '\\', '#', 'https:', 'evil.example', '@');
    const text = fc.oneof(fc.string({ maxLength: 120 }), fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 14 }).map((p) => p.join('')));
    fc.assert(
      fc.property(text, (raw) => {
        const target = parseReturnPath(SLUG, raw);
        if (!target) return;
        expect(target.path).toMatch(PAGE);
        if (target.path !== '/events/expo-2026/agenda') expect(target.params).toEqual({});
        expect(parseReturnPath(SLUG, formatReturnPath(target))).toEqual(target);
        const href = returnHref(target, { tz: 'Europe/Rome', lang: 'zh-CN' });
        expect(href.startsWith(`${target.path}?`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back every page it may be given (property)', () => {
    const agenda = fc.oneof(
      fc.record({ view: fc.constantFrom('room', 'track', undefined), q: fc.option(fc.string({ minLength: 1, maxLength: 200 }), { nil: undefined }) }),
      fc.record({ view: fc.constant('grid'), day: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: undefined }) }),
    );
    const target: fc.Arbitrary<ReturnTarget> = fc.oneof(
      agenda.map((params) => ({ path: '/events/expo-2026/agenda', params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) })),
      fc.constantFrom('agenda/changes', 'my-agenda', `sessions/${ID}`, `speakers/${ID}`).map((page) => ({ path: `/events/expo-2026/${page}`, params: {} })),
    );
    fc.assert(
      fc.property(target, (t) => {
        expect(parseReturnPath(SLUG, formatReturnPath(t))).toEqual(t);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('returnHref', () => {
  it('writes the query in the order the agenda’s own links do, the day only where kept', () => {
    const grid: ReturnTarget = { path: '/events/expo-2026/agenda', params: { view: 'grid', day: '2026-09-17' } };
    expect(returnHref(grid, { tz: 'Europe/Rome', lang: 'en' })).toBe('/events/expo-2026/agenda?view=grid&day=2026-09-17&tz=Europe%2FRome&lang=en');
    expect(returnHref(grid, { tz: 'America/New_York', keepDay: false })).toBe('/events/expo-2026/agenda?view=grid&tz=America%2FNew_York');
    expect(returnHref({ path: '/events/expo-2026/agenda', params: { view: 'room', q: 'li na' } }, {})).toBe('/events/expo-2026/agenda?view=room&q=li+na');
  });
});
