// A speaker's profile as they edit it in the portal: name, title, organisation and country (kept on every speaker
// entry with their address, so organisers' lists and the agenda agree), and the person's own fields (bio in both
// languages, time zone, travel and interpretation needs, what public pages may show) in speaker_profiles.
// Example: const { values, errors } = validateProfileForm(readProfileForm(body)); if (values) await saveProfile(db, clock, actor, email, values);
import { asc, eq, getTableColumns } from 'drizzle-orm';
import { speakerProfiles, speakers } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { parseCountryCode } from '../../lib/countries.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { textLength } from '../../lib/form-text.ts';
import { localizedFromFields, type LocalizedText } from '../../lib/localized.ts';
import { parseViewerZone } from '../../lib/time-zones.ts';
import { speakerToForm, type SpeakerRow } from '../agenda/speakers.ts';
import { writeAuditMany, type AuditActor } from '../audit/service.ts';
import { entryShared } from './shares.ts';

export type ProfileRow = typeof speakerProfiles.$inferSelect;

export const PUBLISH_FIELDS = ['publishTitle', 'publishOrganisation', 'publishCountry', 'publishBio', 'publishPhoto'] as const;
export type PublishField = (typeof PUBLISH_FIELDS)[number];

const TEXT_FIELDS = ['nameEn', 'nameZh', 'titleEn', 'titleZh', 'organisationEn', 'organisationZh', 'country', 'bioEn', 'bioZh', 'timeZone', 'travelNeeds', 'interpretationNeeds'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export type ProfileForm = Record<TextField, string> & Record<PublishField, boolean>;

export interface ProfileValues {
  name: LocalizedText;
  title: LocalizedText;
  organisation: LocalizedText;
  country: string | null;
  bio: LocalizedText;
  timeZone: string | null;
  travelNeeds: string;
  interpretationNeeds: string;
  publish: Record<PublishField, boolean>;
}

/** Limits in characters (code points), as people count them. */
export const PROFILE_LIMITS = { name: 200, title: 200, organisation: 200, bio: 1500, needs: 1000 } as const;

/** Browsers send a textarea's line breaks as CRLF; stored as LF, so paragraphs split the same everywhere. */
const lines = (text: string) => text.replace(/\r\n?/g, '\n');

/** The form as posted: text fields as strings, a checked box as present. */
export function readProfileForm(body: Record<string, unknown>): ProfileForm {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  return {
    ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, text(f)])) as Record<TextField, string>),
    ...(Object.fromEntries(PUBLISH_FIELDS.map((f) => [f, body[f] === 'on'])) as Record<PublishField, boolean>),
  };
}

/** What the form shows: the first speaker entry's name and organisation, and the profile (defaults for a new one). */
export function profileToForm(entry: SpeakerRow, profile: ProfileRow | undefined): ProfileForm {
  const { email: _email, ...identity } = speakerToForm(entry);
  return {
    ...identity,
    bioEn: profile?.bio.en ?? '',
    bioZh: profile?.bio['zh-CN'] ?? '',
    timeZone: profile?.timeZone ?? '',
    travelNeeds: profile?.travelNeeds ?? '',
    interpretationNeeds: profile?.interpretationNeeds ?? '',
    publishTitle: profile?.publishTitle ?? true,
    publishOrganisation: profile?.publishOrganisation ?? true,
    publishCountry: profile?.publishCountry ?? true,
    publishBio: profile?.publishBio ?? true,
    publishPhoto: profile?.publishPhoto ?? true,
  };
}

export function validateProfileForm(form: ProfileForm): { values?: ProfileValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!form.nameEn.trim() && !form.nameZh.trim()) errors.nameEn = { key: 'speakerPortal.errors.name' };
  const limits: [TextField, number][] = [
    ['nameEn', PROFILE_LIMITS.name],
    ['nameZh', PROFILE_LIMITS.name],
    ['titleEn', PROFILE_LIMITS.title],
    ['titleZh', PROFILE_LIMITS.title],
    ['organisationEn', PROFILE_LIMITS.organisation],
    ['organisationZh', PROFILE_LIMITS.organisation],
    ['bioEn', PROFILE_LIMITS.bio],
    ['bioZh', PROFILE_LIMITS.bio],
    ['travelNeeds', PROFILE_LIMITS.needs],
    ['interpretationNeeds', PROFILE_LIMITS.needs],
  ];
  for (const [field, max] of limits) {
    if (!errors[field] && textLength(form[field]) > max) errors[field] = { key: 'forms.tooLong', vars: { max } };
  }
  const country = form.country.trim() ? parseCountryCode(form.country) : null;
  if (country === undefined) errors.country = { key: 'speakerPortal.errors.country' };
  const timeZone = form.timeZone.trim() ? parseViewerZone(form.timeZone.trim()) : null;
  if (timeZone === undefined) errors.timeZone = { key: 'speakerPortal.errors.timeZone' };
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    values: {
      name: localizedFromFields(form.nameEn, form.nameZh),
      title: localizedFromFields(form.titleEn, form.titleZh),
      organisation: localizedFromFields(form.organisationEn, form.organisationZh),
      country: country ?? null,
      bio: localizedFromFields(lines(form.bioEn), lines(form.bioZh)),
      timeZone: timeZone ?? null,
      travelNeeds: lines(form.travelNeeds).trim(),
      interpretationNeeds: lines(form.interpretationNeeds).trim(),
      publish: Object.fromEntries(PUBLISH_FIELDS.map((f) => [f, form[f]])) as Record<PublishField, boolean>,
    },
  };
}

export async function findProfile(db: Db, email: string): Promise<ProfileRow | undefined> {
  const [row] = await db.select().from(speakerProfiles).where(eq(speakerProfiles.email, email));
  return row;
}

/** Every speaker entry of the person, oldest first (the first one fills the form). */
export function findEntriesByEmail(db: Db, email: string) {
  return db
    .select({ ...getTableColumns(speakers), shared: entryShared })
    .from(speakers)
    .where(eq(speakers.email, email))
    .orderBy(asc(speakers.createdAt));
}

/** The profile row for an address, made with the defaults when the person has none yet (before a photo is kept). */
export async function ensureProfile(db: Db, email: string): Promise<void> {
  await db.insert(speakerProfiles).values({ email }).onConflictDoNothing();
}

/** Saves the profile and writes name, title, organisation and country to each of the person's speaker entries. */
export async function saveProfile(db: Db, clock: Clock, actor: AuditActor, email: string, values: ProfileValues): Promise<void> {
  const now = clock.now();
  const { name, title, organisation, country, bio, timeZone, travelNeeds, interpretationNeeds, publish } = values;
  await db.transaction(async (tx) => {
    const fields = { bio, timeZone, travelNeeds, interpretationNeeds, ...publish, updatedAt: now };
    await tx.insert(speakerProfiles).values({ email, ...fields }).onConflictDoUpdate({ target: speakerProfiles.email, set: fields });
    const before = await findEntriesByEmail(tx, email);
    await tx.update(speakers).set({ name, title, organisation, country, updatedAt: now }).where(eq(speakers.email, email));
    await writeAuditMany(
      tx,
      actor,
      before.map((row) => ({
        eventId: row.eventId,
        action: 'speaker.profile',
        targetType: 'speaker',
        targetId: row.id,
        before: { name: row.name, title: row.title, organisation: row.organisation, country: row.country },
        // The bio and what is published reach only the events the person shares their profile with (shares.ts).
        after: row.shared ? { name, title, organisation, country, bio, publish } : { name, title, organisation, country },
      })),
    );
  });
}
