// Exporting the participant list as the organiser filtered it: a page to choose columns and format, and the file
// itself (CSV or XLSX), streamed in batches. The filter travels in the address exactly as on the list page.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { translate } from '../../i18n/index.ts';
import { BadRequestError, ForbiddenError, type FieldErrors } from '../../lib/errors.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { listParticipants, matchingParticipantIds } from './participant-list.ts';
import {
  CHECK_IN_COLUMNS,
  DATE_COLUMNS,
  DEFAULT_EXPORT_COLUMNS,
  exportColumnHeader,
  exportColumnOptions,
  exportColumnsOf,
  FULL_ID_NUMBER_COLUMN,
  PERSON_COLUMNS,
  PRIVACY_COLUMNS,
  QUESTION_COLUMN_PREFIX,
  REGISTRATION_COLUMNS,
} from './participant-export-columns.ts';
import { EXPORT_FORMATS, exportParticipantBatches, loadExportContext, recordParticipantExport, type ExportFormat } from './participant-export.ts';
import { participantCsv, participantXlsx } from './participant-export-files.ts';
import { participantFilterParams, type ParticipantFilter } from './participant-filter.ts';
import { readParticipantFilter } from './participant-page.ts';
import { ParticipantQuery } from './participant-routes.ts';
import { findFormQuestions } from './form-queries.ts';

type EventRow = Awaited<ReturnType<typeof getEventById>>;

const Params = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const DownloadQuery = Type.Object({
  ...ParticipantQuery.properties,
  format: Type.Optional(Type.String({ maxLength: 20 })),
  columns: Type.Optional(Type.Union([Type.String({ maxLength: 80 }), Type.Array(Type.String({ maxLength: 80 }), { maxItems: 300 })])),
});

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const GROUPS = [
  { key: 'person', columns: PERSON_COLUMNS },
  { key: 'registration', columns: REGISTRATION_COLUMNS },
  { key: 'checkIn', columns: CHECK_IN_COLUMNS },
  { key: 'privacy', columns: [...PRIVACY_COLUMNS, FULL_ID_NUMBER_COLUMN] },
] as const;

const participantExportRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const cipher = createFieldCipher(config);
  const canRevealFull = (request: FastifyRequest) => request.eventAccess?.permissions.has('identity.reveal') ?? false;

  async function exportPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, filter: ParticipantFilter, form: { columns: readonly string[]; format: string }, errors: FieldErrors = {}) {
    const [questions, { total }] = await Promise.all([findFormQuestions(db, event.id), listParticipants(db, event.id, filter, 1)]);
    const context = { locale: request.locale, timezone: event.timezone };
    const chosen = new Set(form.columns);
    const options = exportColumnOptions(questions, canRevealFull(request)).map((column) => ({ id: column.id, label: exportColumnHeader(column, context), checked: chosen.has(column.id) }));
    const byId = new Map(options.map((option) => [option.id, option]));
    const filterSearch = participantFilterParams(filter).toString();
    return reply.header('cache-control', 'private, no-store').render(
      'admin/registrations/export',
      {
        event,
        total,
        listHref: `/admin/events/${event.id}/registrations${filterSearch ? `?${filterSearch}` : ''}`,
        action: `/admin/events/${event.id}/registrations/export/download`,
        filterFields: [...participantFilterParams(filter)].map(([name, value]) => ({ name, value })),
        groups: [
          ...GROUPS.map((group) => ({ key: group.key, options: group.columns.flatMap((id) => byId.get(id) ?? []) })),
          { key: 'questions', options: options.filter((option) => option.id.startsWith(QUESTION_COLUMN_PREFIX)) },
        ].filter((group) => group.options.length > 0),
        fullIdNumber: canRevealFull(request),
        formats: EXPORT_FORMATS.map((value) => ({ value, checked: value === form.format })),
        ...formErrorView(request.locale, errors),
      },
      { layout: 'admin', ...(Object.keys(errors).length > 0 ? { status: 422 } : {}) },
    );
  }

  app.get('/admin/events/:eventId/registrations/export', { config: { permission: 'registration.view' }, schema: { params: Params, querystring: ParticipantQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    return exportPage(request, reply, event, await readParticipantFilter(db, event.id, request.query), { columns: DEFAULT_EXPORT_COLUMNS, format: 'csv' });
  });

  app.get('/admin/events/:eventId/registrations/export/download', { config: { permission: 'registration.view' }, schema: { params: Params, querystring: DownloadQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const query = request.query;
    const filter = await readParticipantFilter(db, event.id, query);
    const requested = [query.columns ?? []].flat();
    // The form always sends a known format and known columns: anything else is a hand-made address, told plainly.
    if (!(EXPORT_FORMATS as readonly string[]).includes(query.format ?? '')) throw new BadRequestError('participants.export.errors.format');
    const format = query.format as ExportFormat;
    const choice = exportColumnsOf(requested, await findFormQuestions(db, event.id), canRevealFull(request));
    if (choice.forbidden) throw new ForbiddenError('participants.export.errors.fullIdNumber');
    if (choice.unknown.length > 0) throw new BadRequestError('participants.export.errors.unknownColumns', { columns: choice.unknown.join(', ') });
    const columns = choice.columns!;
    if (columns.length === 0) return exportPage(request, reply, event, filter, { columns: [], format }, { columns: { key: 'participants.export.errors.noColumns' } });

    const ids = await matchingParticipantIds(db, event.id, filter);
    const context = { ...(await loadExportContext(db, event, request.locale)), eventId: event.id };
    const actor = auditActor(request);
    await recordParticipantExport(db, actor, event.id, { format, columns, rows: ids.length });
    const headers = columns.map((column) => exportColumnHeader(column, context));
    const batches = exportParticipantBatches(db, cipher, ids, columns, context, { actor, format });
    const today = DateTime.fromJSDate(clock.now(), { zone: event.timezone }).toISODate();
    reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${event.slug}-participants-${today}.${format}"`)
      .header('cache-control', 'private, no-store');
    if (format === 'xlsx') {
      const dates = new Set(columns.flatMap((column, i) => ('key' in column && DATE_COLUMNS.has(column.key) ? [i] : [])));
      return reply.send(participantXlsx(translate(request.locale, 'participants.export.sheet'), headers, dates, batches, event.timezone));
    }
    return reply.send(participantCsv(headers, batches, event.timezone));
  });
};

export default participantExportRoutes;
