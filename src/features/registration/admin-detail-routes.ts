// The organiser's page of one registration: who registered and what they agreed to, with the identity document
// number masked; their category, sessions, needs, answers and check-ins (participant-detail.ts); and its history:
// the audit rows about it and the mail sent to the person. Event owners may reveal the number; each reveal writes an
// audit row (privacy.ts). Organisers find here the ways to correct the person's details and to cancel the
// registration for them (admin-correction-routes.ts, admin-cancel-routes.ts).
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isActiveStatus } from '../../db/schema/index.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { participantDetail } from './participant-detail.ts';
import { maskedIdNumber, revealIdNumber } from './privacy.ts';
import { loadRegistrationOfEvent } from './registration-of-event.ts';
import { countryName } from '../../lib/countries.ts';

const Params = Type.Object({ eventId: Type.String({ maxLength: 100 }), registrationId: Type.String({ maxLength: 100 }) });
const Query = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });

const registrationDetailRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const cipher = createFieldCipher(config);

  async function render(request: FastifyRequest, reply: FastifyReply, eventId: string, registrationId: string, revealed: string | null) {
    const { event, registration } = await loadRegistrationOfEvent(db, eventId, registrationId);
    const base = `/admin/events/${event.id}/registrations/${registration.id}`;
    // Organisers correct and cancel an active registration for the person (check-in staff do not).
    const canChange = (request.eventAccess?.permissions.has('registration.manage') ?? false) && isActiveStatus(registration.status) && !registration.erasedAt;
    return reply.header('cache-control', 'private, no-store').render(
      'admin/registration-detail',
      {
        event,
        registration,
        ...(await participantDetail(db, event, registration, request.locale)),
        countryName: registration.country ? countryName(registration.country, request.locale) : null,
        idNumberMasked: maskedIdNumber(cipher, registration),
        revealed,
        canReveal: request.eventAccess?.permissions.has('identity.reveal') ?? false,
        revealAction: `${base}/identity`,
        editHref: canChange ? `${base}/edit` : null,
        cancelHref: canChange ? `${base}/cancel` : null,
        canReadMail: request.eventAccess?.permissions.has('mail.view') ?? false,
        // Only a confirmed registration's QR code is a ticket, so only it gets a badge.
        badgeAction: registration.status === 'confirmed' && !registration.erasedAt && request.eventAccess?.permissions.has('badge.print') ? `${base}/badge` : null,
      },
      { layout: 'admin' },
    );
  }

  app.get('/admin/events/:eventId/registrations/:registrationId', { config: { permission: 'registration.view' }, schema: { params: Params, querystring: Query } }, async (request, reply) =>
    render(request, reply, request.params.eventId, request.params.registrationId, null),
  );

  // Answers with the page itself rather than a redirect: the number must not travel in an address or a session,
  // and reloading the page should not reveal (and audit) it again without a new click.
  app.post('/admin/events/:eventId/registrations/:registrationId/identity', { config: { permission: 'identity.reveal' }, schema: { params: Params } }, async (request, reply) => {
    const { registration } = await loadRegistrationOfEvent(db, request.params.eventId, request.params.registrationId);
    const number = await revealIdNumber(db, cipher, auditActor(request), registration);
    return render(request, reply, request.params.eventId, request.params.registrationId, number);
  });
};

export default registrationDetailRoutes;
