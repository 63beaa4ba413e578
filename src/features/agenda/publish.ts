// Publishing an agenda: refused while a hard conflict remains; otherwise a new numbered version keeps the sessions as
// published and what changed since the last version (added, moved, renamed, cancelled, reinstated, updated details,
// removed), for the changelog.
import { desc, eq, sql } from 'drizzle-orm';
import { agendaVersions, type AgendaChange, type PublishedSession, type PublishedSpeaker } from '../../db/schema/index.ts';
import { together } from '../../db/together.ts';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { scheduleSessionReminders } from '../session-reminders/schedule.ts';
import { loadConflictReport } from './conflict-report.ts';
import { findPeopleOfSessions, findRoomsOfEvent, findSessionsOfEvent, findTracksOfEvent } from './queries.ts';
import { findSpeakersOfEvent } from './speakers.ts';

/** Sorts object keys: jsonb gives a stored version's keys back in its own order, not in the order they were written. */
export const sortedKeys = (_key: string, value: unknown) =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value;

/**
 * Everything published about a session except its sequence, to tell whether it changed since the last version. The
 * people's answers are kept for the speakers' own invitations, not shown publicly: they do not change the feed.
 */
function publishedContent(session: PublishedSession): string {
  const { sequence: _sequence, people, ...rest } = session;
  const shown = people?.map(({ status: _status, ...person }) => person);
  return JSON.stringify(people ? { ...rest, people: shown } : rest, sortedKeys);
}

/**
 * The session's calendar SEQUENCE: 0 when first published, one more in each version where anything published about
 * it changed, so calendar apps replace their copy instead of keeping both.
 */
export function nextSequence(was: PublishedSession | undefined, now: PublishedSession): number {
  if (!was) return 0;
  const before = was.sequence ?? 0;
  return publishedContent(was) === publishedContent(now) ? before : before + 1;
}

/**
 * The details besides time, place, title and status that the agenda shows of a session, each read as published: when
 * any changes, the changelog says which ("updated").
 */
const UPDATED_FIELDS: Record<string, (s: PublishedSession) => unknown> = {
  people: (s) => s.people?.map(({ speakerId, role }) => [speakerId, role]),
  abstract: (s) => s.abstract,
  type: (s) => s.type,
  track: (s) => s.trackId,
  language: (s) => s.language,
  interpretation: (s) => s.interpretation,
  capacity: (s) => s.capacity,
};

/** The changes from `before` to `after`, in the order of `after` (removed ones last). */
export function diffAgenda(before: PublishedSession[], after: PublishedSession[]): AgendaChange[] {
  const old = new Map(before.map((s) => [s.id, s]));
  const changes: AgendaChange[] = [];
  for (const s of after) {
    const was = old.get(s.id);
    const entry = { sessionId: s.id, title: s.title };
    if (!was) changes.push({ kind: 'added', ...entry });
    else {
      if (s.status === 'cancelled' && was.status !== 'cancelled') changes.push({ kind: 'cancelled', ...entry });
      if (s.status !== 'cancelled' && was.status === 'cancelled') changes.push({ kind: 'reinstated', ...entry });
      if (s.startsAt !== was.startsAt || s.endsAt !== was.endsAt || s.roomId !== was.roomId) changes.push({ kind: 'moved', ...entry });
      if (JSON.stringify(s.title, sortedKeys) !== JSON.stringify(was.title, sortedKeys)) changes.push({ kind: 'renamed', ...entry });
      // A version published before a field was kept has no value for it (undefined): nothing to compare with.
      const fields = Object.entries(UPDATED_FIELDS)
        .filter(([, read]) => read(was) !== undefined && JSON.stringify(read(s) ?? null, sortedKeys) !== JSON.stringify(read(was), sortedKeys))
        .map(([name]) => name);
      if (fields.length > 0) changes.push({ kind: 'updated', ...entry, fields });
    }
    old.delete(s.id);
  }
  for (const s of old.values()) changes.push({ kind: 'removed', sessionId: s.id, title: s.title });
  return changes;
}

export function findAgendaVersions(db: Db, eventId: string) {
  return db.select().from(agendaVersions).where(eq(agendaVersions.eventId, eventId)).orderBy(desc(agendaVersions.version));
}

/** The event's sessions, rooms and tracks as the agenda reads them; a caller that has read them already passes them on. */
export interface AgendaRows {
  sessions: Awaited<ReturnType<typeof findSessionsOfEvent>>;
  rooms: Awaited<ReturnType<typeof findRoomsOfEvent>>;
  tracks: Awaited<ReturnType<typeof findTracksOfEvent>>;
}

async function readAgendaRows(tx: Db, eventId: string): Promise<AgendaRows> {
  const [sessions, rooms, tracks] = await together([findSessionsOfEvent(tx, eventId), findRoomsOfEvent(tx, eventId), findTracksOfEvent(tx, eventId)]);
  return { sessions, rooms, tracks };
}

/** What a version publishes: the sessions and the speakers on them. */
type Publication = { sessions: PublishedSession[]; speakers: PublishedSpeaker[] };

/**
 * The agenda as publishing it now would publish it, after the `last` version (for the sessions' SEQUENCE): its
 * sessions with their rooms, tracks and people, and the speakers on them.
 */
async function buildPublication(tx: Db, eventId: string, last: Publication | undefined, agenda: AgendaRows): Promise<Publication> {
  const { sessions: rows, rooms: roomList, tracks: trackList } = agenda;
  const [people, speakerRows] = await Promise.all([findPeopleOfSessions(tx, rows.map((s) => s.id)), findSpeakersOfEvent(tx, eventId)]);
  const lastById = new Map((last?.sessions ?? []).map((s) => [s.id, s]));
  const roomById = new Map(roomList.map((r) => [r.id, r]));
  const trackById = new Map(trackList.map((t) => [t.id, t]));
  const sessions: PublishedSession[] = rows.map((s) => {
    const room = s.roomId ? roomById.get(s.roomId) : undefined;
    const track = s.trackId ? trackById.get(s.trackId) : undefined;
    return {
      id: s.id,
      title: s.title as Record<string, string>,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      roomId: s.roomId,
      status: s.status,
      trackId: s.trackId,
      capacity: s.capacity,
      type: s.type,
      abstract: s.abstract as Record<string, string>,
      room: room ? { name: room.name as Record<string, string>, venue: room.venueName as Record<string, string> } : null,
      track: track ? { name: track.name as Record<string, string>, colour: track.colour } : null,
      language: s.language,
      interpretation: s.interpretation,
      // Someone who declined is not on the session: never published (and so never on a public page).
      people: (people.get(s.id) ?? []).filter((p) => p.status !== 'declined').map((p) => ({ speakerId: p.speakerId, name: p.name as Record<string, string>, role: p.role, status: p.status })),
    };
  }).map((s) => ({ ...s, sequence: nextSequence(lastById.get(s.id), s) }));
  const onAgenda = new Set(sessions.flatMap((s) => (s.people ?? []).map((p) => p.speakerId)));
  const speakers: PublishedSpeaker[] = speakerRows
    .filter((p) => onAgenda.has(p.id))
    .map((p) => ({
      id: p.id,
      name: p.name as Record<string, string>,
      title: p.title as Record<string, string>,
      organisation: p.organisation as Record<string, string>,
      country: p.country,
    }));
  return { sessions, speakers };
}

/**
 * Whether the agenda as it stands (`agenda`, read by the caller) differs from its `last` published version: anything
 * a new version would change. False before the first publication.
 */
export async function hasUnpublishedChanges(db: Db, eventId: string, last: Publication | undefined, agenda: AgendaRows): Promise<boolean> {
  if (!last) return false;
  return !samePublication(last, await buildPublication(db, eventId, last, agenda));
}

const samePublication = (a: Publication, b: Publication) =>
  JSON.stringify([a.sessions, a.speakers], sortedKeys) === JSON.stringify([b.sessions, b.speakers], sortedKeys);

/**
 * Publishes the agenda as its next version and returns its number; while hard conflicts remain nothing is written
 * and their number is returned instead, for the page to say so. With `jobs`, the speakers' calendar invitations
 * are queued with the version (features/calendar-invites), so they go out after commit and never in the request, and
 * the speakers' reminder jobs are brought in line with it (features/session-reminders).
 */
export async function publishAgenda(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  event: { id: string; parentId: string | null },
  options: { jobs?: Jobs } = {},
): Promise<{ version: number; unchanged?: boolean; blockedBy?: undefined } | { version?: undefined; blockedBy: number }> {
  const report = await loadConflictReport(db, event);
  if (report.hard.length > 0) return { blockedBy: report.hard.length };
  const version: { version: number; unchanged?: boolean } = await db.transaction(async (tx) => {
    // One publication at a time per event, so version numbers never clash.
    await tx.execute(sql`select 1 from "events" where "id" = ${event.id} for update`);
    const [last] = await tx.select().from(agendaVersions).where(eq(agendaVersions.eventId, event.id)).orderBy(desc(agendaVersions.version)).limit(1);
    const { sessions, speakers } = await buildPublication(tx, event.id, last, await readAgendaRows(tx, event.id));
    // Nothing published would differ (sessions, their people, the speakers): no new version, no empty changelog entry,
    // no invitations; the one published stays.
    if (last && samePublication(last, { sessions, speakers })) return { version: last.version, unchanged: true };
    const version = (last?.version ?? 0) + 1;
    const changes = diffAgenda(last?.sessions ?? [], sessions);
    await tx.insert(agendaVersions).values({ eventId: event.id, version, sessions, speakers, changes, publishedBy: actor.actorId, publishedAt: clock.now() });
    // The invitations job reads this version back: data { eventId } (see features/calendar-invites/service.ts).
    if (options.jobs) await options.jobs.enqueue(tx, QUEUES.calendarInvites, { eventId: event.id });
    // The day-before and hour-before reminders follow the version: queued, moved or cancelled with it.
    if (options.jobs) await scheduleSessionReminders(tx, options.jobs, clock, event, version, sessions);
    await writeAudit(tx, actor, { eventId: event.id, action: 'agenda.publish', targetType: 'agenda', targetId: String(version), after: { version, sessions: sessions.length, changes: changes.length } });
    return { version };
  });
  return version;
}

/**
 * The latest published version of an event's agenda, or nothing before the first publication. People who had
 * declined when it was published are left out (versions published before publication dropped them still hold them).
 */
export async function findPublishedAgenda(db: Db, eventId: string) {
  const [latest] = await db.select().from(agendaVersions).where(eq(agendaVersions.eventId, eventId)).orderBy(desc(agendaVersions.version)).limit(1);
  return latest ? withoutDeclined(latest) : undefined;
}

/** A version without the people who had declined, and without speakers left on no session. */
export function withoutDeclined<T extends { sessions: PublishedSession[]; speakers: PublishedSpeaker[] }>(version: T): T {
  if (!version.sessions.some((s) => s.people?.some((p) => p.status === 'declined'))) return version;
  const sessions = version.sessions.map((s) => (s.people ? { ...s, people: s.people.filter((p) => p.status !== 'declined') } : s));
  const onAgenda = new Set(sessions.flatMap((s) => (s.people ?? []).map((p) => p.speakerId)));
  return { ...version, sessions, speakers: version.speakers.filter((p) => onAgenda.has(p.id)) };
}
