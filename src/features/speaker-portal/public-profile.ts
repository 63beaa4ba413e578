// What public speaker pages may show of a person beyond the published agenda: the fields they chose to publish
// (title, organisation, country), their bio and photo. Someone without a portal profile keeps what organisers
// entered, as before; the e-mail address never leaves this module.
// Example: const shown = await publicProfiles(db, event.id, version.speakers); shown.get(id)?.photo?.small
import { and, eq, inArray } from 'drizzle-orm';
import { speakers, type PublishedSpeaker } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { splitParagraphs } from '../../lib/paragraphs.ts';
import { findPublicProfiles } from './photo-store.ts';
import { entryShared } from './shares.ts';

export interface PublicProfile {
  title: LocalizedText;
  organisation: LocalizedText;
  country: string | null;
  bio?: LocalizedText;
  photo?: { large: string; small: string };
}

/** The address of a published speaker entry of the event, for the photo route, if the person shares their profile with it. */
export async function speakerEmailOf(db: Db, eventId: string, speakerId: string): Promise<string | undefined> {
  const [row] = await db.select({ email: speakers.email }).from(speakers).where(and(eq(speakers.eventId, eventId), eq(speakers.id, speakerId), entryShared));
  return row?.email ?? undefined;
}

/** The bio in the reader's language (or the other one, marked), as paragraphs split on blank lines: shown as text, never HTML. */
export function bioForReader(bio: LocalizedText | undefined, locale: string): { lang: string; fallback: boolean; paragraphs: string[] } | undefined {
  const picked = pickLocalized(bio, locale);
  if (!picked) return undefined;
  return { lang: picked.lang, fallback: picked.fallback, paragraphs: splitParagraphs(picked.text) };
}

export async function publicProfiles(db: Db, event: { id: string; slug: string }, published: PublishedSpeaker[]): Promise<Map<string, PublicProfile>> {
  const ids = published.map((p) => p.id);
  // Only people who share their profile with this event (shares.ts); the others keep what organisers entered.
  const entries = ids.length === 0 ? [] : await db.select({ id: speakers.id, email: speakers.email }).from(speakers).where(and(eq(speakers.eventId, event.id), inArray(speakers.id, ids), entryShared));
  const emails = [...new Set(entries.flatMap((e) => (e.email ? [e.email] : [])))];
  const profiles = await findPublicProfiles(db, emails);
  const result = new Map<string, PublicProfile>();
  for (const speaker of published) {
    const email = entries.find((e) => e.id === speaker.id)?.email;
    const profile = email ? profiles.find((p) => p.email === email) : undefined;
    if (!profile) {
      result.set(speaker.id, { title: speaker.title, organisation: speaker.organisation, country: speaker.country });
      continue;
    }
    const base = `/events/${event.slug}/speakers/${speaker.id}/photo`;
    const version = profile.photoAt ? `?v=${profile.photoAt.getTime()}` : '';
    result.set(speaker.id, {
      title: profile.publishTitle ? speaker.title : {},
      organisation: profile.publishOrganisation ? speaker.organisation : {},
      country: profile.publishCountry ? speaker.country : null,
      ...(profile.publishBio ? { bio: profile.bio } : {}),
      ...(profile.publishPhoto && profile.photoAt ? { photo: { large: `${base}/large${version}`, small: `${base}/small${version}` } } : {}),
    });
  }
  return result;
}
