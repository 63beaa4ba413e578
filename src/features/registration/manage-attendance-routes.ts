// The manage-link routes about attending: the sessions booked, the personal agenda kept from the link, cancelling,
// and the ticket and calendar file to download again.
// Registered in app.ts beside manage-details-routes.ts and manage-privacy-routes.ts; all share manage-link.ts.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../lib/errors.ts';
import { isActiveStatus } from '../../db/schema/index.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { bindingCookieOptions, MY_AGENDA_COOKIE, signBinding } from '../personal-agenda/binding.ts';
import { keepAgendaForAddress } from '../personal-agenda/service.ts';
import { many } from './form.ts';
import { checkSessions } from './form-checks.ts';
import { eventIcs, ticketQrPng } from './mail.ts';
import { CancelBody, LangQuery, redirectErasedLink, TokenParams } from './manage-link.ts';
import { managePage } from './manage-page.ts';
import { changeSessions, findBookedSessionIds } from './manage.ts';
import { findBookableSessions } from './form-queries.ts';
import { cancelRegistration } from './status-changes.ts';

const SessionsBody = Type.Object({ sessionIds: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })])) }, { additionalProperties: true });

const manageAttendanceRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = { db, clock, mail };
  const { load, agendaIsPublished, renderManage } = managePage({ db, clock, config });
  app.addHook('preHandler', redirectErasedLink);

  // The registration carries the personal agenda: its link proves the address as the agenda's own mailed link does,
  // so this browser keeps the address's starred sessions without another mail. The agenda page's script then sends
  // the stars made in this browser before.
  app.post('/registrations/manage/:token/my-agenda', { schema: { params: TokenParams, body: Type.Object({}, { additionalProperties: true }) } }, async (request, reply) => {
    const { registration, event } = await load(request.params.token);
    if (!isActiveStatus(registration.status)) throw new ConflictError('registration.errors.notActive');
    if (!(await agendaIsPublished(event))) throw new NotFoundError('agenda');
    const agenda = await keepAgendaForAddress(db, clock, event.id, registration.email);
    reply.setCookie(MY_AGENDA_COOKIE, signBinding(config.SESSION_SECRET, agenda.id), bindingCookieOptions(event.slug, config.BASE_URL));
    return reply.redirect(`/events/${encodeURIComponent(event.slug)}/my-agenda?notice=registration`, 303);
  });

  app.post('/registrations/manage/:token/sessions', { schema: { params: TokenParams, body: SessionsBody } }, async (request, reply) => {
    const { registration, event } = await load(request.params.token);
    const wanted = many(request.body.sessionIds);
    const held = registration.status === 'confirmed' ? await findBookedSessionIds(db, registration.id) : [];
    const errors: FieldErrors = {};
    const ids = checkSessions(wanted, await findBookableSessions(db, event.id, { registrationId: registration.id, requested: registration.requestedSessionIds }), errors, held);
    if (Object.keys(errors).length > 0) return renderManage(request, reply, request.params.token, { errors, chosenSessions: wanted }, 422);
    try {
      await changeSessions(ctx, auditActor(request), registration.id, ids);
    } catch (error) {
      if (error instanceof ValidationError) return renderManage(request, reply, request.params.token, { errors: error.fields, chosenSessions: wanted }, 422);
      throw error;
    }
    return reply.redirect(`/registrations/manage/${request.params.token}?done=sessions`, 303);
  });

  app.post('/registrations/manage/:token/cancel', { schema: { params: TokenParams, body: CancelBody } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    if (request.body.confirm !== 'yes') return renderManage(request, reply, request.params.token, { errors: { confirm: { key: 'registration.errors.confirmCancel' } } }, 422);
    // Sent again after Back, or from a second tab: nothing changes, and the page says so.
    const result = await cancelRegistration(ctx, auditActor(request), registration.id);
    const done = result.cancelled ? 'cancelled' : result.status === 'cancelled' ? 'alreadyCancelled' : 'notActive';
    return reply.redirect(`/registrations/manage/${request.params.token}?done=${done}`, 303);
  });

  app.get('/registrations/manage/:token/ticket.png', { schema: { params: TokenParams } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    if (registration.status !== 'confirmed') throw new NotFoundError('ticket');
    return reply
      .type('image/png')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', 'attachment; filename="ticket.png"')
      .send(await ticketQrPng(registration.ticketCode));
  });

  app.get('/registrations/manage/:token/event.ics', { schema: { params: TokenParams, querystring: LangQuery } }, async (request, reply) => {
    const { registration, event } = await load(request.params.token);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', 'attachment; filename="event.ics"')
      .send(await eventIcs(db, mail.config, event, request.locale, registration));
  });
};

export default manageAttendanceRoutes;
