// Badge pages for organisers: one person's badge straight away (also for check-in staff, who reprint lost badges),
// and a PDF of the participant list as filtered, made in the background with a progress page and a download.
import { asciiSlug } from '../../lib/ascii-slug.ts';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { BADGE_LAYOUTS } from '../../db/schema/index.ts';
import { translate } from '../../i18n/index.ts';
import { BadRequestError, ValidationError, type FieldErrors } from '../../lib/errors.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { participantFilterParams, type FilterQuery } from '../registration/participant-filter.ts';
import { matchingParticipantIds } from '../registration/participant-list.ts';
import { readParticipantFilter } from '../registration/participant-page.ts';
import { pagesFor } from './layouts.ts';
import { listBadgeJobs } from './queries.ts';
import { getBadgeJob, getBadgeJobPdf, MAX_BADGES_PER_JOB, newBadgeFormToken, parseBadgeLayout, renderOneBadge, startBadgeJob, type BadgeJobView } from './service.ts';

const Id = Type.String({ maxLength: 100 });
const EventParams = Type.Object({ eventId: Id });
const JobParams = Type.Object({ eventId: Id, jobId: Id });
const Short = Type.Optional(Type.String({ maxLength: 200 }));
const FilterFields = { q: Short, status: Short, category: Short, country: Short, sensitive: Short, crossBorder: Short, question: Short, answer: Short, checkedIn: Short, sort: Short };
const PageQuery = Type.Object({ lang: Short, ...FilterFields });
const StartBody = Type.Object({ layout: Short, formToken: Short, ...FilterFields });
const BadgeQuery = Type.Object({ lang: Short, layout: Short });
const JobStatusSchema = Type.Object({
  status: Type.String(),
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  error: Type.Union([Type.String(), Type.Null()]),
  downloadUrl: Type.Union([Type.String(), Type.Null()]),
});

/** Without JavaScript the progress page reloads itself this often until the PDF is ready. */
const REFRESH_SECONDS = 3;

const badgeRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, jobs, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const base = (eventId: string) => `/admin/events/${eventId}/badges`;
  const downloadUrl = (job: BadgeJobView) => (job.status === 'done' ? `${base(job.eventId)}/jobs/${job.id}/pdf` : null);

  async function badgesPage(request: FastifyRequest, reply: FastifyReply, eventId: string, query: FilterQuery, layout: string, fields: FieldErrors = {}, status = 200) {
    const event = await getEventById(db, eventId);
    const filter = await readParticipantFilter(db, event.id, query);
    const [ids, recent] = await Promise.all([matchingParticipantIds(db, event.id, filter, { status: 'confirmed', limit: MAX_BADGES_PER_JOB + 1 }), listBadgeJobs(db, event.id, clock.now())]);
    const search = participantFilterParams(filter).toString();
    return reply.header('cache-control', 'private, no-store').render(
      'admin/badges/index',
      {
        event,
        count: ids.length,
        filtered: search !== '',
        listHref: `/admin/events/${event.id}/registrations${search ? `?${search}` : ''}`,
        hidden: [...participantFilterParams(filter), ['formToken', newBadgeFormToken()]].map(([name, value]) => ({ name, value })),
        layouts: BADGE_LAYOUTS.map((value) => ({ value, checked: value === layout })),
        recent: recent.map((job) => ({ ...job, href: `${base(event.id)}/jobs/${job.id}` })),
        pageTitle: translate(request.locale, 'badges.title'),
        ...formErrorView(request.locale, fields),
      },
      { layout: 'admin', status },
    );
  }

  app.get('/admin/events/:eventId/badges', { config: { permission: 'badge.batch' }, schema: { params: EventParams, querystring: PageQuery } }, async (request, reply) =>
    badgesPage(request, reply, request.params.eventId, request.query, 'a4-8'),
  );

  app.post('/admin/events/:eventId/badges', { config: { permission: 'badge.batch' }, schema: { params: EventParams, body: StartBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const filter = await readParticipantFilter(db, event.id, request.body);
    try {
      const { jobId } = await startBadgeJob({ db, jobs, clock }, auditActor(request), event.id, { layout: request.body.layout ?? '', filter, requestedBy: request.user?.id ?? null, formToken: request.body.formToken });
      return reply.redirect(`${base(event.id)}/jobs/${jobId}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return badgesPage(request, reply, event.id, request.body, request.body.layout ?? '', error.fields, 422);
      throw error;
    }
  });

  app.get('/admin/events/:eventId/badges/jobs/:jobId', { config: { permission: 'badge.batch' }, schema: { params: JobParams, querystring: Type.Object({ lang: Short }) } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const job = await getBadgeJob(db, clock, event.id, request.params.jobId);
    const finished = job.status === 'done' || job.status === 'failed';
    return reply.header('cache-control', 'private, no-store').render(
      'admin/badges/job',
      {
        event,
        job,
        pages: pagesFor(job.layout, job.total),
        downloadUrl: downloadUrl(job),
        progressUrl: `/api${base(event.id)}/jobs/${job.id}`,
        refreshSeconds: finished ? undefined : REFRESH_SECONDS,
        // The page's script follows the progress; only without script does the page reload itself.
        refreshByScript: true,
        pageTitle: translate(request.locale, 'badges.jobTitle'),
      },
      { layout: 'admin' },
    );
  });

  app.get(
    '/api/admin/events/:eventId/badges/jobs/:jobId',
    { config: { permission: 'badge.batch' }, schema: { params: JobParams, response: { 200: JobStatusSchema } } },
    async (request) => {
      const job = await getBadgeJob(db, clock, request.params.eventId, request.params.jobId);
      return { status: job.status, done: job.done, total: job.total, error: job.error, downloadUrl: downloadUrl(job) };
    },
  );

  app.get('/admin/events/:eventId/badges/jobs/:jobId/pdf', { config: { permission: 'badge.batch' }, schema: { params: JobParams } }, async (request, reply) => {
    const { job, pdf } = await getBadgeJobPdf(db, clock, request.params.eventId, request.params.jobId);
    const event = await getEventById(db, request.params.eventId);
    return reply
      .header('content-type', 'application/pdf')
      // Named for the event, so a desk's downloads of several events are told apart ("zgc-forum-2026-badges-a6-120.pdf").
      .header('content-disposition', `attachment; filename="${asciiSlug(event.slug, 60) || 'event'}-badges-${job.layout}-${job.total}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  app.get(
    '/admin/events/:eventId/registrations/:registrationId/badge',
    { config: { permission: 'badge.print' }, schema: { params: Type.Object({ eventId: Id, registrationId: Id }), querystring: BadgeQuery } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const layout = parseBadgeLayout(request.query.layout ?? 'a6');
      if (!layout) throw new BadRequestError('badges.errors.layout');
      const { pdf } = await renderOneBadge(db, event.id, request.params.registrationId, layout);
      return reply
        .header('content-type', 'application/pdf')
        // Inline: the desk opens it and prints at once.
        .header('content-disposition', `inline; filename="badge-${layout}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );
};

export default badgeRoutes;
