// The registration categories of one event, from its set-up page: add, change, remove (refused while people are
// registered in one or a question names it) and order them.
// Registered in app.ts beside setup-routes.ts, whose page lists them; what they share is in setup-page.ts.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FieldErrors } from '../../lib/errors.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView, withLabels } from '../../lib/form-view.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { categoryToForm, createCategory, EMPTY_CATEGORY_FORM, findCategory, removeCategory, updateCategory, validateCategoryForm, VISIBILITIES, type CategoryForm } from './setup-categories.ts';
import { moveItem } from './setup-order.ts';
import { canEdit, EventParams, Flag, flashSaved, LangQuery, MoveBody, setupOverview, setupPath as base } from './setup-page.ts';
import { SETUP_TEXT_LIMITS, type CategoryRow } from './setup.ts';

const Text = FormText;
const CategoryParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), categoryId: Type.String({ maxLength: 100 }) });
const CategoryBody = Type.Object({ code: Text, nameEn: Text, nameZh: Text, capacity: Text, visibility: Text, requiresApproval: Flag, invitationOnly: Flag, colour: Type.Optional(Text) });
/** The category form's fields by their labels, for the error summary. */
const CATEGORY_LABELS = { code: 'registrationSetup.fields.code', nameEn: 'registrationSetup.fields.nameEn', nameZh: 'registrationSetup.fields.nameZh', capacity: 'registrationSetup.fields.categoryCapacity' };

const registrationSetupCategoryRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const overview = setupOverview({ db, clock, config });

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
};

export default registrationSetupCategoryRoutes;
