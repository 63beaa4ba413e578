// The participant's rights under the PIPL, from their manage link: a copy of their data, giving the consent to
// sharing abroad, withdrawing a consent, and erasure (with the page shown after it).
// Registered in app.ts beside manage-details-routes.ts and manage-attendance-routes.ts; all share manage-link.ts.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ConflictError } from '../../lib/errors.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { CONSENT_VERSION } from './form.ts';
import { CancelBody, deletedPage, linkHash, redirectErasedLink, TokenParams } from './manage-link.ts';
import { managePage } from './manage-page.ts';
import { eraseRegistration } from './erasure.ts';
import { exportRegistrationData, giveAbroadConsent, withdrawConsent } from './privacy.ts';
import { findRegistrationSettings, registrationWindow } from './registration-window.ts';

const DeletedQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), event: Type.Optional(Type.String({ maxLength: 80 })) });
const WithdrawBody = Type.Object({ kind: Type.String({ maxLength: 20 }) }, { additionalProperties: true });
const WITHDRAWABLE = ['sensitive', 'cross-border'] as const;

const managePrivacyRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = { db, clock, mail };
  const { cipher, load, renderManage } = managePage({ db, clock, config });
  app.addHook('preHandler', redirectErasedLink);

  app.get('/registrations/manage/:token/data.json', { schema: { params: TokenParams } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    const data = await exportRegistrationData(db, cipher, registration, clock.now());
    return reply
      .type('application/json; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', 'attachment; filename="my-registration.json"')
      .send(JSON.stringify(data, null, 2));
  });

  app.post('/registrations/manage/:token/consent-abroad', { schema: { params: TokenParams, body: Type.Object({ consentAbroad: Type.Optional(Type.String({ maxLength: 10 })) }) } }, async (request, reply) => {
    const { registration, event } = await load(request.params.token);
    const settings = await findRegistrationSettings(db, event.id);
    if (!settings?.sharesAbroad) throw new ConflictError('privacy.errors.notShared');
    if (request.body.consentAbroad !== 'yes') return renderManage(request, reply, request.params.token, { errors: { consentAbroad: { key: 'privacy.errors.consentAbroadTick' } } }, 422);
    await giveAbroadConsent(ctx, auditActor(request), registration, CONSENT_VERSION);
    return reply.redirect(`/registrations/manage/${request.params.token}?done=abroadGiven`, 303);
  });

  app.post('/registrations/manage/:token/withdraw', { schema: { params: TokenParams, body: WithdrawBody } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    const kind = WITHDRAWABLE.find((k) => k === request.body.kind);
    // Without the consent to processing there is no registration: that consent is withdrawn by deleting it.
    if (!kind) return renderManage(request, reply, request.params.token, { errors: { kind: { key: request.body.kind === 'processing' ? 'privacy.errors.processingMeansDelete' : 'privacy.errors.notGiven' } } }, 422);
    const result = await withdrawConsent(ctx, auditActor(request), registration.id, kind);
    if (result === 'not-given') return renderManage(request, reply, request.params.token, { errors: { kind: { key: 'privacy.errors.notGiven' } } }, 422);
    return reply.redirect(`/registrations/manage/${request.params.token}?done=${result === 'withdrawn' ? 'withdrawn' : 'alreadyWithdrawn'}`, 303);
  });

  app.post('/registrations/manage/:token/delete', { schema: { params: TokenParams, body: CancelBody } }, async (request, reply) => {
    const { registration, event } = await load(request.params.token);
    if (request.body.confirm !== 'yes') return renderManage(request, reply, request.params.token, { errors: { deleteConfirm: { key: 'privacy.errors.confirmDelete' } } }, 422);
    await eraseRegistration(ctx, auditActor(request), registration.id, 'request');
    request.session.erasedRegistration = { link: linkHash(request.params.token), event: event.slug };
    return reply.redirect(deletedPage(event.slug), 303);
  });

  // The registration is gone, so the event comes from the address: linked only when it names a published event.
  app.get('/registrations/deleted', { schema: { querystring: DeletedQuery } }, async (request, reply) => {
    const event = request.query.event ? await findPublishedEventBySlug(db, request.query.event) : undefined;
    const open = event ? (await registrationWindow(db, event.id, clock.now()))?.state === 'open' : false;
    return reply.render('registration/deleted', { event, registrationOpen: open });
  });
};

export default managePrivacyRoutes;
