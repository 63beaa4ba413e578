// The organisers' participant list: registrations of one event, searched (Latin or Chinese names, e-mail,
// organisation), filtered (status, category, country, consents, an answer to a question; participant-filter.ts),
// sorted and paged on the server, with counts per status and category on top. Erased registrations stay out of the
// list (they are only counts).
import { and, asc, count, desc, eq, exists, isNull, not, or, sql, type SQL } from 'drizzle-orm';
import { checkIns, REGISTRATION_STATUSES, registrationCategories, registrationConsents, registrations, type ConsentKind, type RegistrationStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { containsPattern } from '../../lib/like-pattern.ts';
import type { ConsentFilter, ParticipantFilter } from './participant-filter.ts';
import { searchTextContains } from './search-text.ts';

export const PARTICIPANT_PAGE_SIZE = 50;

/** When the person came through an event door (the active check-in), null before; one index lookup per row. */
const checkedInAt = sql<Date | null>`(select ${checkIns.checkedInAt} from ${checkIns} where ${checkIns.registrationId} = ${registrations.id} and ${checkIns.sessionId} is null and ${checkIns.undoneAt} is null)`;

/** `%` and `_` typed by an organiser are letters, not wildcards. */

function whereOf(eventId: string, filter: ParticipantFilter): SQL {
  const conditions: SQL[] = [eq(registrations.eventId, eventId), isNull(registrations.erasedAt)];
  // Control characters cannot be typed in a search box; dropping them keeps a query inside one field of the text.
  const q = filter.q.normalize('NFKC').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (q !== '') conditions.push(searchTextContains(q));
  if (filter.status) conditions.push(eq(registrations.status, filter.status));
  if (filter.categoryId) conditions.push(eq(registrations.categoryId, filter.categoryId));
  if (filter.country) conditions.push(eq(registrations.country, filter.country));
  if (filter.sensitive) conditions.push(consentCondition('sensitive', filter.sensitive));
  if (filter.crossBorder) conditions.push(consentCondition('cross-border', filter.crossBorder));
  if (filter.question) {
    const answer = sql`${registrations.answers} -> ${filter.question.id}`;
    conditions.push(
      filter.question.match === 'choice'
        ? // A single choice is a JSON string, a multiple choice an array of them: containment matches both.
          sql`${answer} @> to_jsonb(${filter.question.value}::text)`
        : sql`${registrations.answers} ->> ${filter.question.id} ilike ${containsPattern(filter.question.value)}`,
    );
  }
  if (filter.checkedIn) conditions.push(filter.checkedIn === 'yes' ? sql`${checkedInAt} is not null` : sql`${checkedInAt} is null`);
  return and(...conditions)!;
}

/** A consent "given" is one recorded and not withdrawn; "not given" is everyone else. */
function consentCondition(kind: ConsentKind, wanted: ConsentFilter): SQL {
  const given = exists(
    sql`(select 1 from ${registrationConsents} where ${registrationConsents.registrationId} = ${registrations.id} and ${registrationConsents.kind} = ${kind} and ${registrationConsents.withdrawnAt} is null)`,
  );
  return wanted === 'yes' ? given : not(given);
}

const ORDER = {
  newest: [desc(registrations.createdAt), desc(registrations.id)],
  oldest: [asc(registrations.createdAt), asc(registrations.id)],
  name: [asc(registrations.familyName), asc(registrations.givenName), asc(registrations.id)],
  organisation: [asc(registrations.organisation), asc(registrations.familyName), asc(registrations.id)],
} as const;

/** What a row of the list shows: not the answers, the document or the search text, which it never needed. */
const LIST_COLUMNS = {
  id: registrations.id,
  givenName: registrations.givenName,
  familyName: registrations.familyName,
  nameZh: registrations.nameZh,
  email: registrations.email,
  organisation: registrations.organisation,
  country: registrations.country,
  status: registrations.status,
  createdAt: registrations.createdAt,
};

export async function listParticipants(db: Db, eventId: string, filter: ParticipantFilter, page: number) {
  const where = whereOf(eventId, filter);
  const [rows, [total]] = await Promise.all([
    db
      .select({ registration: LIST_COLUMNS, categoryName: registrationCategories.name, checkedInAt: checkedInAt.mapWith((value) => (value === null ? null : new Date(value))) })
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
 * The ids of every registration the filter matches, in the list's order: for "apply to all N matching" (at most
 * `limit`, so a caller can tell a list that is too long), for an export, read once up front so the batches read
 * after it neither repeat nor skip a row when someone registers meanwhile, and for badges, which `status` narrows
 * to confirmed registrations whatever else the filter holds.
 */
export async function matchingParticipantIds(db: Db, eventId: string, filter: ParticipantFilter, { limit, status }: { limit?: number; status?: RegistrationStatus } = {}): Promise<string[]> {
  const where = status ? and(whereOf(eventId, filter), eq(registrations.status, status)) : whereOf(eventId, filter);
  const query = db.select({ id: registrations.id }).from(registrations).where(where).orderBy(...ORDER[filter.sort]);
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((r) => r.id);
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
