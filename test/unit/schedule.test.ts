// The frab schedule model: days from 04:00 to 04:00 in the event’s zone (also across a DST change), slugs and acronyms
// the schemas accept for any event slug and title, ids numbered by first publication.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PublishedSession } from '../../src/db/schema/index.ts';
import { buildSchedule, scheduleAcronym, scheduleDay, sessionSlug } from '../../src/features/exports/schedule.ts';
import { numberInOrder } from '../../src/features/exports/schedule-numbers.ts';

const XSD_SLUG = /^[a-z0-9]{4,}-[0-9]{1,6}-[a-z0-9\-_]{4,}$/;
const JSON_SLUG = /^[a-z0-9_-]+[a-z0-9]$/;
const XSD_ACRONYM = /^[a-z0-9_-]{4,}$/;
const JSON_ACRONYM = /^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$/;
const EVENT_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('ids', () => {
  it('numbers ids by first appearance across versions, keeping numbers of ids that later disappear', () => {
    expect([...numberInOrder([['a', 'b'], ['c', 'a'], ['d']])]).toEqual([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
  });
});

describe('days', () => {
  it('counts 00:00–03:59 to the day before, in the event zone', () => {
    expect(scheduleDay('2026-09-17T19:59:00Z', 'Asia/Shanghai')).toBe('2026-09-17');
    expect(scheduleDay('2026-09-17T20:00:00Z', 'Asia/Shanghai')).toBe('2026-09-18');
  });

  it('keeps 04:00 local on both sides of a DST change (a China–Italy week in Rome)', () => {
    const session = (id: string, startsAt: string, endsAt: string): PublishedSession => ({ id, title: { en: 'Innovation dialogue' }, startsAt, endsAt, roomId: null, status: 'scheduled' });
    const schedule = buildSchedule({
      event: { id: 'e', slug: 'cn-it-week', title: { en: 'China–Italy Innovation Week' }, timezone: 'Europe/Rome', startsAt: new Date('2026-10-24T07:00:00Z'), endsAt: new Date('2026-10-25T22:00:00Z') },
      agenda: { version: 1, sessions: [session('00000000-0000-7000-8000-000000000001', '2026-10-25T01:30:00Z', '2026-10-25T02:30:00Z')] },
      numbers: { sessions: new Map([['00000000-0000-7000-8000-000000000001', 1]]), people: new Map() },
      roomOrder: [],
      lang: 'en',
      baseUrl: 'https://forum.example.org',
    });
    expect(schedule.days.map(({ rooms: _rooms, ...day }) => day)).toEqual([
      { index: 1, date: '2026-10-24', start: '2026-10-24T04:00:00+02:00', end: '2026-10-25T04:00:00+01:00' },
      { index: 2, date: '2026-10-25', start: '2026-10-25T04:00:00+01:00', end: '2026-10-26T04:00:00+01:00' },
    ]);
    // 02:30 winter time (just after clocks went back) belongs to the evening of the 24th; it lasts an hour.
    expect(schedule.days[0]!.rooms[0]!.events.map((e) => [e.date, e.start, e.duration, e.room])).toEqual([['2026-10-25T02:30:00+01:00', '02:30', '01:00', 'Room to be announced']]);
  });
});

describe('slugs and acronyms', () => {
  it('fit both schemas for short slugs and titles without English', () => {
    expect(sessionSlug('ab', 7, { 'zh-CN': '开幕式' })).toBe('ab00-7-session');
    expect(sessionSlug('belt-and-road', 12, { en: 'AI' })).toBe('beltandroad-12-session-ai');
    expect(sessionSlug('zgc-forum', 3, { en: 'Café & Société: Ideas!' })).toBe('zgcforum-3-cafe-societe-ideas');
    expect(scheduleAcronym('ab')).toBe('ab__');
    expect(scheduleAcronym('zgc-forum-2026')).toBe('zgc_forum_2026');
  });

  it('fit both schemas for any event slug, id and title', () => {
    fc.assert(
      fc.property(fc.stringMatching(EVENT_SLUG).filter((s) => s.length <= 80), fc.integer({ min: 1, max: 999_999 }), fc.string({ unit: 'grapheme' }), (slug, id, title) => {
        const made = sessionSlug(slug, id, { en: title });
        expect(made).toMatch(XSD_SLUG);
        expect(made).toMatch(JSON_SLUG);
        expect(scheduleAcronym(slug)).toMatch(XSD_ACRONYM);
        expect(scheduleAcronym(slug)).toMatch(JSON_ACRONYM);
      }),
    );
  });
});
