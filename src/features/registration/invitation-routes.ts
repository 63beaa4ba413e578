// The organiser's invitation codes of one event: generate one or a batch for a category, list them with their uses
// and status (filtered by category, status, part of the code or batch), revoke one, download a list as CSV.
import { zoneName } from '../../lib/datetime.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { translate } from '../../i18n/index.ts';
import { toCsv } from '../../lib/csv.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView, withLabels } from '../../lib/form-view.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { formatWallTime } from '../../lib/wall-time.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import {
  batchParam,
  CODE_STATUSES,
  CODES_PAGE_SIZE,
  codeStatus,
  EMPTY_GENERATE_FORM,
  findCode,
  generateCodes,
  listCodes,
  listCodesForExport,
  MAX_BATCH,
  parseBatch,
  revokeCode,
  validateGenerateForm,
  type CodeFilter,
  type CodeStatus,
  type GenerateForm,
} from './invitations.ts';
import { findCategories } from './setup-categories.ts';

const Text = FormText;
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const CodeParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), codeId: Type.String({ maxLength: 100 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const FilterQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 40 })),
  category: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  batch: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
const GenerateBody = Type.Object({ categoryId: Text, count: Text, maxUses: Text, expiresAt: Text, bypassApproval: Type.Optional(Type.String({ maxLength: 10 })) });

const invitationRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };
  const base = (event: EventRow) => `/admin/events/${event.id}/registration/codes`;

  /** The filter a query asks for, ignoring what does not belong to this event (an old link, a typo). */
  function filterOf(query: Static<typeof FilterQuery>, categoryIds: Set<string>): CodeFilter {
    const category = query.category?.toLowerCase();
    return {
      ...(category && categoryIds.has(category) ? { categoryId: category } : {}),
      ...(CODE_STATUSES.includes(query.status as CodeStatus) ? { status: query.status as CodeStatus } : {}),
      ...(query.q?.trim() ? { search: query.q.trim() } : {}),
      ...(parseBatch(query.batch) ? { batch: parseBatch(query.batch)! } : {}),
    };
  }

  const filterQueryString = (filter: CodeFilter) => {
    const params = new URLSearchParams();
    if (filter.categoryId) params.set('category', filter.categoryId);
    if (filter.status) params.set('status', filter.status);
    if (filter.search) params.set('q', filter.search);
    if (filter.batch) params.set('batch', batchParam(filter.batch));
    return params.toString();
  };

  const registerLink = (event: EventRow, code: string) => `${config.BASE_URL}/events/${event.slug}/register?code=${encodeURIComponent(code)}`;

  async function codesPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, query: Static<typeof FilterQuery>, options: { form?: GenerateForm; fields?: FieldErrors; status?: number } = {}) {
    const categories = await findCategories(db, event.id);
    const filter = filterOf(query, new Set(categories.map((c) => c.id)));
    const page = query.page ?? 1;
    const now = clock.now();
    const { rows, total } = await listCodes(db, event.id, filter, now, page);
    const form = options.form ?? { ...EMPTY_GENERATE_FORM, categoryId: categories[0]?.id ?? '' };
    const qs = filterQueryString(filter);
    return reply.render(
      'admin/registration-setup/codes',
      {
        event,
        form,
        maxBatch: MAX_BATCH,
        categories: categories.map((c) => ({ id: c.id, code: c.code, name: c.name, selected: c.id === form.categoryId, filtered: c.id === filter.categoryId })),
        statuses: CODE_STATUSES.map((value) => ({ value, selected: value === filter.status })),
        filter,
        filtered: Object.keys(filter).length > 0,
        batch: filter.batch ? batchParam(filter.batch) : undefined,
        // A usable code's ready link, to copy into a mail to its guest (the CSV has one per code for a mail merge).
        codes: rows.map((r) => ({ ...r, status: codeStatus(r, now), link: codeStatus(r, now) === 'usable' ? registerLink(event, r.code) : undefined })),
        total,
        page,
        // Shown only when there is more than one page.
        pageCount: total > CODES_PAGE_SIZE ? Math.ceil(total / CODES_PAGE_SIZE) : undefined,
        csvHref: `${base(event)}.csv${qs ? `?${qs}` : ''}`,
        previous: page > 1 ? `${base(event)}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(qs)), page: String(page - 1) })}` : undefined,
        next: page * CODES_PAGE_SIZE < total ? `${base(event)}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(qs)), page: String(page + 1) })}` : undefined,
        ...formErrorView(request.locale, withLabels(options.fields ?? {}, { count: 'invitationCodes.fields.count', maxUses: 'invitationCodes.fields.maxUses', expiresAt: 'invitationCodes.fields.expiresAt' })),
      },
      { layout: 'admin', ...(options.status ? { status: options.status } : {}) },
    );
  }

  app.get('/admin/events/:eventId/registration/codes', { config: canEdit, schema: { params: EventParams, querystring: FilterQuery } }, async (request, reply) =>
    codesPage(request, reply, await getEventById(db, request.params.eventId), request.query),
  );

  app.post('/admin/events/:eventId/registration/codes', { config: canEdit, schema: { params: EventParams, body: GenerateBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const form: GenerateForm = { ...request.body, bypassApproval: request.body.bypassApproval ?? '' };
    const { values, errors } = validateGenerateForm(form, await findCategories(db, event.id), event.timezone, clock.now());
    if (!values) return codesPage(request, reply, event, {}, { form, fields: errors, status: 422 });
    const batch = await generateCodes(db, auditActor(request), event.id, values);
    request.session.flash = values.count === 1 ? 'invitationCodes.generatedOne' : 'invitationCodes.generatedMany';
    return reply.redirect(`${base(event)}?batch=${batchParam(batch)}`, 303);
  });

  app.get('/admin/events/:eventId/registration/codes.csv', { config: canEdit, schema: { params: EventParams, querystring: FilterQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const categories = await findCategories(db, event.id);
    const now = clock.now();
    const rows = await listCodesForExport(db, event.id, filterOf(request.query, new Set(categories.map((c) => c.id))), now);
    const t = (key: string, vars: Record<string, unknown> = {}) => translate(request.locale, `invitationCodes.csv.${key}`, vars);
    // The expiry's zone named in its heading; a ready link per code, for a mail merge to the invited guests.
    const zone = zoneName(now, event.timezone, request.locale);
    const csv = toCsv([
      [t('code'), t('link'), t('category'), t('used'), t('quota'), t('expires', { zone }), t('bypassApproval'), t('status')],
      ...rows.map((r) => [
        r.code,
        registerLink(event, r.code),
        `${r.categoryCode} ${pickLocalized(r.categoryName, request.locale)?.text ?? ''}`.trim(),
        r.used,
        r.maxUses,
        r.expiresAt ? formatWallTime(r.expiresAt, event.timezone).replace('T', ' ') : '',
        r.bypassApproval ? t('yes') : t('no'),
        translate(request.locale, `invitationCodes.statuses.${codeStatus(r, now)}`),
      ]),
    ]);
    const name = `${event.slug}-invitation-codes.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  // Revoking is asked once more on a page of its own (no script needed): an unused code is deleted, a used one closed.
  app.get('/admin/events/:eventId/registration/codes/:codeId/revoke', { config: canEdit, schema: { params: CodeParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const code = await findCode(db, event.id, request.params.codeId);
    if (!code) throw new NotFoundError('invitation-code');
    return reply.render('admin/registration-setup/code-revoke', { event, code, unused: code.used === 0 }, { layout: 'admin' });
  });

  app.post('/admin/events/:eventId/registration/codes/:codeId/revoke', { config: canEdit, schema: { params: CodeParams } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const code = await findCode(db, event.id, request.params.codeId);
    if (!code) throw new NotFoundError('invitation-code');
    const outcome = await revokeCode(db, auditActor(request), code);
    request.session.flash = outcome === 'deleted' ? 'invitationCodes.deleted' : 'invitationCodes.closed';
    return reply.redirect(base(event), 303);
  });
};

export default invitationRoutes;
