// What organisers see of a speaker's portal: the profile as the speaker keeps it (bio, needs, what they publish),
// how complete it is, their photo and the slides for each session, with downloads.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { findSpeakerOfEvent } from '../agenda/speakers.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { completenessOf } from './completeness.ts';
import { sendPhoto, sendSlides } from './downloads.ts';
import { loadSpeakerOverview } from './overview.ts';
import { PHOTO_SIZES, type PhotoSize } from './photo.ts';
import { findPhoto, photoVersion } from './photo-store.ts';
import { findProfile, PUBLISH_FIELDS } from './profile.ts';
import { sharesWith } from './shares.ts';
import { findSlidesFile } from './slides.ts';

const SpeakerParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), speakerId: Type.String({ maxLength: 100 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });

const speakerPortalAdminRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };

  async function speakerOf(event: EventRow, speakerId: string) {
    const speaker = isUuid(speakerId) ? await findSpeakerOfEvent(db, event.id, speakerId.toLowerCase()) : undefined;
    if (!speaker) throw new NotFoundError('speaker');
    return speaker;
  }

  app.get('/admin/events/:eventId/speakers/:speakerId/portal', { config: canEdit, schema: { params: SpeakerParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const speaker = await speakerOf(event, request.params.speakerId);
    // The person's own profile only once they confirmed they speak here (shares.ts): the address is typed by organisers.
    const shared = await sharesWith(db, speaker.email, event.id);
    const [profile, photoAt] = shared && speaker.email ? await Promise.all([findProfile(db, speaker.email), photoVersion(db, speaker.email)]) : [undefined, undefined];
    // This event's sessions only, in the event's zone: the person's other events are no business of this team.
    const overview = speaker.email ? (await loadSpeakerOverview(db, speaker.email, request.locale, null)).filter((e) => e.speakerId === speaker.id) : [];
    const sessions = overview.flatMap((e) => e.sessions);
    const wanted = sessions.filter((s) => s.status !== 'declined' && !s.cancelled);
    const completeness = completenessOf({ ...speaker, bio: profile?.bio, hasPhoto: photoAt !== undefined, sessionsWanted: wanted.length, sessionsWithSlides: wanted.filter((s) => s.slides).length });
    const base = `/admin/events/${event.id}/speakers/${speaker.id}`;
    return reply.header('cache-control', 'private, no-store').render(
      'admin/agenda/speaker-portal',
      {
        event,
        speaker,
        profile,
        notShared: Boolean(speaker.email) && !shared,
        shared,
        publish: profile ? PUBLISH_FIELDS.map((field) => ({ field, state: profile[field] ? 'shown' : 'hidden' })) : undefined,
        photo: photoAt === undefined ? undefined : `${base}/photo/large?v=${photoAt}`,
        completeness,
        sessions: sessions.map((s) => ({ ...s, slidesHref: s.slides ? `${base}/slides/${s.id}` : undefined })),
      },
      { layout: 'admin' },
    );
  });

  app.get(
    '/admin/events/:eventId/speakers/:speakerId/photo/:size',
    { config: canEdit, schema: { params: Type.Object({ ...SpeakerParams.properties, size: Type.Union(Object.keys(PHOTO_SIZES).map((s) => Type.Literal(s))) }) } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const speaker = await speakerOf(event, request.params.speakerId);
      const photo = speaker.email && (await sharesWith(db, speaker.email, event.id)) ? await findPhoto(db, speaker.email, request.params.size as PhotoSize) : undefined;
      if (!photo) throw new NotFoundError('photo');
      return sendPhoto(reply, photo, 'private');
    },
  );

  app.get(
    '/admin/events/:eventId/speakers/:speakerId/slides/:sessionId',
    { config: canEdit, schema: { params: Type.Object({ ...SpeakerParams.properties, sessionId: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const speaker = await speakerOf(event, request.params.speakerId);
      const file = isUuid(request.params.sessionId) ? await findSlidesFile(db, request.params.sessionId.toLowerCase(), speaker.id) : undefined;
      if (!file) throw new NotFoundError('slides');
      return sendSlides(reply, file);
    },
  );
};

export default speakerPortalAdminRoutes;
