// Dates that must agree with each other, checked where they are entered: a sub-forum takes place within its forum's
// dates (so a forum cannot be shortened past one of its sub-forums), and registration closes no later than the event
// ends. Compared as instants, so events in different zones compare rightly.
// Example: const errors = await checkEventDates(tx, event, { startsAt, endsAt, timezone }, closesAt, 'en');
import { DateTime } from 'luxon';
import { asc, eq } from 'drizzle-orm';
import { events, registrationSettings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { formatList, type Locale } from '../../i18n/index.ts';
import { formatDateRange, formatDateTime } from '../../lib/datetime.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';

/** True when registration would still be open after the event has ended. */
export const closesAfterEnd = (closesAt: Date, endsAt: Date): boolean => closesAt.getTime() > endsAt.getTime();

const nameOf = (event: { title: LocalizedText; slug: string }, locale: Locale) => pickLocalized(event.title, locale)?.text ?? event.slug;

/**
 * An event's new dates against its forum, its sub-forums and the time its registration closes: errors for startsAt
 * and endsAt. `closesAt` is that time when the caller is moving it too (null: no registration), else it is read.
 * Reads the forum locked for share, so it cannot be shortened meanwhile.
 */
export async function checkEventDates(
  tx: Db,
  event: { id: string; parentId: string | null },
  dates: { startsAt: Date; endsAt: Date; timezone: string },
  closesAt: Date | null | undefined,
  locale: Locale,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const [forum] = event.parentId ? await tx.select().from(events).where(eq(events.id, event.parentId)).for('share') : [];
  if (forum) {
    const name = nameOf(forum, locale);
    if (dates.startsAt < forum.startsAt) errors.startsAt = { key: 'adminEvents.errors.startsBeforeForum', vars: { forum: name, start: formatDateTime(forum.startsAt, forum.timezone, locale) } };
    if (dates.endsAt > forum.endsAt) errors.endsAt = { key: 'adminEvents.errors.endsAfterForum', vars: { forum: name, end: formatDateTime(forum.endsAt, forum.timezone, locale) } };
  }
  const subForums = await tx
    .select({ title: events.title, slug: events.slug, startsAt: events.startsAt, endsAt: events.endsAt })
    .from(events)
    .where(eq(events.parentId, event.id))
    .orderBy(asc(events.startsAt), asc(events.slug));
  const earlier = subForums.filter((s) => s.startsAt < dates.startsAt).map((s) => nameOf(s, locale));
  const later = subForums.filter((s) => s.endsAt > dates.endsAt).map((s) => nameOf(s, locale));
  if (earlier.length > 0) errors.startsAt = { key: 'adminEvents.errors.subForumsStartEarlier', vars: { count: earlier.length, list: formatList(locale, earlier) } };
  if (later.length > 0) errors.endsAt = { key: 'adminEvents.errors.subForumsEndLater', vars: { count: later.length, list: formatList(locale, later) } };
  const closes = closesAt === undefined ? (await tx.select({ closesAt: registrationSettings.closesAt }).from(registrationSettings).where(eq(registrationSettings.eventId, event.id)))[0]?.closesAt : closesAt;
  if (!errors.endsAt && closes && closesAfterEnd(closes, dates.endsAt)) {
    errors.endsAt = { key: 'adminEvents.errors.endsBeforeRegistrationCloses', vars: { closes: formatDateTime(closes, dates.timezone, locale) } };
  }
  return errors;
}

/**
 * A new sub-forum's days (whole days in its zone, as the creation form takes them) against its forum's: each must be
 * a day the forum runs. Within those, its times start as the forum's, so it never begins before or ends after it.
 * Example: fitSubForumDays(forum, start, end, 'en') → { startsAt, endsAt } or { errors: { startDate: … } }
 */
export function fitSubForumDays(
  forum: { title: LocalizedText; slug: string; timezone: string; startsAt: Date; endsAt: Date },
  firstDay: DateTime,
  lastDay: DateTime,
  locale: Locale,
): { startsAt: Date; endsAt: Date; errors?: undefined } | { errors: FieldErrors } {
  const zone = firstDay.zoneName ?? forum.timezone;
  const forumFirst = DateTime.fromJSDate(forum.startsAt, { zone }).startOf('day');
  // An end at midnight belongs to the day before, as the event's dates are shown.
  const forumLast = DateTime.fromJSDate(new Date(forum.endsAt.getTime() - 1), { zone }).startOf('day');
  const error = { key: 'adminEvents.errors.outsideForumDays', vars: { forum: nameOf(forum, locale), dates: formatDateRange(forum.startsAt, forum.endsAt, forum.timezone, locale) } };
  const errors: FieldErrors = {};
  if (firstDay.startOf('day') < forumFirst) errors.startDate = error;
  if (lastDay.startOf('day') > forumLast) errors.endDate = error;
  if (Object.keys(errors).length > 0) return { errors };
  const starts = firstDay.startOf('day').toJSDate();
  const ends = lastDay.plus({ days: 1 }).startOf('day').toJSDate();
  return { startsAt: starts < forum.startsAt ? forum.startsAt : starts, endsAt: ends > forum.endsAt ? forum.endsAt : ends };
}
