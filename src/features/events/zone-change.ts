// An organiser who changes an event's time zone is correcting it: what was entered as wall time in the event's zone
// keeps its clock time in the new one. That is the sessions (bookable ones too), the registration window and the
// invitation codes' expiry; a column added later that a form fills from wall time in the event's zone belongs here.
// Planned on rows locked in the caller's transaction and written in it with one audit row; a clock time the new zone
// skips or shows twice (summer time) refuses the whole change, naming what to change first. A published agenda is
// not published again: the organiser does that, and its changelog and the speakers' invitations follow as for any move.
// Example: const plan = await planZoneChange(tx, event, 'Europe/Berlin'); if (!plan.problems.length) await applyZoneChange(tx, actor, plan, now);
import { and, asc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { agendaSessions, agendaVersions, events, invitationCodes, registrationSettings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { formatList, translate, type Locale, type MessageRef, type Vars } from '../../i18n/index.ts';
import { formatDate, formatTime } from '../../lib/datetime.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { keepWallTime } from '../../lib/wall-time.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';

interface Move {
  from: Date;
  to: Date;
}

/** Which clock time: a session's start or end, the registration window's, or the codes'. */
type ClockTimeOf = { what: 'sessionStart' | 'sessionEnd'; title: LocalizedText } | { what: 'opensAt' | 'closesAt' | 'codeExpiry' };

/** A clock time that cannot be kept, with its instant (it is shown as the old zone's clocks read it). */
export type ClockTimeProblem = ClockTimeOf & { at: Date };

export interface ZoneChangePlan {
  eventId: string;
  from: string;
  to: string;
  sessions: { id: string; startsAt: Move; endsAt: Move }[];
  registration?: { opensAt: Move; closesAt: Move };
  /** Codes by expiry: codes made together share one. */
  codeExpiries: { expiresAt: Move; count: number }[];
  /** The agenda was published: its sessions show at the new times once it is published again. */
  published: boolean;
  problems: ClockTimeProblem[];
}

// Sessions moved per statement: 3 parameters each, well below the protocol's 65,535.
const SESSIONS_PER_STATEMENT = 1000;

/** What moves when the event's zone becomes `to`, read with its rows locked until the transaction ends. */
export async function planZoneChange(tx: Db, event: { id: string; timezone: string }, to: string): Promise<ZoneChangePlan> {
  const from = event.timezone;
  const problems: ClockTimeProblem[] = [];
  const keep = (at: Date, of: ClockTimeOf): Date | undefined => {
    const kept = keepWallTime(at, from, to);
    if (kept.problem) problems.push({ ...of, at });
    return kept.instant;
  };
  // Two readings in the old zone's repeated hour can come out in the wrong order: that end is the one to change.
  const keepSpan = (start: Date, end: Date, onStart: ClockTimeOf, onEnd: ClockTimeOf) => {
    const [a, b] = [keep(start, onStart), keep(end, onEnd)];
    if (a && b && b <= a) problems.push({ ...onEnd, at: end });
    return a && b && b > a ? { startsAt: { from: start, to: a }, endsAt: { from: end, to: b } } : undefined;
  };

  const sessionRows = await tx
    .select({ id: agendaSessions.id, title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt })
    .from(agendaSessions)
    .where(eq(agendaSessions.eventId, event.id))
    .orderBy(asc(agendaSessions.startsAt), asc(agendaSessions.id))
    .for('update');
  const sessions: ZoneChangePlan['sessions'] = [];
  for (const s of sessionRows) {
    const title = s.title as LocalizedText;
    const span = keepSpan(s.startsAt, s.endsAt, { what: 'sessionStart', title }, { what: 'sessionEnd', title });
    if (span) sessions.push({ id: s.id, ...span });
  }

  const [settings] = await tx
    .select({ opensAt: registrationSettings.opensAt, closesAt: registrationSettings.closesAt })
    .from(registrationSettings)
    .where(eq(registrationSettings.eventId, event.id))
    .for('update');
  const registration = settings && keepSpan(settings.opensAt, settings.closesAt, { what: 'opensAt' }, { what: 'closesAt' });

  const codes = await tx
    .select({ expiresAt: invitationCodes.expiresAt })
    .from(invitationCodes)
    .where(and(eq(invitationCodes.eventId, event.id), isNotNull(invitationCodes.expiresAt)))
    .orderBy(asc(invitationCodes.expiresAt))
    .for('update');
  const byExpiry = new Map<number, { at: Date; count: number }>();
  for (const { expiresAt } of codes) {
    const group = byExpiry.get(expiresAt!.getTime());
    if (group) group.count += 1;
    else byExpiry.set(expiresAt!.getTime(), { at: expiresAt!, count: 1 });
  }
  const codeExpiries: ZoneChangePlan['codeExpiries'] = [];
  for (const { at, count } of byExpiry.values()) {
    const kept = keep(at, { what: 'codeExpiry' });
    if (kept) codeExpiries.push({ expiresAt: { from: at, to: kept }, count });
  }

  const [version] = await tx.select({ id: agendaVersions.id }).from(agendaVersions).where(eq(agendaVersions.eventId, event.id)).limit(1);
  return {
    eventId: event.id,
    from,
    to,
    sessions,
    ...(registration ? { registration: { opensAt: registration.startsAt, closesAt: registration.endsAt } } : {}),
    codeExpiries,
    published: Boolean(version),
    problems,
  };
}

const iso = (move: Move, side: keyof Move) => move[side].toISOString();

function auditSide(plan: ZoneChangePlan, side: keyof Move) {
  return {
    timezone: side === 'from' ? plan.from : plan.to,
    sessions: plan.sessions.map((s) => ({ id: s.id, startsAt: iso(s.startsAt, side), endsAt: iso(s.endsAt, side) })),
    registration: plan.registration ? { opensAt: iso(plan.registration.opensAt, side), closesAt: iso(plan.registration.closesAt, side) } : null,
    invitationCodes: plan.codeExpiries.map((c) => ({ expiresAt: iso(c.expiresAt, side), count: c.count })),
  };
}

/** Writes a plan without problems, and its audit row (every instant before and after). */
export async function applyZoneChange(tx: Db, actor: AuditActor, plan: ZoneChangePlan, now: Date): Promise<void> {
  if (plan.problems.length > 0) throw new Error('a zone change with problems is refused, not applied');
  for (let i = 0; i < plan.sessions.length; i += SESSIONS_PER_STATEMENT) {
    const rows = plan.sessions
      .slice(i, i + SESSIONS_PER_STATEMENT)
      .map((s) => sql`(${s.id}::uuid, ${iso(s.startsAt, 'to')}::timestamptz, ${iso(s.endsAt, 'to')}::timestamptz)`);
    await tx.execute(sql`
      update ${agendaSessions} set "starts_at" = v.starts_at, "ends_at" = v.ends_at, "updated_at" = ${now.toISOString()}::timestamptz
      from (values ${sql.join(rows, sql`, `)}) as v(id, starts_at, ends_at)
      where ${agendaSessions.id} = v.id and ${agendaSessions.eventId} = ${plan.eventId}`);
  }
  if (plan.registration) {
    await tx
      .update(registrationSettings)
      .set({ opensAt: plan.registration.opensAt.to, closesAt: plan.registration.closesAt.to, updatedAt: now })
      .where(eq(registrationSettings.eventId, plan.eventId));
  }
  for (const { expiresAt } of plan.codeExpiries) {
    await tx
      .update(invitationCodes)
      .set({ expiresAt: expiresAt.to })
      .where(and(eq(invitationCodes.eventId, plan.eventId), eq(invitationCodes.expiresAt, expiresAt.from)));
  }
  await writeAudit(tx, actor, { eventId: plan.eventId, action: 'event.timezone', targetType: 'event', targetId: plan.eventId, before: auditSide(plan, 'from'), after: auditSide(plan, 'to') });
}

/** The field error refusing the change: each clock time that cannot be kept, as the old zone shows it. */
export function zoneChangeRefusal(plan: ZoneChangePlan, locale: Locale): { key: string; vars: Vars } {
  const list = plan.problems.map((p) => {
    const time = translate(locale, 'format.dateTime', { date: formatDate(p.at, plan.from, locale), time: formatTime(p.at, plan.from, locale) });
    const title = 'title' in p ? (pickLocalized(p.title, locale)?.text ?? '') : '';
    return translate(locale, `adminEvents.zoneChange.problems.${p.what}`, { time, title });
  });
  return { key: 'adminEvents.errors.zoneClockTimes', vars: { zone: plan.to, list: formatList(locale, list) } };
}

/** The notice after saving: the new zone and what kept its clock times. */
export function zoneChangeNotice(plan: ZoneChangePlan): { key: string; vars: Record<string, unknown> } {
  const codes = plan.codeExpiries.reduce((n, c) => n + c.count, 0);
  const kept: MessageRef[] = [
    ...(plan.sessions.length > 0 ? [{ key: 'adminEvents.zoneChange.kept.sessions', vars: { count: plan.sessions.length } }] : []),
    ...(plan.registration ? [{ key: 'adminEvents.zoneChange.kept.registration' }] : []),
    ...(codes > 0 ? [{ key: 'adminEvents.zoneChange.kept.codes', vars: { count: codes } }] : []),
  ];
  // subForums: filled in by the caller for a forum whose sub-forums keep the old zone (subForumsNote), else nothing.
  if (kept.length === 0) return { key: 'adminEvents.zoneChange.savedAlone', vars: { zone: plan.to, subForums: [] } };
  const republish = plan.published && plan.sessions.length > 0;
  return { key: republish ? 'adminEvents.zoneChange.savedRepublish' : 'adminEvents.zoneChange.saved', vars: { zone: plan.to, kept, subForums: [] } };
}

/**
 * The sentence that tells an organiser who moved a forum to another zone which of its sub-forums stayed in the old
 * one: a sub-forum has its own zone (it may be held elsewhere), so it is not changed with the forum, but the
 * organiser should know. Empty when none did.
 */
export async function subForumsNote(tx: Db, forumId: string, oldZone: string, locale: Locale): Promise<MessageRef[]> {
  const stayed = await tx
    .select({ title: events.title })
    .from(events)
    .where(and(eq(events.parentId, forumId), eq(events.timezone, oldZone), ne(events.status, 'archived')))
    .orderBy(asc(events.startsAt), asc(events.id));
  if (stayed.length === 0) return [];
  const names = formatList(locale, stayed.map((e) => pickLocalized(e.title, locale)?.text ?? ''));
  return [{ key: 'adminEvents.zoneChange.subForums', vars: { count: stayed.length, zone: oldZone, names } }];
}
