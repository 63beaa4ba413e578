// Organisers change their event’s details through a form: texts in both languages, zone, wall-time dates, status and
// contact address; bad input comes back with a message per field and changes nothing; the change is audited.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, events } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;

const valid = {
  titleEn: 'China–Italy Innovation Week 2026',
  titleZh: '2026中意创新合作周',
  summaryEn: 'A week of matchmaking between Italian and Chinese science parks.',
  summaryZh: '中意科技园区对接周。',
  descriptionEn: 'Site visits in Milan and Turin, a roadshow and a signing ceremony.',
  descriptionZh: '米兰、都灵参观考察，项目路演及签约仪式。',
  timezone: 'Europe/Rome',
  startsAt: '2026-03-27T09:00',
  endsAt: '2026-03-31T18:00',
  status: 'published',
  contactEmail: ' Week@Innovation.example.it ',
};

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { slug: 'china-italy-2026', status: 'draft' });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t.close());

const edit = (fields: Record<string, string>) => organiser.submit(`/admin/events/${event.id}/edit`, fields, `/admin/events/${event.id}`);

describe('changing an event', () => {
  it('saves texts, zone, wall-time dates across a DST change, status and contact; publishes it; audits before and after', async () => {
    const res = await edit(valid);
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(events).where(eq(events.id, event.id));
    expect(row).toMatchObject({ title: { en: 'China–Italy Innovation Week 2026', 'zh-CN': '2026中意创新合作周' }, timezone: 'Europe/Rome', status: 'published', contactEmail: 'week@innovation.example.it' });
    // 09:00 before summer time is 08:00 UTC; 18:00 after it is 16:00 UTC.
    expect(row!.startsAt.toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(row!.endsAt.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'event.update'));
    expect(audit!.before).toMatchObject({ status: 'draft' });
    expect(audit!.after).toMatchObject({ status: 'published', startsAt: '2026-03-27T08:00:00.000Z' });
    const publicPage = await new HttpAgent(t.app).get('/events/china-italy-2026');
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain('China–Italy Innovation Week 2026');
    const form = await organiser.get(`/admin/events/${event.id}/edit`);
    expect(form.body).toContain('name="startsAt" type="datetime-local" value="2026-03-27T09:00"');
  });

  it.each([
    [{ titleEn: '', titleZh: '' }, 'titleEn', 'Give the title in English, in Chinese or both.'],
    [{ titleEn: 'x'.repeat(201) }, 'titleEn', 'This is too long: use at most 200 characters.'],
    [{ timezone: 'Rome' }, 'timezone', 'Enter a time zone such as Asia/Shanghai.'],
    [{ startsAt: '2026-03-29T02:30' }, 'startsAt', 'This time does not exist in the event’s zone'],
    [{ endsAt: '2026-03-27T08:00' }, 'endsAt', 'The end must be after the start.'],
    [{ status: 'live' }, 'status', 'Choose draft, published or archived.'],
    [{ contactEmail: 'week@' }, 'contactEmail', 'Enter an e-mail address such as name@example.org.'],
  ])('refuses %j with a message at the field, 422, nothing changed', async (change, field, message) => {
    const [before] = await t.db.select().from(events).where(eq(events.id, event.id));
    const res = await edit({ ...valid, ...change });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<a href="#field-${field}">${message}`);
    expect((await t.db.select().from(events).where(eq(events.id, event.id)))[0]).toEqual(before);
  });

  it('keeps a zone stored before names were checked (Etc/GMT-8) when the form sends it back unchanged', async () => {
    const odd = await createEvent(t.db, { slug: 'etc-zone-forum-2026', timezone: 'Etc/GMT-8', status: 'draft' });
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[odd.id, 'organiser']] }));
    const res = await agent.submit(`/admin/events/${odd.id}/edit`, { ...valid, timezone: 'Etc/GMT-8', startsAt: '2026-03-27T09:00', endsAt: '2026-03-31T18:00' }, `/admin/events/${odd.id}`);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    expect((await t.db.select().from(events).where(eq(events.id, odd.id)))[0]!.timezone).toBe('Etc/GMT-8');
    // Typed anew on another event, it is not a zone people pick from the list.
    expect((await edit({ ...valid, timezone: 'Etc/GMT-8' })).statusCode).toBe(422);
  });

  it('is refused to check-in staff and unknown to organisers of other events', async () => {
    const door = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
    expect((await door.get(`/admin/events/${event.id}/edit`)).statusCode).toBe(403);
    const other = await createEvent(t.db);
    const stranger = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
    expect((await stranger.get(`/admin/events/${event.id}/edit`)).statusCode).toBe(404);
  });
});
