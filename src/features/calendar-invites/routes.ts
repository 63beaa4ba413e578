// The organiser's page of speakers' calendar invitations, and "send updates", which queues the same comparison the
// publication runs (so after many edits and one publication, each affected speaker gets one mail).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { loadInviteOverview } from './overview.ts';
import { requestInviteUpdates } from './service.ts';

const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });

const calendarInviteRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, jobs }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };

  app.get('/admin/events/:eventId/agenda/invites', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const overview = await loadInviteOverview(db, event.id);
    return reply.render('admin/agenda/invites', { event, ...overview, hasSessions: overview.sessions.length > 0 }, { layout: 'admin' });
  });

  app.post('/admin/events/:eventId/agenda/invites', { config: canEdit, schema: { params: EventParams } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    await requestInviteUpdates(db, jobs, auditActor(request), event.id);
    request.session.flash = 'calendarInvites.updatesQueued';
    return reply.redirect(`/admin/events/${event.id}/agenda/invites`, 303);
  });
};

export default calendarInviteRoutes;
