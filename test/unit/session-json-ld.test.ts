// Where a session is, for search engines: its room inside the venue that has the room (the event's own, or for a
// sub-forum its forum's), with the venue's address; a session without a room at the event's own venue.
import { describe, expect, it } from 'vitest';
import type { PublishedSession } from '../../src/db/schema/index.ts';
import { sessionJsonLd, type JsonLdVenue } from '../../src/features/agenda/session-json-ld.ts';

const event = { slug: 'belt-and-road-sub-forum', title: { en: 'Belt and Road Sub-forum' }, timezone: 'Asia/Shanghai', startsAt: new Date('2027-03-26T00:00:00Z'), endsAt: new Date('2027-03-26T10:00:00Z') };
const session = (roomId: string | null, room: PublishedSession['room'] = null): PublishedSession => ({
  id: '0190aaaa-0000-7000-8000-000000000001',
  title: { en: 'Keynote' },
  startsAt: '2027-03-26T01:00:00.000Z',
  endsAt: '2027-03-26T02:00:00.000Z',
  roomId,
  status: 'scheduled',
  room,
});
const ownHall: JsonLdVenue = { name: { en: 'Dinner hall' }, address: { en: '1 Garden Road' }, rooms: [{ id: 'room-own' }] };
const forumCentre: JsonLdVenue = { name: { en: 'Convention Centre' }, address: { en: '7 Tianchen East Road, Beijing' }, rooms: [{ id: 'room-forum' }], ofForum: true };
const locationOf = (s: PublishedSession) => sessionJsonLd(s, event, 'en', 'https://forum.example.org', [ownHall, forumCentre]).location;

describe('sessionJsonLd location', () => {
  it('puts a session in its forum’s room inside the forum’s venue, with that venue’s address', () => {
    expect(locationOf(session('room-forum', { name: { en: 'Hall A' }, venue: { en: 'Convention Centre' } }))).toEqual({
      '@type': 'Place',
      name: 'Hall A',
      address: '7 Tianchen East Road, Beijing',
      containedInPlace: { '@type': 'Place', name: 'Convention Centre', address: '7 Tianchen East Road, Beijing' },
    });
  });

  it('puts a session without a room at the event’s own venue, not the forum’s', () => {
    expect(locationOf(session(null))).toEqual({ '@type': 'Place', name: 'Dinner hall', address: '1 Garden Road' });
  });

  it('names the venue as published when its room is gone since, without an address', () => {
    expect(locationOf(session('room-removed', { name: { en: 'Room 9' }, venue: { en: 'Old annex' } }))).toEqual({ '@type': 'Place', name: 'Room 9', containedInPlace: { '@type': 'Place', name: 'Old annex' } });
  });
});
