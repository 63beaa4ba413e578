// Shapes published records as the API shows them: localized texts as { en, zh-CN }, instants in ISO 8601, links to
// the public pages; only what the response schemas name.
import type { PublishedSession, PublishedSpeaker } from '../../db/schema/index.ts';
import type { SessionBody, SpeakerBody } from './schemas.ts';

type Text = Record<string, string>;

export function presentEvent(row: {
  slug: string;
  kind: string;
  parentSlug: string | null;
  title: unknown;
  summary: unknown;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
}, baseUrl: string) {
  return {
    slug: row.slug,
    kind: row.kind,
    parentSlug: row.parentSlug,
    title: row.title as Text,
    summary: row.summary as Text,
    timezone: row.timezone,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    url: `${baseUrl}/events/${row.slug}`,
  };
}

export function presentSession(s: PublishedSession, eventSlug: string, baseUrl: string): SessionBody {
  return {
    id: s.id,
    type: s.type ?? 'other',
    status: s.status === 'cancelled' ? 'cancelled' : 'scheduled',
    title: s.title,
    abstract: s.abstract ?? {},
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    language: s.language ?? null,
    interpretation: s.interpretation ?? null,
    capacity: s.capacity ?? null,
    sequence: s.sequence ?? 0,
    room: s.roomId && s.room ? { id: s.roomId, name: s.room.name, venue: s.room.venue } : null,
    track: s.trackId && s.track ? { id: s.trackId, name: s.track.name, colour: s.track.colour } : null,
    people: (s.people ?? []).flatMap((p) => (p.speakerId ? [{ speakerId: p.speakerId, name: p.name, role: p.role }] : [])),
    url: `${baseUrl}/events/${eventSlug}/sessions/${s.id}`,
  };
}

export function presentSpeaker(p: PublishedSpeaker, sessions: PublishedSession[]): SpeakerBody {
  return {
    id: p.id,
    name: p.name,
    title: p.title,
    organisation: p.organisation,
    country: p.country,
    sessions: sessions.filter((s) => (s.people ?? []).some((person) => person.speakerId === p.id)).map((s) => s.id),
  };
}

/** Rooms and tracks of the published sessions, each once, in order of first use. */
export function roomsOf(sessions: PublishedSession[]) {
  const rooms = new Map<string, { id: string; name: Text; venue: Text }>();
  for (const s of sessions) if (s.roomId && s.room && !rooms.has(s.roomId)) rooms.set(s.roomId, { id: s.roomId, name: s.room.name, venue: s.room.venue });
  return [...rooms.values()];
}

export function tracksOf(sessions: PublishedSession[]) {
  const tracks = new Map<string, { id: string; name: Text; colour: string }>();
  for (const s of sessions) if (s.trackId && s.track && !tracks.has(s.trackId)) tracks.set(s.trackId, { id: s.trackId, name: s.track.name, colour: s.track.colour });
  return [...tracks.values()];
}
