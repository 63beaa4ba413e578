// Organisers create and change agenda sessions: times typed as wall time in the event's zone, room and track only
// from the same event, every field checked with a message; each change is audited in its transaction.
import { eq } from 'drizzle-orm';
import { agendaSessions, SESSION_TYPES, type SessionType } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import type { FieldErrors } from '../../lib/errors.ts';
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
}

export type SessionValues = Pick<AgendaSessionRow, 'type' | 'title' | 'abstract' | 'roomId' | 'trackId' | 'startsAt' | 'endsAt' | 'language' | 'interpretation' | 'capacity'>;

export const SESSION_LANGUAGES = ['zh', 'en'] as const;
export const INTERPRETATIONS = ['zh-en'] as const;
const TITLE_MAX = 300;
const ABSTRACT_MAX = 5000;

/** The form as an organiser sees it for an existing session (times as wall time in the event's zone). */
export function sessionToForm(row: AgendaSessionRow, zone: string): SessionForm {
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
    ['titleEn', titleEn, TITLE_MAX],
    ['titleZh', titleZh, TITLE_MAX],
    ['abstractEn', form.abstractEn.trim(), ABSTRACT_MAX],
    ['abstractZh', form.abstractZh.trim(), ABSTRACT_MAX],
  ] as const) {
    if ([...value].length > max) errors[field] = { key: 'forms.tooLong', vars: { max } };
  }
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
  const starts = parseWallTime(form.startsAt.trim(), event.timezone);
  const ends = parseWallTime(form.endsAt.trim(), event.timezone);
  if (starts.problem) errors.startsAt = { key: `agenda.errors.time.${starts.problem}` };
  if (ends.problem) errors.endsAt = { key: `agenda.errors.time.${ends.problem}` };
  if (starts.instant && ends.instant && ends.instant <= starts.instant) errors.endsAt = { key: 'agenda.errors.endBeforeStart' };
  const language = SESSION_LANGUAGES.find((l) => l === form.language);
  if (!language) errors.language = { key: 'agenda.errors.language' };
  const interpretation = form.interpretation === '' ? null : (INTERPRETATIONS.find((i) => i === form.interpretation) ?? undefined);
  if (interpretation === undefined) errors.interpretation = { key: 'agenda.errors.interpretation' };
  let capacity: number | null = null;
  if (form.capacity.trim() !== '') {
    const n = Number(form.capacity.trim());
    if (!/^\d{1,6}$/.test(form.capacity.trim()) || n < 1) errors.capacity = { key: 'agenda.errors.capacity' };
    else capacity = n;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    values: {
      type: type as SessionType,
      title: { ...(titleEn ? { en: titleEn } : {}), ...(titleZh ? { 'zh-CN': titleZh } : {}) },
      abstract: { ...(form.abstractEn.trim() ? { en: form.abstractEn.trim() } : {}), ...(form.abstractZh.trim() ? { 'zh-CN': form.abstractZh.trim() } : {}) },
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

const auditView = (v: SessionValues) => ({ ...v, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString() });

export async function createSession(db: Db, actor: AuditActor, eventId: string, values: SessionValues): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(agendaSessions).values({ ...values, eventId }).returning({ id: agendaSessions.id });
    await writeAudit(tx, actor, { eventId, action: 'session.create', targetType: 'session', targetId: row!.id, after: auditView(values) });
    return row!.id;
  });
}

export async function updateSession(db: Db, clock: Clock, actor: AuditActor, before: AgendaSessionRow, values: SessionValues): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(agendaSessions).set({ ...values, updatedAt: clock.now() }).where(eq(agendaSessions.id, before.id));
    const { type, title, abstract, roomId, trackId, startsAt, endsAt, language, interpretation, capacity } = before;
    await writeAudit(tx, actor, {
      eventId: before.eventId,
      action: 'session.update',
      targetType: 'session',
      targetId: before.id,
      before: auditView({ type, title, abstract, roomId, trackId, startsAt, endsAt, language, interpretation, capacity }),
      after: auditView(values),
    });
  });
}
