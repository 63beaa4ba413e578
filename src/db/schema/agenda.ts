// The agenda of an event: tracks, the event's list of speakers, sessions (times as instants, entered as wall time
// in the event's zone) and the people on each session with their role.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { belongsTo, createdAt, id, inList, localized, localizedFilled, updatedAt } from './common.ts';
import { events, rooms } from './events.ts';

export const SESSION_TYPES = [
  'opening',
  'keynote',
  'plenary',
  'parallel',
  'panel',
  'roundtable',
  'workshop',
  'signing',
  'release',
  'site-visit',
  'break',
  'networking',
  'other',
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const SESSION_PERSON_ROLES = ['speaker', 'moderator', 'panelist', 'host'] as const;
export type SessionPersonRole = (typeof SESSION_PERSON_ROLES)[number];
/** A person's answer to being put on a session: invited until they (or an organiser for them) accept or decline. */
export const ASSIGNMENT_STATUSES = ['invited', 'accepted', 'declined'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];


export const tracks = pgTable(
  'tracks',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    name: localized('name').notNull(),
    /** "#1f6feb": tracks are told apart by colour and always labelled too. */
    colour: text('colour').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('tracks_event_idx').on(t.eventId),
    check('tracks_name_filled', localizedFilled('name')),
    check('tracks_colour_format', sql`${t.colour} ~ '^#[0-9a-f]{6}$'`),
  ],
);

/** The event's list of speakers (and moderators, panelists, hosts): one row per person and event. */
export const speakers = pgTable(
  'speakers',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    /** Name in both languages: { en: 'Li Na', 'zh-CN': '李娜' }. */
    name: localized('name').notNull(),
    title: localized('title').notNull().default({}),
    organisation: localized('organisation').notNull().default({}),
    /** ISO 3166-1 alpha-2, upper case. */
    country: text('country'),
    /** Lower-cased; identifies the person across the sub-forums of a forum and, later, their account. */
    email: text('email'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('speakers_event_idx').on(t.eventId),
    unique('speakers_event_email_unique').on(t.eventId, t.email),
    check('speakers_name_filled', localizedFilled('name')),
    check('speakers_country_format', sql`${t.country} is null or ${t.country} ~ '^[A-Z]{2}$'`),
    check('speakers_email_normalised', sql`${t.email} is null or (${t.email} = lower(btrim(${t.email})) and ${t.email} like '%_@_%')`),
  ],
);

export const agendaSessions = pgTable(
  'agenda_sessions',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    type: text('type').$type<SessionType>().notNull(),
    title: localized('title').notNull(),
    abstract: localized('abstract').notNull().default({}),
    roomId: uuid('room_id').references(() => rooms.id, { onDelete: 'set null' }),
    trackId: uuid('track_id').references(() => tracks.id, { onDelete: 'set null' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Language spoken: 'zh', 'en' … (two letters, as schedule formats use). */
    language: text('language').notNull().default('zh'),
    /** Interpretation offered, e.g. 'zh-en' for simultaneous Chinese–English; null for none. */
    interpretation: text('interpretation'),
    /** Seats for bookable sessions (site visits, workshops); null when not booked. */
    capacity: integer('capacity'),
    /** Seats booked by registrations; raised by a conditional UPDATE, never above capacity (CHECK). */
    booked: integer('booked').notNull().default(0),
    status: text('status').$type<SessionStatus>().notNull().default('scheduled'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('agenda_sessions_event_starts_idx').on(t.eventId, t.startsAt),
    check('agenda_sessions_type_check', sql`${t.type} in (${inList(SESSION_TYPES)})`),
    check('agenda_sessions_status_check', sql`${t.status} in (${inList(SESSION_STATUSES)})`),
    check('agenda_sessions_title_filled', localizedFilled('title')),
    check('agenda_sessions_times_ordered', sql`${t.endsAt} > ${t.startsAt}`),
    check('agenda_sessions_capacity_positive', sql`${t.capacity} is null or ${t.capacity} > 0`),
    check('agenda_sessions_not_overbooked', sql`${t.booked} >= 0 and (${t.capacity} is null or ${t.booked} <= ${t.capacity})`),
    check('agenda_sessions_language_format', sql`${t.language} ~ '^[a-z]{2}$'`),
    check('agenda_sessions_interpretation_format', sql`${t.interpretation} is null or ${t.interpretation} ~ '^[a-z]{2}-[a-z]{2}$'`),
  ],
);

export const sessionPeople = pgTable(
  'session_people',
  {
    sessionId: belongsTo('session_id', () => agendaSessions.id),
    speakerId: belongsTo('speaker_id', () => speakers.id),
    role: text('role').$type<SessionPersonRole>().notNull(),
    position: integer('position').notNull().default(0),
    /** Only accepted assignments get calendar invitations. */
    status: text('status').$type<AssignmentStatus>().notNull().default('invited'),
  },
  (t) => [
    primaryKey({ name: 'session_people_pk', columns: [t.sessionId, t.speakerId] }),
    index('session_people_speaker_idx').on(t.speakerId),
    check('session_people_role_check', sql`${t.role} in (${inList(SESSION_PERSON_ROLES)})`),
    check('session_people_status_check', sql`${t.status} in (${inList(ASSIGNMENT_STATUSES)})`),
  ],
);

/**
 * A person's overlap between two sessions that an organiser accepted on purpose (e.g. a minister who opens one
 * session and leaves early for another), with the reason. Keyed by overlapKey(person, sessionA, sessionB).
 */
export const conflictAcknowledgements = pgTable(
  'conflict_acknowledgements',
  {
    id: id(),
    /** The forum (top-level event) whose agenda the overlap belongs to. */
    eventId: belongsTo('event_id', () => events.id),
    overlapKey: text('overlap_key').notNull(),
    /**
     * When the two sessions were when the overlap was accepted (sessionTimes): moving either one ends the acceptance,
     * since its reason was about those times. Null for acceptances from before this was kept: they stand.
     */
    sessionTimes: text('session_times'),
    reason: text('reason').notNull(),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('conflict_acknowledgements_key_unique').on(t.eventId, t.overlapKey),
    check('conflict_acknowledgements_reason_filled', sql`length(btrim(${t.reason})) between 1 and 500`),
  ],
);

/** One published state of a session, as kept in a version: what the changelog compares. */
export interface PublishedSession {
  id: string;
  title: Record<string, string>;
  startsAt: string;
  endsAt: string;
  roomId: string | null;
  status: string;
  /** Rises by one in each version where anything published about the session changed (calendar SEQUENCE). */
  sequence?: number;
  trackId?: string | null;
  capacity?: number | null;
  /** What the public agenda shows; absent in versions published before it was kept. */
  type?: string;
  abstract?: Record<string, string>;
  room?: { name: Record<string, string>; venue: Record<string, string> } | null;
  track?: { name: Record<string, string>; colour: string } | null;
  language?: string;
  interpretation?: string | null;
  /** `status` is the person's answer when the version was published; absent in versions published before it was kept. */
  people?: { speakerId?: string; name: Record<string, string>; role: string; status?: AssignmentStatus }[];
}

/** A person on the published agenda, with only the fields shown publicly (never the e-mail address). */
export interface PublishedSpeaker {
  id: string;
  name: Record<string, string>;
  title: Record<string, string>;
  organisation: Record<string, string>;
  country: string | null;
}

/** What changed between a version and the one before: sessions added, moved (time or room), renamed, cancelled, removed. */
export interface AgendaChange {
  /** 'reinstated': cancelled before, scheduled again; 'updated': what else the agenda shows changed (see `fields`). */
  kind: 'added' | 'moved' | 'renamed' | 'cancelled' | 'reinstated' | 'updated' | 'removed';
  sessionId: string;
  title: Record<string, string>;
  /** For 'updated': which of the session's details changed, in a fixed order (UPDATED_FIELDS). */
  fields?: string[];
}

/** Each publication of an event's agenda: numbered from 1, with the sessions as published and the changes since the last. */
export const agendaVersions = pgTable(
  'agenda_versions',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    version: integer('version').notNull(),
    sessions: jsonb('sessions').$type<PublishedSession[]>().notNull(),
    /** The people of the published sessions as published; empty in versions published before it was kept. */
    speakers: jsonb('speakers').$type<PublishedSpeaker[]>().notNull().default([]),
    changes: jsonb('changes').$type<AgendaChange[]>().notNull(),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('agenda_versions_event_version_unique').on(t.eventId, t.version), check('agenda_versions_version_positive', sql`${t.version} > 0`)],
);
