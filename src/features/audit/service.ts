// The audit log: one row per organiser change, written with the change in the same transaction, never edited
// (database triggers refuse UPDATE and DELETE; see drizzle/0006).
// Example: await writeAudit(tx, auditActor(request), { eventId, action: 'team.add', targetType: 'user', targetId, after });
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { auditLog, users } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { containsPattern } from '../../lib/like-pattern.ts';
import { hasMessage, translate, type Locale } from '../../i18n/index.ts';

export interface AuditActor {
  actorId: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  eventId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export function auditActor(request: FastifyRequest): AuditActor {
  return { actorId: request.user?.id ?? null, requestId: request.id };
}

/**
 * "Added to the team" for team.add; the code itself for an action without a name yet. An approval that found no seat
 * put the person on the waiting list, and is named so from what the row recorded (`after`), older rows too.
 */
export function auditActionLabel(locale: Locale, action: string, after?: Record<string, unknown> | null): string {
  const key = action === 'registration.approve' && after?.status === 'waitlisted' ? 'audit.actionNames.registration.approveWaitlisted' : `audit.actionNames.${action}`;
  return hasMessage(locale, key) ? translate(locale, key) : action;
}
/**
 * What participants do for themselves, through the registration form or their manage link, in a request with nobody
 * signed in. A team member doing the same carries their account; a job (the retention job, an import) no request.
 * A promotion from the waiting list is never the promoted person's doing, whoever's cancellation set it off.
 */
const PARTICIPANT_ACTIONS: ReadonlySet<string> = new Set(['registration.create', 'registration.update', 'registration.sessions', 'registration.cancel', 'registration.consent.withdraw', 'registration.consent.give', 'registration.document', 'registration.erase']);

/** What speakers do for themselves in the speaker portal (signed in by a link to their address, with no account). */
const SPEAKER_ACTIONS: ReadonlySet<string> = new Set(['speaker.profile', 'speaker.photo', 'speaker.photoRemoved', 'speaker.slides', 'speaker.share', 'speaker.unshare']);

/**
 * Who wrote an audit row, as the log and a registration's history name them: a team member's name and e-mail, the
 * participant or the speaker (their own change, in a request with no account signed in), or the system.
 */
export function auditActorLabel(locale: Locale, row: { actorEmail: string | null; actorName?: string | null; requestId: string | null; targetType: string; action: string }): string {
  // By name, as the door and the team pages name staff, with the address that tells two of the same name apart.
  if (row.actorEmail && row.actorName?.trim()) return `${row.actorName.trim()}${translate(locale, 'punct.open')}${row.actorEmail}${translate(locale, 'punct.close')}`;
  if (row.actorEmail) return row.actorEmail;
  if (row.requestId !== null && row.targetType === 'registration' && PARTICIPANT_ACTIONS.has(row.action)) return translate(locale, 'audit.participant');
  if (row.requestId !== null && row.targetType === 'speaker' && SPEAKER_ACTIONS.has(row.action)) return translate(locale, 'audit.speaker');
  return translate(locale, 'audit.system');
}

/** The audit_log row of an entry by an actor. */
export const auditRow = (actor: AuditActor, entry: AuditEntry) => ({
  actorId: actor.actorId,
  requestId: actor.requestId,
  eventId: entry.eventId ?? null,
  action: entry.action,
  targetType: entry.targetType,
  targetId: entry.targetId ?? null,
  before: entry.before ?? null,
  after: entry.after ?? null,
});

export async function writeAudit(tx: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(auditRow(actor, entry));
}

/** Many rows in one statement, for one action on many records (an export audits each number it reveals). */
export async function writeAuditMany(tx: Db, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length > 0) await tx.insert(auditLog).values(entries.map((entry) => auditRow(actor, entry)));
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  /** Inclusive day bounds as instants. */
  from?: Date;
  to?: Date;
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of an event's audit rows, newest first, with the actor's name and e-mail; and the actions present, for the filter. */
export async function listAudit(db: Db, eventId: string, filter: AuditFilter, page: number) {
  const conditions: SQL[] = [eq(auditLog.eventId, eventId)];
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actor) conditions.push(sql`(${users.email} ilike ${containsPattern(filter.actor)} or ${users.name} ilike ${containsPattern(filter.actor)})`);
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.createdAt, filter.to));
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
      requestId: auditLog.requestId,
      actorEmail: users.email,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  const actions = await db.selectDistinct({ action: auditLog.action }).from(auditLog).where(eq(auditLog.eventId, eventId)).orderBy(auditLog.action);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, actions: actions.map((a) => a.action) };
}

/** The audit rows about one record of an event (a registration's history), newest first, at most `limit`. */
export function listAuditForTarget(db: Db, eventId: string, targetType: string, targetId: string, limit: number) {
  return db
    .select({ id: auditLog.id, createdAt: auditLog.createdAt, action: auditLog.action, targetType: auditLog.targetType, before: auditLog.before, after: auditLog.after, requestId: auditLog.requestId, actorEmail: users.email, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.eventId, eventId), eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId)))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}
