// The conflicts of one event's agenda as the organiser sees them: detected over the whole forum (a person may speak
// in two sub-forums), kept to those touching this event, each with the sessions' titles and links to fix them.
// Example: const report = await loadConflictReport(db, event); report.hard.length === 0 → publishing may go ahead.
import { eq, inArray, or } from 'drizzle-orm';
import { agendaSessions, conflictAcknowledgements, events, rooms, sessionPeople, speakers, venues } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { detectConflicts, overlapKey, type Conflict } from './conflicts.ts';

export interface ReportedConflict {
  conflict: Conflict;
  sessions: { id: string; eventId: string; title: Record<string, string>; editable: boolean }[];
  /** For a person's overlap: the key an acknowledgement is stored under. */
  overlapKey?: string;
}

export interface ConflictReport {
  hard: ReportedConflict[];
  warnings: ReportedConflict[];
}

/** Every conflict touching `event`'s sessions, split into hard ones (block publishing) and warnings. */
export async function loadConflictReport(db: Db, event: { id: string; parentId: string | null }): Promise<ConflictReport> {
  const forumId = event.parentId ?? event.id;
  const family = await db
    .select({ id: events.id, startsAt: events.startsAt, endsAt: events.endsAt })
    .from(events)
    .where(or(eq(events.id, forumId), eq(events.parentId, forumId)));
  const familyIds = family.map((e) => e.id);
  const sessions = await db.select().from(agendaSessions).where(inArray(agendaSessions.eventId, familyIds));
  const people = sessions.length
    ? await db
        .select({ sessionId: sessionPeople.sessionId, speakerId: speakers.id, email: speakers.email })
        .from(sessionPeople)
        .innerJoin(speakers, eq(speakers.id, sessionPeople.speakerId))
        .where(inArray(sessionPeople.sessionId, sessions.map((s) => s.id)))
    : [];
  const roomRows = await db
    .select({ id: rooms.id, venueId: rooms.venueId, capacity: rooms.capacity, interpretationBooths: rooms.interpretationBooths })
    .from(rooms)
    .innerJoin(venues, eq(venues.id, rooms.venueId))
    .where(inArray(venues.eventId, familyIds));
  const peopleBySession = new Map<string, { personKey: string }[]>();
  // The same person may be listed on several sub-forums: their e-mail joins them, else the speaker entry itself.
  for (const p of people) peopleBySession.set(p.sessionId, [...(peopleBySession.get(p.sessionId) ?? []), { personKey: p.email ?? p.speakerId }]);
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
    acknowledged: new Set(
      (await db.select({ key: conflictAcknowledgements.overlapKey }).from(conflictAcknowledgements).where(eq(conflictAcknowledgements.eventId, forumId))).map((a) => a.key),
    ),
  });
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const report: ConflictReport = { hard: [], warnings: [] };
  for (const conflict of conflicts) {
    const involved = conflict.sessionIds.map((id) => byId.get(id)!);
    if (!involved.some((s) => s.eventId === event.id)) continue;
    const entry: ReportedConflict = {
      conflict,
      sessions: involved.map((s) => ({ id: s.id, eventId: s.eventId, title: s.title as Record<string, string>, editable: s.eventId === event.id })),
      ...(conflict.kind === 'person-overlap' ? { overlapKey: overlapKey(conflict.personKey, conflict.sessionIds[0], conflict.sessionIds[1]) } : {}),
    };
    (conflict.severity === 'hard' ? report.hard : report.warnings).push(entry);
  }
  return report;
}

/**
 * Records that an organiser accepts one person's overlap, with the reason, if it is a current unacknowledged overlap
 * of this event's agenda; false otherwise (nothing written). Audited in the same transaction.
 */
export async function acknowledgeOverlap(db: Db, actor: AuditActor, event: { id: string; parentId: string | null }, key: string, reason: string): Promise<boolean> {
  const report = await loadConflictReport(db, event);
  const found = report.hard.find((entry) => entry.overlapKey === key);
  if (!found) return false;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(conflictAcknowledgements)
      .values({ eventId: event.parentId ?? event.id, overlapKey: key, reason, acknowledgedBy: actor.actorId })
      .onConflictDoNothing()
      .returning({ id: conflictAcknowledgements.id });
    if (!row) return;
    await writeAudit(tx, actor, {
      eventId: event.id,
      action: 'conflict.acknowledge',
      targetType: 'conflict',
      targetId: row.id,
      after: { sessionIds: found.conflict.sessionIds, person: (found.conflict as { personKey: string }).personKey, reason },
    });
  });
  return true;
}
