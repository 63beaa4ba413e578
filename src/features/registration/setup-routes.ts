// The organiser's registration set-up of one event: settings (window, seats, waiting list) with the seats taken per
// category, the categories and the event's own questions, each with a form to add, change, order and remove.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { QUESTION_KINDS } from '../../db/schema/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { confirmedCount, formErrorView, withLabels } from '../../lib/form-view.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { countUsableCodes } from './invitations.ts';
import { categoryToForm, countRegistrations, createCategory, EMPTY_CATEGORY_FORM, findCategories, findCategory, removeCategory, updateCategory, validateCategoryForm, VISIBILITIES, type CategoryForm } from './setup-categories.ts';
import { moveItem } from './setup-order.ts';
import { CHOICE_KINDS, createQuestion, EMPTY_QUESTION_FORM, FILE_MAX_MB, FILE_TYPES, findQuestion, findQuestions, questionToForm, removeQuestion, countAnswers, updateQuestion, validateQuestionForm, type QuestionForm } from './setup-questions.ts';
import { findSettings, PRIVACY_LIMITS, saveSettings, settingsToForm, validateSettingsForm, type SettingsForm } from './setup-settings.ts';
import { SETUP_TEXT_LIMITS, type CategoryRow } from './setup.ts';
import { registrationState } from './queries.ts';

const Text = FormText;
const Flag = Type.Optional(Type.String({ maxLength: 10 }));
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const CategoryParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), categoryId: Type.String({ maxLength: 100 }) });
const QuestionParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), questionId: Type.String({ maxLength: 100 }) });
/** The page's names for the registration window (its badge classes and labels say "upcoming"). */
const SETUP_STATE = { 'not-yet': 'upcoming', open: 'open', closed: 'closed' } as const;
const SettingsBody = Type.Object({
  opensAt: Text,
  closesAt: Text,
  capacity: Text,
  waitlist: Flag,
  // Optional: a text field left out keeps what is stored (a tab opened before the privacy fields were on the form).
  controllerName: Type.Optional(Text),
  retentionMonths: Type.Optional(Text),
  sharesAbroad: Flag,
  privacyFields: Flag,
  abroadRecipient: Type.Optional(Text),
  abroadContact: Type.Optional(Text),
});
const CategoryBody = Type.Object({ code: Text, nameEn: Text, nameZh: Text, capacity: Text, visibility: Text, requiresApproval: Flag, invitationOnly: Flag, colour: Type.Optional(Text) });
// Checkbox groups arrive as a string when one is ticked; Fastify's validator turns that into a one-item list.
const QuestionBody = Type.Object({
  kind: Text,
  labelEn: Text,
  labelZh: Text,
  helpEn: Type.Optional(Text),
  helpZh: Type.Optional(Text),
  options: Type.Optional(Text),
  required: Flag,
  categoryIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
  fileTypes: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
  fileMaxMb: Type.Optional(Type.String({ maxLength: 20 })),
});
const MoveBody = Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });

/** The set-up forms' fields by their labels, for the error summaries. */
const SETTINGS_LABELS = {
  opensAt: 'registrationSetup.fields.opensAt',
  closesAt: 'registrationSetup.fields.closesAt',
  capacity: 'registrationSetup.fields.eventCapacity',
  controllerName: 'registrationSetup.fields.controllerName',
  retentionMonths: 'registrationSetup.fields.retentionMonths',
  abroadRecipient: 'registrationSetup.fields.abroadRecipient',
  abroadContact: 'registrationSetup.fields.abroadContact',
};
const CATEGORY_LABELS = { code: 'registrationSetup.fields.code', nameEn: 'registrationSetup.fields.nameEn', nameZh: 'registrationSetup.fields.nameZh', capacity: 'registrationSetup.fields.categoryCapacity' };
const QUESTION_LABELS = {
  labelEn: 'registrationSetup.fields.labelEn',
  labelZh: 'registrationSetup.fields.labelZh',
  helpEn: 'registrationSetup.fields.helpEn',
  helpZh: 'registrationSetup.fields.helpZh',
  fileMaxMb: 'registrationSetup.fields.fileMaxMb',
};

/** "Saved", or — when added seats went to people waiting — saved and how many got a seat and were mailed. */
function flashSaved(request: FastifyRequest, saved: string, savedPromoted: string, promoted = 0): void {
  request.session.flash = promoted > 0 ? savedPromoted : saved;
  if (promoted > 0) request.session.flashVars = { count: promoted };
}

const registrationSetupRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };
  const base = (event: EventRow) => `/admin/events/${event.id}/registration`;

  async function overview(request: FastifyRequest, reply: FastifyReply, event: EventRow, options: { form?: SettingsForm; fields?: FieldErrors; status?: number } = {}) {
    const now = clock.now();
    const [settings, categories, questions, counts, usableCodes] = await Promise.all([
      findSettings(db, event.id),
      findCategories(db, event.id),
      findQuestions(db, event.id),
      countRegistrations(db, event.id),
      countUsableCodes(db, event.id, now),
    ]);
    const codeOf = new Map(categories.map((c) => [c.id, c.code]));
    const state = settings ? SETUP_STATE[registrationState(settings, now)] : undefined;
    return reply.render(
      'admin/registration-setup/index',
      {
        event,
        settings,
        state,
        publicFormUrl: `${config.BASE_URL}/events/${event.slug}/register`,
        form: options.form ?? settingsToForm(settings, event.timezone),
        privacyLimits: PRIVACY_LIMITS,
        categories: categories.map((c, i) => ({
          ...c,
          counts: counts.get(c.id) ?? { confirmed: 0, pending: 0, waitlisted: 0 },
          usableCodes: usableCodes.get(c.id) ?? 0,
          // Reachable only with a code, and no code left to give out: nobody can register in it.
          needsCodes: (c.invitationOnly || c.visibility === 'hidden') && !usableCodes.get(c.id),
          // Allowed (the event's seats still cap every registration), but likely a slip: said, not refused.
          aboveEventSeats: settings?.capacity != null && c.capacity !== null && c.capacity > settings.capacity,
          first: i === 0,
          last: i === categories.length - 1,
        })),
        questions: questions.map((q, i) => ({ ...q, categoryCodes: q.categoryIds.map((id) => codeOf.get(id)).filter(Boolean), first: i === 0, last: i === questions.length - 1 })),
        ...formErrorView(request.locale, withLabels(options.fields ?? {}, SETTINGS_LABELS)),
      },
      { layout: 'admin', ...(options.status ? { status: options.status } : {}) },
    );
  }

  app.get('/admin/events/:eventId/registration', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) =>
    overview(request, reply, await getEventById(db, request.params.eventId)),
  );

  app.post('/admin/events/:eventId/registration', { config: canEdit, schema: { params: EventParams, body: SettingsBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const stored = settingsToForm(await findSettings(db, event.id), event.timezone);
    const given = Object.fromEntries(Object.entries(request.body).filter(([, value]) => value !== undefined));
    // An unticked box sends nothing: only a form that has the privacy fields (its hidden marker) can untick sharing.
    const sharesAbroad = request.body.privacyFields === undefined ? stored.sharesAbroad : (request.body.sharesAbroad ?? '');
    const form: SettingsForm = { ...stored, ...given, waitlist: request.body.waitlist ?? '', sharesAbroad };
    const { values, errors } = validateSettingsForm(form, event, request.locale);
    const saved = values ? await saveSettings(db, auditActor(request), event.id, values, { clock, mail }) : { errors };
    if (saved.errors) return overview(request, reply, event, { form, fields: saved.errors, status: 422 });
    flashSaved(request, 'registrationSetup.saved', 'registrationSetup.savedPromoted', saved.promoted);
    return reply.redirect(base(event), 303);
  });

  // — Categories —

  function categoryPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, form: CategoryForm, options: { category?: CategoryRow; fields?: FieldErrors; status?: number } = {}) {
    return reply.render(
      'admin/registration-setup/category-form',
      {
        event,
        category: options.category,
        form,
        action: options.category ? `${base(event)}/categories/${options.category.id}` : `${base(event)}/categories`,
        visibilities: VISIBILITIES.map((value) => ({ value, checked: value === form.visibility })),
        limits: SETUP_TEXT_LIMITS,
        ...formErrorView(request.locale, withLabels(options.fields ?? {}, CATEGORY_LABELS)),
      },
      { layout: 'admin', ...(options.status ? { status: options.status } : {}) },
    );
  }

  async function categoryOrNotFound(event: EventRow, categoryId: string) {
    const category = await findCategory(db, event.id, categoryId);
    if (!category) throw new NotFoundError('registration-category');
    return category;
  }

  const categoryForm = (body: { code: string; nameEn: string; nameZh: string; capacity: string; visibility: string; requiresApproval?: string; invitationOnly?: string; colour?: string }, keptColour = ''): CategoryForm => ({
    ...body,
    requiresApproval: body.requiresApproval ?? '',
    invitationOnly: body.invitationOnly ?? '',
    // Forms from before badge colours existed (and scripts) send none: the category keeps its colour (or the default).
    colour: body.colour ?? keptColour,
  });

  app.get('/admin/events/:eventId/registration/categories/new', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) =>
    categoryPage(request, reply, await getEventById(db, request.params.eventId), EMPTY_CATEGORY_FORM),
  );

  app.post('/admin/events/:eventId/registration/categories', { config: canEdit, schema: { params: EventParams, body: CategoryBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const form = categoryForm(request.body);
    const { values, errors } = await validateCategoryForm(db, event.id, form);
    const refused = values ? (await createCategory(db, auditActor(request), event.id, values)).errors : errors;
    if (refused) return categoryPage(request, reply, event, form, { fields: refused, status: 422 });
    request.session.flash = 'registrationSetup.categoryAdded';
    return reply.redirect(base(event), 303);
  });

  app.get('/admin/events/:eventId/registration/categories/:categoryId/edit', { config: canEdit, schema: { params: CategoryParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const category = await categoryOrNotFound(event, request.params.categoryId);
    return categoryPage(request, reply, event, categoryToForm(category), { category });
  });

  app.post('/admin/events/:eventId/registration/categories/:categoryId', { config: canEdit, schema: { params: CategoryParams, body: CategoryBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const category = await categoryOrNotFound(event, request.params.categoryId);
    const form = categoryForm(request.body, category.colour);
    const { values, errors } = await validateCategoryForm(db, event.id, form, category.id);
    const saved = values ? await updateCategory(db, auditActor(request), category, values, { clock, mail }) : { errors };
    if (saved.errors) return categoryPage(request, reply, event, form, { category, fields: saved.errors, status: 422 });
    flashSaved(request, 'registrationSetup.categorySaved', 'registrationSetup.categorySavedPromoted', saved.promoted);
    return reply.redirect(base(event), 303);
  });

  app.post('/admin/events/:eventId/registration/categories/:categoryId/remove', { config: canEdit, schema: { params: CategoryParams } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const category = await categoryOrNotFound(event, request.params.categoryId);
    const { problem, count } = await removeCategory(db, auditActor(request), category);
    if (problem) {
      const key = problem === 'in-use' ? 'registrationSetup.errors.categoryInUse' : 'registrationSetup.errors.categoryQuestion';
      return overview(request, reply, event, { fields: { '': { key, vars: { code: category.code, count: count ?? 0 } } }, status: 409 });
    }
    request.session.flash = 'registrationSetup.categoryRemoved';
    return reply.redirect(base(event), 303);
  });

  app.post('/admin/events/:eventId/registration/categories/:categoryId/move', { config: canEdit, schema: { params: CategoryParams, body: MoveBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const category = await categoryOrNotFound(event, request.params.categoryId);
    await moveItem(db, auditActor(request), 'category', event.id, category.id, request.body.direction);
    return reply.redirect(`${base(event)}#categories`, 303);
  });

  // — Questions —

  async function questionPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, form: QuestionForm, options: { questionId?: string; fields?: FieldErrors; status?: number } = {}) {
    const [categories, answered] = await Promise.all([findCategories(db, event.id), options.questionId ? countAnswers(db, { id: options.questionId, eventId: event.id }) : Promise.resolve(0)]);
    return reply.render(
      'admin/registration-setup/question-form',
      {
        event,
        editing: Boolean(options.questionId),
        form,
        action: options.questionId ? `${base(event)}/questions/${options.questionId}` : `${base(event)}/questions`,
        kinds: QUESTION_KINDS.map((value) => ({ value, selected: value === form.kind })),
        showOptions: CHOICE_KINDS.some((k) => k === form.kind),
        categories: categories.map((c) => ({ id: c.id, code: c.code, name: c.name, checked: form.categoryIds.includes(c.id) })),
        fileTypes: FILE_TYPES.map((t) => ({ key: t.key, checked: form.fileTypes.includes(t.key) })),
        fileMaxMb: FILE_MAX_MB,
        answered,
        limits: SETUP_TEXT_LIMITS,
        ...formErrorView(request.locale, withLabels(options.fields ?? {}, QUESTION_LABELS)),
      },
      { layout: 'admin', ...(options.status ? { status: options.status } : {}) },
    );
  }

  async function questionOrNotFound(event: EventRow, questionId: string) {
    const question = await findQuestion(db, event.id, questionId);
    if (!question) throw new NotFoundError('registration-question');
    return question;
  }

  const questionForm = (body: Static<typeof QuestionBody>): QuestionForm => ({
    kind: body.kind,
    labelEn: body.labelEn,
    labelZh: body.labelZh,
    helpEn: body.helpEn ?? '',
    helpZh: body.helpZh ?? '',
    options: body.options ?? '',
    required: body.required ?? '',
    categoryIds: body.categoryIds ?? [],
    fileTypes: body.fileTypes ?? [],
    fileMaxMb: body.fileMaxMb ?? '',
  });

  app.get('/admin/events/:eventId/registration/questions/new', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) =>
    questionPage(request, reply, await getEventById(db, request.params.eventId), EMPTY_QUESTION_FORM),
  );

  app.post('/admin/events/:eventId/registration/questions', { config: canEdit, schema: { params: EventParams, body: QuestionBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const form = questionForm(request.body);
    const { values, errors } = validateQuestionForm(form, await findCategories(db, event.id));
    if (!values) return questionPage(request, reply, event, form, { fields: errors, status: 422 });
    await createQuestion(db, auditActor(request), event.id, values);
    request.session.flash = 'registrationSetup.questionAdded';
    return reply.redirect(`${base(event)}#questions`, 303);
  });

  app.get('/admin/events/:eventId/registration/questions/:questionId/edit', { config: canEdit, schema: { params: QuestionParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const question = await questionOrNotFound(event, request.params.questionId);
    return questionPage(request, reply, event, questionToForm(question), { questionId: question.id });
  });

  app.post('/admin/events/:eventId/registration/questions/:questionId', { config: canEdit, schema: { params: QuestionParams, body: QuestionBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const question = await questionOrNotFound(event, request.params.questionId);
    const form = questionForm(request.body);
    const { values, errors } = validateQuestionForm(form, await findCategories(db, event.id));
    if (!values) return questionPage(request, reply, event, form, { questionId: question.id, fields: errors, status: 422 });
    const refused = await updateQuestion(db, auditActor(request), question, values);
    if (refused) return questionPage(request, reply, event, form, { questionId: question.id, fields: refused, status: 422 });
    request.session.flash = 'registrationSetup.questionSaved';
    return reply.redirect(`${base(event)}#questions`, 303);
  });

  app.post(
    '/admin/events/:eventId/registration/questions/:questionId/remove',
    { config: canEdit, schema: { params: QuestionParams, body: Type.Object({ confirm: Type.Optional(Type.String({ maxLength: 10 })), answered: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const question = await questionOrNotFound(event, request.params.questionId);
      // A question people answered (their files go with it) is removed only when the box says so, for that many.
      const result = await removeQuestion(db, auditActor(request), question, confirmedCount(request.body, 'answered'));
      if (!result.removed) return questionPage(request, reply, event, questionToForm(question), { questionId: question.id, fields: { confirmRemove: { key: 'registrationSetup.removeQuestionConfirm' } }, status: 422 });
      request.session.flash = 'registrationSetup.questionRemoved';
      return reply.redirect(`${base(event)}#questions`, 303);
    },
  );

  app.post('/admin/events/:eventId/registration/questions/:questionId/move', { config: canEdit, schema: { params: QuestionParams, body: MoveBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const question = await questionOrNotFound(event, request.params.questionId);
    await moveItem(db, auditActor(request), 'question', event.id, question.id, request.body.direction);
    return reply.redirect(`${base(event)}#questions`, 303);
  });
};

export default registrationSetupRoutes;
