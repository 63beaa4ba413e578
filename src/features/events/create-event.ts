// An administrator creates an event (a draft) and names its owner, who gets a sign-in link by mail.
// The full event editor comes with agendas (issue 6); this is the least an owner needs to start.
import { zoneName } from '../../lib/datetime.ts';
import { localizedFromFields } from '../../lib/localized.ts';
import { DateTime } from 'luxon';
import { parseViewerZone } from '../../lib/time-zones.ts';
import { and, eq, isNull } from 'drizzle-orm';
import { EVENT_KINDS, events, type EventKind } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { normaliseEmail } from '../accounts/service.ts';
import { addTeamMember } from '../accounts/team.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { MailContext } from '../mail/service.ts';
import { fitSubForumDays } from './date-rules.ts';
import { EVENT_TEXT_LIMITS } from './edit-event.ts';
import type { EventRow } from './queries.ts';

export interface NewEventForm {
  titleEn: string;
  titleZh: string;
  slug: string;
  kind: string;
  parentId: string;
  timezone: string;
  startDate: string;
  endDate: string;
  ownerEmail: string;
  /** 'yes': a sub-forum in another zone than its forum's is meant so (held in another city). */
  otherZone?: string;
}

export interface NewEvent {
  title: { en?: string; 'zh-CN'?: string };
  slug: string;
  kind: EventKind;
  parentId: string | null;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  ownerEmail: string;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The checked event, or the problems with each field (in `locale`, which names the forum of a sub-forum). */
export async function validateNewEvent(db: Db, form: NewEventForm, locale: Locale): Promise<{ event?: NewEvent; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const titleEn = form.titleEn.trim();
  const titleZh = form.titleZh.trim();
  if (!titleEn && !titleZh) errors.titleEn = { key: 'adminEvents.errors.title' };
  // The same limits as the edit form's (counted as before: in UTF-16 units, as the inputs' maxlength counts).
  if (titleEn.length > EVENT_TEXT_LIMITS.titleEn) errors.titleEn = { key: 'forms.tooLong', vars: { max: EVENT_TEXT_LIMITS.titleEn } };
  if (titleZh.length > EVENT_TEXT_LIMITS.titleZh) errors.titleZh = { key: 'forms.tooLong', vars: { max: EVENT_TEXT_LIMITS.titleZh } };
  const slug = form.slug.trim().toLowerCase();
  if (!SLUG.test(slug) || slug.length > 80) errors.slug = { key: 'adminEvents.errors.slug' };
  else if ((await db.select({ id: events.id }).from(events).where(eq(events.slug, slug))).length > 0) errors.slug = { key: 'adminEvents.errors.slugTaken' };
  const kind = EVENT_KINDS.find((k) => k === form.kind);
  if (!kind) errors.kind = { key: 'adminEvents.errors.kind' };
  let parent: Pick<EventRow, 'id' | 'title' | 'slug' | 'timezone' | 'startsAt' | 'endsAt'> | undefined;
  if (kind === 'sub-forum') {
    // Checked as a UUID first: anything else would reach the uuid column and fail there as a server error.
    [parent] = isUuid(form.parentId)
      ? await db
          .select({ id: events.id, title: events.title, slug: events.slug, timezone: events.timezone, startsAt: events.startsAt, endsAt: events.endsAt })
          .from(events)
          .where(and(eq(events.id, form.parentId), eq(events.kind, 'forum'), isNull(events.parentId)))
      : [];
    if (!parent) errors.parentId = { key: 'adminEvents.errors.parent' };
  }
  // Kept by its IANA name however it was typed (europe/rome, Asia/Calcutta): Europe/Rome, Asia/Kolkata.
  const timezone = parseViewerZone(form.timezone.trim());
  if (!timezone) errors.timezone = { key: 'adminEvents.errors.timezone' };
  // A sub-forum usually runs where its forum does: another zone (the form's Beijing default left as it was) is asked
  // about once, rather than putting every session hours off.
  else if (parent && timezone !== (parseViewerZone(parent.timezone) ?? parent.timezone) && form.otherZone !== 'yes') {
    errors.timezone = { key: 'adminEvents.errors.subForumZone', vars: { zone: parent.timezone, zoneName: zoneName(parent.startsAt, parent.timezone, locale) } };
  }
  const zone = errors.timezone || !timezone ? 'UTC' : timezone;
  const start = DATE.test(form.startDate) ? DateTime.fromISO(form.startDate, { zone }) : undefined;
  const end = DATE.test(form.endDate) ? DateTime.fromISO(form.endDate, { zone }) : undefined;
  if (!start?.isValid) errors.startDate = { key: 'adminEvents.errors.date' };
  if (!end?.isValid) errors.endDate = { key: 'adminEvents.errors.date' };
  else if (start?.isValid && end < start) errors.endDate = { key: 'adminEvents.errors.endBeforeStart' };
  // The whole days in the event's zone; a sub-forum's must be days its forum runs, and begin and end within its times.
  const datesOk = start?.isValid && end?.isValid && !errors.startDate && !errors.endDate && !errors.timezone;
  const wholeDays = (): ReturnType<typeof fitSubForumDays> => ({ startsAt: start!.startOf('day').toJSDate(), endsAt: end!.plus({ days: 1 }).startOf('day').toJSDate() });
  const days = !datesOk ? undefined : parent ? fitSubForumDays(parent, start!, end!, locale) : wholeDays();
  if (days?.errors) Object.assign(errors, days.errors);
  const ownerEmail = normaliseEmail(form.ownerEmail);
  if (!ownerEmail) errors.ownerEmail = { key: 'account.errors.email' };
  if (Object.keys(errors).length > 0 || !days || days.errors) return { errors };
  return {
    errors,
    event: {
      title: localizedFromFields(titleEn, titleZh),
      slug,
      kind: kind!,
      parentId: parent?.id ?? null,
      timezone: timezone!,
      startsAt: days.startsAt,
      endsAt: days.endsAt,
      ownerEmail: ownerEmail!,
    },
  };
}

/** Writes the draft event, its audit row and its owner's role and invitation in one transaction. */
export async function createEvent(db: Db, clock: Clock, mail: MailContext, actor: AuditActor, event: NewEvent, locale: Locale): Promise<string> {
  return db.transaction(async (tx) => {
    const id = uuidv7();
    const { ownerEmail, ...row } = event;
    await tx.insert(events).values({ ...row, id, status: 'draft' });
    await writeAudit(tx, actor, {
      eventId: id,
      action: 'event.create',
      targetType: 'event',
      targetId: id,
      after: { ...row, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() },
    });
    const title = event.title[locale] ?? event.title.en ?? event.title['zh-CN'] ?? event.slug;
    await addTeamMember(tx, clock, mail, actor, { eventId: id, eventTitle: title, email: ownerEmail, name: '', role: 'owner', locale });
    return id;
  });
}
