// The organisers' guest list import: upload a CSV or XLSX (multipart, its CSRF token checked once the fields are
// read), map its columns and choose category, status and mails, then follow the job's progress on a page that
// reloads itself (no script needed) until it shows the outcome: imported, or every problem by row and field.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { IMPORT_STATUSES, registrationCategories, type ImportStatus } from '../../db/schema/index.ts';
import { isLocale, LOCALES, translate, type Locale } from '../../i18n/index.ts';
import { toCsv } from '../../lib/csv.ts';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { hasCjk } from '../../lib/cjk-script.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { acceptOneFile, OneFileBody, uploadedFile } from '../../lib/one-file-upload.ts';
import { checkCsrfAfterBody } from '../../plugins/session.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { createImport, findImport, startImport, type ImportRow } from './import.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './import-file.ts';
import { headerRowChoice, headerRowChoices, type HeaderRowChoice } from './import-header-row.ts';
import { guessMapping, IMPORT_FIELDS, readMappingForm, REQUIRED_IMPORT_FIELDS, type ImportMapping } from './import-mapping.ts';
import { guestLanguage } from './import-rows.ts';

const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const ImportParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), importId: Type.String({ maxLength: 100 }) });
const Query = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
/** The mapping page may be asked for with another heading row (its small form, sent without JavaScript). */
const MappingQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), headerRow: Type.Optional(Type.String({ maxLength: 10 })) });
const MappingBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 100 }));
/** Problems listed on the page; the CSV report holds all of them. */
const PROBLEMS_SHOWN = 200;
const REFRESH_SECONDS = 2;

const columnLetter = (index: number): string => (index < 26 ? '' : columnLetter(Math.floor(index / 26) - 1)) + String.fromCharCode(65 + (index % 26));
/** "B: E-mail" / "B：E-mail": a column by its letter and heading, punctuated as the reader's language does. */
const columnLabel = (locale: Locale, index: number, header: string): string => `${columnLetter(index)}${translate(locale, 'punct.colon')}${header}`;

/** A heading row as the select offers it: "Row 2: E-mail, Family name, Given name …". */
function headerRowLabel(locale: Locale, choice: HeaderRowChoice): string {
  const filled = choice.headers.filter((h) => h !== '');
  const text = filled.slice(0, 4).join(translate(locale, 'punct.comma'));
  const shown = [...text].length > 60 ? `${[...text].slice(0, 60).join('')}…` : filled.length > 4 ? `${text} …` : text;
  return translate(locale, 'registrationImport.headerRowOption', { row: choice.row, headings: shown });
}

/**
 * A sample cell, and whether it is long enough to wrap: short ones (a name, a country) stay on one line. Chinese,
 * Japanese and Korean characters are twice as wide as Latin letters.
 */
const sampleCell = (text: string) => ({ text, long: [...text].reduce((width, char) => width + (hasCjk(char) ? 2 : 1), 0) > 24 });

/** The language a sample row's mails would be in, as the mapping stands: the rule's outcome, or "as chosen below". */
function previewLanguage(locale: Locale, cells: readonly string[], chosen: Record<string, string>): string {
  const mapping: ImportMapping = Object.fromEntries(Object.entries(chosen).filter(([, c]) => /^\d{1,3}$/.test(c)).map(([f, c]) => [f, Number(c)]));
  const language = guestLanguage(cells, mapping);
  if (language.from === 'default') return translate(locale, 'registrationImport.languagePreview.default');
  if (language.from === 'unknown') return translate(locale, 'registrationImport.languagePreview.unknown');
  return translate(locale, `language.${language.locale}`);
}

/**
 * "Invited guest (VIP)" already names its code VIP, as a word written the same: the category select does not add it
 * again. "Invited guest" does not name GUEST.
 */
function nameHasCode(name: unknown, code: string, locale: Locale): boolean {
  const text = pickLocalized(name as LocalizedText, locale)?.text ?? '';
  const at = text.indexOf(code);
  const isWordEdge = (char: string | undefined) => char === undefined || !/[\p{L}\p{N}]/u.test(char);
  return at !== -1 && isWordEdge(text[at - 1]) && isWordEdge(text[at + code.length]);
}

const importRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail }) => {
  await acceptOneFile(fastify, { maxBytes: MAX_IMPORT_BYTES, fields: 10, parts: 12, filenameMax: 200 });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canManage = { permission: 'registration.manage' as const };
  const base = (event: EventRow) => `/admin/events/${event.id}/registrations/import`;

  const categoriesOf = (eventId: string) => db.select().from(registrationCategories).where(eq(registrationCategories.eventId, eventId)).orderBy(asc(registrationCategories.position));

  async function uploadPage(reply: FastifyReply, request: FastifyRequest, event: EventRow, fields: FieldErrors = {}, status = 200) {
    // Guests go into a category: with none set up yet, the page says where to make one before a file is chosen.
    const noCategory = (await categoriesOf(event.id)).length === 0;
    return reply.render(
      'admin/registrations/import-upload',
      { event, noCategory, maxMb: MAX_IMPORT_BYTES / 1048576, maxRows: MAX_IMPORT_ROWS, fields: IMPORT_FIELDS.map((f) => ({ field: f, required: REQUIRED_IMPORT_FIELDS.includes(f) })), ...formErrorView(request.locale, fields) },
      { layout: 'admin', status },
    );
  }

  interface MappingForm {
    mapping: Record<string, string>;
    categoryId: string;
    status: string;
    sendMail: boolean;
    defaultLocale: string;
  }

  async function mappingPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, row: ImportRow, choice: HeaderRowChoice, form?: MappingForm, fields: FieldErrors = {}) {
    const locale = request.locale;
    const chosen: Record<string, string> = form?.mapping ?? Object.fromEntries(Object.entries(guessMapping(choice.headers)).map(([f, c]) => [f, String(c)]));
    const categories = await categoriesOf(event.id);
    const categoryId = form?.categoryId ?? categories[0]?.id ?? '';
    const status = form?.status ?? 'confirmed';
    // Guests the rule does not make Chinese get English unless the organiser says otherwise, whatever their own language.
    const defaultLocale = form?.defaultLocale ?? 'en';
    const columns = choice.headers.map((header, index) => ({ index: String(index), label: columnLabel(locale, index, header || '—') }));
    return reply.render(
      'admin/registrations/import-mapping',
      {
        event,
        importRow: row,
        totalRows: choice.totalRows,
        headerRow: choice.row,
        headerRows: headerRowChoices(row).map((c) => ({ row: c.row, label: headerRowLabel(locale, c), selected: c.row === choice.row })),
        action: `${base(event)}/${row.id}`,
        gb18030: row.encoding === 'gb18030',
        fields: IMPORT_FIELDS.map((field) => ({
          field,
          required: REQUIRED_IMPORT_FIELDS.includes(field),
          columns: columns.map((c) => ({ ...c, selected: chosen[field] === c.index })),
        })),
        headers: choice.headers.map((header, index) => ({ letter: columnLetter(index), header })),
        samples: choice.samples.map((s) => ({ row: s.row, cells: choice.headers.map((_, i) => sampleCell(s.cells[i] ?? '')), language: previewLanguage(locale, s.cells, chosen) })),
        categories: categories.map((c) => ({ id: c.id, name: c.name, code: c.code, codeInName: nameHasCode(c.name, c.code, locale), capacity: c.capacity, taken: c.taken, selected: c.id === categoryId })),
        statuses: IMPORT_STATUSES.map((value) => ({ value, checked: value === status })),
        sendMail: form?.sendMail ?? false,
        locales: LOCALES.map((value) => ({ value, selected: value === defaultLocale })),
        ...formErrorView(locale, fields),
      },
      { layout: 'admin', ...(Object.keys(fields).length > 0 ? { status: 422 } : {}) },
    );
  }

  /** The problem in the organiser's words: the field's name and the column it came from. */
  const problemView = (locale: Locale, row: ImportRow, problem: ImportRow['problems'][number]) => {
    const column = (row.mapping as ImportMapping)[problem.field as keyof ImportMapping];
    return {
      row: problem.row,
      field: translate(locale, `registrationImport.fields.${problem.field}`),
      column: column === undefined ? '' : columnLabel(locale, column, row.headers[column] ?? ''),
      message: translate(locale, problem.key, problem.vars ?? {}),
    };
  };

  app.get('/admin/events/:eventId/registrations/import', { config: canManage, schema: { params: EventParams, querystring: Query } }, async (request, reply) =>
    uploadPage(reply, request, await getEventById(db, request.params.eventId)),
  );

  app.post(
    '/admin/events/:eventId/registrations/import',
    { config: { ...canManage, csrfAfterMultipart: true }, preHandler: checkCsrfAfterBody(fastify), schema: { params: EventParams, body: OneFileBody } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const upload = uploadedFile(request.body);
      // A file chosen but empty is said as such; no file at all (an empty part with no name) is asked for.
      const named = typeof (request.body.file as { filename?: unknown } | undefined)?.filename === 'string' && (request.body.file as { filename: string }).filename !== '';
      if (!upload) return uploadPage(reply, request, event, { file: { key: named ? 'registrationImport.fileProblems.empty' : 'registrationImport.errors.noFile' } }, 422);
      if (upload.truncated) return uploadPage(reply, request, event, { file: { key: 'registrationImport.fileProblems.too-large', vars: { mb: MAX_IMPORT_BYTES / 1048576 } } }, 422);
      const created = await createImport(db, clock, auditActor(request), event.id, upload.filename, upload.bytes);
      if ('problem' in created) return uploadPage(reply, request, event, { file: { key: `registrationImport.fileProblems.${created.problem}`, vars: created.vars ?? {} } }, 422);
      return reply.redirect(`${base(event)}/${created.id}`, 303);
    },
  );

  app.get('/admin/events/:eventId/registrations/import/:importId', { config: canManage, schema: { params: ImportParams, querystring: MappingQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const row = await findImport(db, event.id, request.params.importId);
    if (!row) throw new NotFoundError('registration-import');
    reply.header('cache-control', 'private, no-store');
    if (row.state === 'uploaded') return mappingPage(request, reply, event, row, headerRowChoice(row, request.query.headerRow) ?? headerRowChoice(row, row.headerRow)!);
    const running = ['queued', 'validating', 'importing'].includes(row.state);
    const category = row.categoryId ? (await categoriesOf(event.id)).find((c) => c.id === row.categoryId) : undefined;
    return reply.render(
      'admin/registrations/import-progress',
      {
        event,
        importRow: row,
        self: `${base(event)}/${row.id}`,
        ...(running ? { refreshSeconds: REFRESH_SECONDS } : {}),
        running,
        percent: row.totalRows === 0 ? 0 : Math.floor((row.processedRows * 100) / row.totalRows),
        categoryName: category?.name,
        [`is_${row.state}`]: true,
        problemCount: row.problems.length,
        problemRows: new Set(row.problems.map((p) => p.row)).size,
        problems: row.problems.slice(0, PROBLEMS_SHOWN).map((p) => problemView(request.locale, row, p)),
        moreProblems: Math.max(0, row.problems.length - PROBLEMS_SHOWN),
        reportHref: `${base(event)}/${row.id}/report.csv`,
        failure: row.failureKey ? translate(request.locale, row.failureKey, row.failureVars) : undefined,
      },
      { layout: 'admin' },
    );
  });

  app.get('/admin/events/:eventId/registrations/import/:importId/report.csv', { config: canManage, schema: { params: ImportParams, querystring: Query } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const row = await findImport(db, event.id, request.params.importId);
    if (!row) throw new NotFoundError('registration-import');
    const t = (key: string) => translate(request.locale, `registrationImport.report.${key}`);
    const csv = toCsv([[t('row'), t('field'), t('column'), t('problem')], ...row.problems.map((p) => problemView(request.locale, row, p)).map((p) => [p.row, p.field, p.column, p.message])]);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${event.slug}-import-problems.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  app.post('/admin/events/:eventId/registrations/import/:importId', { config: canManage, schema: { params: ImportParams, body: MappingBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const row = await findImport(db, event.id, request.params.importId);
    if (!row) throw new NotFoundError('registration-import');
    if (row.state !== 'uploaded') return reply.redirect(`${base(event)}/${row.id}`, 303);
    const body = request.body;
    const choice = headerRowChoice(row, body.headerRow);
    const { mapping, errors } = readMappingForm(body, (choice ?? headerRowChoice(row, row.headerRow)!).headers.length);
    if (!choice) errors.headerRow = { key: 'registrationImport.errors.headerRow', label: 'registrationImport.fields.headerRow' };
    const categories = await categoriesOf(event.id);
    const category = categories.find((c) => c.id === (body.categoryId ?? '').toLowerCase());
    if (!category) errors.categoryId = { key: 'registrationImport.errors.category' };
    const status = (IMPORT_STATUSES as readonly string[]).includes(body.status ?? '') ? (body.status as ImportStatus) : undefined;
    if (!status) errors.status = { key: 'registrationImport.errors.status' };
    const defaultLocale = isLocale(body.defaultLocale) ? body.defaultLocale : undefined;
    if (!defaultLocale) errors.defaultLocale = { key: 'registrationImport.errors.language' };
    const sendMail = body.sendMail === 'yes';
    if (Object.keys(errors).length > 0) {
      const typed = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, body[`map_${f}`] ?? '']));
      const shown = choice ?? headerRowChoice(row, row.headerRow)!;
      return mappingPage(request, reply, event, row, shown, { mapping: typed, categoryId: body.categoryId ?? '', status: body.status ?? '', sendMail, defaultLocale: body.defaultLocale ?? '' }, errors);
    }
    const heading = { headerRow: choice!.row, headers: choice!.headers, totalRows: choice!.totalRows };
    await startImport({ db, clock, mail }, auditActor(request), row, { ...heading, mapping, categoryId: category!.id, status: status!, sendMail, defaultLocale: defaultLocale! });
    return reply.redirect(`${base(event)}/${row.id}`, 303);
  });
};

export default importRoutes;
