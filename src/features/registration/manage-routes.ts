// The participant's private manage pages, opened by the link in their mails: status and ticket, the details they
// may change, their bookable sessions, cancelling, and the ticket and calendar file to download again.
import { createHash } from 'node:crypto';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { countryOptions, diallingCode, parseCountryCode } from '../../lib/countries.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../lib/errors.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { formatFileSize } from '../../lib/file-size.ts';
import { FormText } from '../../lib/form-text.ts';
import { isUuid } from '../../lib/ids.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { acceptOneFile, OneFileBody, uploadedFile } from '../../lib/one-file-upload.ts';
import { checkCsrfAfterBody } from '../../plugins/session.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isActiveStatus, RESIDENCES } from '../../db/schema/index.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { findEventById, findPublishedEventBySlug } from '../events/queries.ts';
import { bindingCookieOptions, MY_AGENDA_COOKIE, signBinding } from '../personal-agenda/binding.ts';
import { keepAgendaForAddress } from '../personal-agenda/service.ts';
import { CONSENT_VERSION, QUESTION_FIELD_PREFIX, DIETARY_OPTIONS, INTERPRETATION_OPTIONS, many, questionsFor, readRegistrationForm, type FormQuestion, type RegistrationForm } from './form.ts';
import { checkAnswers, checkIdentity, checkMobile, checkPersonalDetails, checkSessions, needToForm, REGISTRATION_TEXT_LIMITS } from './form-checks.ts';
import { eventIcs, ticketQrPng } from './mail.ts';
import { changeSessions, findBookedSessionIds, registrationForLink, replaceAnswerFile, updateAnswers, updateDetails, updateIdentity } from './manage.ts';
import { MAX_ANSWER_FILE_BYTES, sniffFileType } from './files.ts';
import { eraseRegistration, exportRegistrationData, findConsents, giveAbroadConsent, maskedIdNumber, withdrawConsent } from './privacy.ts';
import { findBookableSessions, findFormQuestions, findRegistrationSettings, findSentFiles, registrationWindow } from './queries.ts';
import { questionViews } from './question-view.ts';
import type { RegistrationRow } from './service.ts';
import { waitlistPosition } from './waitlist-place.ts';
import { cancelRegistration } from './status-changes.ts';
import { translate } from '../../i18n/index.ts';

declare module 'fastify' {
  interface Session {
    /** The manage link (its hash) of a registration this browser just deleted, and its event's slug (see /delete). */
    erasedRegistration?: { link: string; event: string };
  }
}

const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const FileParams = Type.Object({ token: Type.String({ maxLength: 100 }), questionId: Type.String({ maxLength: 100 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), done: Type.Optional(Type.String({ maxLength: 20 })) });
const DeletedQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), event: Type.Optional(Type.String({ maxLength: 80 })) });
/**
 * The notices the manage page shows after a change (?done=…); anything else shows none. `unchanged`: nothing was
 * done this time ("already cancelled"), so the notice is not in the success colour.
 */
const DONE_NOTICES: Record<string, { key: string; unchanged?: true }> = {
  details: { key: 'registration.manage.done.details' },
  identity: { key: 'registration.manage.done.identity' },
  sessions: { key: 'registration.manage.done.sessions' },
  answers: { key: 'registration.manage.done.answers' },
  file: { key: 'registration.manage.done.file' },
  cancelled: { key: 'registration.manage.done.cancelled' },
  alreadyCancelled: { key: 'registration.manage.done.alreadyCancelled', unchanged: true },
  notActive: { key: 'registration.manage.done.notActive', unchanged: true },
  withdrawn: { key: 'privacy.manage.done.withdrawn' },
  abroadGiven: { key: 'privacy.manage.done.abroadGiven' },
  alreadyWithdrawn: { key: 'privacy.manage.done.alreadyWithdrawn', unchanged: true },
};
const linkHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');
/** The page after a deletion, linking back to the event (its slug, checked when the page is shown). */
const deletedPage = (slug: string) => `/registrations/deleted?event=${encodeURIComponent(slug)}`;
const Text = FormText;
const DetailsBody = Type.Object(
  {
    familyName: Text,
    givenName: Text,
    nameZh: Type.Optional(Text),
    organisation: Text,
    jobTitle: Type.Optional(Text),
    country: Type.Optional(Text),
    mobileCountry: Type.Optional(Text),
    mobile: Text,
    dietary: Type.Optional(Text),
    dietaryNote: Type.Optional(Text),
    interpretation: Type.Optional(Text),
    interpretationNote: Type.Optional(Text),
  },
  { additionalProperties: true },
);
// The answers come as q_<question id> fields, one or several values each (checkAnswers takes what it knows).
const AnswersBody = Type.Object({}, { additionalProperties: Type.Union([Type.String({ maxLength: 20_000 }), Type.Array(Type.String({ maxLength: 20_000 }), { maxItems: 100 })]) });
const IdentityBody = Type.Object(
  { residence: Type.Optional(Text), idNumber: Type.Optional(Text), nationality: Type.Optional(Text), consentSensitive: Type.Optional(Text) },
  { additionalProperties: true },
);
const SessionsBody = Type.Object({ sessionIds: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })])) }, { additionalProperties: true });
const CancelBody = Type.Object({ confirm: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });
const WithdrawBody = Type.Object({ kind: Type.String({ maxLength: 20 }) }, { additionalProperties: true });
const WITHDRAWABLE = ['sensitive', 'cross-border'] as const;

/** The stored answers as the form holds them (one or several values per question; files are not shown here). */
function storedAnswers(registration: RegistrationRow): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const [id, value] of Object.entries(registration.answers ?? {})) {
    if (typeof value === 'string') answers[id] = [value];
    else if (Array.isArray(value)) answers[id] = value.filter((v): v is string => typeof v === 'string');
  }
  return answers;
}

/** The identity form's fields of a form read from a request. */
const pickIdentityFields = ({ residence, idNumber, nationality, consentSensitive }: RegistrationForm) => ({ residence, idNumber, nationality, consentSensitive });

/** The form as stored, for the edit form's first showing (never the document number). */
function formOf(registration: RegistrationRow): RegistrationForm {
  const dietary = needToForm(registration.dietary);
  const interpretation = needToForm(registration.interpretationNeeds);
  return {
    ...readRegistrationForm({}),
    familyName: registration.familyName,
    givenName: registration.givenName,
    nameZh: registration.nameZh ?? '',
    organisation: registration.organisation,
    jobTitle: registration.jobTitle ?? '',
    country: registration.country,
    residence: registration.residence,
    nationality: registration.nationality ?? '',
    mobile: registration.mobile,
    mobileCountry: '',
    dietary: dietary.choice,
    dietaryNote: dietary.note,
    interpretation: interpretation.choice,
    interpretationNote: interpretation.note,
  };
}

const manageRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = { db, clock, mail };
  const cipher = createFieldCipher(config);

  // A deleted registration's link no longer opens anything. The browser that deleted it (Back, then the form again,
  // or a reload) is told it is deleted, with nothing done, rather than that the link is not valid.
  app.addHook('preHandler', async (request, reply) => {
    const token = (request.params as { token?: unknown }).token;
    const erased = request.session.erasedRegistration;
    if (typeof token === 'string' && erased && erased.link === linkHash(token)) return reply.redirect(deletedPage(erased.event), 303);
  });

  async function load(token: string) {
    const registration = await registrationForLink(db, clock, token);
    const event = await findEventById(db, registration.eventId);
    if (!event) throw new NotFoundError('registration');
    return { registration, event };
  }

  /** Whether the event is public with a published agenda to star sessions of. */
  async function agendaIsPublished(event: { id: string; status: string }): Promise<boolean> {
    return event.status === 'published' && (await findPublishedAgenda(db, event.id)) !== undefined;
  }

  /**
   * The organiser's questions the person may answer here: those of their category, but files (uploaded with the
   * registration form only). An imported guest answers them here for the first time.
   */
  async function answerableQuestions(eventId: string, categoryId: string): Promise<FormQuestion[]> {
    return (await askedQuestions(eventId, categoryId)).filter((q) => q.kind !== 'file');
  }

  /** Every question asked of the category: the answers form takes the others, each file question has a form of its own. */
  async function askedQuestions(eventId: string, categoryId: string): Promise<FormQuestion[]> {
    return questionsFor(await findFormQuestions(db, eventId), categoryId);
  }

  async function renderManage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    view: { form?: RegistrationForm; answers?: Record<string, string[]>; errors?: FieldErrors; chosenSessions?: string[]; done?: string | undefined },
    status = 200,
  ) {
    const { registration, event } = await load(token);
    const active = isActiveStatus(registration.status);
    const ended = registration.status === 'cancelled' || registration.status === 'rejected';
    const [sessions, booked, consents, window, questions, agendaPublished, settings, files] = await Promise.all([
      findBookableSessions(db, event.id, { registrationId: registration.id, requested: registration.requestedSessionIds }),
      findBookedSessionIds(db, registration.id),
      findConsents(db, registration.id),
      // A cancelled or rejected registration shows the way to register again while registration is open.
      ended ? registrationWindow(db, event.id, clock.now()) : Promise.resolve(undefined),
      // Asked only while the registration is active: an ended one shows no form to answer them.
      active ? askedQuestions(event.id, registration.categoryId) : Promise.resolve([]),
      active ? agendaIsPublished(event) : Promise.resolve(false),
      findRegistrationSettings(db, event.id),
      findSentFiles(db, registration.id),
    ]);
    // The event shares with its co-organiser abroad and this person's consent to it does not stand (never given, as
    // they registered before sharing was turned on, or withdrawn): they may give it here.
    const abroad = active && settings?.sharesAbroad && !consents.some((c) => c.kind === 'cross-border' && c.withdrawnAt === null) ? { recipient: settings.abroadRecipient, contact: settings.abroadContact } : null;
    const held = registration.status === 'confirmed' ? booked : registration.requestedSessionIds;
    const chosen = new Set(view.chosenSessions ?? held);
    const form = view.form ?? formOf(registration);
    const confirmed = registration.status === 'confirmed';
    const notice = view.done && Object.hasOwn(DONE_NOTICES, view.done) ? DONE_NOTICES[view.done] : undefined;
    const fileQuestions = questions.filter((q) => q.kind === 'file');
    const shownFile = (f: (typeof files)[number]) => ({ question: f.question, filename: f.filename, size: formatFileSize(f.size, request.locale) });
    return reply.render(
      'registration/manage',
      {
        event,
        pageTitle: translate(request.locale, 'registration.manage.title'),
        registration,
        base: `/registrations/manage/${token}`,
        active,
        confirmed,
        registerAgain: window?.state === 'open' ? `/events/${event.slug}/register` : undefined,
        agendaPublished,
        position: registration.status === 'waitlisted' ? await waitlistPosition(db, registration) : null,
        ticketSvg: confirmed ? await QRCode.toString(registration.ticketCode, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null,
        form,
        limits: REGISTRATION_TEXT_LIMITS,
        doneKey: notice?.key,
        doneUnchanged: notice?.unchanged ?? false,
        idNumberMasked: maskedIdNumber(cipher, registration),
        consents: consents.map((c) => ({ ...c, active: c.withdrawnAt === null, withdrawable: c.withdrawnAt === null && c.kind !== 'processing' })),
        abroad,
        // Each file question with the file sent for it (if any) and a form to send one, or another in its place;
        // files of questions no longer asked of the person (another category now) are listed only.
        fileQuestions: questionViews(fileQuestions, {}, request.locale).map((q) => {
          const sent = files.find((f) => f.questionId === q.id);
          return { ...q, sent: sent ? shownFile(sent) : null };
        }),
        otherFiles: files.filter((f) => !fileQuestions.some((q) => q.id === f.questionId)).map(shownFile),
        countries: countryOptions(request.locale).map((c) => ({ ...c, selected: c.code === form.country, dial: diallingCode(c.code), mobileSelected: c.code === form.mobileCountry, nationalitySelected: c.code === form.nationality })),
        residences: RESIDENCES.map((value) => ({ value, checked: value === form.residence })),
        dietaryOptions: DIETARY_OPTIONS.map((value) => ({ value, selected: value === form.dietary })),
        interpretationOptions: INTERPRETATION_OPTIONS.map((value) => ({ value, selected: value === form.interpretation })),
        sessions: sessions.map((s) => ({ ...s, free: Math.max(0, s.capacity - s.booked), checked: chosen.has(s.id), full: s.booked >= s.capacity && !held.includes(s.id) })),
        questions: questionViews(questions.filter((q) => q.kind !== 'file'), view.answers ?? storedAnswers(registration), request.locale),
        ...formErrorView(request.locale, view.errors ?? {}),
      },
      { status },
    );
  }

  app.get('/registrations/manage/:token', { schema: { params: TokenParams, querystring: LangQuery } }, async (request, reply) =>
    renderManage(request, reply, request.params.token, { done: request.query.done }),
  );

  app.post('/registrations/manage/:token/details', { schema: { params: TokenParams, body: DetailsBody } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    // The details form's fields over the stored ones: the identity form beside it keeps showing what is stored.
    const stored = formOf(registration);
    // The country may be corrected too (a right the privacy notice promises); a form without it keeps the stored one.
    const given = readRegistrationForm(request.body);
    const form = { ...stored, ...given, country: request.body.country === undefined ? registration.country : given.country, residence: stored.residence, nationality: stored.nationality };
    const errors: FieldErrors = {};
    const details = checkPersonalDetails(form, errors);
    const country = parseCountryCode(form.country);
    if (!country) errors.country = { key: 'registration.errors.required.country' };
    const mobile = checkMobile(form, country, errors);
    if (Object.keys(errors).length > 0 || !mobile || !country) return renderManage(request, reply, request.params.token, { form, errors }, 422);
    await updateDetails(ctx, auditActor(request), registration, { ...details, country, mobile });
    return reply.redirect(`/registrations/manage/${request.params.token}?done=details`, 303);
  });

  // A document the form did not get (no consent then, an imported guest, one withdrawn since) or a wrong one.
  app.post('/registrations/manage/:token/identity', { schema: { params: TokenParams, body: IdentityBody } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    const form = { ...formOf(registration), ...pickIdentityFields(readRegistrationForm(request.body)) };
    const errors: FieldErrors = {};
    const identity = checkIdentity(form, errors, { documentRequired: true });
    if (Object.keys(errors).length > 0 || !identity.residence || !identity.idType || !identity.idNumber) return renderManage(request, reply, request.params.token, { form, errors }, 422);
    await updateIdentity({ ...ctx, cipher }, auditActor(request), registration, { residence: identity.residence, nationality: identity.nationality, idType: identity.idType, idNumber: identity.idNumber });
    return reply.redirect(`/registrations/manage/${request.params.token}?done=identity`, 303);
  });

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

  app.post('/registrations/manage/:token/answers', { schema: { params: TokenParams, body: AnswersBody } }, async (request, reply) => {
    const { registration } = await load(request.params.token);
    const questions = await answerableQuestions(registration.eventId, registration.categoryId);
    const typed = readRegistrationForm(request.body as Record<string, unknown>).answers;
    const errors: FieldErrors = {};
    const { answers } = checkAnswers({ answers: typed }, questions, request.locale, {}, errors);
    if (Object.keys(errors).length > 0) return renderManage(request, reply, request.params.token, { answers: typed, errors }, 422);
    await updateAnswers(ctx, auditActor(request), registration, questions, answers);
    return reply.redirect(`/registrations/manage/${request.params.token}?done=answers`, 303);
  });

  // A file question's answer, sent for the first time (an imported guest, an optional file skipped) or again in place
  // of the one before (the wrong document, an expired passport scan): one multipart form per question.
  await fastify.register(async (scope) => {
    await acceptOneFile(scope, { maxBytes: MAX_ANSWER_FILE_BYTES, fields: 5, parts: 6, filenameMax: 200 });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/registrations/manage/:token/files/:questionId',
      { config: { csrfAfterMultipart: true }, preHandler: checkCsrfAfterBody(scope), schema: { params: FileParams, body: OneFileBody } },
      async (request, reply) => {
        const { token, questionId } = request.params;
        const { registration } = await load(token);
        if (!isActiveStatus(registration.status)) throw new ConflictError('registration.errors.notActive');
        const question = isUuid(questionId) ? (await askedQuestions(registration.eventId, registration.categoryId)).find((q) => q.id === questionId.toLowerCase() && q.kind === 'file') : undefined;
        if (!question) throw new NotFoundError('question');
        const field = `${QUESTION_FIELD_PREFIX}${question.id}`;
        const upload = uploadedFile(request.body);
        const errors: FieldErrors = {};
        if (!upload) errors[field] = { key: 'registration.errors.fileMissing', vars: { question: pickLocalized(question.label, request.locale)?.text ?? '' } };
        else {
          // The form's own check: the type read from the bytes, the question's size limit (one that arrived cut too).
          const file = { filename: upload.filename, contentType: sniffFileType(upload.bytes, upload.filename) ?? 'application/octet-stream', bytes: upload.bytes, truncated: upload.truncated };
          checkAnswers({ answers: {} }, [question], request.locale, { [question.id]: file }, errors);
          if (Object.keys(errors).length === 0) await replaceAnswerFile(ctx, auditActor(request), registration, question.id, file);
        }
        if (Object.keys(errors).length > 0) return renderManage(request, reply, token, { errors }, 422);
        return reply.redirect(`/registrations/manage/${token}?done=file`, 303);
      },
    );
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

  // — Their rights under the PIPL: a copy of their data, withdrawing a consent, erasure —

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

export default manageRoutes;
