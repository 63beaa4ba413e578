// The portal's uploads: the speaker's photo (JPEG/PNG/WebP, 5 MB) and slides per session (PDF/PPTX, 50 MB), as
// multipart forms whose CSRF token is checked once the fields are read, with removal and the speaker's own
// downloads. A session is found through the signed-in address only: someone else's session is simply not found.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../lib/errors.ts';
import { acceptOneFile, OneFileBody, uploadedFile } from '../../lib/one-file-upload.ts';
import { isUuid } from '../../lib/ids.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { checkCsrfAfterBody } from '../../plugins/session.ts';
import { writeAudit, auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { sendPhoto, sendSlides } from './downloads.ts';
import { requireSpeaker } from './identity.ts';
import { findOwnAssignment } from './overview.ts';
import { renderHomePage, renderProfilePage } from './pages.ts';
import { MAX_PHOTO_BYTES, PHOTO_SIZES, preparePhoto, type PhotoSize } from './photo.ts';
import { findPhoto, removePhoto, storePhoto } from './photo-store.ts';
import { findEntriesByEmail } from './profile.ts';
import { checkSlides, findSlidesFile, MAX_SLIDES_BYTES, removeSlides, saveSlides, slidesFilename } from './slides.ts';

const SizeParams = Type.Object({ size: Type.Union(Object.keys(PHOTO_SIZES).map((s) => Type.Literal(s))) });
const SessionParams = Type.Object({ sessionId: Type.String({ maxLength: 100 }) });

const uploadRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock }) => {
  const photoRoutes: FastifyPluginAsync = async (scope) => {
    await acceptOneFile(scope, { maxBytes: MAX_PHOTO_BYTES, fields: 5, parts: 6, filenameMax: 300 });
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/speaker/photo', { config: { csrfAfterMultipart: true }, preHandler: checkCsrfAfterBody(scope), schema: { body: OneFileBody } }, async (request, reply) => {
      const email = requireSpeaker(request, reply, '/speaker/profile');
      if (!email) return reply;
      const entries = await findEntriesByEmail(db, email);
      if (entries.length === 0) return reply.redirect('/speaker', 303);
      const upload = uploadedFile(request.body);
      if (!upload) return renderProfilePage(db, request, reply, email, { photoFields: { photo: { key: 'speakerPortal.photo.errors.empty' } }, status: 422 });
      const prepared = await preparePhoto(upload.bytes, upload.truncated);
      if ('problem' in prepared) {
        const vars = { mb: MAX_PHOTO_BYTES / 1048576, px: PHOTO_SIZES.small };
        return renderProfilePage(db, request, reply, email, { photoFields: { photo: { key: `speakerPortal.photo.errors.${prepared.problem}`, vars } }, status: 422 });
      }
      await storePhoto(db, clock, email, prepared, { actor: auditActor(request), entries });
      request.session.flash = 'speakerPortal.photo.saved';
      return reply.redirect('/speaker/profile#photo', 303);
    });
  };

  const slidesRoutes: FastifyPluginAsync = async (scope) => {
    await acceptOneFile(scope, { maxBytes: MAX_SLIDES_BYTES, fields: 5, parts: 6, filenameMax: 300 });
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/speaker/sessions/:sessionId/slides',
      { config: { csrfAfterMultipart: true }, preHandler: checkCsrfAfterBody(scope), schema: { params: SessionParams, body: OneFileBody } },
      async (request, reply) => {
        const email = requireSpeaker(request, reply, '/speaker');
        if (!email) return reply;
        const own = await ownAssignment(email, request.params.sessionId);
        // The page offers no upload for a cancelled session; a form left open from before is told why.
        if (own.sessionStatus === 'cancelled') {
          const title = pickLocalized(own.title, request.locale)?.text ?? '';
          return renderHomePage(db, request, reply, email, { fields: { '': { key: 'speakerPortal.slides.errors.cancelled', vars: { title } } }, status: 409 });
        }
        const upload = uploadedFile(request.body);
        const again = (key: string) => renderHomePage(db, request, reply, email, { fields: { [`file-${own.sessionId}`]: { key, vars: { mb: MAX_SLIDES_BYTES / 1048576 } } }, status: 422 });
        if (!upload) return again('speakerPortal.slides.errors.empty');
        const checked = checkSlides(upload.bytes, upload.truncated);
        if ('problem' in checked) return again(`speakerPortal.slides.errors.${checked.problem}`);
        const filename = slidesFilename(upload.filename, checked.extension);
        await db.transaction(async (tx) => {
          await saveSlides(tx, { sessionId: own.sessionId, speakerId: own.speakerId, filename, contentType: checked.contentType, bytes: upload.bytes, uploadedAt: clock.now() });
          await writeAudit(tx, auditActor(request), { eventId: own.eventId, action: 'speaker.slides', targetType: 'speaker', targetId: own.speakerId, after: { sessionId: own.sessionId, filename, size: upload.bytes.length } });
        });
        request.session.flash = 'speakerPortal.slides.saved';
        return reply.redirect(`/speaker#session-${own.sessionId}`, 303);
      },
    );
  };

  async function ownAssignment(email: string, sessionId: string) {
    const found = isUuid(sessionId) ? await findOwnAssignment(db, email, sessionId.toLowerCase()) : undefined;
    if (!found || found.status === 'declined') throw new NotFoundError('session');
    return { ...found, sessionId: sessionId.toLowerCase() };
  }

  await fastify.register(photoRoutes);
  await fastify.register(slidesRoutes);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/speaker/photo/remove', async (request, reply) => {
    const email = requireSpeaker(request, reply, '/speaker/profile');
    if (!email) return reply;
    const entries = await findEntriesByEmail(db, email);
    if (await removePhoto(db, email, { actor: auditActor(request), entries })) request.session.flash = 'speakerPortal.photo.removed';
    return reply.redirect('/speaker/profile#photo', 303);
  });

  app.get('/speaker/photo/:size', { schema: { params: SizeParams } }, async (request, reply) => {
    const email = requireSpeaker(request, reply);
    if (!email) return reply;
    const photo = await findPhoto(db, email, request.params.size as PhotoSize);
    if (!photo) throw new NotFoundError('photo');
    return sendPhoto(reply, photo, 'private');
  });

  app.get('/speaker/sessions/:sessionId/slides', { schema: { params: SessionParams } }, async (request, reply) => {
    const email = requireSpeaker(request, reply);
    if (!email) return reply;
    const own = await ownAssignment(email, request.params.sessionId);
    const file = await findSlidesFile(db, own.sessionId, own.speakerId);
    if (!file) throw new NotFoundError('slides');
    return sendSlides(reply, file);
  });

  app.post('/speaker/sessions/:sessionId/slides/remove', { schema: { params: SessionParams } }, async (request, reply) => {
    const email = requireSpeaker(request, reply, '/speaker');
    if (!email) return reply;
    const own = await ownAssignment(email, request.params.sessionId);
    if (await removeSlides(db, own.sessionId, own.speakerId)) request.session.flash = 'speakerPortal.slides.removed';
    return reply.redirect(`/speaker#session-${own.sessionId}`, 303);
  });
};

export default uploadRoutes;
