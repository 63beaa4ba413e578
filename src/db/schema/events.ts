// Events (forums, sub-forums, conferences …) with their venues and rooms.
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { belongsTo, createdAt, id, inList, localized, localizedFilled, updatedAt } from './common.ts';

export const EVENT_KINDS = ['forum', 'sub-forum', 'conference', 'roadshow', 'matchmaking', 'training', 'innovation-week'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ['draft', 'published', 'archived'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];


export const events = pgTable(
  'events',
  {
    id: id(),
    parentId: uuid('parent_id').references((): AnyPgColumn => events.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<EventKind>().notNull(),
    slug: text('slug').notNull(),
    title: localized('title').notNull(),
    summary: localized('summary').notNull().default({}),
    description: localized('description').notNull().default({}),
    timezone: text('timezone').notNull().default('Asia/Shanghai'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status').$type<EventStatus>().notNull().default('draft'),
    contactEmail: text('contact_email'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('events_slug_unique').on(t.slug),
    index('events_parent_idx').on(t.parentId),
    index('events_status_ends_idx').on(t.status, t.endsAt),
    check('events_kind_check', sql`${t.kind} in (${inList(EVENT_KINDS)})`),
    check('events_status_check', sql`${t.status} in (${inList(EVENT_STATUSES)})`),
    check('events_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(${t.slug}) <= 80`),
    check('events_title_filled', localizedFilled('title')),
    check('events_dates_ordered', sql`${t.endsAt} > ${t.startsAt}`),
    check('events_sub_forum_has_parent', sql`(${t.kind} = 'sub-forum') = (${t.parentId} is not null)`),
    check('events_not_own_parent', sql`${t.parentId} is distinct from ${t.id}`),
    check('events_timezone_format', sql`${t.timezone} ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$'`),
  ],
);

export const venues = pgTable(
  'venues',
  {
    id: id(),
    eventId: belongsTo('event_id', () => events.id),
    name: localized('name').notNull(),
    address: localized('address').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('venues_event_idx').on(t.eventId), check('venues_name_filled', localizedFilled('name'))],
);

export const rooms = pgTable(
  'rooms',
  {
    id: id(),
    venueId: belongsTo('venue_id', () => venues.id),
    name: localized('name').notNull(),
    floor: text('floor'),
    capacity: integer('capacity'),
    interpretationBooths: boolean('interpretation_booths').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('rooms_venue_idx').on(t.venueId),
    check('rooms_name_filled', localizedFilled('name')),
    check('rooms_capacity_positive', sql`${t.capacity} is null or ${t.capacity} > 0`),
  ],
);
