// The participant list page for organisers (issue 8 builds bulk actions, exports and check-in on it): search,
// filters, sort and pages in the address, so a filtered list can be bookmarked and shared within the team.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { FeatureDeps } from '../deps.ts';
import { eventOfRequest } from '../events/service.ts';
import { participantPage } from './participant-page.ts';

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
/** Every filter the list understands (the export pages take the same); participant-filter.ts drops the values it does not. */
export const ParticipantQuery = Type.Object({
  lang: text(40),
  q: text(200),
  status: text(20),
  category: text(100),
  // A code or a name as typed ('United States of America'): the field takes 100 characters.
  country: text(100),
  sensitive: text(10),
  crossBorder: text(10),
  question: text(100),
  answer: text(200),
  checkedIn: text(10),
  sort: text(20),
  page: text(6),
});

const participantRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/admin/events/:eventId/registrations', { config: { permission: 'registration.view' }, schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }) }), querystring: ParticipantQuery } }, async (request, reply) => {
    const canManage = request.eventAccess?.permissions.has('registration.manage') ?? false;
    const canPrintBadges = request.eventAccess?.permissions.has('badge.batch') ?? false;
    // The permission check has read the event's row with the person's role.
    const eventId = request.eventAccess?.eventId ?? request.params.eventId;
    const [event, page] = await Promise.all([eventOfRequest(db, request, eventId), participantPage(db, { id: eventId }, request.query, request.locale, { canManage })]);
    return reply.header('cache-control', 'private, no-store').render('admin/registrations/list', { ...page, event, canPrintBadges }, { layout: 'admin' });
  });
};

export default participantRoutes;
