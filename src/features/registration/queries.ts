// Reads for the public registration form: the event's settings, the categories a visitor may choose, the
// organiser's questions and the bookable sessions with their free seats.
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { agendaSessions, registrationCategories, registrationQuestions, registrations, registrationSettings } from '../../db/schema/index.ts';
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
  const rows = await db.select().from(registrationQuestions).where(eq(registrationQuestions.eventId, eventId)).orderBy(asc(registrationQuestions.position), asc(registrationQuestions.createdAt));
  return rows.map((q) => ({
    id: q.id,
    kind: q.kind,
    label: q.label as Record<string, string>,
    help: q.help as Record<string, string>,
    options: q.options,
    required: q.required,
    categoryIds: q.categoryIds,
    fileTypes: q.fileTypes,
    fileMaxBytes: q.fileMaxBytes,
  }));
}

/** Sessions with a capacity (site visits, workshops) that are not cancelled, in time order. */
export async function findBookableSessions(db: Db, eventId: string): Promise<FormSession[]> {
  const rows = await db
    .select({ id: agendaSessions.id, title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt, capacity: agendaSessions.capacity, booked: agendaSessions.booked })
    .from(agendaSessions)
    .where(and(eq(agendaSessions.eventId, eventId), isNotNull(agendaSessions.capacity), eq(agendaSessions.status, 'scheduled')))
    .orderBy(asc(agendaSessions.startsAt));
  return rows.map((s) => ({ ...s, title: s.title as Record<string, string>, capacity: s.capacity! }));
}

export async function findRegistration(db: Db, id: string) {
  const [row] = await db.select().from(registrations).where(eq(registrations.id, id));
  return row;
}
