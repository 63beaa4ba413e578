// Whether the public pages still show a speaker's name, title, organisation or country as last published. Those come
// from the published agenda, which organisers publish when they are ready (they see the change as unpublished), while
// the bio, photo and what-to-show choices are read live: the portal says so, instead of leaving "100% complete" beside
// a public page with the old name.
// Example: if (await awaitsPublication(db, await findEntriesByEmail(db, email))) … show speakerPortal.awaitingPublication
import { and, eq, inArray } from 'drizzle-orm';
import { events } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { findPublishedAgenda, sortedKeys } from '../agenda/publish.ts';
import type { SpeakerRow } from '../agenda/speakers.ts';

const shown = (p: { name: unknown; title: unknown; organisation: unknown; country: string | null }) =>
  JSON.stringify({ name: p.name, title: p.title, organisation: p.organisation, country: p.country ?? null }, sortedKeys);

/** True when some entry is on its event's published agenda with other details than it has now. */
export async function awaitsPublication(db: Db, entries: SpeakerRow[]): Promise<boolean> {
  if (entries.length === 0) return false;
  // Only an event still published can be published again: an archived or withdrawn one would keep the notice for ever.
  const live = new Set(
    (await db.select({ id: events.id }).from(events).where(and(inArray(events.id, entries.map((e) => e.eventId)), eq(events.status, 'published')))).map((e) => e.id),
  );
  for (const entry of entries.filter((e) => live.has(e.eventId))) {
    const published = (await findPublishedAgenda(db, entry.eventId))?.speakers.find((p) => p.id === entry.id);
    if (published && shown(published) !== shown(entry)) return true;
  }
  return false;
}
