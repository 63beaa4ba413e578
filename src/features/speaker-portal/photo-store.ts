// Keeping, finding and removing a speaker's photo (both sizes in one row, keyed by the person's address).
// Example: await storePhoto(db, clock, 'li.na@example.cn', prepared); const photo = await findPhoto(db, email, 'small');
import { eq, inArray } from 'drizzle-orm';
import { speakerPhotos, speakerProfiles } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { writeAuditMany, type AuditActor } from '../audit/service.ts';
import type { PhotoSize, PreparedPhoto } from './photo.ts';
import { ensureProfile } from './profile.ts';

/** Who did it, and the person's speaker entries (the audit log of each event they share their profile with records the change). */
export interface PhotoAudit {
  actor: AuditActor;
  entries: { id: string; eventId: string; shared: boolean }[];
}

const auditPhoto = (tx: Db, audit: PhotoAudit, action: 'speaker.photo' | 'speaker.photoRemoved') =>
  writeAuditMany(tx, audit.actor, audit.entries.filter((e) => e.shared).map((e) => ({ eventId: e.eventId, action, targetType: 'speaker', targetId: e.id })));

export async function storePhoto(db: Db, clock: Clock, email: string, photo: PreparedPhoto, audit: PhotoAudit): Promise<void> {
  await db.transaction(async (tx) => {
    await ensureProfile(tx, email);
    const values = { contentType: photo.contentType, large: photo.large, small: photo.small, updatedAt: clock.now() };
    await tx.insert(speakerPhotos).values({ email, ...values }).onConflictDoUpdate({ target: speakerPhotos.email, set: values });
    await auditPhoto(tx, audit, 'speaker.photo');
  });
}

export async function removePhoto(db: Db, email: string, audit: PhotoAudit): Promise<boolean> {
  return db.transaction(async (tx) => {
    const gone = await tx.delete(speakerPhotos).where(eq(speakerPhotos.email, email)).returning({ email: speakerPhotos.email });
    if (gone.length > 0) await auditPhoto(tx, audit, 'speaker.photoRemoved');
    return gone.length > 0;
  });
}

/** One size of the photo, with its version (for caching), or undefined when there is none. */
export async function findPhoto(db: Db, email: string, size: PhotoSize): Promise<{ contentType: string; bytes: Buffer; updatedAt: Date } | undefined> {
  const [row] = await db
    .select({ contentType: speakerPhotos.contentType, bytes: size === 'large' ? speakerPhotos.large : speakerPhotos.small, updatedAt: speakerPhotos.updatedAt })
    .from(speakerPhotos)
    .where(eq(speakerPhotos.email, email));
  return row;
}

/** When the photo last changed (for its URL's ?v=), or undefined without one. */
export async function photoVersion(db: Db, email: string): Promise<number | undefined> {
  const [row] = await db.select({ at: speakerPhotos.updatedAt }).from(speakerPhotos).where(eq(speakerPhotos.email, email));
  return row ? row.at.getTime() : undefined;
}

/** The public side of profiles for these addresses: what they publish, their bio and whether a photo exists. */
export function findPublicProfiles(db: Db, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .select({
      email: speakerProfiles.email,
      bio: speakerProfiles.bio,
      publishTitle: speakerProfiles.publishTitle,
      publishOrganisation: speakerProfiles.publishOrganisation,
      publishCountry: speakerProfiles.publishCountry,
      publishBio: speakerProfiles.publishBio,
      publishPhoto: speakerProfiles.publishPhoto,
      photoAt: speakerPhotos.updatedAt,
    })
    .from(speakerProfiles)
    .leftJoin(speakerPhotos, eq(speakerPhotos.email, speakerProfiles.email))
    .where(inArray(speakerProfiles.email, emails));
}
