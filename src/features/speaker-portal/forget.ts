// A person's own speaker data (bio, needs, photo) is kept only while some event still lists them: the daily privacy
// run drops profiles whose address is on no speaker list any more (their photo goes with them, by cascade).
// Example: const forgotten = await forgetUnlistedSpeakerProfiles(db);
import { notExists, eq } from 'drizzle-orm';
import { speakerProfiles, speakers } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

/** Deletes the profiles of addresses no speaker entry has; returns how many. */
export async function forgetUnlistedSpeakerProfiles(db: Db): Promise<number> {
  const listed = db.select({ one: speakers.id }).from(speakers).where(eq(speakers.email, speakerProfiles.email));
  const gone = await db.delete(speakerProfiles).where(notExists(listed)).returning({ email: speakerProfiles.email });
  return gone.length;
}
