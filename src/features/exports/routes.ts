// Exports of an agenda: frab schedule XML and JSON of the published version for conference apps, and the organisers'
// CSV of the agenda as it stands. The schedules are built from the latest published version on every request, so a
// new publication shows on the next one, in every process.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LOCALES, type Locale } from '../../i18n/index.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { findRoomsOfEvent } from '../agenda/queries.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { agendaCsv } from './agenda-csv.ts';
import { buildSchedule } from './schedule.ts';
import { scheduleJson, scheduleXml } from './schedule-formats.ts';
import { findScheduleNumbers } from './schedule-numbers.ts';

const ScheduleParams = Type.Object({ slug: Type.String({ maxLength: 80 }) });
const ScheduleQuery = Type.Object({ lang: Type.Optional(Type.Union(LOCALES.map((l) => Type.Literal(l)))) });

const exportRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** The schedule in the language asked for in the address (English by default), never the reader's cookie: apps fetch it. */
  async function loadSchedule(slug: string, lang: Locale = 'en') {
    const event = await findPublishedEventBySlug(db, slug);
    if (!event) throw new NotFoundError('event');
    // The numbers are read after the version: a publication in between only adds numbers, never misses one it shows.
    const [agenda, rooms] = await Promise.all([findPublishedAgenda(db, event.id), findRoomsOfEvent(db, event.id)]);
    const numbers = await findScheduleNumbers(db, event.id);
    return buildSchedule({ event, agenda, numbers, roomOrder: rooms.map((r) => r.id), lang, baseUrl: config.BASE_URL });
  }

  app.get('/events/:slug/schedule.xml', { schema: { params: ScheduleParams, querystring: ScheduleQuery } }, async (request, reply) => {
    const schedule = await loadSchedule(request.params.slug, request.query.lang);
    return reply.type('application/xml; charset=utf-8').send(scheduleXml(schedule));
  });

  app.get('/events/:slug/schedule.json', { schema: { params: ScheduleParams, querystring: ScheduleQuery } }, async (request, reply) => {
    const schedule = await loadSchedule(request.params.slug, request.query.lang);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(scheduleJson(schedule)));
  });

  app.get(
    '/admin/events/:eventId/agenda.csv',
    // The working copy, drafts and declined people included: for those who build the agenda, like its pages.
    { config: { permission: 'event.edit' }, schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }) }), querystring: ScheduleQuery } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="agenda-${event.slug}.csv"`)
        .send(await agendaCsv(db, event, request.locale));
    },
  );
};

export default exportRoutes;
