// Reads for the public registration form: the categories a visitor may choose, the organiser's questions and the
// bookable sessions with their free seats, one table at a time or all at once in one prepared statement; and the
// participant list's questions, categories and counts, read with the same columns.
// Example: const form = await findRegistrationForm(db, 'zgc-forum-2027'); visibleFormCategories(form)
import { and, asc, eq, getTableColumns, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { preparedPerDatabase } from '../../db/prepared.ts';
import { agendaSessions, agendaVersions, events, registrationCategories, registrationQuestions, registrations, registrationSettings, sessionBookings, type RegistrationStatus } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { FormCategory, FormQuestion, FormSession } from './form.ts';
import type { RegistrationSettingsRow } from './registration-window.ts';
import { seatsLeftIn } from './seats.ts';

// What the form shows of the event's categories, questions and bookable sessions, which of them and in what order:
// read one table at a time (findFormCategories …) or all at once as JSON (findRegistrationForm), the same way.
// `event` is the event's id, or the events table's id column inside a statement that selects the event.
type EventRef = string | PgColumn;

const CATEGORY_COLUMNS = {
  id: registrationCategories.id,
  code: registrationCategories.code,
  name: registrationCategories.name,
  capacity: registrationCategories.capacity,
  taken: registrationCategories.taken,
  visibility: registrationCategories.visibility,
  requiresApproval: registrationCategories.requiresApproval,
  invitationOnly: registrationCategories.invitationOnly,
};
const categoriesOf = (event: EventRef) => eq(registrationCategories.eventId, event);
const CATEGORY_ORDER = [asc(registrationCategories.position), asc(registrationCategories.createdAt)];

const QUESTION_COLUMNS = {
  id: registrationQuestions.id,
  kind: registrationQuestions.kind,
  label: registrationQuestions.label,
  help: registrationQuestions.help,
  options: registrationQuestions.options,
  required: registrationQuestions.required,
  categoryIds: registrationQuestions.categoryIds,
  fileTypes: registrationQuestions.fileTypes,
  fileMaxBytes: registrationQuestions.fileMaxBytes,
};
const questionsOf = (event: EventRef) => eq(registrationQuestions.eventId, event);
const QUESTION_ORDER = [asc(registrationQuestions.position), asc(registrationQuestions.createdAt)];

/**
 * Sessions with a capacity (site visits, workshops) that are not cancelled and are on the published agenda (as
 * scheduled in its latest version), in time order: a session the organisers have not published yet is not offered.
 */
const SESSION_COLUMNS = { id: agendaSessions.id, title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt, capacity: agendaSessions.capacity, booked: agendaSessions.booked };
const publishedScheduledIds = (event: EventRef) => sql`(
  select (published.session->>'id')::uuid
  from (select ${agendaVersions.sessions} as sessions from ${agendaVersions} where ${agendaVersions.eventId} = ${event} order by ${agendaVersions.version} desc limit 1) as latest
  cross join lateral jsonb_array_elements(latest.sessions) as published(session)
  where published.session->>'status' = 'scheduled')`;
/** `kept`: sessions offered too though not on the published agenda (a registration's own, see findBookableSessions). */
const bookableSessionsOf = (event: EventRef, kept?: SQL) => {
  const published = sql`${agendaSessions.id} in ${publishedScheduledIds(event)}`;
  return and(eq(agendaSessions.eventId, event), isNotNull(agendaSessions.capacity), eq(agendaSessions.status, 'scheduled'), kept ? or(published, kept) : published)!;
};
// Sessions at the same time in the order they were added (ids are time-ordered), not as the rows last moved on disk.
export const SESSION_ORDER = [asc(agendaSessions.startsAt), asc(agendaSessions.id)];

type CategoryRow = { [K in keyof typeof CATEGORY_COLUMNS]: (typeof registrationCategories.$inferSelect)[K] };
type QuestionRow = { [K in keyof typeof QUESTION_COLUMNS]: (typeof registrationQuestions.$inferSelect)[K] };

/**
 * The categories shown to a visitor: the public ones, plus the hidden one an invitation code opens. "Full" when
 * neither the category nor the event has a free seat (the form still takes the registration for the waiting list).
 */
export async function findFormCategories(db: Db, settings: RegistrationSettingsRow, openedCategoryId?: string, options: { all?: boolean } = {}): Promise<FormCategory[]> {
  const rows = await db.select(CATEGORY_COLUMNS).from(registrationCategories).where(categoriesOf(settings.eventId)).orderBy(...CATEGORY_ORDER);
  return formCategories(rows, settings, openedCategoryId, options);
}

function formCategories(rows: CategoryRow[], settings: Pick<RegistrationSettingsRow, 'capacity' | 'taken'>, openedCategoryId?: string, options: { all?: boolean } = {}): FormCategory[] {
  const eventFull = settings.capacity !== null && settings.taken >= settings.capacity;
  return rows
    .filter((c) => options.all || c.visibility === 'public' || c.id === openedCategoryId)
    .map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name as Record<string, string>,
      invitationOnly: c.invitationOnly,
      requiresApproval: c.requiresApproval,
      hidden: c.visibility === 'hidden',
      full: eventFull || (c.capacity !== null && c.taken >= c.capacity),
    }));
}

export async function findFormQuestions(db: Db, eventId: string): Promise<FormQuestion[]> {
  const rows = await db.select(QUESTION_COLUMNS).from(registrationQuestions).where(questionsOf(eventId)).orderBy(...QUESTION_ORDER);
  return rows.map(formQuestion);
}

const formQuestion = (q: QuestionRow): FormQuestion => ({ ...q, label: q.label as Record<string, string>, help: q.help as Record<string, string> });

/**
 * The bookable sessions; with `of`, also those the registration holds or asked for that are not on the published
 * agenda (booked before it was published, or since taken off it), so its manage page still shows them and saving its
 * sessions form cannot drop them unseen.
 */
export async function findBookableSessions(db: Db, eventId: string, of?: { registrationId: string; requested: string[] }): Promise<FormSession[]> {
  const kept = of
    ? or(
        sql`exists (select 1 from ${sessionBookings} where ${sessionBookings.sessionId} = ${agendaSessions.id} and ${sessionBookings.registrationId} = ${of.registrationId})`,
        of.requested.length > 0 ? inArray(agendaSessions.id, of.requested) : sql`false`,
      )
    : undefined;
  const where = bookableSessionsOf(eventId, kept);
  const rows = await db.select(SESSION_COLUMNS).from(agendaSessions).where(where).orderBy(...SESSION_ORDER);
  return rows.map((s) => ({ ...s, title: s.title as Record<string, string>, capacity: s.capacity! }));
}

/**
 * Seats left in one session as the form offers it (on the published agenda, scheduled, with a capacity); undefined
 * when the form does not offer it. For the booking line of the public session page, which says what the form says.
 */
export async function findSessionSeatsLeft(db: Db, eventId: string, sessionId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ capacity: agendaSessions.capacity, booked: agendaSessions.booked })
    .from(agendaSessions)
    .where(and(bookableSessionsOf(eventId), eq(agendaSessions.id, sessionId)));
  return row ? seatsLeftIn({ capacity: row.capacity!, booked: row.booked }) : undefined;
}

/** json_agg of the given columns (their keys as the JSON keys) of a table's rows, in order; [] when none. */
const jsonRows = (table: PgTable, columns: Record<string, PgColumn>, where: SQL, order: SQL[]) =>
  sql`(select coalesce(json_agg(json_build_object(${sql.join(
    Object.entries(columns).map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
    sql`, `,
  )}) order by ${sql.join(order, sql`, `)}), '[]'::json) from ${table} where ${where})`;

/**
 * The published event, its registration settings, categories, questions and bookable sessions, by the event's slug,
 * in one prepared statement: what the form and each submission of it are checked against.
 */
const registrationFormBySlug = preparedPerDatabase((db) =>
  db
    .select({
      event: getTableColumns(events),
      settings: getTableColumns(registrationSettings),
      categories: jsonRows(registrationCategories, CATEGORY_COLUMNS, categoriesOf(events.id), CATEGORY_ORDER).mapWith((rows: unknown) => parsedJson<CategoryRow[]>(rows)),
      questions: jsonRows(registrationQuestions, QUESTION_COLUMNS, questionsOf(events.id), QUESTION_ORDER).mapWith((rows: unknown) => parsedJson<QuestionRow[]>(rows)),
      sessions: jsonRows(agendaSessions, SESSION_COLUMNS, bookableSessionsOf(events.id), SESSION_ORDER).mapWith((rows: unknown) =>
        parsedJson<(Omit<FormSession, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string })[]>(rows),
      ),
    })
    .from(events)
    .innerJoin(registrationSettings, eq(registrationSettings.eventId, events.id))
    .where(and(eq(events.slug, sql.placeholder('slug')), eq(events.status, 'published')))
    .limit(1)
    .prepare('registration_form_by_slug'),
);

/** The event's registrations (not erased) per status and category: an index-only scan of registrations_counts_idx. */
const countsPerCategoryAndStatus = sql`
  select ${registrations.status} as status, ${registrations.categoryId} as category_id, count(*)::int as n from ${registrations}
  where ${registrations.eventId} = ${events.id} and ${registrations.erasedAt} is null group by ${registrations.status}, ${registrations.categoryId}`;

/**
 * What the participant list needs of an event besides its rows, in one prepared statement: the questions (to filter
 * by), the categories, and how many registrations (erased ones not counted) each category holds in each status.
 */
const participantListContext = preparedPerDatabase((db) =>
  db
    .select({
      questions: jsonRows(registrationQuestions, QUESTION_COLUMNS, questionsOf(events.id), QUESTION_ORDER).mapWith((rows: unknown) => parsedJson<QuestionRow[]>(rows)),
      categories: jsonRows(registrationCategories, { id: registrationCategories.id, name: registrationCategories.name }, categoriesOf(events.id), CATEGORY_ORDER).mapWith((rows: unknown) =>
        parsedJson<{ id: string; name: Record<string, string> }[]>(rows),
      ),
      counts: sql`(select coalesce(json_agg(json_build_object('status', c.status, 'categoryId', c.category_id, 'n', c.n)), '[]'::json) from (${countsPerCategoryAndStatus}) as c)`.mapWith((rows: unknown) =>
        parsedJson<{ status: RegistrationStatus; categoryId: string; n: number }[]>(rows),
      ),
    })
    .from(events)
    .where(eq(events.id, sql.placeholder('eventId')))
    .prepare('participant_list_context'),
);

export async function findParticipantListContext(db: Db, eventId: string) {
  const [row] = await participantListContext(db).execute({ eventId });
  return { questions: (row?.questions ?? []).map(formQuestion), categories: row?.categories ?? [], counts: row?.counts ?? [] };
}

/** postgres.js parses json itself; a driver that hands over the text gets it parsed here. */
const parsedJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export interface RegistrationFormData {
  event: typeof events.$inferSelect;
  settings: RegistrationSettingsRow;
  categoryRows: CategoryRow[];
  questions: FormQuestion[];
  sessions: FormSession[];
}

/** Everything the public form needs, read at once; undefined when the event is not published or takes no registrations. */
export async function findRegistrationForm(db: Db, slug: string): Promise<RegistrationFormData | undefined> {
  const [row] = await registrationFormBySlug(db).execute({ slug });
  if (!row) return undefined;
  return {
    event: row.event,
    settings: row.settings,
    categoryRows: row.categories,
    questions: row.questions.map(formQuestion),
    sessions: row.sessions.map((s) => ({ ...s, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) })),
  };
}

/** The categories of the form data a visitor may choose (see findFormCategories). */
export const visibleFormCategories = (form: RegistrationFormData, openedCategoryId?: string): FormCategory[] => formCategories(form.categoryRows, form.settings, openedCategoryId);
