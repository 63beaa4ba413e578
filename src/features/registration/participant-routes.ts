// The participant list page for organisers (issue 8 builds bulk actions, exports and check-in on it): search,
// filters, sort and pages in the address, so a filtered list can be bookmarked and shared within the team.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { REGISTRATION_STATUSES, registrationCategories } from '../../db/schema/index.ts';
import { countryName } from '../../lib/countries.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { listParticipants, PARTICIPANT_PAGE_SIZE, PARTICIPANT_SORTS, participantCounts, participantFilterParams, parseParticipantFilter } from './participant-list.ts';

const Query = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 40 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  category: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.String({ maxLength: 10 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 6 })),
});

const participantRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/admin/events/:eventId/registrations', { config: { permission: 'registration.view' }, schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }) }), querystring: Query } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const query = request.query;
    const filter = parseParticipantFilter(query);
    const page = Math.max(1, Math.min(100_000, Number.parseInt(query.page ?? '1', 10) || 1));
    const [categories, { rows, total }, counts] = await Promise.all([
      db.select().from(registrationCategories).where(eq(registrationCategories.eventId, event.id)).orderBy(asc(registrationCategories.position)),
      listParticipants(db, event.id, filter, page),
      participantCounts(db, event.id),
    ]);
    const pages = Math.max(1, Math.ceil(total / PARTICIPANT_PAGE_SIZE));
    const href = (p: number, page = 'registrations') => {
      const params = participantFilterParams(filter);
      if (p > 1) params.set('page', String(p));
      const search = params.toString();
      return `/admin/events/${event.id}/${page}${search ? `?${search}` : ''}`;
    };
    return reply.header('cache-control', 'private, no-store').render(
      'admin/registrations/list',
      {
        event,
        filter,
        total,
        rows: rows.map(({ registration: r, categoryName }) => ({
          id: r.id,
          name: `${r.givenName} ${r.familyName}`,
          nameZh: r.nameZh,
          email: r.email,
          organisation: r.organisation,
          country: countryName(r.country, request.locale),
          status: r.status,
          categoryName,
          createdAt: r.createdAt,
        })),
        statusCounts: REGISTRATION_STATUSES.map((status) => ({ status, n: counts.byStatus[status], selected: status === filter.status })),
        categories: categories.map((c) => ({ id: c.id, name: c.name, n: counts.byCategory.get(c.id) ?? 0, selected: c.id === filter.categoryId })),
        sorts: PARTICIPANT_SORTS.map((value) => ({ value, selected: value === filter.sort })),
        // The badges page prints this list as filtered now.
        badgesHref: href(1, 'badges'),
        canPrintBadges: request.eventAccess?.permissions.has('badge.batch') ?? false,
        page,
        pages,
        prevHref: page > 1 ? href(page - 1) : null,
        nextHref: page < pages ? href(page + 1) : null,
        from: total === 0 ? 0 : (page - 1) * PARTICIPANT_PAGE_SIZE + 1,
        to: Math.min(total, page * PARTICIPANT_PAGE_SIZE),
      },
      { layout: 'admin' },
    );
  });
};

export default participantRoutes;
