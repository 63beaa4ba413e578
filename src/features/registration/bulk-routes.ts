// Bulk actions from the participant list: the form around the table posts here with the ticked rows or "all N
// matching" (the filter travels in hidden fields); a valid request becomes a run (bulk-run.ts) and the organiser is
// sent to its result page; rejecting asks once more first (reject-confirm.ts). Anything wrong re-renders the list
// with the errors and changes nothing.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { registrationCategories, registrations } from '../../db/schema/index.ts';
import { translate } from '../../i18n/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { bulkFormValues, readBulkForm } from './bulk-form.ts';
import { one } from './form.ts';
import { BULK_INLINE_MAX, findBulkRunByToken, readBulkRun, startBulkRun } from './bulk-run.ts';
import type { FilterQuery } from './participant-filter.ts';
import { matchingParticipantIds, matchingParticipantsDigest } from './participant-list.ts';
import { participantFilterParams } from './participant-filter.ts';
import { participantPage, readParticipantFilter } from './participant-page.ts';
import { idsDigest, rejectConfirmView } from './reject-confirm.ts';

/** "All matching" goes up to this many people in one run; a larger list is refused with a request to narrow it. */
export const BULK_ALL_MAX = 20_000;

const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const field = Type.Union([FormText, Type.Array(Type.String({ maxLength: 200 }), { maxItems: 2000 })]);
// Checked by readBulkForm, not here: a bad value is a message beside its field, not a bare 422 page.
const BulkBody = Type.Record(Type.String({ maxLength: 100 }), field, { maxProperties: 40 });

// The list's filter and page travel with the bulk form (participantFilterParams, the hidden page field), and on to the
// result page's address, for its link back to the list.
const FILTER_FIELDS = ['q', 'status', 'category', 'country', 'sensitive', 'crossBorder', 'question', 'answer', 'checkedIn', 'sort', 'page'] as const;
const ListField = Type.Optional(Type.String({ maxLength: 200 }));
const ResultQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 40 })),
  q: ListField, status: ListField, category: ListField, country: ListField, sensitive: ListField, crossBorder: ListField,
  question: ListField, answer: ListField, checkedIn: ListField, sort: ListField, page: ListField,
});

const bulkRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canManage = { permission: 'registration.manage' as const };

  async function refuse(request: FastifyRequest, reply: FastifyReply, event: { id: string }, body: Record<string, unknown>, query: FilterQuery, errors: FieldErrors, status = 422) {
    const data = await participantPage(db, event, query, request.locale, { canManage: true, values: bulkFormValues(body) });
    // The rows the organiser ticked stay ticked, and the page keeps its links (badges for those who may print them).
    const ticked = new Set((Array.isArray(body.ids) ? body.ids : [body.ids]).filter((id): id is string => typeof id === 'string').map((id) => id.toLowerCase()));
    const rows = data.rows.map((row) => ({ ...row, picked: ticked.has(row.id) }));
    const canPrintBadges = request.eventAccess?.permissions.has('badge.batch') ?? false;
    return reply.header('cache-control', 'private, no-store').render('admin/registrations/list', { ...data, rows, canPrintBadges, ...formErrorView(request.locale, errors) }, { layout: 'admin', status });
  }

  app.post('/admin/events/:eventId/registrations/bulk', { config: canManage, schema: { params: EventParams, body: BulkBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const body = request.body as Record<string, unknown>;
    const query: FilterQuery = Object.fromEntries(FILTER_FIELDS.map((name) => [name, one(body[name]).slice(0, 200)]));
    const parsed = readBulkForm(body);
    if ('errors' in parsed) return refuse(request, reply, event, body, query, parsed.errors);
    const form = parsed.request;

    // The result page links back to the list as it was: its filter and page travel in the result's address.
    const listQuery = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '')).toString();
    const resultHref = (runId: string) => `/admin/events/${event.id}/registrations/bulk/${runId}${listQuery ? `?${listQuery}` : ''}`;
    // A second press of the same button (its run started already) goes to that run, whatever the list shows now.
    const started = form.formToken ? await findBulkRunByToken(db, event.id, form.formToken) : undefined;
    if (started) return reply.redirect(resultHref(started), 303);

    let ids: string[];
    // Ended registrations (cancelled, rejected) get a message sent to a whole filter only when it names their status.
    let toEnded = true;
    if (form.scope === 'selected') {
      const known = await db
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), inArray(registrations.id, form.ids), isNull(registrations.erasedAt)));
      // Made-up ids and another event's are the same to the organiser: rows that are not in this list.
      if (known.length !== form.ids.length) return refuse(request, reply, event, body, query, { ids: { key: 'participants.bulk.errors.unknown' } });
      ids = form.ids;
    } else {
      const filter = await readParticipantFilter(db, event.id, query);
      toEnded = filter.status === 'cancelled' || filter.status === 'rejected';
      ids = await matchingParticipantIds(db, event.id, filter, { limit: BULK_ALL_MAX + 1 });
      if (ids.length > BULK_ALL_MAX) return refuse(request, reply, event, body, query, { ids: { key: 'participants.bulk.errors.tooMany', vars: { max: BULK_ALL_MAX } } });
      if (ids.length !== form.expected) return refuse(request, reply, event, body, query, { ids: { key: 'participants.bulk.errors.changed', vars: { expected: form.expected ?? 0, count: ids.length } } });
      // As many, but not the same people (one approved meanwhile, another registered): not acted on blindly either.
      if (one(body.matchingDigest) !== (await matchingParticipantsDigest(db, event.id, filter))) {
        return refuse(request, reply, event, body, query, { ids: { key: 'participants.bulk.errors.changedPeople' } });
      }
      // Confirming a rejection: the very people the page named, not just as many.
      if (form.action === 'reject' && one(body.confirm) === 'yes' && one(body.idsDigest) !== idsDigest(ids)) {
        return refuse(request, reply, event, body, query, { ids: { key: 'participants.bulk.errors.changedPeople' } });
      }
    }
    if (form.action === 'move') {
      const [target] = await db.select({ id: registrationCategories.id }).from(registrationCategories).where(and(eq(registrationCategories.eventId, event.id), eq(registrationCategories.id, form.categoryId!)));
      if (!target) return refuse(request, reply, event, body, query, { targetCategory: { key: 'participants.bulk.errors.category' } });
    }

    // "Back" on the page that asks before rejecting: the list again, the same people ticked, nothing done.
    if (body.back !== undefined) return refuse(request, reply, event, body, query, {}, 200);
    if (form.action === 'reject' && one(body.confirm) !== 'yes') {
      const listHref = `/admin/events/${event.id}/registrations`;
      const confirm = await rejectConfirmView(db, ids, {
        event,
        action: `${listHref}/bulk`,
        listHref,
        listLabel: translate(request.locale, 'participants.title'),
        body,
        message: form.message ?? '',
        withDigest: form.scope === 'all',
      });
      return reply.header('cache-control', 'private, no-store').render('admin/registrations/reject-confirm', confirm, { layout: 'admin' });
    }

    const params = form.action === 'move' ? { categoryId: form.categoryId! } : form.action === 'message' ? { subject: form.subject!, body: form.body!, toEnded } : form.action === 'resend' ? {} : { message: form.message };
    const { runId } = await startBulkRun({ db, clock, mail }, auditActor(request), event.id, { action: form.action, params, formToken: form.formToken }, ids);
    return reply.redirect(resultHref(runId), 303);
  });

  app.get(
    '/admin/events/:eventId/registrations/bulk/:runId',
    { config: canManage, schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }), runId: Type.String({ maxLength: 100 }) }), querystring: ResultQuery } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const report = isUuid(request.params.runId) ? await readBulkRun(db, event.id, request.params.runId.toLowerCase()) : undefined;
      if (!report) throw new NotFoundError('bulk run');
      const { run } = report;
      // The list the action came from, as it was (its filter read again: nonsense in the address is dropped).
      const listParams = participantFilterParams(await readParticipantFilter(db, event.id, request.query));
      const page = Number.parseInt(request.query.page ?? '', 10);
      if (page > 1 && page <= 100_000) listParams.set('page', String(page));
      const listSearch = listParams.size > 0 ? `?${listParams}` : '';
      return reply.header('cache-control', 'private, no-store').render(
        'admin/registrations/bulk-result',
        {
          event,
          run,
          finished: run.finishedAt !== null,
          processed: report.processed,
          done: report.tally.filter((row) => row.outcome === 'done'),
          skippedTally: report.tally.filter((row) => row.outcome === 'skipped'),
          skipped: report.skipped,
          inlineMax: BULK_INLINE_MAX,
          selfHref: `/admin/events/${event.id}/registrations/bulk/${run.id}${listSearch}`,
          listHref: `/admin/events/${event.id}/registrations${listSearch}`,
        },
        { layout: 'admin' },
      );
    },
  );
};

export default bulkRoutes;
