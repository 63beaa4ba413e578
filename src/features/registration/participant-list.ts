// The organisers' participant list: registrations of one event, searched (Latin or Chinese names, e-mail,
// organisation), filtered (status, category, country), sorted and paged on the server, with counts per status and
// category on top. Erased registrations stay out of the list (they are only counts).
import { and, asc, count, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { REGISTRATION_STATUSES, registrationCategories, registrations, type RegistrationStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { parseCountryCode } from '../../lib/countries.ts';
import { isUuid } from '../../lib/ids.ts';

export const PARTICIPANT_PAGE_SIZE = 50;
export const PARTICIPANT_SORTS = ['newest', 'oldest', 'name', 'organisation'] as const;
export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];

export interface ParticipantFilter {
  q: string;
  status?: RegistrationStatus | undefined;
  categoryId?: string | undefined;
  country?: string | undefined;
  sort: ParticipantSort;
}

/** The filter as the list's address (or a form repeating it) spells it. */
export interface ParticipantQuery {
  q?: string | undefined;
  status?: string | undefined;
  category?: string | undefined;
  country?: string | undefined;
  sort?: string | undefined;
}

/** Anything not understood is simply not applied: a hand-edited address never gives an error page. */
export function parseParticipantFilter(query: ParticipantQuery): ParticipantFilter {
  return {
    q: query.q ?? '',
    status: (REGISTRATION_STATUSES as readonly string[]).includes(query.status ?? '') ? (query.status as RegistrationStatus) : undefined,
    categoryId: isUuid(query.category) ? query.category : undefined,
    country: parseCountryCode(query.country ?? ''),
    sort: (PARTICIPANT_SORTS as readonly string[]).includes(query.sort ?? '') ? (query.sort as ParticipantSort) : 'newest',
  };
}

/** The filter back as address parameters (defaults left out), e.g. for links that keep it. */
export function participantFilterParams(filter: ParticipantFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ q: filter.q, status: filter.status, category: filter.categoryId, country: filter.country, sort: filter.sort === 'newest' ? undefined : filter.sort })) if (value) params.set(key, value);
  return params;
}

/** `%` and `_` typed by an organiser are letters, not wildcards. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereOf(eventId: string, filter: ParticipantFilter): SQL {
  const conditions: SQL[] = [eq(registrations.eventId, eventId), isNull(registrations.erasedAt)];
  const q = filter.q.normalize('NFKC').trim();
  if (q !== '') {
    const pattern = `%${likeEscape(q)}%`;
    conditions.push(
      or(
        ilike(registrations.familyName, pattern),
        ilike(registrations.givenName, pattern),
        ilike(registrations.nameZh, pattern),
        ilike(registrations.email, pattern),
        ilike(registrations.organisation, pattern),
        // "Li Wei" and "Wei Li" both find Li Wei.
        ilike(sql`${registrations.givenName} || ' ' || ${registrations.familyName}`, pattern),
        ilike(sql`${registrations.familyName} || ' ' || ${registrations.givenName}`, pattern),
      )!,
    );
  }
  if (filter.status) conditions.push(eq(registrations.status, filter.status));
  if (filter.categoryId) conditions.push(eq(registrations.categoryId, filter.categoryId));
  if (filter.country) conditions.push(eq(registrations.country, filter.country));
  return and(...conditions)!;
}

const ORDER = {
  newest: [desc(registrations.createdAt), desc(registrations.id)],
  oldest: [asc(registrations.createdAt), asc(registrations.id)],
  name: [asc(registrations.familyName), asc(registrations.givenName), asc(registrations.id)],
  organisation: [asc(registrations.organisation), asc(registrations.familyName), asc(registrations.id)],
} as const;

export async function listParticipants(db: Db, eventId: string, filter: ParticipantFilter, page: number) {
  const where = whereOf(eventId, filter);
  const [rows, [total]] = await Promise.all([
    db
      .select({ registration: registrations, categoryName: registrationCategories.name })
      .from(registrations)
      .innerJoin(registrationCategories, eq(registrationCategories.id, registrations.categoryId))
      .where(where)
      .orderBy(...ORDER[filter.sort])
      .limit(PARTICIPANT_PAGE_SIZE)
      .offset((page - 1) * PARTICIPANT_PAGE_SIZE),
    db.select({ n: count() }).from(registrations).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/**
 * The ids of all registrations the filter finds (no pages), in the list's order, up to `limit`; `status` narrows the
 * filter further (badges print only confirmed registrations, whatever else the filter holds).
 */
export async function listParticipantIds(db: Db, eventId: string, filter: ParticipantFilter, options: { status?: RegistrationStatus; limit: number }): Promise<string[]> {
  const where = options.status ? and(whereOf(eventId, filter), eq(registrations.status, options.status))! : whereOf(eventId, filter);
  const rows = await db
    .select({ id: registrations.id })
    .from(registrations)
    .where(where)
    .orderBy(...ORDER[filter.sort])
    .limit(options.limit);
  return rows.map((row) => row.id);
}

/** Registrations per status and per category (all of the event, not the filter), for the counts on top. */
export async function participantCounts(db: Db, eventId: string) {
  const rows = await db
    .select({ status: registrations.status, categoryId: registrations.categoryId, n: count() })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), isNull(registrations.erasedAt)))
    .groupBy(registrations.status, registrations.categoryId);
  const byStatus = Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
  const byCategory = new Map<string, number>();
  for (const row of rows) {
    byStatus[row.status] += row.n;
    byCategory.set(row.categoryId, (byCategory.get(row.categoryId) ?? 0) + row.n);
  }
  return { byStatus, byCategory };
}
