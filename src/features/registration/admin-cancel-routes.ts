// Organisers cancel a registration for the person (a guest who phoned to withdraw), with registration.manage: a page
// that asks once more, says what will happen and takes an optional message; then the same cancellation the person's
// own manage link makes (status-changes.ts: the seat and session seats freed, the waiting list promoted), audited
// under the organiser's name and mailed to the person in their language with the message.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isActiveStatus } from '../../db/schema/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { BULK_DECISION_MESSAGE_MAX, readDecisionMessage } from './bulk-form.ts';
import { findCategoryName } from './queries.ts';
import { loadRegistrationOfEvent } from './registration-of-event.ts';
import { cancelRegistration } from './status-changes.ts';

const Params = Type.Object({ eventId: Type.String({ maxLength: 100 }), registrationId: Type.String({ maxLength: 100 }) });
const Query = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const CancelBody = Type.Object({ message: Type.Optional(FormText), confirm: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });

type Loaded = Awaited<ReturnType<typeof loadRegistrationOfEvent>>;

const cancelRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canManage = { permission: 'registration.manage' as const };
  const pageOf = ({ event, registration }: Loaded) => `/admin/events/${event.id}/registrations/${registration.id}`;

  async function renderConfirm(request: FastifyRequest, reply: FastifyReply, loaded: Loaded, view: { message?: string; errors?: FieldErrors }, status = 200) {
    const { event, registration } = loaded;
    return reply.header('cache-control', 'private, no-store').render(
      'admin/registration-cancel',
      {
        event,
        registration,
        pageHref: pageOf(loaded),
        action: `${pageOf(loaded)}/cancel`,
        categoryName: await findCategoryName(db, event.id, registration.categoryId),
        message: view.message ?? '',
        messageMax: BULK_DECISION_MESSAGE_MAX,
        ...formErrorView(request.locale, view.errors ?? {}),
      },
      { layout: 'admin', status },
    );
  }

  /** An ended registration has nothing to cancel: its page says what it is. */
  function ended(request: FastifyRequest, reply: FastifyReply, loaded: Loaded) {
    request.session.flash = 'participants.cancel.notActive';
    return reply.redirect(pageOf(loaded), 303);
  }

  app.get('/admin/events/:eventId/registrations/:registrationId/cancel', { config: canManage, schema: { params: Params, querystring: Query } }, async (request, reply) => {
    const loaded = await loadRegistrationOfEvent(db, request.params.eventId, request.params.registrationId);
    if (!isActiveStatus(loaded.registration.status)) return ended(request, reply, loaded);
    return renderConfirm(request, reply, loaded, {});
  });

  app.post('/admin/events/:eventId/registrations/:registrationId/cancel', { config: canManage, schema: { params: Params, body: CancelBody } }, async (request, reply) => {
    const loaded = await loadRegistrationOfEvent(db, request.params.eventId, request.params.registrationId);
    const typed = request.body.message ?? '';
    const errors: FieldErrors = {};
    const message = readDecisionMessage(typed, errors, 'participants.cancel.message');
    if (Object.keys(errors).length > 0) return renderConfirm(request, reply, loaded, { message: typed, errors }, 422);
    // Only the page's own button confirms; anything else shows the page (with what was typed).
    if (request.body.confirm !== 'yes') return renderConfirm(request, reply, loaded, { message: typed });
    // Sent again after Back, or by a second organiser meanwhile: nothing changes, and the page says so.
    const result = await cancelRegistration({ db, clock, mail }, auditActor(request), loaded.registration.id, { eventId: loaded.event.id, byOrganisers: true, message });
    if (!result.cancelled) return ended(request, reply, loaded);
    request.session.flash = 'participants.cancel.done';
    return reply.redirect(pageOf(loaded), 303);
  });
};

export default cancelRoutes;
