// Organisers change an event: titles, summary and description in both languages, time zone, start and end (wall
// time in that zone), status and contact address. Checked field by field; the change is audited with before/after.
import { localizedFromFields } from '../../lib/localized.ts';
import { eq } from 'drizzle-orm';
import { EVENT_STATUSES, events, type EventStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { isValidTimeZone } from '../../lib/datetime.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { formatWallTime, parseWallTime } from '../../lib/wall-time.ts';
import { normaliseEmail } from '../accounts/service.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { EventRow } from './queries.ts';

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

const LIMITS = { titleEn: 200, titleZh: 200, summaryEn: 500, summaryZh: 500, descriptionEn: 10_000, descriptionZh: 10_000 } as const;

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

export function validateEventForm(form: EventForm): { values?: EventValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!form.titleEn.trim() && !form.titleZh.trim()) errors.titleEn = { key: 'adminEvents.errors.title' };
  for (const [field, max] of Object.entries(LIMITS) as [keyof typeof LIMITS, number][]) {
    if ([...form[field].trim()].length > max) errors[field] = { key: 'forms.tooLong', vars: { max } };
  }
  const timezone = form.timezone.trim();
  const zoneOk = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timezone) && isValidTimeZone(timezone);
  if (!zoneOk) errors.timezone = { key: 'adminEvents.errors.timezone' };
  const starts = parseWallTime(form.startsAt.trim(), zoneOk ? timezone : 'UTC');
  const ends = parseWallTime(form.endsAt.trim(), zoneOk ? timezone : 'UTC');
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
      timezone,
      startsAt: starts.instant!,
      endsAt: ends.instant!,
      status: status as EventStatus,
      contactEmail,
    },
  };
}

const auditView = (v: EventValues) => ({ ...v, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString() });

export async function updateEvent(db: Db, clock: Clock, actor: AuditActor, before: EventRow, values: EventValues): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(events).set({ ...values, updatedAt: clock.now() }).where(eq(events.id, before.id));
    const { title, summary, description, timezone, startsAt, endsAt, status, contactEmail } = before;
    await writeAudit(tx, actor, {
      eventId: before.id,
      action: 'event.update',
      targetType: 'event',
      targetId: before.id,
      before: auditView({ title, summary, description, timezone, startsAt, endsAt, status, contactEmail }),
      after: auditView(values),
    });
  });
}
