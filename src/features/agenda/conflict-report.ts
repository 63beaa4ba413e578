// The conflicts of one event's agenda as the organiser sees them: detected over the whole forum (a person may speak
// in two sub-forums), kept to those touching this event, each with the sessions' titles and links to fix them.
// Example: const report = await loadConflictReport(db, event); report.hard.length === 0 → publishing may go ahead.
import { createHash } from 'node:crypto';
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { agendaSessions, conflictAcknowledgements, events, rooms, sessionPeople, speakers, users, venues } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { detectConflicts, overlapKey, type Conflict } from './conflicts.ts';

export interface ReportedConflict {
  conflict: Conflict;
  /** `event`: for a session of another event of the forum (the forum itself, another sub-forum), that event. */
  sessions: { id: string; eventId: string; title: Record<string, string>; editable: boolean; event?: { id: string; title: Record<string, string> } }[];
  /** For a person's overlap or change-over: who, as their speaker entry names them. */
  person?: Record<string, string>;
  /** For a person's overlap: the key an acknowledgement is stored under, its form's field name, and the sessions'
   * times as the page shows them (an acceptance is for those times only). */
  overlapKey?: string;
  field?: string;
  times?: string;
  /** An accepted overlap's reason, who accepted it and when. */
  acceptance?: { reason: string; by: string | null; at: Date };
  /** An overlap accepted for other times (a session moved since): the reason given then, to accept it again or not. */
  lapsed?: { reason: string };
}

/** When two sessions are, as an acceptance of their overlap keeps it: moving either one changes it. */
function sessionTimes(sessions: { startsAt: Date; endsAt: Date }[]): string {
  return JSON.stringify(sessions.map((s) => [s.startsAt.toISOString(), s.endsAt.toISOString()]));
}

/** The acknowledge form's field for an overlap: short, stable, and safe in an id. */
export const acknowledgeField = (key: string) => `reason-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

export interface ConflictReport {
  hard: ReportedConflict[];
  warnings: ReportedConflict[];
}

/** Every conflict touching `event`'s sessions, split into hard ones (block publishing) and warnings. */
export async function loadConflictReport(db: Db, event: { id: string; parentId: string | null }): Promise<ConflictReport> {
  const forumId = event.parentId ?? event.id;
  const family = await db
    .select({ id: events.id, title: events.title, startsAt: events.startsAt, endsAt: events.endsAt })
    .from(events)
    .where(or(eq(events.id, forumId), eq(events.parentId, forumId)));
  const familyIds = family.map((e) => e.id);
  const sessions = await db.select().from(agendaSessions).where(inArray(agendaSessions.eventId, familyIds));
  const people = sessions.length
    ? await db
        .select({ sessionId: sessionPeople.sessionId, speakerId: speakers.id, email: speakers.email, name: speakers.name, eventId: speakers.eventId })
        .from(sessionPeople)
        .innerJoin(speakers, eq(speakers.id, sessionPeople.speakerId))
        // Someone who declined is not on the published agenda: they are in no two places at once.
        .where(and(inArray(sessionPeople.sessionId, sessions.map((s) => s.id)), ne(sessionPeople.status, 'declined')))
    : [];
  const roomRows = await db
    .select({ id: rooms.id, venueId: rooms.venueId, capacity: rooms.capacity, interpretationBooths: rooms.interpretationBooths })
    .from(rooms)
    .innerJoin(venues, eq(venues.id, rooms.venueId))
    .where(inArray(venues.eventId, familyIds));
  const peopleBySession = new Map<string, { personKey: string }[]>();
  // The person's name as this event's speaker list has it (else as another event's does).
  const nameOf = new Map<string, Record<string, string>>();
  // The same person may be listed on several sub-forums: their e-mail joins them, else the speaker entry itself.
  for (const p of people) {
    const personKey = p.email ?? p.speakerId;
    peopleBySession.set(p.sessionId, [...(peopleBySession.get(p.sessionId) ?? []), { personKey }]);
    if (!nameOf.has(personKey) || p.eventId === event.id) nameOf.set(personKey, p.name as Record<string, string>);
  }
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const acceptances = await db
    .select({ key: conflictAcknowledgements.overlapKey, sessionTimes: conflictAcknowledgements.sessionTimes, reason: conflictAcknowledgements.reason, by: users.name, at: conflictAcknowledgements.createdAt })
    .from(conflictAcknowledgements)
    .leftJoin(users, eq(users.id, conflictAcknowledgements.acknowledgedBy))
    .where(eq(conflictAcknowledgements.eventId, forumId));
  // An acceptance stands while both sessions are where they were when it was given.
  const standing = new Map<string, (typeof acceptances)[number]>();
  const lapsed = new Map<string, (typeof acceptances)[number]>();
  for (const acceptance of acceptances) {
    const [, a, b] = JSON.parse(acceptance.key) as [string, string, string];
    const pair = [byId.get(a), byId.get(b)];
    const holds = acceptance.sessionTimes === null || (pair[0] && pair[1] && sessionTimes([pair[0], pair[1]]) === acceptance.sessionTimes);
    (holds ? standing : lapsed).set(acceptance.key, acceptance);
  }
  const conflicts = detectConflicts({
    sessions: sessions.map((s) => ({
      id: s.id,
      eventId: s.eventId,
      roomId: s.roomId,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      status: s.status,
      capacity: s.capacity,
      needsInterpretation: s.interpretation !== null,
      people: peopleBySession.get(s.id) ?? [],
    })),
    rooms: roomRows,
    eventWindows: Object.fromEntries(family.map((e) => [e.id, { startsAt: e.startsAt, endsAt: e.endsAt }])),
    acknowledged: new Set(standing.keys()),
  });
  const titleOf = new Map(family.map((e) => [e.id, e.title as Record<string, string>]));
  const report: ConflictReport = { hard: [], warnings: [] };
  for (const conflict of conflicts) {
    const involved = conflict.sessionIds.map((id) => byId.get(id)!);
    if (!involved.some((s) => s.eventId === event.id)) continue;
    const key = conflict.kind === 'person-overlap' ? overlapKey(conflict.personKey, conflict.sessionIds[0], conflict.sessionIds[1]) : undefined;
    const accepted = key ? standing.get(key) : undefined;
    const earlier = key && !accepted ? lapsed.get(key) : undefined;
    const entry: ReportedConflict = {
      conflict,
      sessions: involved.map((s) => ({
        id: s.id,
        eventId: s.eventId,
        title: s.title as Record<string, string>,
        editable: s.eventId === event.id,
        ...(s.eventId === event.id ? {} : { event: { id: s.eventId, title: titleOf.get(s.eventId)! } }),
      })),
      ...('personKey' in conflict ? { person: nameOf.get(conflict.personKey) } : {}),
      ...(key ? { overlapKey: key, field: acknowledgeField(key), times: sessionTimes(conflict.sessionIds.map((id) => byId.get(id)!)) } : {}),
      ...(accepted ? { acceptance: { reason: accepted.reason, by: accepted.by, at: accepted.at } } : {}),
      ...(earlier ? { lapsed: { reason: earlier.reason } } : {}),
    };
    (conflict.severity === 'hard' ? report.hard : report.warnings).push(entry);
  }
  return report;
}

/**
 * Records that an organiser accepts one person's overlap, with the reason, if it is a current unaccepted overlap of
 * this event's agenda and its sessions are still at the times the organiser saw (`shownTimes`, the form's); false
 * otherwise (nothing written: moved or accepted meanwhile). Audited in the same transaction.
 */
export async function acknowledgeOverlap(db: Db, actor: AuditActor, event: { id: string; parentId: string | null }, key: string, reason: string, shownTimes: string): Promise<boolean> {
  const report = await loadConflictReport(db, event);
  const found = report.hard.find((entry) => entry.overlapKey === key);
  if (!found || found.times !== shownTimes) return false;
  // In the key's order, as the report's times are.
  const [a, b] = found.conflict.sessionIds as [string, string];
  return db.transaction(async (tx) => {
    // The two sessions locked and read again: a move committed since the report makes the reason one about other times.
    const rows = await tx.select({ id: agendaSessions.id, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt }).from(agendaSessions).where(inArray(agendaSessions.id, [a, b])).for('update');
    const pair = [a, b].map((id) => rows.find((r) => r.id === id));
    if (!pair[0] || !pair[1] || sessionTimes([pair[0], pair[1]]) !== shownTimes) return false;
    // Accepted again after a session moved: the new reason and times replace the old ones; accepted for these very
    // times by someone else meanwhile: nothing is written, and the page says it was accepted already.
    const accepted = { reason, sessionTimes: shownTimes, acknowledgedBy: actor.actorId, createdAt: sql`now()` };
    const [row] = await tx
      .insert(conflictAcknowledgements)
      .values({ eventId: event.parentId ?? event.id, overlapKey: key, ...accepted })
      .onConflictDoUpdate({
        target: [conflictAcknowledgements.eventId, conflictAcknowledgements.overlapKey],
        set: accepted,
        setWhere: sql`${conflictAcknowledgements.sessionTimes} is distinct from excluded.session_times`,
      })
      .returning({ id: conflictAcknowledgements.id });
    if (!row) return false;
    await writeAudit(tx, actor, {
      eventId: event.id,
      action: 'conflict.acknowledge',
      targetType: 'conflict',
      targetId: row.id,
      after: { sessionIds: found.conflict.sessionIds, person: (found.conflict as { personKey: string }).personKey, reason },
    });
    return true;
  });
}
