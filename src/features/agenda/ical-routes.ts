// Public iCalendar feeds of a published agenda: the whole agenda, one track or one room. Built from the latest
// published version on every request, so a new publication shows on the next one; unknown tracks and rooms are 404,
// and a known one without published sessions an empty calendar.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { translate } from '../../i18n/index.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { pickLocalized } from '../../lib/localized.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { buildAgendaCalendar, calendarDisposition, ICAL_CONTENT_TYPE } from './ical-feed.ts';
import { findPublishedAgenda } from './publish.ts';
import { findRoomsOfEvent, findTracksOfEvent } from './queries.ts';

const Slug = Type.String({ maxLength: 80 });
// Any text: an id that is not on the agenda (malformed or not) is simply not found.
const Id = Type.String({ maxLength: 80 });
const Query = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });

const icalRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** The published event and version, or 404 (a draft event, or nothing published yet). */
  async function loadPublished(slug: string) {
    const event = await findPublishedEventBySlug(db, slug);
    if (!event) throw new NotFoundError('event');
    const version = await findPublishedAgenda(db, event.id);
    if (!version) throw new NotFoundError('agenda');
    return { event, version };
  }

  /** The name of a track of the event, or of a room its sessions may use; undefined for any other id. */
  async function currentName(kind: 'tracks' | 'rooms', eventId: string, id: string) {
    const rows = kind === 'tracks' ? await findTracksOfEvent(db, eventId) : await findRoomsOfEvent(db, eventId);
    return rows.find((row) => row.id === id)?.name;
  }

  app.get('/events/:slug/agenda.ics', { schema: { params: Type.Object({ slug: Slug }), querystring: Query } }, async (request, reply) => {
    const { event, version } = await loadPublished(request.params.slug);
    const locale = request.locale;
    const body = buildAgendaCalendar({
      event,
      sessions: version.sessions,
      stamp: version.publishedAt,
      locale,
      baseUrl: config.BASE_URL,
      name: pickLocalized(event.title, locale)?.text ?? event.slug,
    });
    return reply.type(ICAL_CONTENT_TYPE).header('content-disposition', calendarDisposition([event.slug, 'agenda'])).send(body);
  });

  for (const kind of ['tracks', 'rooms'] as const) {
    app.get(
      `/events/:slug/agenda/${kind}/:id.ics`,
      { schema: { params: Type.Object({ slug: Slug, id: Id }), querystring: Query } },
      async (request, reply) => {
        const { event, version } = await loadPublished(request.params.slug);
        const locale = request.locale;
        const sessions = version.sessions.filter((s) => (kind === 'tracks' ? s.trackId : s.roomId) === request.params.id);
        // A track or room whose sessions all left it is an empty calendar, not a 404: calendar apps keep the events
        // of a feed they cannot fetch, so its subscribers would keep sessions that are no longer there.
        const named = sessions.length > 0 ? (kind === 'tracks' ? sessions[0]!.track?.name : sessions[0]!.room?.name) : await currentName(kind, event.id, request.params.id);
        if (sessions.length === 0 && !named) throw new NotFoundError(kind === 'tracks' ? 'track' : 'room');
        const body = buildAgendaCalendar({
          event,
          sessions,
          stamp: version.publishedAt,
          locale,
          baseUrl: config.BASE_URL,
          name: translate(locale, 'calendarFeeds.partName', {
            event: pickLocalized(event.title, locale)?.text ?? event.slug,
            part: pickLocalized(named, locale)?.text ?? '',
          }),
        });
        // Named in English where it has an English name (a file name is plain ASCII), and by what it is.
        const part = pickLocalized(named, 'en')?.text;
        return reply.type(ICAL_CONTENT_TYPE).header('content-disposition', calendarDisposition([event.slug, kind === 'tracks' ? 'track' : undefined, part])).send(body);
      },
    );
  }
};

export default icalRoutes;
