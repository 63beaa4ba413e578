// How complete a speaker's profile is, for organisers chasing what is missing before print and publication: a
// checklist (name and bio in both languages, title, organisation, country, photo, slides for each session) and the
// share of it done.
// Example: const byId = await loadEventCompleteness(db, eventId); byId.get(speakerId) → { percent: 75, items: [...] }
import { and, eq, inArray, ne } from 'drizzle-orm';
import { agendaSessions, sessionPeople, speakerPhotos, speakerProfiles, speakers } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { listSlides } from './slides.ts';
import { entryShared } from './shares.ts';

export const COMPLETENESS_ITEMS = ['nameBoth', 'title', 'organisation', 'country', 'bioBoth', 'photo', 'slides'] as const;
export type CompletenessItem = (typeof COMPLETENESS_ITEMS)[number];

export interface Completeness {
  percent: number;
  /** `label` names what the checklist says: for a text wanted in both languages and missing in one, that one. */
  items: { item: CompletenessItem; label: string; done: boolean }[];
  /** Sessions still waiting for slides, and all sessions that want them. */
  slides: { done: number; wanted: number };
}

export interface CompletenessInput {
  name: LocalizedText;
  title: LocalizedText;
  organisation: LocalizedText;
  country: string | null;
  bio: LocalizedText | undefined;
  hasPhoto: boolean;
  sessionsWanted: number;
  sessionsWithSlides: number;
}

const both = (text: LocalizedText | undefined) => Boolean(text?.en?.trim() && text['zh-CN']?.trim());
const any = (text: LocalizedText) => Boolean(text.en?.trim() || text['zh-CN']?.trim());

/** "nameBoth" while both or neither are written, "nameZh" when only the Chinese is missing, "nameEn" the other way. */
function bilingualLabel(stem: 'name' | 'bio', text: LocalizedText | undefined): string {
  const en = Boolean(text?.en?.trim());
  const zh = Boolean(text?.['zh-CN']?.trim());
  return en === zh ? `${stem}Both` : en ? `${stem}Zh` : `${stem}En`;
}

export function completenessOf(input: CompletenessInput): Completeness {
  const checks: Record<CompletenessItem, boolean | undefined> = {
    nameBoth: both(input.name),
    title: any(input.title),
    organisation: any(input.organisation),
    country: Boolean(input.country),
    bioBoth: both(input.bio),
    photo: input.hasPhoto,
    // Nothing to upload for someone on no session (yet): the item is left out rather than counted as done.
    slides: input.sessionsWanted === 0 ? undefined : input.sessionsWithSlides >= input.sessionsWanted,
  };
  const labels: Partial<Record<CompletenessItem, string>> = { nameBoth: bilingualLabel('name', input.name), bioBoth: bilingualLabel('bio', input.bio) };
  const items = COMPLETENESS_ITEMS.flatMap((item) => (checks[item] === undefined ? [] : [{ item, label: labels[item] ?? item, done: checks[item]! }]));
  const done = items.filter((i) => i.done).length;
  return { percent: Math.floor((done * 100) / items.length), items, slides: { done: input.sessionsWithSlides, wanted: input.sessionsWanted } };
}

/** Each speaker entry of the event, by id, with its completeness. Sessions declined or cancelled want no slides. */
export async function loadEventCompleteness(db: Db, eventId: string): Promise<Map<string, Completeness>> {
  const entries = await db
    .select({ id: speakers.id, name: speakers.name, title: speakers.title, organisation: speakers.organisation, country: speakers.country, bio: speakerProfiles.bio, photo: speakerPhotos.email })
    .from(speakers)
    // The person's bio and photo count only where they share their profile with the event (shares.ts).
    .leftJoin(speakerProfiles, and(eq(speakerProfiles.email, speakers.email), entryShared))
    .leftJoin(speakerPhotos, and(eq(speakerPhotos.email, speakers.email), entryShared))
    .where(eq(speakers.eventId, eventId));
  const ids = entries.map((e) => e.id);
  const [assignments, slides] = await Promise.all([
    ids.length === 0
      ? Promise.resolve([])
      : db
          .select({ speakerId: sessionPeople.speakerId, sessionId: sessionPeople.sessionId })
          .from(sessionPeople)
          .innerJoin(agendaSessions, eq(agendaSessions.id, sessionPeople.sessionId))
          .where(and(inArray(sessionPeople.speakerId, ids), ne(sessionPeople.status, 'declined'), ne(agendaSessions.status, 'cancelled'))),
    listSlides(db, ids),
  ]);
  const result = new Map<string, Completeness>();
  for (const entry of entries) {
    const wanted = assignments.filter((a) => a.speakerId === entry.id);
    const withSlides = wanted.filter((a) => slides.some((s) => s.speakerId === entry.id && s.sessionId === a.sessionId)).length;
    result.set(entry.id, completenessOf({ ...entry, bio: entry.bio ?? undefined, hasPhoto: entry.photo !== null, sessionsWanted: wanted.length, sessionsWithSlides: withSlides }));
  }
  return result;
}
