// The participant list page for organisers (issue 8 builds bulk actions, exports and check-in on it): search,
// filters, sort and pages in the address, so a filtered list can be bookmarked and shared within the team.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { REGISTRATION_STATUSES, registrationCategories, type RegistrationStatus } from '../../db/schema/index.ts';
import { countryName, parseCountryCode } from '../../lib/countries.ts';
import { isUuid } from '../../lib/ids.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { listParticipants, PARTICIPANT_PAGE_SIZE, PARTICIPANT_SORTS, participantCounts, type ParticipantFilter, type ParticipantSort } from './participant-list.ts';

const Query = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 40 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  category: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.String({ maxLength: 10 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  checkedIn: Type.Optional(Type.String({ maxLength: 10 })),
  page: Type.Optional(Type.String({ maxLength: 6 })),
});

const participantRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/admin/events/:eventId/registrations', { config: { permission: 'registration.view' }, schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }) }), querystring: Query } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const query = request.query;
    // Anything not understood is simply not applied: a hand-edited address never gives an error page.
    const filter: ParticipantFilter = {
      q: query.q ?? '',
      status: (REGISTRATION_STATUSES as readonly string[]).includes(query.status ?? '') ? (query.status as RegistrationStatus) : undefined,
      categoryId: isUuid(query.category) ? query.category : undefined,
      country: parseCountryCode(query.country ?? ''),
      checkedIn: query.checkedIn === 'yes' ? true : query.checkedIn === 'no' ? false : undefined,
      sort: (PARTICIPANT_SORTS as readonly string[]).includes(query.sort ?? '') ? (query.sort as ParticipantSort) : 'newest',
    };
    const page = Math.max(1, Math.min(100_000, Number.parseInt(query.page ?? '1', 10) || 1));
    const [categories, { rows, total }, counts] = await Promise.all([
      db.select().from(registrationCategories).where(eq(registrationCategories.eventId, event.id)).orderBy(asc(registrationCategories.position)),
      listParticipants(db, event.id, filter, page),
      participantCounts(db, event.id),
    ]);
    const pages = Math.max(1, Math.ceil(total / PARTICIPANT_PAGE_SIZE));
    const href = (p: number) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries({ q: filter.q, status: filter.status, category: filter.categoryId, country: filter.country, checkedIn: filter.checkedIn === undefined ? undefined : filter.checkedIn ? 'yes' : 'no', sort: filter.sort === 'newest' ? undefined : filter.sort })) if (value) params.set(key, value);
      if (p > 1) params.set('page', String(p));
      const search = params.toString();
      return `/admin/events/${event.id}/registrations${search ? `?${search}` : ''}`;
    };
    return reply.header('cache-control', 'private, no-store').render(
      'admin/registrations/list',
      {
        event,
        filter,
        total,
        rows: rows.map(({ registration: r, categoryName, checkedInAt }) => ({
          checkedInAt,
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
        checkedInChoices: (['yes', 'no'] as const).map((value) => ({ value, selected: value === (filter.checkedIn === undefined ? '' : filter.checkedIn ? 'yes' : 'no') })),
        sorts: PARTICIPANT_SORTS.map((value) => ({ value, selected: value === filter.sort })),
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
