// The organiser's own questions of one event, from its set-up page: add, change, remove (with the answers given,
// once confirmed) and order them.
// Registered in app.ts beside setup-routes.ts, whose page lists them; what they share is in setup-page.ts.
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
import { findCategories } from './setup-categories.ts';
import { moveItem } from './setup-order.ts';
import { canEdit, EventParams, Flag, LangQuery, MoveBody, setupPath as base } from './setup-page.ts';
import { CHOICE_KINDS, createQuestion, EMPTY_QUESTION_FORM, FILE_MAX_MB, FILE_TYPES, findQuestion, questionToForm, removeQuestion, countAnswers, updateQuestion, validateQuestionForm, type QuestionForm } from './setup-questions.ts';
import { SETUP_TEXT_LIMITS } from './setup.ts';

const Text = FormText;
const QuestionParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), questionId: Type.String({ maxLength: 100 }) });
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
/** The question form's fields by their labels, for the error summary. */
const QUESTION_LABELS = {
  labelEn: 'registrationSetup.fields.labelEn',
  labelZh: 'registrationSetup.fields.labelZh',
  helpEn: 'registrationSetup.fields.helpEn',
  helpZh: 'registrationSetup.fields.helpZh',
  fileMaxMb: 'registrationSetup.fields.fileMaxMb',
};

const registrationSetupQuestionRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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

export default registrationSetupQuestionRoutes;
