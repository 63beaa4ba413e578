// A person's place on the waiting list and the moment they join it. The place is counted by one SQL rule, so the
// answer page, the mails, the manage page and the organisers' lists all tell the same number, and joining is
// serialised per event so two people never share a place.
// Example: const position = registration.status === 'waitlisted' ? await waitlistPosition(db, registration) : null;
import { and, eq, max, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { registrationCategories, registrations, registrationSettings } from '../../db/schema/index.ts';
import { resultRows } from '../../db/result-rows.ts';
import type { Db } from '../../db/types.ts';
import { roomFor } from './seats.ts';
import type { RegistrationRow } from './service.ts';

/**
 * The time a person joins the waiting list: now, or just after the last person on it. Joining is one at a time per
 * event (a transaction-scoped lock), so places are never shared, however many join at the same moment.
 */
export async function nextWaitlistSlot(tx: Db, eventId: string, now: Date): Promise<Date> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`waitlist:${eventId}`}, 0))`);
  const [last] = await tx
    .select({ at: max(registrations.waitlistedAt) })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted')));
  return last?.at && last.at >= now ? new Date(last.at.getTime() + 1) : now;
}

/** The people waiting counted ahead of someone, apart from the registrations row the place is asked for. */
const ahead = alias(registrations, 'ahead');

/**
 * The place on the waiting list people are told, from 1: one more than the people waiting who would get a freed seat
 * before them, as promoteFromWaitlist gives seats (status-changes.ts). Those are the people who joined earlier
 * (waitlistedAt, then id) and are either of the same category, or — while the event's own capacity is full — of
 * another category that still has room: such a person takes the event's next free seat first. People of another
 * full category wait for a seat of their own category and are not ahead. `joined` null is a person not on the list
 * yet (the answer a new registration would get): everyone waiting joined earlier.
 */
export function waitlistPlace(eventId: string, categoryId: SQL | string, joined: { at: SQL | Date; id: SQL | string } | null): SQL<number> {
  const at = joined?.at instanceof Date ? sql`${joined.at.toISOString()}::timestamptz` : joined?.at;
  const earlier = joined ? sql`and (${ahead.waitlistedAt}, ${ahead.id}) < (${at}, ${joined.id}::uuid)` : sql``;
  return sql<number>`(1 + (select count(*) from ${registrations} ${ahead}
      where ${ahead.eventId} = ${eventId} and ${ahead.status} = 'waitlisted' ${earlier}
        and (${ahead.categoryId} = ${categoryId}::uuid
          or (exists (select 1 from ${registrationSettings} where ${registrationSettings.eventId} = ${eventId} and not ${roomFor(registrationSettings.taken, registrationSettings.capacity, 1)})
            and ${ahead.categoryId} in (select ${registrationCategories.id} from ${registrationCategories} where ${registrationCategories.eventId} = ${eventId} and ${roomFor(registrationCategories.taken, registrationCategories.capacity, 1)})))
    ))::int`;
}

/** The place waitlistPlace gives, read now. */
export async function readPlace(db: Db, ...args: Parameters<typeof waitlistPlace>): Promise<number> {
  return resultRows<{ place: number }>(await db.execute(sql`select ${waitlistPlace(...args)} as "place"`))[0]!.place;
}

/** A waiting person's place (the rule of waitlistPlace). */
export function waitlistPosition(db: Db, registration: Pick<RegistrationRow, 'id' | 'eventId' | 'categoryId' | 'waitlistedAt'>): Promise<number> {
  return readPlace(db, registration.eventId, registration.categoryId, { at: registration.waitlistedAt!, id: registration.id });
}
