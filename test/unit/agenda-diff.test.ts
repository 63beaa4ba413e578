// The changelog between two published versions of an agenda: added, moved, renamed, cancelled, reinstated, updated and
// removed sessions.
import { describe, expect, it } from 'vitest';
import type { PublishedSession } from '../../src/db/schema/index.ts';
import { diffAgenda, nextSequence } from '../../src/features/agenda/publish.ts';

const session = (id: string, over: Partial<PublishedSession> = {}): PublishedSession => ({
  id,
  title: { en: `Session ${id}` },
  startsAt: '2026-09-17T01:00:00.000Z',
  endsAt: '2026-09-17T02:00:00.000Z',
  roomId: 'room-1',
  status: 'scheduled',
  ...over,
});

describe('diffAgenda', () => {
  it('names every kind of change, in the order of the new agenda, removals last', () => {
    const before = [session('a'), session('b'), session('c'), session('d'), session('e')];
    const after = [
      session('a'),
      session('b', { startsAt: '2026-09-17T02:00:00.000Z', endsAt: '2026-09-17T03:00:00.000Z' }),
      session('c', { title: { en: 'Renamed' } }),
      session('d', { status: 'cancelled' }),
      session('f'),
    ];
    expect(diffAgenda(before, after)).toEqual([
      { kind: 'moved', sessionId: 'b', title: { en: 'Session b' } },
      { kind: 'renamed', sessionId: 'c', title: { en: 'Renamed' } },
      { kind: 'cancelled', sessionId: 'd', title: { en: 'Session d' } },
      { kind: 'added', sessionId: 'f', title: { en: 'Session f' } },
      { kind: 'removed', sessionId: 'e', title: { en: 'Session e' } },
    ]);
  });

  it('says a cancelled session is back, and which other details changed, but not a speaker’s answer', () => {
    const speaker = { speakerId: 'sp-1', name: { en: 'Li Na' }, role: 'speaker' as const, status: 'invited' as const };
    const before = [session('a', { status: 'cancelled' }), session('b', { people: [speaker], abstract: { en: 'Old' }, capacity: 40, trackId: null }), session('c', { people: [speaker] })];
    const after = [
      session('a'),
      session('b', { people: [{ ...speaker, role: 'moderator' }], abstract: { en: 'New' }, capacity: 40, trackId: 'track-1' }),
      session('c', { people: [{ ...speaker, status: 'accepted' }] }),
    ];
    expect(diffAgenda(before, after)).toEqual([
      { kind: 'reinstated', sessionId: 'a', title: { en: 'Session a' } },
      { kind: 'updated', sessionId: 'b', title: { en: 'Session b' }, fields: ['people', 'abstract', 'track'] },
    ]);
  });

  it('compares nothing a version published before the field was kept does not hold', () => {
    const legacy = session('a');
    expect(diffAgenda([legacy], [session('a', { type: 'keynote', abstract: { en: 'New' }, language: 'en', people: [] })])).toEqual([]);
  });

  it('calls a change of room a move, and finds nothing when nothing changed', () => {
    expect(diffAgenda([session('a')], [session('a', { roomId: 'room-2' })])).toEqual([{ kind: 'moved', sessionId: 'a', title: { en: 'Session a' } }]);
    expect(diffAgenda([session('a'), session('b')], [session('a'), session('b')])).toEqual([]);
    expect(diffAgenda([], [session('a')])).toEqual([{ kind: 'added', sessionId: 'a', title: { en: 'Session a' } }]);
  });
});

describe('nextSequence (the calendar SEQUENCE of a published session)', () => {
  it('starts at 0, stays while nothing published changes, and rises by one per version with a change', () => {
    const first = { ...session('a'), sequence: nextSequence(undefined, session('a')) };
    expect(first.sequence).toBe(0);
    expect(nextSequence(first, { ...session('a') })).toBe(0);
    const moved = { ...session('a', { startsAt: '2026-09-17T01:30:00.000Z' }), sequence: 0 };
    expect(nextSequence(first, moved)).toBe(1);
    const movedAgain = { ...session('a', { startsAt: '2026-09-17T01:30:00.000Z', abstract: { en: 'New abstract' } }) };
    expect(nextSequence({ ...moved, sequence: 1 }, movedAgain)).toBe(2);
  });

  it('ignores the order of keys (a stored version comes back from jsonb with its keys in another order)', () => {
    const written = session('a', { room: { name: { en: 'Room 301', 'zh-CN': '301会议室' }, venue: { en: 'CNCC' } } });
    const stored = JSON.parse(JSON.stringify({ sequence: 2, status: written.status, roomId: written.roomId, endsAt: written.endsAt, startsAt: written.startsAt, title: written.title, id: 'a', room: { venue: { en: 'CNCC' }, name: { 'zh-CN': '301会议室', en: 'Room 301' } } }));
    expect(nextSequence(stored, written)).toBe(2);
  });
});
