// The organisers' participant list: registrations of one event, searched (Latin or Chinese names, e-mail,
// organisation), filtered (status, category, country, consents, an answer to a question; participant-filter.ts),
// sorted and paged on the server, with counts per status and category on top. Erased registrations stay out of the
// list (they are only counts).
import { and, asc, count, desc, eq, exists, isNull, not, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { checkIns, REGISTRATION_STATUSES, registrationCategories, registrationConsents, registrations, type ConsentKind, type RegistrationStatus } from '../../db/schema/index.ts';
import { alphabetical } from '../../db/alphabetical.ts';
import type { Db } from '../../db/types.ts';
import { containsPattern } from '../../lib/like-pattern.ts';
import type { ConsentFilter, ParticipantFilter } from './participant-filter.ts';
import { searchTextContains } from './search-text.ts';

export const PARTICIPANT_PAGE_SIZE = 50;

/** When the person (a registration id) came through an event door (the active check-in), null before; one index lookup. */
const checkedInAtOf = (registrationId: AnyColumn) =>
  sql<Date | null>`(select ${checkIns.checkedInAt} from ${checkIns} where ${checkIns.registrationId} = ${registrationId} and ${checkIns.sessionId} is null and ${checkIns.undoneAt} is null)`;
const checkedInAt = checkedInAtOf(registrations.id);
const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * What the search box holds, as searched. Control characters cannot be typed in one; dropping them keeps a query
 * inside one field of the text.
 */
const searchedText = (filter: ParticipantFilter) => filter.q.normalize('NFKC').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();

function whereOf(eventId: string, filter: ParticipantFilter): SQL {
  const conditions: SQL[] = [eq(registrations.eventId, eventId), isNull(registrations.erasedAt)];
  const q = searchedText(filter);
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

type OrderColumns = Record<'id' | 'createdAt' | 'familyName' | 'givenName' | 'organisation', AnyColumn>;
const orderOf = (sort: ParticipantFilter['sort'], c: OrderColumns) =>
  ({
    newest: [desc(c.createdAt), desc(c.id)],
    oldest: [asc(c.createdAt), asc(c.id)],
    name: [asc(alphabetical(c.familyName)), asc(alphabetical(c.givenName)), asc(c.id)],
    organisation: [asc(alphabetical(c.organisation)), asc(alphabetical(c.familyName)), asc(c.id)],
  })[sort];

/** A row of the list as the page gets it. */
export interface ListRow {
  registration: { id: string; givenName: string; familyName: string; nameZh: string | null; email: string; organisation: string; country: string; status: RegistrationStatus; createdAt: Date };
  categoryName: (typeof registrationCategories.$inferSelect)['name'];
  checkedInAt: Date | null;
}

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

/**
 * A fingerprint of which registrations (ids) match, whatever their order: a sum of their hashes, read with the count.
 * "All N matching" is refused when it differs at submission, so a list whose people changed while their number
 * stayed the same (one approved, another registered) is not acted on blindly.
 */
const digestOf = (id: AnyColumn) => sql<string>`coalesce(sum(hashtextextended(${id}::text, 0)), 0)::text`;

/** How many registrations match, and their fingerprint (see digestOf), in one statement. */
async function totalOf(db: Db, where: SQL): Promise<{ total: number; digest: string }> {
  const [row] = await db.select({ n: count(), digest: digestOf(registrations.id) }).from(registrations).where(where);
  return { total: row?.n ?? 0, digest: row?.digest ?? '0' };
}

/** The fingerprint of the registrations a filter matches now (see digestOf), for a bulk action on all of them. */
export async function matchingParticipantsDigest(db: Db, eventId: string, filter: ParticipantFilter): Promise<string> {
  return (await totalOf(db, whereOf(eventId, filter))).digest;
}

export async function listParticipants(db: Db, eventId: string, filter: ParticipantFilter, page: number): Promise<{ rows: ListRow[]; total: number; digest: string }> {
  const where = whereOf(eventId, filter);
  if (searchedText(filter) !== '') return searchParticipants(db, where, filter, page);
  const [rows, matched] = await Promise.all([
    db
      .select({ registration: LIST_COLUMNS, categoryName: registrationCategories.name, checkedInAt: checkedInAt.mapWith(asDate) })
      .from(registrations)
      .innerJoin(registrationCategories, eq(registrationCategories.id, registrations.categoryId))
      .where(where)
      .orderBy(...orderOf(filter.sort, registrations))
      .limit(PARTICIPANT_PAGE_SIZE)
      .offset((page - 1) * PARTICIPANT_PAGE_SIZE),
    totalOf(db, where),
  ]);
  return { rows, ...matched };
}

/**
 * A search's page and its total in one statement: the trigram index finds the matches once, and both the page and
 * the count read them. (Walking the newest-first index instead, as the unsearched list does, reads every row in
 * front of the page's last match and tests its text; a second statement would then find the matches again to count.)
 */
async function searchParticipants(db: Db, where: SQL, filter: ParticipantFilter, page: number) {
  const matched = db.$with('matched').as(db.select({ ...LIST_COLUMNS, categoryId: registrations.categoryId }).from(registrations).where(where));
  const found = await db
    .with(matched)
    .select({
      registration: { id: matched.id, givenName: matched.givenName, familyName: matched.familyName, nameZh: matched.nameZh, email: matched.email, organisation: matched.organisation, country: matched.country, status: matched.status, createdAt: matched.createdAt },
      categoryName: registrationCategories.name,
      checkedInAt: checkedInAtOf(matched.id).mapWith(asDate),
      total: sql<number>`(select count(*) from ${matched})`.mapWith(Number),
      digest: sql<string>`(select ${digestOf(matched.id)} from ${matched})`,
    })
    .from(matched)
    .innerJoin(registrationCategories, eq(registrationCategories.id, matched.categoryId))
    .orderBy(...orderOf(filter.sort, matched))
    .limit(PARTICIPANT_PAGE_SIZE)
    .offset((page - 1) * PARTICIPANT_PAGE_SIZE);
  // Nothing on the first page: nothing matches. A page past the last has no row to carry the total: counted on its own.
  if (found.length === 0 && page === 1) return { rows: [], total: 0, digest: '0' };
  if (found.length === 0) return { rows: [], ...(await totalOf(db, where)) };
  return { rows: found.map(({ total: _, digest: __, ...row }) => row), total: found[0]!.total, digest: found[0]!.digest };
}

/**
 * The ids of every registration the filter matches, in the list's order: for "apply to all N matching" (at most
 * `limit`, so a caller can tell a list that is too long), for an export, read once up front so the batches read
 * after it neither repeat nor skip a row when someone registers meanwhile, and for badges, which `status` narrows
 * to confirmed registrations whatever else the filter holds.
 */
export async function matchingParticipantIds(db: Db, eventId: string, filter: ParticipantFilter, { limit, status }: { limit?: number; status?: RegistrationStatus } = {}): Promise<string[]> {
  const where = status ? and(whereOf(eventId, filter), eq(registrations.status, status)) : whereOf(eventId, filter);
  const query = db.select({ id: registrations.id }).from(registrations).where(where).orderBy(...orderOf(filter.sort, registrations));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Registrations per status and per category (all of the event, not the filter), for the counts on top, from the
 * event's counts per category and status (findParticipantListContext).
 */
export function tallyParticipantCounts(rows: readonly { status: RegistrationStatus; categoryId: string; n: number }[]) {
  const byStatus = Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
  const byCategory = new Map<string, number>();
  for (const row of rows) {
    byStatus[row.status] += row.n;
    byCategory.set(row.categoryId, (byCategory.get(row.categoryId) ?? 0) + row.n);
  }
  return { byStatus, byCategory };
}
