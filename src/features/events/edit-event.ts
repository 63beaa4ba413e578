// Organisers change an event: titles, summary and description in both languages, time zone, start and end (wall
// time in that zone), status and contact address. Checked field by field, then against the dates around it; a new
// zone keeps the clock times of what was entered in the old one. The change is audited with before/after.
import { parseViewerZone } from '../../lib/time-zones.ts';
import { localizedFromFields } from '../../lib/localized.ts';
import { eq } from 'drizzle-orm';
import { EVENT_STATUSES, events, type EventStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { textLength } from '../../lib/form-text.ts';
import { formatWallTime, parseWallTime } from '../../lib/wall-time.ts';
import { normaliseEmail } from '../accounts/service.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { checkEventDates } from './date-rules.ts';
import type { EventRow } from './queries.ts';
import { applyZoneChange, planZoneChange, subForumsNote, zoneChangeNotice, zoneChangeRefusal } from './zone-change.ts';

export interface EventForm {
  titleEn: string;
  titleZh: string;
  summaryEn: string;
  summaryZh: string;
  descriptionEn: string;
  descriptionZh: string;
  timezone: string;
  startsAt: string;
  endsAt: string;
  status: string;
  contactEmail: string;
}

type EventValues = Pick<EventRow, 'title' | 'summary' | 'description' | 'timezone' | 'startsAt' | 'endsAt' | 'status' | 'contactEmail'>;

/** Characters per text field; the form's inputs take them as maxlength. */
export const EVENT_TEXT_LIMITS = { titleEn: 200, titleZh: 200, summaryEn: 500, summaryZh: 500, descriptionEn: 10_000, descriptionZh: 10_000 } as const;

export function eventToForm(event: EventRow): EventForm {
  return {
    titleEn: event.title.en ?? '',
    titleZh: event.title['zh-CN'] ?? '',
    summaryEn: event.summary.en ?? '',
    summaryZh: event.summary['zh-CN'] ?? '',
    descriptionEn: event.description.en ?? '',
    descriptionZh: event.description['zh-CN'] ?? '',
    timezone: event.timezone,
    startsAt: formatWallTime(event.startsAt, event.timezone),
    endsAt: formatWallTime(event.endsAt, event.timezone),
    status: event.status,
    contactEmail: event.contactEmail ?? '',
  };
}

/** `keptZone`: the event's stored zone, kept as it is when the form sends it back (one stored before names were checked). */
export function validateEventForm(form: EventForm, keptZone?: string): { values?: EventValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!form.titleEn.trim() && !form.titleZh.trim()) errors.titleEn = { key: 'adminEvents.errors.title' };
  for (const [field, max] of Object.entries(EVENT_TEXT_LIMITS) as [keyof typeof EVENT_TEXT_LIMITS, number][]) {
    if (textLength(form[field]) > max) errors[field] = { key: 'forms.tooLong', vars: { max } };
  }
  // Kept by its IANA name however it was typed (europe/rome, Asia/Calcutta): Europe/Rome, Asia/Kolkata.
  const typed = form.timezone.trim();
  const timezone = typed === keptZone ? typed : parseViewerZone(typed);
  if (!timezone) errors.timezone = { key: 'adminEvents.errors.timezone' };
  const starts = parseWallTime(form.startsAt.trim(), timezone ?? 'UTC');
  const ends = parseWallTime(form.endsAt.trim(), timezone ?? 'UTC');
  if (starts.problem) errors.startsAt = { key: `agenda.errors.time.${starts.problem}` };
  if (ends.problem) errors.endsAt = { key: `agenda.errors.time.${ends.problem}` };
  if (starts.instant && ends.instant && ends.instant <= starts.instant) errors.endsAt = { key: 'agenda.errors.endBeforeStart' };
  const status = EVENT_STATUSES.find((s) => s === form.status);
  if (!status) errors.status = { key: 'adminEvents.errors.status' };
  let contactEmail: string | null = null;
  if (form.contactEmail.trim()) {
    contactEmail = normaliseEmail(form.contactEmail) ?? null;
    if (!contactEmail) errors.contactEmail = { key: 'account.errors.email' };
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    values: {
      title: localizedFromFields(form.titleEn, form.titleZh),
      summary: localizedFromFields(form.summaryEn, form.summaryZh),
      description: localizedFromFields(form.descriptionEn, form.descriptionZh),
      timezone: timezone!,
      startsAt: starts.instant!,
      endsAt: ends.instant!,
      status: status as EventStatus,
      contactEmail,
    },
  };
}

const auditView = (v: EventValues) => ({ ...v, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString() });

export type EventUpdate = { errors: FieldErrors; notice?: undefined } | { errors?: undefined; notice: { key: string; vars?: Record<string, unknown> } };

/**
 * Saves checked values in one transaction, on the event's row as it is now (locked, so a new zone is planned from
 * the zone the event really had): what was entered as wall time in the old zone keeps its clock time in the new one
 * (zone-change.ts), and new dates must agree with the forum, the sub-forums and the registration window
 * (date-rules.ts). Refused with field errors and nothing written; otherwise the notice to show.
 */
export async function updateEvent(db: Db, clock: Clock, actor: AuditActor, eventId: string, values: EventValues, locale: Locale): Promise<EventUpdate> {
  return db.transaction(async (tx): Promise<EventUpdate> => {
    const [before] = await tx.select().from(events).where(eq(events.id, eventId)).for('update');
    if (!before) throw new NotFoundError('event', { id: eventId });
    const zoneChange = values.timezone === before.timezone ? undefined : await planZoneChange(tx, before, values.timezone);
    if (zoneChange && zoneChange.problems.length > 0) return { errors: { timezone: zoneChangeRefusal(zoneChange, locale) } };
    // Dates already at odds (set before these rules) do not stand in the way of changing a title.
    const datesChanged = zoneChange !== undefined || values.startsAt.getTime() !== before.startsAt.getTime() || values.endsAt.getTime() !== before.endsAt.getTime();
    if (datesChanged) {
      const errors = await checkEventDates(tx, before, values, zoneChange ? (zoneChange.registration?.closesAt.to ?? null) : undefined, locale);
      if (Object.keys(errors).length > 0) return { errors };
    }
    const now = clock.now();
    await tx.update(events).set({ ...values, updatedAt: now }).where(eq(events.id, before.id));
    const { title, summary, description, timezone, startsAt, endsAt, status, contactEmail } = before;
    await writeAudit(tx, actor, {
      eventId: before.id,
      action: 'event.update',
      targetType: 'event',
      targetId: before.id,
      before: auditView({ title, summary, description, timezone, startsAt, endsAt, status, contactEmail }),
      after: auditView(values),
    });
    if (!zoneChange) return { notice: { key: 'adminEvents.saved' } };
    await applyZoneChange(tx, actor, zoneChange, now);
    const notice = zoneChangeNotice(zoneChange);
    return { notice: { ...notice, vars: { ...notice.vars, subForums: await subForumsNote(tx, before.id, zoneChange.from, locale) } } };
  });
}
