// Organisers create and change agenda sessions: times typed as wall time in the event's zone, room and track only
// from the same event, every field checked with a message; each change is audited in its transaction.
import { parseWholeNumber } from '../../lib/whole-number.ts';
import { localizedFromFields } from '../../lib/localized.ts';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { agendaSessions, agendaVersions, ASSIGNMENT_STATUSES, events, speakerInvitationSessions, speakerSlides, SESSION_PERSON_ROLES, SESSION_STATUSES, SESSION_TYPES, sessionPeople, speakers, type AssignmentStatus, type SessionPersonRole, type SessionType } from '../../db/schema/index.ts';
import { resultRows } from '../../db/result-rows.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { textLength } from '../../lib/form-text.ts';
import { isUuid } from '../../lib/ids.ts';
import { formatWallTime, parseWallTime } from '../../lib/wall-time.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { findRoomIdsOfEvent, findTracksOfEvent, type AgendaSessionRow } from './queries.ts';

export interface SessionForm {
  type: string;
  titleEn: string;
  titleZh: string;
  abstractEn: string;
  abstractZh: string;
  roomId: string;
  trackId: string;
  startsAt: string;
  endsAt: string;
  language: string;
  interpretation: string;
  capacity: string;
  /** 'scheduled' or 'cancelled'; a cancelled session stays on the agenda, marked. */
  status: string;
  /** People on the session, one slot per line of the form, with their answer; empty slots are ignored. */
  people: { speakerId: string; role: string; status?: string }[];
}

/** How many people lines the form offers; a panel rarely has more. */
export const PEOPLE_SLOTS = 8;

export type SessionValues = Pick<AgendaSessionRow, 'type' | 'title' | 'abstract' | 'roomId' | 'trackId' | 'startsAt' | 'endsAt' | 'language' | 'interpretation' | 'capacity' | 'status'> & {
  people: SessionPerson[];
};

/** One person on a session: their role and their answer (only accepted people get calendar invitations). */
export interface SessionPerson {
  speakerId: string;
  role: SessionPersonRole;
  status: AssignmentStatus;
}

export const SESSION_LANGUAGES = ['zh', 'en'] as const;
export const INTERPRETATIONS = ['zh-en'] as const;
/** Characters per title and per abstract; the form's inputs take them as maxlength. */
export const SESSION_TEXT_LIMITS = { title: 300, abstract: 5000 } as const;

/** The people of a session in form order. */
export async function findPeopleOfSession(db: Db, sessionId: string): Promise<SessionPerson[]> {
  return db
    .select({ speakerId: sessionPeople.speakerId, role: sessionPeople.role, status: sessionPeople.status })
    .from(sessionPeople)
    .where(eq(sessionPeople.sessionId, sessionId))
    .orderBy(asc(sessionPeople.position));
}

/** The form as an organiser sees it for an existing session (times as wall time in the event's zone). */
export function sessionToForm(row: AgendaSessionRow, zone: string, people: SessionForm['people'] = []): SessionForm {
  return {
    type: row.type,
    titleEn: row.title.en ?? '',
    titleZh: row.title['zh-CN'] ?? '',
    abstractEn: row.abstract.en ?? '',
    abstractZh: row.abstract['zh-CN'] ?? '',
    roomId: row.roomId ?? '',
    trackId: row.trackId ?? '',
    startsAt: formatWallTime(row.startsAt, zone),
    endsAt: formatWallTime(row.endsAt, zone),
    language: row.language,
    interpretation: row.interpretation ?? '',
    capacity: row.capacity === null ? '' : String(row.capacity),
    status: row.status,
    people,
  };
}

/** Checks every field; room and track must belong to the event. */
export async function validateSessionForm(db: Db, event: { id: string; timezone: string }, form: SessionForm): Promise<{ values?: SessionValues; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const type = SESSION_TYPES.find((t) => t === form.type);
  if (!type) errors.type = { key: 'agenda.errors.type' };
  const titleEn = form.titleEn.trim();
  const titleZh = form.titleZh.trim();
  if (!titleEn && !titleZh) errors.titleEn = { key: 'agenda.errors.title' };
  for (const [field, value, max] of [
    ['titleEn', titleEn, SESSION_TEXT_LIMITS.title],
    ['titleZh', titleZh, SESSION_TEXT_LIMITS.title],
    ['abstractEn', form.abstractEn, SESSION_TEXT_LIMITS.abstract],
    ['abstractZh', form.abstractZh, SESSION_TEXT_LIMITS.abstract],
  ] as const) {
    if (textLength(value) > max) errors[field] = { key: 'forms.tooLong', vars: { max } };
  }
  // In the form's order, so the error summary lists the fields as the form shows them.
  const starts = parseWallTime(form.startsAt.trim(), event.timezone);
  const ends = parseWallTime(form.endsAt.trim(), event.timezone);
  if (starts.problem) errors.startsAt = { key: `agenda.errors.time.${starts.problem}` };
  if (ends.problem) errors.endsAt = { key: `agenda.errors.time.${ends.problem}` };
  if (starts.instant && ends.instant && ends.instant <= starts.instant) errors.endsAt = { key: 'agenda.errors.endBeforeStart' };
  let roomId: string | null = null;
  if (form.roomId) {
    const found = isUuid(form.roomId) ? await findRoomIdsOfEvent(db, event.id, [form.roomId.toLowerCase()]) : new Set<string>();
    if (found.size === 0) errors.roomId = { key: 'agenda.errors.room' };
    else roomId = form.roomId.toLowerCase();
  }
  let trackId: string | null = null;
  if (form.trackId) {
    const trackIds = new Set((await findTracksOfEvent(db, event.id)).map((t) => t.id));
    if (!trackIds.has(form.trackId.toLowerCase())) errors.trackId = { key: 'agenda.errors.track' };
    else trackId = form.trackId.toLowerCase();
  }
  const language = SESSION_LANGUAGES.find((l) => l === form.language);
  if (!language) errors.language = { key: 'agenda.errors.language' };
  const interpretation = form.interpretation === '' ? null : (INTERPRETATIONS.find((i) => i === form.interpretation) ?? undefined);
  if (interpretation === undefined) errors.interpretation = { key: 'agenda.errors.interpretation' };
  const people = await validatePeople(db, event.id, form.people, errors);
  let capacity: number | null = null;
  if (form.capacity.trim() !== '') {
    const n = parseWholeNumber(form.capacity, { min: 1, max: 999_999 });
    if (n === undefined) errors.capacity = { key: 'agenda.errors.capacity' };
    else capacity = n;
  }
  const status = SESSION_STATUSES.find((s) => s === (form.status || 'scheduled'));
  if (!status) errors.status = { key: 'agenda.errors.status' };
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    values: {
      people,
      status: status!,
      type: type as SessionType,
      title: localizedFromFields(titleEn, titleZh),
      abstract: localizedFromFields(form.abstractEn, form.abstractZh),
      roomId,
      trackId,
      startsAt: starts.instant!,
      endsAt: ends.instant!,
      language: language!,
      interpretation: interpretation ?? null,
      capacity,
    },
  };
}

/** Filled lines only; each person of this event's list once, with a known role. Problems go to `person<n>`. */
async function validatePeople(db: Db, eventId: string, lines: SessionForm['people'], errors: FieldErrors) {
  const filled = lines.map((line, index) => ({ ...line, index })).filter((line) => line.speakerId !== '');
  const ids = filled.map((line) => line.speakerId.toLowerCase()).filter(isUuid);
  const known = new Set(
    ids.length ? (await db.select({ id: speakers.id }).from(speakers).where(and(eq(speakers.eventId, eventId), inArray(speakers.id, ids)))).map((r) => r.id) : [],
  );
  const seen = new Set<string>();
  const people: SessionValues['people'] = [];
  for (const line of filled) {
    const field = `person${line.index + 1}`;
    const speakerId = line.speakerId.toLowerCase();
    const role = SESSION_PERSON_ROLES.find((r) => r === line.role);
    // A form without the answer field (an older page, a script) keeps new people invited.
    const status = ASSIGNMENT_STATUSES.find((s) => s === (line.status || 'invited'));
    if (!known.has(speakerId)) errors[field] = { key: 'agenda.errors.person' };
    else if (seen.has(speakerId)) errors[field] = { key: 'agenda.errors.personTwice' };
    else if (!role) errors[field] = { key: 'agenda.errors.role' };
    else if (!status) errors[field] = { key: 'agenda.errors.answer' };
    else people.push({ speakerId, role, status });
    seen.add(speakerId);
  }
  return people;
}

async function replacePeople(tx: Db, sessionId: string, people: SessionValues['people']): Promise<void> {
  await tx.delete(sessionPeople).where(eq(sessionPeople.sessionId, sessionId));
  if (people.length > 0) await tx.insert(sessionPeople).values(people.map((p, position) => ({ sessionId, speakerId: p.speakerId, role: p.role, status: p.status, position })));
}

const auditView = (v: SessionValues) => ({ ...v, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString() });

export async function createSession(db: Db, actor: AuditActor, eventId: string, values: SessionValues): Promise<string> {
  return db.transaction(async (tx) => {
    const { people, ...columns } = values;
    const [row] = await tx.insert(agendaSessions).values({ ...columns, eventId }).returning({ id: agendaSessions.id });
    await replacePeople(tx, row!.id, people);
    await writeAudit(tx, actor, { eventId, action: 'session.create', targetType: 'session', targetId: row!.id, after: auditView(values) });
    return row!.id;
  });
}

/**
 * Saves a session's form. Its bookable seats never go below the seats already booked (nor away while any are): the
 * UPDATE's own condition refuses it, in the same statement, and the field says how many are booked.
 */
export async function updateSession(db: Db, clock: Clock, actor: AuditActor, before: AgendaSessionRow, values: SessionValues): Promise<FieldErrors | undefined> {
  return db.transaction(async (tx) => {
    const { people, ...columns } = values;
    const peopleBefore = await findPeopleOfSession(tx, before.id);
    const seatsKept = values.capacity === null ? eq(agendaSessions.booked, 0) : lte(agendaSessions.booked, values.capacity);
    const [updated] = await tx
      .update(agendaSessions)
      .set({ ...columns, updatedAt: clock.now() })
      .where(and(eq(agendaSessions.id, before.id), seatsKept))
      .returning({ id: agendaSessions.id });
    if (!updated) {
      const [now] = await tx.select({ booked: agendaSessions.booked }).from(agendaSessions).where(eq(agendaSessions.id, before.id));
      return { capacity: { key: 'agenda.errors.capacityBelowBooked', vars: { booked: now?.booked ?? 0 } } };
    }
    await replacePeople(tx, before.id, people);
    const { type, title, abstract, roomId, trackId, startsAt, endsAt, language, interpretation, capacity, status } = before;
    await writeAudit(tx, actor, {
      eventId: before.eventId,
      action: 'session.update',
      targetType: 'session',
      targetId: before.id,
      before: auditView({ type, title, abstract, roomId, trackId, startsAt, endsAt, language, interpretation, capacity, status, people: peopleBefore }),
      after: auditView(values),
    });
    return undefined;
  });
}

/**
 * Whether a session may be deleted rather than cancelled: it was never on a published version (no calendar, feed or
 * changelog knows it) and nobody booked a seat on it. Anything else is cancelled, and stays on the agenda marked so.
 */
export async function isDeletable(db: Db, session: Pick<AgendaSessionRow, 'id' | 'eventId' | 'booked'>): Promise<boolean> {
  if (session.booked > 0) return false;
  // Also kept: a session a speaker was invited to speak at, or uploaded slides for (deleting would take them along).
  const [kept] = await db.execute(sql`
    select exists (select 1 from ${agendaVersions} where ${agendaVersions.eventId} = ${session.eventId} and ${agendaVersions.sessions} @> ${JSON.stringify([{ id: session.id }])}::jsonb)
        or exists (select 1 from ${speakerInvitationSessions} where ${speakerInvitationSessions.sessionId} = ${session.id})
        or exists (select 1 from ${speakerSlides} where ${speakerSlides.sessionId} = ${session.id}) as "kept"`).then(resultRows<{ kept: boolean }>);
  return kept?.kept !== true;
}

/** Deletes a never-published session (see isDeletable) with its people; audited with what it was. False: refused. */
export async function deleteSession(db: Db, actor: AuditActor, session: AgendaSessionRow): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The event's row first, as publishing takes it: a publication either comes before (and the session is in it) or
    // after (and it is gone). Then the session's, read again: a booking in between makes it a session to cancel.
    await tx.execute(sql`select 1 from ${events} where ${events.id} = ${session.eventId} for update`);
    const [locked] = await tx.select().from(agendaSessions).where(eq(agendaSessions.id, session.id)).for('update');
    if (!locked || !(await isDeletable(tx, locked))) return false;
    await tx.delete(agendaSessions).where(eq(agendaSessions.id, session.id));
    const { type, title, startsAt, endsAt, roomId } = locked;
    await writeAudit(tx, actor, { eventId: locked.eventId, action: 'session.delete', targetType: 'session', targetId: locked.id, before: { type, title, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), roomId } });
    return true;
  });
}
