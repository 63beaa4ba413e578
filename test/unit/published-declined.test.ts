// People who declined are never on the published agenda: versions published before the publication dropped them
// still hold them with status 'declined', and reading the version leaves them (and speakers left on nothing) out.
import { describe, expect, it } from 'vitest';
import type { PublishedSession, PublishedSpeaker } from '../../src/db/schema/index.ts';
import { withoutDeclined } from '../../src/features/agenda/publish.ts';

const speaker = (id: string, en: string): PublishedSpeaker => ({ id, name: { en }, title: {}, organisation: {}, country: null });
const session = (id: string, people: PublishedSession['people']): PublishedSession => ({
  id,
  title: { en: id },
  startsAt: '2027-03-27T01:00:00.000Z',
  endsAt: '2027-03-27T02:00:00.000Z',
  roomId: null,
  status: 'scheduled',
  ...(people ? { people } : {}),
});

describe('withoutDeclined', () => {
  it('drops declined people from sessions, and speakers who are on no session any more', () => {
    const version = {
      version: 3,
      sessions: [
        session('keynote', [
          { speakerId: 'li', name: { en: 'Li Na' }, role: 'speaker', status: 'accepted' },
          { speakerId: 'wang', name: { en: 'Wang Wei' }, role: 'panelist', status: 'declined' },
        ]),
        session('panel', [
          { speakerId: 'marco', name: { en: 'Marco Rossi' }, role: 'moderator', status: 'declined' },
          { speakerId: 'wang', name: { en: 'Wang Wei' }, role: 'panelist', status: 'invited' },
        ]),
      ],
      speakers: [speaker('li', 'Li Na'), speaker('wang', 'Wang Wei'), speaker('marco', 'Marco Rossi')],
    };
    const shown = withoutDeclined(version);
    expect(shown.version).toBe(3);
    expect(shown.sessions.map((s) => [s.id, s.people!.map((p) => p.speakerId)])).toEqual([
      ['keynote', ['li']],
      ['panel', ['wang']],
    ]);
    expect(shown.speakers.map((p) => p.id)).toEqual(['li', 'wang']);
  });

  it('returns a version without declined people (or without people at all) as it is', () => {
    const version = { sessions: [session('a', undefined), session('b', [{ speakerId: 'li', name: { en: 'Li Na' }, role: 'host' }])], speakers: [speaker('li', 'Li Na')] };
    expect(withoutDeclined(version)).toBe(version);
  });
});
