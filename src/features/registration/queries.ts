// Reads for the public registration form: the event's settings, the categories a visitor may choose, the
// organiser's questions and the bookable sessions with their free seats.
import { and, asc, eq, getTableColumns, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { preparedPerDatabase } from '../../db/prepared.ts';
import { agendaSessions, events, registrationCategories, registrationQuestions, registrations, registrationSettings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { FormCategory, FormQuestion, FormSession } from './form.ts';

export type RegistrationSettingsRow = typeof registrationSettings.$inferSelect;

export async function findRegistrationSettings(db: Db, eventId: string): Promise<RegistrationSettingsRow | undefined> {
  const [row] = await db.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId));
  return row;
}

export type RegistrationState = 'open' | 'not-yet' | 'closed';

/** Whether registration is open at `now`, not open yet, or closed. */
export const registrationState = (settings: Pick<RegistrationSettingsRow, 'opensAt' | 'closesAt'>, now: Date): RegistrationState =>
  now < settings.opensAt ? 'not-yet' : now >= settings.closesAt ? 'closed' : 'open';

/** Whether the event takes registrations now, will soon, or did: for the event page's "Register" button. */
export async function registrationWindow(db: Db, eventId: string, now: Date): Promise<{ state: RegistrationState; opensAt: Date; closesAt: Date } | undefined> {
  const settings = await findRegistrationSettings(db, eventId);
  if (!settings) return undefined;
  return { state: registrationState(settings, now), opensAt: settings.opensAt, closesAt: settings.closesAt };
}

/**
 * The categories shown to a visitor: the public ones, plus the hidden one an invitation code opens. "Full" when
 * neither the category nor the event has a free seat (the form still takes the registration for the waiting list).
 */
export async function findFormCategories(db: Db, settings: RegistrationSettingsRow, openedCategoryId?: string, options: { all?: boolean } = {}): Promise<FormCategory[]> {
  const rows = await db.select().from(registrationCategories).where(eq(registrationCategories.eventId, settings.eventId)).orderBy(asc(registrationCategories.position), asc(registrationCategories.createdAt));
  return formCategories(rows, settings, openedCategoryId, options);
}

type CategoryRow = Pick<typeof registrationCategories.$inferSelect, 'id' | 'code' | 'name' | 'capacity' | 'taken' | 'visibility' | 'requiresApproval' | 'invitationOnly'>;

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

type QuestionRow = Omit<typeof registrationQuestions.$inferSelect, 'eventId' | 'position' | 'createdAt'>;

export async function findFormQuestions(db: Db, eventId: string): Promise<FormQuestion[]> {
  const rows = await db.select().from(registrationQuestions).where(eq(registrationQuestions.eventId, eventId)).orderBy(asc(registrationQuestions.position), asc(registrationQuestions.createdAt));
  return rows.map(formQuestion);
}

const formQuestion = (q: QuestionRow): FormQuestion => ({
  id: q.id,
  kind: q.kind,
  label: q.label as Record<string, string>,
  help: q.help as Record<string, string>,
  options: q.options,
  required: q.required,
  categoryIds: q.categoryIds,
  fileTypes: q.fileTypes,
  fileMaxBytes: q.fileMaxBytes,
});

/** Sessions with a capacity (site visits, workshops) that are not cancelled, in time order. */
export async function findBookableSessions(db: Db, eventId: string): Promise<FormSession[]> {
  const rows = await db
    .select({ id: agendaSessions.id, title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt, capacity: agendaSessions.capacity, booked: agendaSessions.booked })
    .from(agendaSessions)
    .where(and(eq(agendaSessions.eventId, eventId), isNotNull(agendaSessions.capacity), eq(agendaSessions.status, 'scheduled')))
    .orderBy(asc(agendaSessions.startsAt));
  return rows.map((s) => ({ ...s, title: s.title as Record<string, string>, capacity: s.capacity! }));
}

/** json_agg of the given fields (camelCase keys) of a table's rows for the event, in order; [] when none. */
const jsonRows = (table: PgTable, fields: Record<string, PgColumn>, where: SQL, order: SQL) =>
  sql`(select coalesce(json_agg(json_build_object(${sql.join(
    Object.entries(fields).map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
    sql`, `,
  )}) order by ${order}), '[]'::json) from ${table} where ${where})`;

/**
 * The published event, its registration settings, categories, questions and bookable sessions, by the event's slug,
 * in one prepared statement: what the form and each submission of it are checked against.
 */
const registrationFormBySlug = preparedPerDatabase((db) =>
  db
    .select({
      event: getTableColumns(events),
      settings: getTableColumns(registrationSettings),
      categories: jsonRows(
        registrationCategories,
        {
          id: registrationCategories.id,
          code: registrationCategories.code,
          name: registrationCategories.name,
          capacity: registrationCategories.capacity,
          taken: registrationCategories.taken,
          visibility: registrationCategories.visibility,
          requiresApproval: registrationCategories.requiresApproval,
          invitationOnly: registrationCategories.invitationOnly,
        },
        sql`${registrationCategories.eventId} = ${events.id}`,
        sql`${registrationCategories.position}, ${registrationCategories.createdAt}`,
      ).mapWith((rows: unknown) => parsedJson<CategoryRow[]>(rows)),
      questions: jsonRows(
        registrationQuestions,
        {
          id: registrationQuestions.id,
          kind: registrationQuestions.kind,
          label: registrationQuestions.label,
          help: registrationQuestions.help,
          options: registrationQuestions.options,
          required: registrationQuestions.required,
          categoryIds: registrationQuestions.categoryIds,
          fileTypes: registrationQuestions.fileTypes,
          fileMaxBytes: registrationQuestions.fileMaxBytes,
        },
        sql`${registrationQuestions.eventId} = ${events.id}`,
        sql`${registrationQuestions.position}, ${registrationQuestions.createdAt}`,
      ).mapWith((rows: unknown) => parsedJson<QuestionRow[]>(rows)),
      sessions: jsonRows(
        agendaSessions,
        { id: agendaSessions.id, title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt, capacity: agendaSessions.capacity, booked: agendaSessions.booked },
        sql`${agendaSessions.eventId} = ${events.id} and ${agendaSessions.capacity} is not null and ${agendaSessions.status} = 'scheduled'`,
        sql`${agendaSessions.startsAt}`,
      ).mapWith((rows: unknown) => parsedJson<(Omit<FormSession, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string })[]>(rows)),
    })
    .from(events)
    .innerJoin(registrationSettings, eq(registrationSettings.eventId, events.id))
    .where(and(eq(events.slug, sql.placeholder('slug')), eq(events.status, 'published')))
    .limit(1)
    .prepare('registration_form_by_slug'),
);

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

export async function findRegistration(db: Db, id: string) {
  const [row] = await db.select().from(registrations).where(eq(registrations.id, id));
  return row;
}
