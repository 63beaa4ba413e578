// The bookable sessions a participant picks from (the form, the manage page) are those of the published agenda, in
// time order, and sessions at the same time in the order the organiser added them, however often their rows have
// been rewritten by bookings since.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agendaSessions, registrationCategories, sessionBookings } from '../../src/db/schema/index.ts';
import { findBookableSessions } from '../../src/features/registration/form-queries.ts';
import { uuidv7 } from '../../src/lib/ids.ts';
import { createEvent, wallTime } from '../factories/events.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { publishAgendaAsIs } from '../factories/agenda.ts';
import { createRegistrations } from '../factories/registrations.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

it('lists sessions at the same time in the order they were added, whatever order their rows are stored in', async () => {
  const event = await createEvent(t.db, { slug: 'visits-in-order', status: 'published', startsAt: wallTime('2027-03-27 08:00'), endsAt: wallTime('2027-03-28 18:00') });
  const visit = (title: string, from: string) => ({ id: uuidv7(), eventId: event.id, type: 'site-visit' as const, title: { en: title }, startsAt: wallTime(from), endsAt: wallTime('2027-03-27 12:30'), capacity: 40 });
  // Added A, B, C (their ids say so), stored C, B, A: as after bookings rewrote the rows of the first ones.
  const added = [visit('Visit A', '2027-03-27 09:00'), visit('Visit B', '2027-03-27 09:00'), visit('Visit C', '2027-03-27 09:00'), visit('Early walk', '2027-03-27 08:30')];
  for (const row of [...added].reverse()) await t.db.insert(agendaSessions).values(row);
  await t.db.update(agendaSessions).set({ booked: sql`${agendaSessions.booked} + 1` }).where(eq(agendaSessions.id, added[0]!.id));
  await publishAgendaAsIs(t.db, event);
  const titles = (await findBookableSessions(t.db, event.id)).map((s) => (s.title as { en: string }).en);
  expect(titles).toEqual(['Early walk', 'Visit A', 'Visit B', 'Visit C']);
});

it('offers only sessions of the published agenda: one added since is not bookable until the organisers publish again', async () => {
  const event = await createEvent(t.db, { slug: 'visits-published', status: 'published', startsAt: wallTime('2027-03-27 08:00'), endsAt: wallTime('2027-03-28 18:00') });
  const visit = (title: string) => ({ eventId: event.id, type: 'site-visit' as const, title: { en: title }, startsAt: wallTime('2027-03-27 09:00'), endsAt: wallTime('2027-03-27 12:30'), capacity: 40 });
  await t.db.insert(agendaSessions).values(visit('Visit A'));
  const titles = async () => (await findBookableSessions(t.db, event.id)).map((s) => (s.title as { en: string }).en);
  // Nothing published yet: nothing to book.
  expect(await titles()).toEqual([]);
  await publishAgendaAsIs(t.db, event);
  expect(await titles()).toEqual(['Visit A']);
  await t.db.insert(agendaSessions).values(visit('Visit B'));
  expect(await titles()).toEqual(['Visit A']);
  await publishAgendaAsIs(t.db, event);
  expect(await titles()).toEqual(['Visit A', 'Visit B']);
});

it('keeps, for a registration, the sessions it holds or asked for that are not on the published agenda, so saving its sessions cannot drop them unseen', async () => {
  const event = await createEvent(t.db, { slug: 'visits-held', status: 'published', startsAt: wallTime('2027-03-27 08:00'), endsAt: wallTime('2027-03-28 18:00') });
  const visit = (title: string) => ({ eventId: event.id, type: 'site-visit' as const, title: { en: title }, startsAt: wallTime('2027-03-27 09:00'), endsAt: wallTime('2027-03-27 12:30'), capacity: 40 });
  await t.db.insert(agendaSessions).values(visit('Published visit'));
  await publishAgendaAsIs(t.db, event);
  const [held] = await t.db.insert(agendaSessions).values({ ...visit('Booked before publication'), booked: 1 }).returning();
  const [asked] = await t.db.insert(agendaSessions).values(visit('Asked for while waiting')).returning();
  await t.db.insert(agendaSessions).values(visit('Someone else’s'));
  const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  const [person] = await createRegistrations(t.db, event.id, category!.id, [{}]);
  await t.db.insert(sessionBookings).values({ registrationId: person!.id, sessionId: held!.id });
  const titles = async (of?: { registrationId: string; requested: string[] }) => (await findBookableSessions(t.db, event.id, of)).map((s) => (s.title as { en: string }).en);
  expect(await titles()).toEqual(['Published visit']);
  expect(await titles({ registrationId: person!.id, requested: [asked!.id] })).toEqual(['Published visit', 'Booked before publication', 'Asked for while waiting']);
});
