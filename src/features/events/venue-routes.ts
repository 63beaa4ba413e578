// The organiser's venues of one event: the list with their rooms, a form to add a venue, and one per venue to add a room.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from './queries.ts';
import { getEventById } from './service.ts';
import {
  createRoom,
  createVenue,
  findRoomOfEvent,
  findVenueOfEvent,
  findVenuesWithRoomsOfEvent,
  removeRoom,
  removeVenue,
  roomToForm,
  updateRoom,
  updateVenue,
  validateRoomForm,
  validateVenueForm,
  VENUE_TEXT_LIMITS,
  venueToForm,
  type RoomForm,
  type VenueForm,
} from './venues.ts';

const Text = FormText;
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const VenueParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), venueId: Type.String({ maxLength: 100 }) });
const RoomParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), roomId: Type.String({ maxLength: 100 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const VenueBody = Type.Object({ nameEn: Text, nameZh: Text, addressEn: Type.Optional(Text), addressZh: Type.Optional(Text) });
const RoomBody = Type.Object({ roomNameEn: Text, roomNameZh: Text, floor: Type.Optional(Text), capacity: Type.Optional(Text), booths: Type.Optional(Text) });
const EMPTY_VENUE: VenueForm = { nameEn: '', nameZh: '', addressEn: '', addressZh: '' };
const EMPTY_ROOM: RoomForm = { roomNameEn: '', roomNameZh: '', floor: '', capacity: '', booths: '' };

const venueRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };


  async function page(request: FastifyRequest, reply: FastifyReply, event: EventRow, extra: { venueForm?: VenueForm; roomForm?: RoomForm; roomVenueId?: string; fields?: FieldErrors; status?: number } = {}) {
    const list = await findVenuesWithRoomsOfEvent(db, event.id);
    const errors = formErrorView(request.locale, extra.fields ?? {});
    return reply.render(
      'admin/venues',
      {
        event,
        venues: list.map((v) => ({ ...v, roomForm: v.id === extra.roomVenueId ? { form: extra.roomForm, ...errors } : { form: EMPTY_ROOM } })),
        venueForm: { form: extra.venueForm ?? EMPTY_VENUE, ...(extra.venueForm ? errors : {}) },
        limits: VENUE_TEXT_LIMITS,
      },
      { layout: 'admin', ...(extra.status ? { status: extra.status } : {}) },
    );
  }

  async function venueOrNotFound(event: EventRow, venueId: string) {
    const venue = isUuid(venueId) ? await findVenueOfEvent(db, event.id, venueId.toLowerCase()) : undefined;
    if (!venue) throw new NotFoundError('venue');
    return venue;
  }

  async function roomOrNotFound(event: EventRow, roomId: string) {
    const room = isUuid(roomId) ? await findRoomOfEvent(db, event.id, roomId.toLowerCase()) : undefined;
    if (!room) throw new NotFoundError('room');
    return room;
  }

  app.get('/admin/events/:eventId/venues', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) =>
    page(request, reply, await getEventById(db, request.params.eventId)),
  );

  app.post(
    '/admin/events/:eventId/venues',
    { config: canEdit, schema: { params: EventParams, body: VenueBody } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const form: VenueForm = { ...request.body, addressEn: request.body.addressEn ?? '', addressZh: request.body.addressZh ?? '' };
      const { values, errors } = validateVenueForm(form);
      if (!values) return page(request, reply, event, { venueForm: form, fields: errors, status: 422 });
      await createVenue(db, auditActor(request), event.id, values);
      request.session.flash = 'venues.added';
      return reply.redirect(`/admin/events/${event.id}/venues`, 303);
    },
  );

  app.post(
    '/admin/events/:eventId/venues/:venueId/rooms',
    {
      config: canEdit,
      schema: {
        params: VenueParams,
        body: RoomBody,
      },
    },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const venue = await venueOrNotFound(event, request.params.venueId);
      const form: RoomForm = { ...request.body, floor: request.body.floor ?? '', capacity: request.body.capacity ?? '', booths: request.body.booths ?? '' };
      const { values, errors } = validateRoomForm(form);
      if (!values) return page(request, reply, event, { roomForm: form, roomVenueId: venue.id, fields: errors, status: 422 });
      await createRoom(db, auditActor(request), event.id, venue.id, values);
      request.session.flash = 'venues.roomAdded';
      return reply.redirect(`/admin/events/${event.id}/venues`, 303);
    },
  );
  type VenueRow = Awaited<ReturnType<typeof venueOrNotFound>>;
  type RoomRow = Awaited<ReturnType<typeof roomOrNotFound>>;
  const venueBodyForm = (body: { nameEn: string; nameZh: string; addressEn?: string; addressZh?: string }): VenueForm => ({ ...body, addressEn: body.addressEn ?? '', addressZh: body.addressZh ?? '' });
  const roomBodyForm = (body: { roomNameEn: string; roomNameZh: string; floor?: string; capacity?: string; booths?: string }): RoomForm => ({ ...body, floor: body.floor ?? '', capacity: body.capacity ?? '', booths: body.booths ?? '' });

  function venuePage(request: FastifyRequest, reply: FastifyReply, event: EventRow, venue: VenueRow, form: VenueForm, fields: FieldErrors = {}, status?: number) {
    return reply.render('admin/venue-edit', { event, venue, form, limits: VENUE_TEXT_LIMITS, ...formErrorView(request.locale, fields) }, { layout: 'admin', ...(status ? { status } : {}) });
  }

  function roomPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, room: RoomRow, form: RoomForm, fields: FieldErrors = {}, status?: number) {
    return reply.render('admin/room-edit', { event, room, form, limits: VENUE_TEXT_LIMITS, ...formErrorView(request.locale, fields) }, { layout: 'admin', ...(status ? { status } : {}) });
  }

  app.get('/admin/events/:eventId/venues/:venueId/edit', { config: canEdit, schema: { params: VenueParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const venue = await venueOrNotFound(event, request.params.venueId);
    return venuePage(request, reply, event, venue, venueToForm(venue));
  });

  app.post('/admin/events/:eventId/venues/:venueId', { config: canEdit, schema: { params: VenueParams, body: VenueBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const venue = await venueOrNotFound(event, request.params.venueId);
    const form = venueBodyForm(request.body);
    const { values, errors } = validateVenueForm(form);
    if (!values) return venuePage(request, reply, event, venue, form, errors, 422);
    await updateVenue(db, auditActor(request), venue, values);
    request.session.flash = 'agendaGrid.venueSaved';
    return reply.redirect(`/admin/events/${event.id}/venues`, 303);
  });

  app.post('/admin/events/:eventId/venues/:venueId/remove', { config: canEdit, schema: { params: VenueParams } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const venue = await venueOrNotFound(event, request.params.venueId);
    const { sessionsInRooms } = await removeVenue(db, auditActor(request), venue);
    if (sessionsInRooms > 0) return venuePage(request, reply, event, venue, venueToForm(venue), { '': { key: 'agendaGrid.venueInUse', vars: { count: sessionsInRooms } } }, 409);
    request.session.flash = 'agendaGrid.venueRemoved';
    return reply.redirect(`/admin/events/${event.id}/venues`, 303);
  });

  app.get('/admin/events/:eventId/rooms/:roomId/edit', { config: canEdit, schema: { params: RoomParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const room = await roomOrNotFound(event, request.params.roomId);
    return roomPage(request, reply, event, room, roomToForm(room));
  });

  app.post('/admin/events/:eventId/rooms/:roomId', { config: canEdit, schema: { params: RoomParams, body: RoomBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const room = await roomOrNotFound(event, request.params.roomId);
    const form = roomBodyForm(request.body);
    const { values, errors } = validateRoomForm(form);
    if (!values) return roomPage(request, reply, event, room, form, errors, 422);
    await updateRoom(db, auditActor(request), event.id, room, values);
    request.session.flash = 'agendaGrid.roomSaved';
    return reply.redirect(`/admin/events/${event.id}/venues`, 303);
  });

  app.post('/admin/events/:eventId/rooms/:roomId/remove', { config: canEdit, schema: { params: RoomParams } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const room = await roomOrNotFound(event, request.params.roomId);
    const { sessionsInRoom } = await removeRoom(db, auditActor(request), event.id, room);
    if (sessionsInRoom > 0) return roomPage(request, reply, event, room, roomToForm(room), { '': { key: 'agendaGrid.roomInUse', vars: { count: sessionsInRoom } } }, 409);
    request.session.flash = 'agendaGrid.roomRemoved';
    return reply.redirect(`/admin/events/${event.id}/venues`, 303);
  });
};

export default venueRoutes;
