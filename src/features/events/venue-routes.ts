// The organiser's venues of one event: the list with their rooms, a form to add a venue, and one per venue to add a room.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from './queries.ts';
import { getEventById } from './service.ts';
import { createRoom, createVenue, findVenueOfEvent, findVenuesWithRoomsOfEvent, validateRoomForm, validateVenueForm, type RoomForm, type VenueForm } from './venues.ts';

const Text = Type.String({ maxLength: 4096 });
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
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
      },
      { layout: 'admin', ...(extra.status ? { status: extra.status } : {}) },
    );
  }

  app.get('/admin/events/:eventId/venues', { config: canEdit, schema: { params: EventParams, querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) =>
    page(request, reply, await getEventById(db, request.params.eventId)),
  );

  app.post(
    '/admin/events/:eventId/venues',
    { config: canEdit, schema: { params: EventParams, body: Type.Object({ nameEn: Text, nameZh: Text, addressEn: Type.Optional(Text), addressZh: Type.Optional(Text) }) } },
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
        params: Type.Object({ eventId: Type.String({ maxLength: 100 }), venueId: Type.String({ maxLength: 100 }) }),
        body: Type.Object({ roomNameEn: Text, roomNameZh: Text, floor: Type.Optional(Text), capacity: Type.Optional(Text), booths: Type.Optional(Text) }),
      },
    },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const venue = isUuid(request.params.venueId) ? await findVenueOfEvent(db, event.id, request.params.venueId.toLowerCase()) : undefined;
      if (!venue) throw new NotFoundError('venue');
      const form: RoomForm = { ...request.body, floor: request.body.floor ?? '', capacity: request.body.capacity ?? '', booths: request.body.booths ?? '' };
      const { values, errors } = validateRoomForm(form);
      if (!values) return page(request, reply, event, { roomForm: form, roomVenueId: venue.id, fields: errors, status: 422 });
      await createRoom(db, auditActor(request), event.id, venue.id, values);
      request.session.flash = 'venues.roomAdded';
      return reply.redirect(`/admin/events/${event.id}/venues`, 303);
    },
  );
};

export default venueRoutes;
