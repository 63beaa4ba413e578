// What speakers keep about themselves in the portal: one profile per person (e-mail address) across events, their
// photo in standard sizes, and the slides they upload per session. Files live in the database, like registration
// files, so both databases and every process see them.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agendaSessions, speakers } from './agenda.ts';
import { events } from './events.ts';
import { belongsTo, bytea, createdAt, localized, updatedAt } from './common.ts';

/**
 * The person's own profile, keyed by their (lower-cased) address: one person per address, so it is shared by all
 * their speaker entries. Name, title, organisation and country stay on each speaker entry (organisers edit them
 * too); a profile save writes them to every entry with the address.
 */
export const speakerProfiles = pgTable(
  'speaker_profiles',
  {
    email: text('email').primaryKey(),
    /** A short biography in both languages: { en, 'zh-CN' }. */
    bio: localized('bio').notNull().default({}),
    /** The zone the speaker reads their times in; null for each event's own zone. */
    timeZone: text('time_zone'),
    travelNeeds: text('travel_needs').notNull().default(''),
    interpretationNeeds: text('interpretation_needs').notNull().default(''),
    /** What public speaker pages may show besides the name (always shown on the agenda). */
    publishTitle: boolean('publish_title').notNull().default(true),
    publishOrganisation: boolean('publish_organisation').notNull().default(true),
    publishCountry: boolean('publish_country').notNull().default(true),
    publishBio: boolean('publish_bio').notNull().default(true),
    publishPhoto: boolean('publish_photo').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('speaker_profiles_email_normalised', sql`${t.email} = lower(btrim(${t.email})) and ${t.email} like '%_@_%'`),
    check('speaker_profiles_needs_length', sql`length(${t.travelNeeds}) <= 1000 and length(${t.interpretationNeeds}) <= 1000`),
  ],
);

export const SPEAKER_SHARE_WAYS = ['invitation', 'portal'] as const;
export type SpeakerShareWay = (typeof SPEAKER_SHARE_WAYS)[number];

/**
 * The events whose teams see a person's portal profile (needs, time zone, bio, photo, also on public pages): those
 * the person confirmed they speak at, by accepting an invitation mailed to the address or in the portal. An address
 * typed into a speaker list by an organiser shows that team nothing of the person.
 */
export const speakerShares = pgTable(
  'speaker_shares',
  {
    email: text('email').notNull(),
    eventId: belongsTo('event_id', () => events.id),
    via: text('via').$type<SpeakerShareWay>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'speaker_shares_pk', columns: [t.email, t.eventId] }),
    index('speaker_shares_event_idx').on(t.eventId),
    check('speaker_shares_email_normalised', sql`${t.email} = lower(btrim(${t.email}))`),
    check('speaker_shares_via_check', sql`${t.via} in ('invitation', 'portal')`),
  ],
);

/** The person's photo as square crops (metadata stripped), in the sizes pages use. */
export const speakerPhotos = pgTable(
  'speaker_photos',
  {
    email: text('email')
      .primaryKey()
      .references(() => speakerProfiles.email, { onDelete: 'cascade' }),
    contentType: text('content_type').notNull(),
    /** 400 × 400, for the speaker's page. */
    large: bytea('large').notNull(),
    /** 96 × 96, for lists. */
    small: bytea('small').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check('speaker_photos_type', sql`${t.contentType} in ('image/webp', 'image/jpeg')`)],
);

/** The slides of one speaker entry for one session: the latest upload replaces the one before. */
export const speakerSlides = pgTable(
  'speaker_slides',
  {
    sessionId: belongsTo('session_id', () => agendaSessions.id),
    speakerId: belongsTo('speaker_id', () => speakers.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'speaker_slides_pk', columns: [t.sessionId, t.speakerId] }),
    index('speaker_slides_speaker_idx').on(t.speakerId),
    check('speaker_slides_size', sql`${t.size} = octet_length(${t.bytes})`),
  ],
);
