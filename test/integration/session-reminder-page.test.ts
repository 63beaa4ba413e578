// The organiser's page of speakers' reminders: what the published agenda scheduled, and the event’s own list of what
// to bring, saved trimmed with an audit row or refused beside the field with nothing written; organisers only.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, sessionReminderSettings, speakers } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { csrfTokenIn, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
const page = () => `/admin/events/${event.id}/agenda/reminders`;
/** The page's text, tags dropped and white space folded, for reading rows as a person would. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { title: { en: 'Smart Cities Forum', 'zh-CN': '智慧城市论坛' } });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  const { rooms } = await createVenueWithRooms(t.db, event.id, [200]);
  const [speaker] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Li Na' }, email: 'li.na@example.org' }).returning();
  const res = await organiser.submit(
    `/admin/events/${event.id}/agenda/new`,
    {
      type: 'keynote', titleEn: 'Data for cities', titleZh: '', abstractEn: '', abstractZh: '', roomId: rooms[0]!.id, trackId: '',
      startsAt: '2027-03-27T10:00', endsAt: '2027-03-27T10:30', language: 'en', interpretation: '', capacity: '', status: 'scheduled',
      person1: speaker!.id, role1: 'speaker', answer1: 'accepted',
    },
    `/admin/events/${event.id}/agenda`,
  );
  expect(res.statusCode).toBe(303);
});
afterAll(async () => t?.close());

describe('the reminders page', () => {
  it('before publication says nothing is scheduled; after it lists both reminders with their times', async () => {
    expect(textOf((await organiser.get(page())).body)).toContain('No reminders are scheduled.');
    const published = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
    expect(published.statusCode).toBe(303);
    const res = await organiser.get(page());
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Data for cities 27 Mar 2027, 10:00 A day before 26 Mar 2027, 10:00 (Beijing time, UTC+8) Scheduled');
    expect(text).toContain('Data for cities 27 Mar 2027, 10:00 An hour before 27 Mar 2027, 09:00 (Beijing time, UTC+8) Scheduled');
    expect((await organiser.get(`/admin/events/${event.id}/agenda`)).body).toContain(`href="${page()}"`);
  });

  it('saves the list trimmed, one item per line, with an audit row, and shows it again', async () => {
    const res = await organiser.submit(page(), { bringEn: ' Slides on a USB stick \r\n\r\nA power adapter for China (type A or I)\n', bringZh: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(page());
    expect(textOf((await organiser.follow(res)).body)).toContain('The list of what to bring is saved.');
    const [row] = await t.db.select().from(sessionReminderSettings).where(eq(sessionReminderSettings.eventId, event.id));
    expect(row!.whatToBring).toEqual({ en: 'Slides on a USB stick\nA power adapter for China (type A or I)' });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, 'session-reminders.settings')));
    expect(audit.map((a) => [a.before, a.after])).toEqual([[{ whatToBring: {} }, { whatToBring: { en: 'Slides on a USB stick\nA power adapter for China (type A or I)' } }]]);
    const again = await organiser.get(page());
    expect(again.body).toContain('>Slides on a USB stick\nA power adapter for China (type A or I)</textarea>');
  });

  it('refuses nine items or an item over 200 characters beside the field, keeps what was typed, writes nothing', async () => {
    const nine = Array.from({ length: 9 }, (_, i) => `Item ${i + 1}`).join('\n');
    const long = `Slides\n${'长'.repeat(201)}`;
    const before = await t.db.execute(sql`select count(*)::int as n from audit_log`);
    const res = await organiser.submit(page(), { bringEn: nine, bringZh: long });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('<p class="field__error" id="field-bringEn-error"><span class="visually-hidden">Error: </span>List at most 8 items, one per line.</p>');
    expect(res.body).toContain('Keep each item under 200 characters; split a long one into two lines.');
    expect(res.body).toContain(`>${nine}</textarea>`);
    const [row] = await t.db.select().from(sessionReminderSettings).where(eq(sessionReminderSettings.eventId, event.id));
    expect(row!.whatToBring).toEqual({ en: 'Slides on a USB stick\nA power adapter for China (type A or I)' });
    expect(await t.db.execute(sql`select count(*)::int as n from audit_log`)).toEqual(before);
  });

  it('is for the event’s organisers only', async () => {
    const door = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
    expect((await door.get(page())).statusCode).toBe(403);
    const token = csrfTokenIn((await door.get('/account')).body);
    expect((await door.post(page(), { _csrf: token, bringEn: 'Nothing', bringZh: '' })).statusCode).toBe(403);
    const other = await createEvent(t.db);
    const stranger = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
    expect((await stranger.get(page())).statusCode).toBe(404);
    const [row] = await t.db.select().from(sessionReminderSettings).where(eq(sessionReminderSettings.eventId, event.id));
    expect(row!.whatToBring.en).toBe('Slides on a USB stick\nA power adapter for China (type A or I)');
    expect(await t.db.select({ id: agendaSessions.id }).from(agendaSessions).where(eq(agendaSessions.eventId, other.id))).toEqual([]);
  });
});
