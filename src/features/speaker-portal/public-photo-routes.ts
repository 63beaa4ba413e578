// A published speaker's photo at a stable address for public pages, served only while the person shows it: not
// for someone off the published agenda, without a photo, or who chose not to publish it (all simply not found).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../lib/errors.ts';
import { findPublishedSpeaker, loadPublishedAgenda } from '../agenda/public-pages.ts';
import type { FeatureDeps } from '../deps.ts';
import { sendPhoto } from './downloads.ts';
import { PHOTO_SIZES, type PhotoSize } from './photo.ts';
import { findPhoto } from './photo-store.ts';
import { findProfile } from './profile.ts';
import { speakerEmailOf } from './public-profile.ts';

const Params = Type.Object({
  slug: Type.String({ maxLength: 80 }),
  speakerId: Type.String({ maxLength: 200 }),
  size: Type.Union(Object.keys(PHOTO_SIZES).map((s) => Type.Literal(s))),
});

const publicPhotoRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/events/:slug/speakers/:speakerId/photo/:size', { schema: { params: Params, querystring: Type.Object({ v: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    const version = await loadPublishedAgenda(db, request.params.slug);
    const speaker = findPublishedSpeaker(version, request.params.speakerId);
    const email = await speakerEmailOf(db, version.event.id, speaker.id);
    const profile = email ? await findProfile(db, email) : undefined;
    const photo = profile?.publishPhoto ? await findPhoto(db, profile.email, request.params.size as PhotoSize) : undefined;
    if (!photo) throw new NotFoundError('photo');
    return sendPhoto(reply, photo, 'public');
  });
};

export default publicPhotoRoutes;
