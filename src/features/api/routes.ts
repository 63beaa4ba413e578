// The read-only JSON API: published events and the latest published version of their agendas, for apps and sites.
// Every route declares its request and response schemas (they make the OpenAPI document at /api/docs); errors are
// problem details from the one error handler.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../lib/errors.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedChildren } from '../events/queries.ts';
import { publicProfiles } from '../speaker-portal/public-profile.ts';
import { presentEvent, presentSession, presentSpeaker, roomsOf, tracksOf } from './present.ts';
import { findPublishedEventsWithParent, findPublishedEventWithParent } from './queries.ts';
import { EventDetail, EventList, LangQuery, Problem, RoomList, SessionList, Session, SessionParams, SlugParams, SpeakerList, TrackList } from './schemas.ts';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const BAD_REQUEST = problem('The address is not valid (e.g. a malformed session id)');
const NOT_FOUND = problem('No published event (or session) has that address');
const tags = ['Published agendas'];

const apiRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const baseUrl = config.BASE_URL;

  async function publishedEvent(slug: string) {
    const event = await findPublishedEventWithParent(db, slug);
    if (!event) throw new NotFoundError('event');
    return event;
  }

  async function publishedAgenda(slug: string) {
    const event = await publishedEvent(slug);
    const agenda = await findPublishedAgenda(db, event.id);
    return { event, version: agenda?.version ?? null, sessions: agenda?.sessions ?? [], speakers: agenda?.speakers ?? [], publishedAt: agenda?.publishedAt };
  }

  app.get(
    '/api/events',
    { schema: { tags, summary: 'Published events', querystring: LangQuery, response: { 200: EventList, 400: BAD_REQUEST } } },
    async () => ({ events: (await findPublishedEventsWithParent(db)).map((e) => presentEvent(e, baseUrl)) }),
  );

  app.get(
    '/api/events/:slug',
    { schema: { tags, summary: 'One published event', params: SlugParams, querystring: LangQuery, response: { 200: EventDetail, 400: BAD_REQUEST, 404: NOT_FOUND } } },
    async (request) => {
      const { event, version, publishedAt } = await publishedAgenda(request.params.slug);
      const children = (await findPublishedChildren(db, event.id)).map((e) => e.slug);
      return {
        ...presentEvent(event, baseUrl),
        description: event.description as Record<string, string>,
        subEvents: children,
        agenda: version && publishedAt ? { version, publishedAt: publishedAt.toISOString() } : null,
      };
    },
  );

  app.get(
    '/api/events/:slug/sessions',
    { schema: { tags, summary: 'Sessions of the published agenda, cancelled ones included', params: SlugParams, querystring: LangQuery, response: { 200: SessionList, 400: BAD_REQUEST, 404: NOT_FOUND } } },
    async (request) => {
      const { event, version, sessions } = await publishedAgenda(request.params.slug);
      return { version, sessions: sessions.map((s) => presentSession(s, event.slug, baseUrl)) };
    },
  );

  app.get(
    '/api/events/:slug/sessions/:id',
    { schema: { tags, summary: 'One session of the published agenda', params: SessionParams, querystring: LangQuery, response: { 200: Session, 400: BAD_REQUEST, 404: NOT_FOUND } } },
    async (request) => {
      const { event, sessions } = await publishedAgenda(request.params.slug);
      const session = sessions.find((s) => s.id === request.params.id.toLowerCase());
      if (!session) throw new NotFoundError('session');
      return presentSession(session, event.slug, baseUrl);
    },
  );

  app.get(
    '/api/events/:slug/speakers',
    { schema: { tags, summary: 'People on the published agenda', params: SlugParams, querystring: LangQuery, response: { 200: SpeakerList, 400: BAD_REQUEST, 404: NOT_FOUND } } },
    async (request) => {
      const { event, version, sessions, speakers } = await publishedAgenda(request.params.slug);
      // Title, organisation and country only where the person publishes them (speaker portal).
      const shown = await publicProfiles(db, event, speakers);
      return { version, speakers: speakers.map((p) => presentSpeaker({ ...p, ...shown.get(p.id)! }, sessions)) };
    },
  );

  app.get(
    '/api/events/:slug/rooms',
    { schema: { tags, summary: 'Rooms used by the published agenda', params: SlugParams, querystring: LangQuery, response: { 200: RoomList, 400: BAD_REQUEST, 404: NOT_FOUND } } },
    async (request) => {
      const { version, sessions } = await publishedAgenda(request.params.slug);
      return { version, rooms: roomsOf(sessions) };
    },
  );

  app.get(
    '/api/events/:slug/tracks',
    { schema: { tags, summary: 'Tracks of the published agenda', params: SlugParams, querystring: LangQuery, response: { 200: TrackList, 400: BAD_REQUEST, 404: NOT_FOUND } } },
    async (request) => {
      const { version, sessions } = await publishedAgenda(request.params.slug);
      return { version, tracks: tracksOf(sessions) };
    },
  );
};

export default apiRoutes;
