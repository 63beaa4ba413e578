// The organisers' page to correct a registration for its participant (registration.manage): their details (names,
// organisation, title, country, e-mail, mobile, needs) in one form and their answers to the questions of their
// category in another, each saved on its own, as on the participant's manage page, and checked by the same rules
// (form-checks.ts). Not the identity document: organisers see it masked, only owners unmasked. A refused form comes
// back with every field as typed and nothing written; a saved one returns to the registration's page, which names
// what changed. Each form may tell the person by mail (registration-corrections.ts).
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { formatList } from '../../i18n/index.ts';
import { parseCountryCode } from '../../lib/countries.ts';
import { ConflictError, ValidationError, type FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isActiveStatus } from '../../db/schema/index.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { correctedNames, type Correction } from './correction-text.ts';
import { questionsFor, readRegistrationForm, type RegistrationForm } from './form.ts';
import { checkAnswers, checkEmail, checkMobile, checkPersonalDetails, REGISTRATION_TEXT_LIMITS } from './form-checks.ts';
import { findFormQuestions } from './form-queries.ts';
import { inFormOrder } from './form-validation.ts';
import { AnswersBody } from './manage-details-routes.ts';
import { detailsChoices, formOf, storedAnswers } from './manage-page.ts';
import { questionViews } from './question-view.ts';
import { ChangedMeanwhileError, correctAnswers, correctDetails, versionOf } from './registration-corrections.ts';
import { loadRegistrationOfEvent } from './registration-of-event.ts';
import type { RegistrationRow } from './service.ts';

const Params = Type.Object({ eventId: Type.String({ maxLength: 100 }), registrationId: Type.String({ maxLength: 100 }) });
const Query = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
// Every field optional: one missing is a message beside it, not a bare 400 page.
const DetailsBody = Type.Object(
  Object.fromEntries(['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'email', 'mobileCountry', 'mobile', 'dietary', 'dietaryNote', 'interpretation', 'interpretationNote', 'version', 'notify'].map((name) => [name, Type.Optional(FormText)])),
  { additionalProperties: true },
);

type EventRow = Awaited<ReturnType<typeof loadRegistrationOfEvent>>['event'];
interface EditView {
  form?: RegistrationForm;
  answers?: Record<string, string[]>;
  errors?: FieldErrors;
  /** The version the page's forms carry: the registration's, unless a refused form keeps the one it was sent with. */
  version?: number;
  notify?: { details: boolean; answers: boolean };
}

/** The form's version field: milliseconds, or null for anything else (which no registration matches). */
const readVersion = (value: unknown): number | null => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null);

const correctionRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = { db, clock, mail };
  const canManage = { permission: 'registration.manage' as const };
  const pageOf = (event: { id: string }, registration: { id: string }) => `/admin/events/${event.id}/registrations/${registration.id}`;

  /** The registration to correct: only an active one (an ended one keeps what it had). */
  async function load(eventId: string, registrationId: string) {
    const loaded = await loadRegistrationOfEvent(db, eventId, registrationId);
    if (!isActiveStatus(loaded.registration.status) || loaded.registration.erasedAt) throw new ConflictError('registration.errors.notActive');
    return loaded;
  }

  /** The questions the answers form asks: those of the person's category, but files (sent by the person only). */
  const answerable = async (eventId: string, categoryId: string) => questionsFor(await findFormQuestions(db, eventId), categoryId).filter((q) => q.kind !== 'file');

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, event: EventRow, registration: RegistrationRow, view: EditView, status = 200) {
    const form = view.form ?? { ...formOf(registration), email: registration.email };
    const questions = await answerable(event.id, registration.categoryId);
    const errors = inFormOrder(view.errors ?? {}, questions);
    return reply.header('cache-control', 'private, no-store').render(
      'admin/registration-edit',
      {
        event,
        registration,
        pageHref: pageOf(event, registration),
        form,
        limits: REGISTRATION_TEXT_LIMITS,
        version: view.version ?? versionOf(registration),
        notify: view.notify ?? { details: false, answers: false },
        ...detailsChoices(form, request.locale),
        questions: questionViews(questions, view.answers ?? storedAnswers(registration), request.locale),
        ...formErrorView(request.locale, errors),
      },
      { layout: 'admin', status },
    );
  }

  /** Back to the registration's page, its notice naming what changed and whether the person was told. */
  function saved(request: FastifyRequest, reply: FastifyReply, event: EventRow, registration: RegistrationRow, names: string[], notified: boolean) {
    request.session.flash = names.length === 0 ? 'participants.edit.unchanged' : notified ? 'participants.edit.savedNotified' : 'participants.edit.saved';
    if (names.length > 0) request.session.flashVars = { fields: formatList(request.locale, names) };
    return reply.redirect(pageOf(event, registration), 303);
  }

  /** A form sent after the registration changed: shown again as typed, with the version it has now, to save again. */
  async function changedMeanwhile(request: FastifyRequest, reply: FastifyReply, params: { eventId: string; registrationId: string }, view: EditView) {
    const { event, registration } = await load(params.eventId, params.registrationId);
    return renderEdit(request, reply, event, registration, { ...view, version: versionOf(registration), errors: { '': { key: 'participants.edit.errors.changedMeanwhile' } } }, 409);
  }

  app.get('/admin/events/:eventId/registrations/:registrationId/edit', { config: canManage, schema: { params: Params, querystring: Query } }, async (request, reply) => {
    const { event, registration } = await load(request.params.eventId, request.params.registrationId);
    return renderEdit(request, reply, event, registration, {});
  });

  app.post('/admin/events/:eventId/registrations/:registrationId/details', { config: canManage, schema: { params: Params, body: DetailsBody } }, async (request, reply) => {
    const { event, registration } = await load(request.params.eventId, request.params.registrationId);
    const body = request.body as Record<string, unknown>;
    const form = readRegistrationForm(body);
    const notify = { details: body.notify === 'yes', answers: false };
    const version = readVersion(body.version);
    const errors: FieldErrors = {};
    const details = checkPersonalDetails(form, errors);
    const country = parseCountryCode(form.country);
    if (!country) errors.country = { key: 'registration.errors.required.country' };
    const email = checkEmail(form, errors);
    const mobile = checkMobile(form, country, errors);
    const refuse = (fields: FieldErrors) => renderEdit(request, reply, event, registration, { form, errors: fields, notify, ...(version === null ? {} : { version }) }, 422);
    if (Object.keys(errors).length > 0 || !country || !mobile) return refuse(errors);
    const target = { eventId: event.id, registrationId: registration.id, version };
    try {
      const changed = await correctDetails(ctx, auditActor(request), target, { ...details, country, email, mobile }, { notify: notify.details });
      return saved(request, reply, event, registration, correctedNames({ fields: changed, questionIds: [] }, [], request.locale), notify.details);
    } catch (error) {
      if (error instanceof ValidationError) return refuse(error.fields);
      if (error instanceof ChangedMeanwhileError) return changedMeanwhile(request, reply, request.params, { form, notify });
      throw error;
    }
  });

  app.post('/admin/events/:eventId/registrations/:registrationId/answers', { config: canManage, schema: { params: Params, body: AnswersBody } }, async (request, reply) => {
    const { event, registration } = await load(request.params.eventId, request.params.registrationId);
    const body = request.body as Record<string, unknown>;
    const questions = await answerable(event.id, registration.categoryId);
    const typed = readRegistrationForm(body).answers;
    const notify = { details: false, answers: body.notify === 'yes' };
    const version = readVersion(body.version);
    const errors: FieldErrors = {};
    const { answers } = checkAnswers({ answers: typed }, questions, request.locale, {}, errors);
    if (Object.keys(errors).length > 0) return renderEdit(request, reply, event, registration, { answers: typed, errors, notify, ...(version === null ? {} : { version }) }, 422);
    try {
      const changed = await correctAnswers(ctx, auditActor(request), { eventId: event.id, registrationId: registration.id, version }, questions, answers, { notify: notify.answers });
      const correction: Correction = { fields: [], questionIds: changed };
      return saved(request, reply, event, registration, correctedNames(correction, questions, request.locale), notify.answers);
    } catch (error) {
      if (error instanceof ChangedMeanwhileError) return changedMeanwhile(request, reply, request.params, { answers: typed, notify });
      throw error;
    }
  });
};

export default correctionRoutes;
