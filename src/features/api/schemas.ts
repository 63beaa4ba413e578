// TypeBox schemas of the public JSON API: what each route accepts and answers, written out inline in the OpenAPI document. Responses are serialised through these
// schemas, so a field not named here (an organiser's e-mail address, say) can never reach a reply.
import { Type } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { LOCALES } from '../../i18n/index.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time', description: 'An instant, ISO 8601 in UTC' });
const Uuid = Type.String({ format: 'uuid' });

export const Localized = Type.Object(
  { en: Type.Optional(Type.String()), 'zh-CN': Type.Optional(Type.String()) },
  { additionalProperties: false, description: 'Text in English and Chinese; either may be missing' },
);

/** Every route takes ?lang=en|zh-CN: the language of problem details (data always carries both languages). */
export const LangQuery = Type.Object({ lang: Type.Optional(Type.Union(LOCALES.map((l) => Type.Literal(l)), { description: 'Language of error messages' })) });

export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80, description: 'The event slug' }) });
export const SessionParams = Type.Object({ slug: SlugParams.properties.slug, id: Type.String({ format: 'uuid', description: 'The session id' }) });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { description: 'RFC 9457 problem details' },
);

export const EventSummary = Type.Object(
  {
    slug: Type.String(),
    kind: Type.String(),
    parentSlug: Nullable(Type.String()),
    title: Localized,
    summary: Localized,
    timezone: Type.String({ description: 'IANA time zone of the event' }),
    startsAt: Instant,
    endsAt: Instant,
    url: Type.String({ format: 'uri' }),
  },
  { additionalProperties: false },
);

export const EventDetail = Type.Object(
  {
    ...EventSummary.properties,
    description: Localized,
    subEvents: Type.Array(Type.String(), { description: 'Slugs of the published sub-forums' }),
    agenda: Type.Union([Type.Object({ version: Type.Integer({ minimum: 1 }), publishedAt: Instant }, { additionalProperties: false }), Type.Null()], {
      description: 'The latest published agenda version, null before the first publication',
    }),
  },
  { additionalProperties: false },
);

export const Session = Type.Object(
  {
    id: Uuid,
    type: Type.String(),
    status: Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]),
    title: Localized,
    abstract: Localized,
    startsAt: Instant,
    endsAt: Instant,
    language: Nullable(Type.String({ description: 'Two-letter language spoken' })),
    interpretation: Nullable(Type.String({ description: 'e.g. zh-en for simultaneous Chinese–English' })),
    capacity: Type.Union([Type.Integer(), Type.Null()]),
    sequence: Type.Integer({ minimum: 0, description: 'Rises each time the session changes in a publication' }),
    room: Type.Union([Type.Object({ id: Uuid, name: Localized, venue: Localized }, { additionalProperties: false }), Type.Null()]),
    track: Type.Union([Type.Object({ id: Uuid, name: Localized, colour: Type.String() }, { additionalProperties: false }), Type.Null()]),
    people: Type.Array(Type.Object({ speakerId: Uuid, name: Localized, role: Type.String() }, { additionalProperties: false })),
    url: Type.String({ format: 'uri' }),
  },
  { additionalProperties: false },
);

export const Speaker = Type.Object(
  {
    id: Uuid,
    name: Localized,
    title: Localized,
    organisation: Localized,
    country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2' })),
    sessions: Type.Array(Uuid, { description: 'Ids of the published sessions the person is on' }),
  },
  { additionalProperties: false },
);

export const Room = Type.Object({ id: Uuid, name: Localized, venue: Localized }, { additionalProperties: false });
export const Track = Type.Object({ id: Uuid, name: Localized, colour: Type.String() }, { additionalProperties: false });

/** Agenda lists say which published version they come from (null before the first publication). */
const Version = Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]);
export const EventList = Type.Object({ events: Type.Array(EventSummary) }, { additionalProperties: false });
export const SessionList = Type.Object({ version: Version, sessions: Type.Array(Session) }, { additionalProperties: false });
export const SpeakerList = Type.Object({ version: Version, speakers: Type.Array(Speaker) }, { additionalProperties: false });
export const RoomList = Type.Object({ version: Version, rooms: Type.Array(Room) }, { additionalProperties: false });
export const TrackList = Type.Object({ version: Version, tracks: Type.Array(Track) }, { additionalProperties: false });

export type SessionBody = Static<typeof Session>;
export type SpeakerBody = Static<typeof Speaker>;
