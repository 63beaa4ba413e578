// The participant's side of registration: the form (with file questions sent as multipart) and the answer page keyed
// by the form's one-time token; also the organisers' preview of the form. A form with errors comes back with
// everything typed except files, which it says must be chosen again. A new manage link: link-request-routes.ts.
import { langOfPage } from '../../plugins/i18n.ts';
import { randomBytes } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { translate, type Locale } from '../../i18n/index.ts';
import { countryOptions, diallingCode } from '../../lib/countries.ts';
import { NotFoundError, ValidationError, type FieldErrors } from '../../lib/errors.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { checkFormGuard, formStamp, keptFormStamp } from '../../lib/form-guard.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { maskEmail } from '../../lib/masked-email.ts';
import { RATE_LIMITS } from '../../plugins/rate-limit.ts';
import { checkCsrfAfterBody } from '../../plugins/session.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import type { EventRow } from '../events/queries.ts';
import {
  CONSENT_VERSION,
  DIETARY_OPTIONS,
  EMPTY_REGISTRATION_FORM,
  INTERPRETATION_OPTIONS,
  needsApproval,
  QUESTION_FIELD_PREFIX,
  questionsFor,
  readRegistrationForm,
  type RegistrationForm,
  type RegistrationFormContext,
  type UploadedFile,
} from './form.ts';
import { REGISTRATION_TEXT_LIMITS } from './form-checks.ts';
import { validateRegistrationForm } from './form-validation.ts';
import { MAX_ANSWER_FILE_BYTES, sniffFileType } from './files.ts';
import { findUsableInvitationCode } from './invitations.ts';
import {
  findBookableSessions,
  findFormCategories,
  findFormQuestions,
  findRegistrationForm,
  visibleFormCategories,
  type RegistrationFormData,
} from './form-queries.ts';
import { findRegistrationSettings, registrationState, type RegistrationSettingsRow } from './registration-window.ts';
import { privacyNotice } from './privacy.ts';
import { questionViews } from './question-view.ts';
import { answerNow, findSubmission, submitRegistration } from './service.ts';
import { seatsLeftIn } from './seats.ts';

const Slug = Type.String({ maxLength: 80 });
const Lang = Type.Optional(Type.String({ maxLength: 40 }));
const FieldValue = Type.Union([FormText, Type.Array(FormText, { maxItems: 100 }), Type.Object({ filename: Type.String(), contentType: Type.String(), bytes: Type.Unknown() })]);
const FormBody = Type.Record(Type.String({ maxLength: 100 }), FieldValue);
const FORM_TOKEN = /^[A-Za-z0-9_-]{32}$/;
// Bytes of one multipart field: the longest answer (4,000 characters of up to 4 bytes each) arrives whole, and a value
// cut at this size always has more characters than any field takes, so it is refused, never saved cut.
const MAX_FIELD_BYTES = 64 * 1024;

const newFormToken = () => randomBytes(24).toString('base64url');

/** An invitation code's problem (unknown, expired, used up) as the form's first error; none without one. */
// Said at the code's own field (the code entry box, opened), and linked from the error summary.
const codeErrors = (problem: string | undefined): FieldErrors => (problem ? { code: { key: `registration.errors.code.${problem}` } } : {});


const registrationPublicRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, config, mail }) => {
  // Files arrive as multipart; each is read into memory (at most 20 MB, at most 10) and checked by its bytes.
  await fastify.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_ANSWER_FILE_BYTES, files: 10, fields: 300, fieldSize: MAX_FIELD_BYTES, parts: 320 },
    async onFile(part) {
      const bytes = await part.toBuffer();
      (part as unknown as { value: unknown }).value = { filename: part.filename.slice(0, 200), contentType: part.mimetype, bytes } satisfies UploadedFile;
    },
  });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const cipher = createFieldCipher(config);


  /** The published event's form, with the categories an invitation code (when given and usable) opens. */
  async function formContext(form: RegistrationFormData, locale: Locale, code: string | undefined): Promise<{ context: RegistrationFormContext; codeProblem?: string }> {
    let invitation: RegistrationFormContext['invitation'];
    let codeProblem: string | undefined;
    if (code) {
      const found = await findUsableInvitationCode(db, form.event.id, code, clock.now());
      if ('problem' in found) codeProblem = found.problem;
      else invitation = found;
    }
    const context = { categories: visibleFormCategories(form, invitation?.categoryId), questions: form.questions, sessions: form.sessions, locale, invitation, sharesAbroad: form.settings.sharesAbroad };
    return { context, ...(codeProblem ? { codeProblem } : {}) };
  }

  async function loadForm(slug: string): Promise<RegistrationFormData> {
    const form = await findRegistrationForm(db, slug);
    if (!form) throw new NotFoundError('event');
    return form;
  }

  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    view: { event: EventRow; settings: RegistrationSettingsRow; context: RegistrationFormContext; form: RegistrationForm; formToken: string; code: string; codeTried?: string; stamp?: string; errors?: FieldErrors; filesDropped?: boolean; preview?: boolean },
    status = 200,
  ) {
    const { event, settings, context, form } = view;
    const locale = request.locale;
    const onlyCategory = context.invitation ? context.categories.find((c) => c.id === context.invitation!.categoryId) : context.categories.length === 1 ? context.categories[0] : undefined;
    const selectedCategory = form.categoryId || onlyCategory?.id || '';
    const chosenSessions = new Set(form.sessionIds);
    const preview = view.preview ?? false;
    const invitedCategory = context.invitation ? context.categories.find((c) => c.id === context.invitation!.categoryId) : undefined;
    return reply.render(
      'registration/form',
      {
        event,
        pageTitle: translate(request.locale, 'registration.title'),
        action: `/events/${event.slug}/register`,
        preview,
        formToken: view.formToken,
        code: view.code,
        // Where a guest types the code they were sent (it comes back in the address, as a link with ?code= does);
        // open again with what they typed when it was refused.
        codeEntry: preview || view.code ? undefined : { tried: view.codeTried ?? '', open: Boolean(view.codeTried) },
        invitedCategory,
        formStamp: view.stamp ?? formStamp(config.SESSION_SECRET, clock.now()),
        form,
        notice: privacyNotice(event, settings),
        consentVersion: CONSENT_VERSION,
        limits: REGISTRATION_TEXT_LIMITS,
        hasFiles: context.questions.some((q) => q.kind === 'file'),
        filesDropped: view.filesDropped ?? false,
        // Participants never see organiser notes: "hidden" is for the preview; approval as their invitation code has it.
        // A full category says whether one joins its waiting list; an invitation-only one says it needs a code,
        // unless this form came with the code that opens it.
        categories: context.categories.map((c) => ({
          ...c,
          selected: c.id === selectedCategory,
          markHidden: preview && c.hidden === true,
          requiresApproval: needsApproval(c, context.invitation),
          opened: context.invitation?.categoryId === c.id,
        })),
        waitlist: settings.waitlistEnabled,
        countries: countryOptions(locale).map((c) => ({ ...c, selected: c.code === form.country, dial: diallingCode(c.code), mobileSelected: c.code === form.mobileCountry, nationalitySelected: c.code === form.nationality })),
        dietaryOptions: DIETARY_OPTIONS.map((value) => ({ value, selected: value === form.dietary })),
        interpretationOptions: INTERPRETATION_OPTIONS.map((value) => ({ value, selected: value === form.interpretation })),
        residences: ['mainland', 'hk-mo-tw', 'other'].map((value) => ({ value, checked: value === form.residence })),
        sessions: context.sessions.map((s) => ({ ...s, free: seatsLeftIn(s), checked: chosenSessions.has(s.id), full: s.booked >= s.capacity })),
        questions: questionViews(context.questions, form.answers, locale, context.categories),
        ...formErrorView(locale, view.errors ?? {}),
      },
      { status },
    );
  }

  // The organisers' preview: the form as participants will see it, every category shown (hidden ones marked),
  // whatever the event's status and the registration window; it cannot be sent.
  app.get(
    '/admin/events/:eventId/registration/preview',
    { config: { permission: 'event.edit' }, schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }) }), querystring: Type.Object({ lang: Lang }) } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const settings = await findRegistrationSettings(db, event.id);
      if (!settings) return reply.redirect(`/admin/events/${event.id}/registration`, 303);
      const [categories, questions, sessions] = await Promise.all([findFormCategories(db, settings, undefined, { all: true }), findFormQuestions(db, event.id), findBookableSessions(db, event.id)]);
      const context: RegistrationFormContext = { categories, questions, sessions, locale: request.locale, sharesAbroad: settings.sharesAbroad };
      return renderForm(request, reply, { event, settings, context, form: EMPTY_REGISTRATION_FORM, formToken: newFormToken(), code: '', preview: true });
    },
  );

  app.get(
    '/events/:slug/register',
    { schema: { params: Type.Object({ slug: Slug }), querystring: Type.Object({ lang: Lang, code: Type.Optional(Type.String({ maxLength: 60 })) }) } },
    async (request, reply) => {
      const form = await loadForm(request.params.slug);
      const { event, settings } = form;
      const window = registrationState(settings, clock.now());
      if (window !== 'open') return reply.render('registration/closed', { event, settings, window });
      const code = request.query.code?.trim() ?? '';
      const { context, codeProblem } = await formContext(form, request.locale, code || undefined);
      return renderForm(request, reply, { event, settings, context, form: EMPTY_REGISTRATION_FORM, formToken: newFormToken(), code: codeProblem ? '' : code, codeTried: codeProblem ? code : undefined, errors: codeErrors(codeProblem) });
    },
  );

  app.post(
    '/events/:slug/register',
    {
      config: { rateLimit: RATE_LIMITS.registration, csrfAfterMultipart: true },
      preHandler: checkCsrfAfterBody(fastify),
      schema: { params: Type.Object({ slug: Slug }), body: FormBody },
    },
    async (request, reply) => {
      const registrationForm = await loadForm(request.params.slug);
      const { event, settings } = registrationForm;
      const state = registrationState(settings, clock.now());
      if (state !== 'open') return reply.code(409).render('registration/closed', { event, settings, window: state });
      const body = request.body as Record<string, unknown>;
      const files: Record<string, UploadedFile> = {};
      const fields: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(body)) {
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          const file = value as UploadedFile;
          if (key.startsWith(QUESTION_FIELD_PREFIX) && file.bytes.length > 0) files[key.slice(QUESTION_FIELD_PREFIX.length)] = { ...file, contentType: sniffFileType(file.bytes, file.filename) ?? 'application/octet-stream' };
        } else fields[key] = value;
      }
      const formToken = typeof fields.formToken === 'string' && FORM_TOKEN.test(fields.formToken) ? fields.formToken : newFormToken();
      const code = typeof fields.code === 'string' ? fields.code.trim().slice(0, 60) : '';
      const form = readRegistrationForm(fields);
      const { context, codeProblem } = await formContext(registrationForm, request.locale, code || undefined);
      // A code that is used up may have been used by this very form, sent again (Back and send, a retry): its answer.
      // (Any other form sent twice reaches submitRegistration, which finds the first.)
      if (codeProblem === 'used-up' && (await findSubmission(db, event.id, formToken))) return reply.redirect(`/events/${event.slug}/register/answer/${formToken}${langOfPage(request)}`, 303);
      const stamp = keptFormStamp(config.SESSION_SECRET, fields, clock.now());
      // A code used up or expired while the form was open: said as the form's first error, with the code offered to
      // correct, rather than registering the person without what the code gave them (a hidden category, no approval).
      const again = (errors: FieldErrors) =>
        renderForm(request, reply, { event, settings, context, form, formToken, code: codeProblem ? '' : code, codeTried: codeProblem ? code : undefined, stamp, errors: { ...codeErrors(codeProblem), ...errors }, filesDropped: Object.keys(files).length > 0 }, 422);

      const guard = checkFormGuard(config.SESSION_SECRET, fields, clock.now(), config.FORM_MIN_SECONDS);
      if (guard === 'too-fast') return again({ '': { key: 'forms.tooFast' } });
      const checked = validateRegistrationForm(form, context, files);
      if (!checked.values || codeProblem) return again(checked.errors);
      // A bot that filled the hidden field sees an answer page; nothing is registered or mailed.
      if (guard === 'honeypot') return reply.render('registration/answer', { event, outcome: 'confirmed', email: maskEmail(checked.values.email) });
      const category = context.categories.find((c) => c.id === checked.values!.categoryId)!;
      try {
        await submitRegistration({ db, clock, mail }, event, checked.values, {
          actor: auditActor(request),
          formToken,
          consentVersion: CONSENT_VERSION,
          sensitiveConsent: checked.consents?.sensitive ?? false,
          crossBorderConsent: checked.consents?.crossBorder ?? false,
          cipher,
          files: checked.files ?? {},
          read: { category, settings },
          ...(context.invitation && context.invitation.categoryId === category.id ? { invitationCodeId: context.invitation.id, bypassApproval: context.invitation.bypassApproval } : {}),
        });
      } catch (error) {
        if (error instanceof ValidationError) return again(error.fields);
        throw error;
      }
      return reply.redirect(`/events/${event.slug}/register/answer/${formToken}${langOfPage(request)}`, 303);
    },
  );

  app.get(
    '/events/:slug/register/answer/:formToken',
    { schema: { params: Type.Object({ slug: Slug, formToken: Type.String({ maxLength: 64 }) }), querystring: Type.Object({ lang: Lang }) } },
    async (request, reply) => {
      const event = await findPublishedEventBySlug(db, request.params.slug);
      const submission = event && FORM_TOKEN.test(request.params.formToken) ? await findSubmission(db, event.id, request.params.formToken) : undefined;
      if (!event || !submission) throw new NotFoundError('registration');
      const answer = await answerNow(db, submission);
      return reply.render('registration/answer', { event, outcome: answer.outcome, position: answer.position, email: maskEmail(submission.email) });
    },
  );
};

export default registrationPublicRoutes;
