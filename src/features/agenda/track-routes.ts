// The organiser's tracks of one event: a list with a form to add one, and a form to change each.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FieldErrors } from '../../lib/errors.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { confirmedCount, formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { findTracksOfEvent } from './queries.ts';
import { countSessionsOfTrack, createTrack, duplicateTrackNames, EMPTY_TRACK_FORM, findTrackOfEvent, moveTrack, removeTrack, TRACK_NAME_MAX, trackToForm, updateTrack, validateTrackForm, type TrackForm } from './tracks.ts';

const Text = FormText;
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const TrackParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), trackId: Type.String({ maxLength: 100 }) });
const TrackBody = Type.Object({ nameEn: Text, nameZh: Text, colour: Text });

const trackRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };


  async function listPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, form: TrackForm, fields: FieldErrors = {}, status?: number) {
    const list = await findTracksOfEvent(db, event.id);
    const ordered = list.map((track, i) => ({ ...track, first: i === 0, last: i === list.length - 1 }));
    return reply.render('admin/agenda/tracks', { event, tracks: ordered, form, nameMax: TRACK_NAME_MAX, ...formErrorView(request.locale, fields) }, { layout: 'admin', ...(status ? { status } : {}) });
  }

  app.get('/admin/events/:eventId/tracks', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) =>
    listPage(request, reply, await getEventById(db, request.params.eventId), EMPTY_TRACK_FORM),
  );

  app.post('/admin/events/:eventId/tracks', { config: canEdit, schema: { params: EventParams, body: TrackBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const { values, errors } = validateTrackForm(request.body);
    if (!values) return listPage(request, reply, event, request.body, errors, 422);
    const taken = await duplicateTrackNames(db, event.id, values);
    if (Object.keys(taken).length > 0) return listPage(request, reply, event, request.body, taken, 422);
    await createTrack(db, auditActor(request), event.id, values);
    request.session.flash = 'tracks.added';
    return reply.redirect(`/admin/events/${event.id}/tracks`, 303);
  });

  async function trackOrNotFound(event: EventRow, trackId: string) {
    const track = isUuid(trackId) ? await findTrackOfEvent(db, event.id, trackId.toLowerCase()) : undefined;
    if (!track) throw new NotFoundError('track');
    return track;
  }

  app.get('/admin/events/:eventId/tracks/:trackId/edit', { config: canEdit, schema: { params: TrackParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const track = await trackOrNotFound(event, request.params.trackId);
    return reply.render('admin/agenda/track-form', { event, track, form: trackToForm(track), nameMax: TRACK_NAME_MAX, used: await countSessionsOfTrack(db, track.id) }, { layout: 'admin' });
  });

  app.post('/admin/events/:eventId/tracks/:trackId', { config: canEdit, schema: { params: TrackParams, body: TrackBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const track = await trackOrNotFound(event, request.params.trackId);
    const { values, errors } = validateTrackForm(request.body);
    const problems = values ? await duplicateTrackNames(db, event.id, values, track.id) : errors;
    if (!values || Object.keys(problems).length > 0) {
      return reply.render('admin/agenda/track-form', { event, track, form: request.body, nameMax: TRACK_NAME_MAX, used: await countSessionsOfTrack(db, track.id), ...formErrorView(request.locale, problems) }, { layout: 'admin', status: 422 });
    }
    await updateTrack(db, auditActor(request), track, values);
    request.session.flash = 'tracks.saved';
    return reply.redirect(`/admin/events/${event.id}/tracks`, 303);
  });
  app.post(
    '/admin/events/:eventId/tracks/:trackId/remove',
    { config: canEdit, schema: { params: TrackParams, body: Type.Object({ confirm: Type.Optional(Text), used: Type.Optional(Text) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const track = await trackOrNotFound(event, request.params.trackId);
      // A track sessions are in is taken off them only when the box says so, for as many sessions as the box said.
      const result = await removeTrack(db, auditActor(request), track, confirmedCount(request.body, 'used'));
      if (!result.removed) {
        const fields = { confirmRemove: { key: 'agendaGrid.trackRemoveConfirm' } };
        return reply.render('admin/agenda/track-form', { event, track, form: trackToForm(track), nameMax: TRACK_NAME_MAX, used: result.used, ...formErrorView(request.locale, fields) }, { layout: 'admin', status: 422 });
      }
      request.session.flash = 'agendaGrid.trackRemoved';
      return reply.redirect(`/admin/events/${event.id}/tracks`, 303);
    },
  );

  app.post(
    '/admin/events/:eventId/tracks/:trackId/move',
    { config: canEdit, schema: { params: TrackParams, body: Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) }) } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const track = await trackOrNotFound(event, request.params.trackId);
      await moveTrack(db, auditActor(request), track, request.body.direction);
      request.session.flash = 'agendaGrid.trackMoved';
      return reply.redirect(`/admin/events/${event.id}/tracks`, 303);
    },
  );
};

export default trackRoutes;
