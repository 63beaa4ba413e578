// Which events' teams see a person's portal profile: those the person confirmed they speak at (speaker_shares). An
// organiser can type any address into a speaker list; only the person, by a link mailed to that address or signed in
// to the portal, can open their needs, time zone, bio and photo to that event's team and its public pages.
// Example: if (await sharesWith(db, speaker.email, event.id)) … show the profile
import { and, eq, notExists, sql } from 'drizzle-orm';
import { speakers, speakerShares, type SpeakerShareWay } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

/** Shares are kept by the address as speaker profiles are: trimmed and lower-cased. */
const address = (email: string) => email.trim().toLowerCase();
const ofAddress = (email: string) => eq(speakerShares.email, address(email));

/** Records that the person behind `email` speaks at the event and shares their profile with it (once). */
export async function shareWithEvent(db: Db, email: string, eventId: string, via: SpeakerShareWay, now: Date): Promise<boolean> {
  const added = await db
    .insert(speakerShares)
    .values({ email: address(email), eventId, via, createdAt: now })
    .onConflictDoNothing()
    .returning({ email: speakerShares.email });
  return added.length > 0;
}

/** Withdraws the person's profile from the event (they stopped sharing, or declined); true when it was shared. */
export async function stopSharing(db: Db, email: string, eventId: string): Promise<boolean> {
  const gone = await db
    .delete(speakerShares)
    .where(and(ofAddress(email), eq(speakerShares.eventId, eventId)))
    .returning({ email: speakerShares.email });
  return gone.length > 0;
}

/** Drops the shares of addresses no speaker entry of their event lists any more (the daily privacy run). */
export async function forgetUnlistedShares(db: Db): Promise<number> {
  const listed = db.select({ one: speakers.id }).from(speakers).where(and(sql`lower(${speakers.email}) = ${speakerShares.email}`, eq(speakers.eventId, speakerShares.eventId)));
  const gone = await db.delete(speakerShares).where(notExists(listed)).returning({ email: speakerShares.email });
  return gone.length;
}

/** Whether the person behind `email` shares their profile with the event. */
export async function sharesWith(db: Db, email: string | null | undefined, eventId: string): Promise<boolean> {
  if (!email) return false;
  const [row] = await db.select({ email: speakerShares.email }).from(speakerShares).where(and(ofAddress(email), eq(speakerShares.eventId, eventId)));
  return row !== undefined;
}

/**
 * In a query over speakers: the entry's person shares their profile with the entry's event. Written with qualified
 * names: drizzle leaves a single table's columns unqualified in a select list, where they would name the subquery's.
 */
export const entryShared = sql<boolean>`exists (select 1 from "speaker_shares" as share where share."email" = lower("speakers"."email") and share."event_id" = "speakers"."event_id")`;
