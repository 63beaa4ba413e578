// Changing an event’s time zone corrects it: the sessions (bookable ones too), the registration window and invitation
// codes' expiry keep their clock times, in the same transaction as the event, with an audit row and a notice saying
// so. A clock time the new zone skips or repeats refuses the change and names it; a form with errors changes nothing.
// The published agenda stays as published until the organiser publishes again: then the changelog shows the sessions
// as moved and the speakers' calendars get an update. Also run under TZ=America/New_York (npm run test:tz).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, agendaVersions, auditLog, calendarInvites, events, invitationCodes, registrationCategories, registrationSettings, sessionPeople, speakers } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let organiser: HttpAgent;
let organiserZh: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp();
  // The day before any of the events; summer time in Europe 2027 runs from 28 March to 31 October.
  t.clock.set('2027-03-01T00:00:00Z');
});
afterAll(async () => t?.close());

const beijing = (local: string) => wallTime(local, 'Asia/Shanghai');
const berlin = (local: string) => wallTime(local, 'Europe/Berlin');
const iso = (d: Date | null) => d?.toISOString() ?? null;
const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

/** The event form as it is filled in, with the given changes. */
function eventFields(event: EventRow, change: Record<string, string>): Record<string, string> {
  return {
    titleEn: event.title.en ?? '',
    titleZh: event.title['zh-CN'] ?? '',
    summaryEn: '',
    summaryZh: '',
    descriptionEn: '',
    descriptionZh: '',
    timezone: event.timezone,
    startsAt: '',
    endsAt: '',
    status: event.status,
    contactEmail: '',
    ...change,
  };
}

const edit = (agent: HttpAgent, event: EventRow, change: Record<string, string>) => agent.submit(`/admin/events/${event.id}/edit`, eventFields(event, change), `/admin/events/${event.id}`);
const sessionsOf = (eventId: string) =>
  t.db.select({ title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt }).from(agendaSessions).where(eq(agendaSessions.eventId, eventId)).orderBy(asc(agendaSessions.startsAt));
const eventRow = async (id: string) => (await t.db.select().from(events).where(eq(events.id, id)))[0]!;
const auditOf = (eventId: string, action: string) => t.db.select().from(auditLog).where(and(eq(auditLog.eventId, eventId), eq(auditLog.action, action)));
/** Everything a zone change may touch, to show that a refused one touched nothing. */
const snapshot = async (eventId: string) => ({
  event: await eventRow(eventId),
  sessions: await t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, eventId)).orderBy(asc(agendaSessions.id)),
  settings: await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId)),
  codes: await t.db.select().from(invitationCodes).where(eq(invitationCodes.eventId, eventId)).orderBy(asc(invitationCodes.id)),
  audit: await t.db.select().from(auditLog).where(eq(auditLog.eventId, eventId)),
});

describe('a zone entered wrongly, corrected from Beijing to Berlin time', () => {
  let event: EventRow;
  let untouched: EventRow;
  const SLUG = 'sino-german-innovation-forum-2027';

  beforeAll(async () => {
    event = await createEvent(t.db, {
      slug: SLUG,
      title: { en: 'Sino-German Innovation Forum', 'zh-CN': '中德创新论坛' },
      timezone: 'Asia/Shanghai',
      startsAt: beijing('2027-07-02 09:00'),
      endsAt: beijing('2027-07-03 17:00'),
    });
    organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
    organiserZh = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }), { lang: 'zh-CN' });
    const { rooms } = await createVenueWithRooms(t.db, event.id, [300, 40]);
    const session = async (values: Omit<typeof agendaSessions.$inferInsert, 'eventId' | 'type' | 'language'>) =>
      (await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'keynote', language: 'en', ...values }).returning())[0]!;
    await session({ title: { en: 'Opening ceremony', 'zh-CN': '开幕式' }, roomId: rooms[0]!.id, startsAt: beijing('2027-07-02 09:00'), endsAt: beijing('2027-07-02 09:30') });
    const keynote = await session({ title: { en: 'Keynote: hydrogen corridors' }, roomId: rooms[0]!.id, startsAt: beijing('2027-07-02 09:30'), endsAt: beijing('2027-07-02 10:15') });
    // Bookable: its seats are taken through registration, its times are the agenda’s.
    await session({ title: { en: 'Site visit to the Bosch plant', 'zh-CN': '博世工厂参观' }, roomId: rooms[1]!.id, capacity: 40, startsAt: beijing('2027-07-02 14:00'), endsAt: beijing('2027-07-02 17:00') });
    await session({ title: { en: 'Evening networking' }, startsAt: beijing('2027-07-02 23:30'), endsAt: beijing('2027-07-03 00:30') });
    await session({ title: { en: 'Closing and signing ceremony' }, status: 'cancelled', roomId: rooms[0]!.id, startsAt: beijing('2027-07-03 16:00'), endsAt: beijing('2027-07-03 17:00') });
    const [speaker] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Anna Weber' }, email: 'anna.weber@example.de' }).returning();
    await t.db.insert(sessionPeople).values({ sessionId: keynote.id, speakerId: speaker!.id, role: 'speaker', status: 'accepted' });
    await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: beijing('2027-05-01 09:00'), closesAt: beijing('2027-07-01 18:00'), capacity: 300 });
    const [vip] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'VIP', name: { en: 'Guest of honour' }, visibility: 'hidden' }).returning();
    await t.db.insert(invitationCodes).values([
      { eventId: event.id, categoryId: vip!.id, code: 'VIP-7KQ2-M9XD', expiresAt: beijing('2027-06-30 23:59') },
      { eventId: event.id, categoryId: vip!.id, code: 'VIP-3HJ8-P4WC', expiresAt: beijing('2027-06-30 23:59') },
      { eventId: event.id, categoryId: vip!.id, code: 'VIP-8RT5-K2NB', expiresAt: beijing('2027-06-15 12:00') },
      { eventId: event.id, categoryId: vip!.id, code: 'VIP-Q6ZC-T7MA', expiresAt: null },
    ]);
    // Another event in the same zone, with its own session: never touched.
    untouched = await createEvent(t.db, { slug: 'shanghai-fintech-2027', timezone: 'Asia/Shanghai', startsAt: beijing('2027-07-02 09:00'), endsAt: beijing('2027-07-02 18:00') });
    await t.db.insert(agendaSessions).values({ eventId: untouched.id, type: 'keynote', title: { en: 'Fintech keynote' }, startsAt: beijing('2027-07-02 09:00'), endsAt: beijing('2027-07-02 10:00') });
  });

  it('publishes the agenda first: the speaker gets an invitation at 09:30 Beijing time', async () => {
    const res = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
    expect(res.statusCode).toBe(303);
    await jobsSettled(t.db);
    const invites = await t.db.select({ sequence: calendarInvites.sequence, startsAt: calendarInvites.startsAt }).from(calendarInvites).where(eq(calendarInvites.eventId, event.id));
    expect(invites).toEqual([{ sequence: 0, startsAt: new Date('2027-07-02T01:30:00Z') }]);
  });

  it('a form with an error changes nothing, zone included', async () => {
    const before = await snapshot(event.id);
    const res = await edit(organiser, event, { timezone: 'Europe/Berlin', startsAt: '2027-07-02T09:00', endsAt: '2027-07-02T08:00' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-endsAt">The end must be after the start.</a>');
    expect(res.body).toContain('name="timezone" type="text" value="Europe/Berlin"');
    expect(await snapshot(event.id)).toEqual(before);
  });

  it('keeps every clock time: sessions, registration window and code expiries, in one audited change', async () => {
    const res = await edit(organiser, event, { timezone: 'Europe/Berlin', startsAt: '2027-07-02T09:00', endsAt: '2027-07-03T17:00' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/events/${event.id}`);

    const row = await eventRow(event.id);
    expect([row.timezone, iso(row.startsAt), iso(row.endsAt)]).toEqual(['Europe/Berlin', '2027-07-02T07:00:00.000Z', '2027-07-03T15:00:00.000Z']);
    // Berlin is UTC+2 in July: each clock time is 6 hours later as an instant than it was in Beijing (UTC+8).
    expect((await sessionsOf(event.id)).map((s) => [s.title.en, iso(s.startsAt), iso(s.endsAt)])).toEqual([
      ['Opening ceremony', '2027-07-02T07:00:00.000Z', '2027-07-02T07:30:00.000Z'],
      ['Keynote: hydrogen corridors', '2027-07-02T07:30:00.000Z', '2027-07-02T08:15:00.000Z'],
      ['Site visit to the Bosch plant', '2027-07-02T12:00:00.000Z', '2027-07-02T15:00:00.000Z'],
      ['Evening networking', '2027-07-02T21:30:00.000Z', '2027-07-02T22:30:00.000Z'],
      ['Closing and signing ceremony', '2027-07-03T14:00:00.000Z', '2027-07-03T15:00:00.000Z'],
    ]);
    expect((await sessionsOf(event.id)).map((s) => [s.startsAt, s.endsAt])).toEqual([
      [berlin('2027-07-02 09:00'), berlin('2027-07-02 09:30')],
      [berlin('2027-07-02 09:30'), berlin('2027-07-02 10:15')],
      [berlin('2027-07-02 14:00'), berlin('2027-07-02 17:00')],
      [berlin('2027-07-02 23:30'), berlin('2027-07-03 00:30')],
      [berlin('2027-07-03 16:00'), berlin('2027-07-03 17:00')],
    ]);
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    expect([iso(settings!.opensAt), iso(settings!.closesAt), settings!.capacity]).toEqual(['2027-05-01T07:00:00.000Z', '2027-07-01T16:00:00.000Z', 300]);
    const codes = await t.db.select({ code: invitationCodes.code, expiresAt: invitationCodes.expiresAt }).from(invitationCodes).where(eq(invitationCodes.eventId, event.id)).orderBy(asc(invitationCodes.code));
    expect(codes.map((c) => [c.code, iso(c.expiresAt)])).toEqual([
      ['VIP-3HJ8-P4WC', '2027-06-30T21:59:00.000Z'],
      ['VIP-7KQ2-M9XD', '2027-06-30T21:59:00.000Z'],
      ['VIP-8RT5-K2NB', '2027-06-15T10:00:00.000Z'],
      ['VIP-Q6ZC-T7MA', null],
    ]);
    expect((await sessionsOf(untouched.id)).map((s) => iso(s.startsAt))).toEqual(['2027-07-02T01:00:00.000Z']);

    const [audit] = await auditOf(event.id, 'event.timezone');
    const ids = (await t.db.select({ id: agendaSessions.id }).from(agendaSessions).where(eq(agendaSessions.eventId, event.id)).orderBy(asc(agendaSessions.startsAt))).map((s) => s.id);
    expect(audit).toMatchObject({ targetType: 'event', targetId: event.id, actorId: expect.any(String) });
    expect(audit!.before).toEqual({
      timezone: 'Asia/Shanghai',
      sessions: [
        { id: ids[0], startsAt: '2027-07-02T01:00:00.000Z', endsAt: '2027-07-02T01:30:00.000Z' },
        { id: ids[1], startsAt: '2027-07-02T01:30:00.000Z', endsAt: '2027-07-02T02:15:00.000Z' },
        { id: ids[2], startsAt: '2027-07-02T06:00:00.000Z', endsAt: '2027-07-02T09:00:00.000Z' },
        { id: ids[3], startsAt: '2027-07-02T15:30:00.000Z', endsAt: '2027-07-02T16:30:00.000Z' },
        { id: ids[4], startsAt: '2027-07-03T08:00:00.000Z', endsAt: '2027-07-03T09:00:00.000Z' },
      ],
      registration: { opensAt: '2027-05-01T01:00:00.000Z', closesAt: '2027-07-01T10:00:00.000Z' },
      invitationCodes: [
        { expiresAt: '2027-06-15T04:00:00.000Z', count: 1 },
        { expiresAt: '2027-06-30T15:59:00.000Z', count: 2 },
      ],
    });
    expect(audit!.after).toEqual({
      timezone: 'Europe/Berlin',
      sessions: [
        { id: ids[0], startsAt: '2027-07-02T07:00:00.000Z', endsAt: '2027-07-02T07:30:00.000Z' },
        { id: ids[1], startsAt: '2027-07-02T07:30:00.000Z', endsAt: '2027-07-02T08:15:00.000Z' },
        { id: ids[2], startsAt: '2027-07-02T12:00:00.000Z', endsAt: '2027-07-02T15:00:00.000Z' },
        { id: ids[3], startsAt: '2027-07-02T21:30:00.000Z', endsAt: '2027-07-02T22:30:00.000Z' },
        { id: ids[4], startsAt: '2027-07-03T14:00:00.000Z', endsAt: '2027-07-03T15:00:00.000Z' },
      ],
      registration: { opensAt: '2027-05-01T07:00:00.000Z', closesAt: '2027-07-01T16:00:00.000Z' },
      invitationCodes: [
        { expiresAt: '2027-06-15T10:00:00.000Z', count: 1 },
        { expiresAt: '2027-06-30T21:59:00.000Z', count: 2 },
      ],
    });
    const [update] = await auditOf(event.id, 'event.update');
    expect([update!.before!.timezone, update!.after!.timezone]).toEqual(['Asia/Shanghai', 'Europe/Berlin']);

    const page = await organiser.follow(res);
    expect(decode(page.body)).toContain(
      '<div class="notice notice--success" role="status"><p>Time zone changed to Europe/Berlin. These keep their clock times: 5 sessions, the registration dates and the expiry of 3 invitation codes. Publish the agenda again so that participants and speakers see the sessions at these times.</p></div>',
    );
    // Shown once.
    expect((await organiser.get(`/admin/events/${event.id}`)).body).not.toContain('notice--success');
    expect((await organiser.get(`/admin/events/${event.id}/audit`)).body).toContain('Time zone changed, clock times kept');
  });

  it('the organiser pages read the same clock times, now in Berlin time, and see no session outside the event', async () => {
    const form = await organiser.get(`/admin/events/${event.id}/edit`);
    expect(form.body).toContain('name="startsAt" type="datetime-local" value="2027-07-02T09:00"');
    const agenda = decode((await organiser.get(`/admin/events/${event.id}/agenda`)).body);
    expect(agenda).not.toContain('outside the event');
    const setup = decode((await organiser.get(`/admin/events/${event.id}/registration`)).body);
    expect(setup).toContain('value="2027-05-01T09:00"');
    expect(setup).toContain('value="2027-07-01T18:00"');
  });

  it('sends the speaker nothing yet; publishing again shows the sessions as moved and updates the calendar', async () => {
    await jobsSettled(t.db);
    expect((await t.db.select().from(calendarInvites).where(eq(calendarInvites.eventId, event.id))).length).toBe(1);
    const published = await t.db.select().from(agendaVersions).where(eq(agendaVersions.eventId, event.id));
    expect(published.map((v) => v.version)).toEqual([1]);

    t.clock.advance({ minutes: 5 });
    const res = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
    expect(res.statusCode).toBe(303);
    await jobsSettled(t.db);
    const [second] = await t.db.select().from(agendaVersions).where(and(eq(agendaVersions.eventId, event.id), eq(agendaVersions.version, 2)));
    expect(second!.changes.map((c) => [c.kind, c.title.en])).toEqual([
      ['moved', 'Opening ceremony'],
      ['moved', 'Keynote: hydrogen corridors'],
      ['moved', 'Site visit to the Bosch plant'],
      ['moved', 'Evening networking'],
      ['moved', 'Closing and signing ceremony'],
    ]);
    const changes = decode((await organiser.get(`/events/${SLUG}/agenda/changes`)).body);
    expect(changes).toContain('<span class="change__kind">Moved</span>');
    const invites = await t.db
      .select({ method: calendarInvites.method, sequence: calendarInvites.sequence, startsAt: calendarInvites.startsAt, endsAt: calendarInvites.endsAt, uid: calendarInvites.uid })
      .from(calendarInvites)
      .where(eq(calendarInvites.eventId, event.id))
      .orderBy(asc(calendarInvites.sequence));
    expect(invites.map((i) => [i.method, i.sequence, iso(i.startsAt), iso(i.endsAt)])).toEqual([
      ['REQUEST', 0, '2027-07-02T01:30:00.000Z', '2027-07-02T02:15:00.000Z'],
      ['REQUEST', 1, '2027-07-02T07:30:00.000Z', '2027-07-02T08:15:00.000Z'],
    ]);
    // The same calendar entry, updated in place.
    expect(invites[1]!.uid).toBe(invites[0]!.uid);
    const mails = t.mail.to('anna.weber@example.de');
    expect(mails.map((m) => m.subject)).toEqual(['Calendar invitation: Keynote: hydrogen corridors', 'Updated: Keynote: hydrogen corridors']);
    expect(mails[1]!.text).toContain('When: 2 Jul 2027, 09:30–10:15 (Berlin time)');
  });

  it('says the same in Chinese', async () => {
    const res = await edit(organiserZh, await eventRow(event.id), { timezone: 'Europe/Berlin', startsAt: '2027-07-02T09:00', endsAt: '2027-07-03T17:00', contactEmail: 'forum@example.de' });
    expect(res.statusCode).toBe(303);
    // The zone did not change: the usual notice, and nothing moved.
    expect((await organiserZh.follow(res)).body).not.toContain('时区已改为');
    expect(await auditOf(event.id, 'event.timezone')).toHaveLength(1);
    const back = await edit(organiserZh, await eventRow(event.id), { timezone: 'Asia/Shanghai', startsAt: '2027-07-02T09:00', endsAt: '2027-07-03T17:00' });
    expect(back.statusCode).toBe(303);
    expect(decode((await organiserZh.follow(back)).body)).toContain(
      '<p>时区已改为 Asia/Shanghai。以下内容保持原钟点时间不变：5 个场次、报名起止时间和3 个邀请码的到期时间。请重新发布议程，参会者和演讲嘉宾才会看到各场次的新时间。</p>',
    );
    expect((await sessionsOf(event.id)).map((s) => iso(s.startsAt))).toEqual([
      '2027-07-02T01:00:00.000Z',
      '2027-07-02T01:30:00.000Z',
      '2027-07-02T06:00:00.000Z',
      '2027-07-02T15:30:00.000Z',
      '2027-07-03T08:00:00.000Z',
    ]);
  });
});

describe('clock times the new zone skips or repeats', () => {
  let event: EventRow;
  let organiser: HttpAgent;

  beforeAll(async () => {
    // A week on Beijing time across Europe's spring change (Sunday 28 March 2027, 02:00 → 03:00).
    event = await createEvent(t.db, {
      slug: 'spring-innovation-week-2027',
      kind: 'innovation-week',
      title: { en: 'Spring Innovation Week', 'zh-CN': '春季创新周' },
      timezone: 'Asia/Shanghai',
      startsAt: beijing('2027-03-26 09:00'),
      endsAt: beijing('2027-03-29 18:00'),
    });
    organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
    await t.db.insert(agendaSessions).values([
      { eventId: event.id, type: 'other', title: { en: 'Night hackathon', 'zh-CN': '通宵黑客松' }, startsAt: beijing('2027-03-28 02:30'), endsAt: beijing('2027-03-28 06:00') },
      { eventId: event.id, type: 'other', title: { en: 'Stargazing at the observatory' }, startsAt: beijing('2027-03-27 22:00'), endsAt: beijing('2027-03-28 02:15') },
      { eventId: event.id, type: 'keynote', title: { en: 'Opening keynote' }, startsAt: beijing('2027-03-26 09:00'), endsAt: beijing('2027-03-26 10:00') },
    ]);
    const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
    // Codes made to last until the night Europe's clocks go back (Sunday 31 October 2027, 03:00 → 02:00).
    await t.db.insert(invitationCodes).values([
      { eventId: event.id, categoryId: guest!.id, code: 'GUEST-4XK9', expiresAt: beijing('2027-10-31 02:30') },
      { eventId: event.id, categoryId: guest!.id, code: 'GUEST-7MP2', expiresAt: beijing('2027-10-31 02:30') },
    ]);
  });

  it('refuses the change at the zone field, naming each time to change first, and writes nothing', async () => {
    const before = await snapshot(event.id);
    const res = await edit(organiser, event, { timezone: 'Europe/Berlin', startsAt: '2027-03-26T09:00', endsAt: '2027-03-29T18:00' });
    expect(res.statusCode).toBe(422);
    expect(decode(res.body)).toContain(
      '<a href="#field-timezone">These clock times cannot be kept in Europe/Berlin, as clocks change for summer time around them: the end of “Stargazing at the observatory” (28 Mar 2027, 02:15), the start of “Night hackathon” (28 Mar 2027, 02:30) and invitation codes expiring (31 Oct 2027, 02:30). Change them first, then the time zone.</a>',
    );
    expect(await snapshot(event.id)).toEqual(before);
  });

  it('says so in Chinese', async () => {
    const zh = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }), { lang: 'zh-CN' });
    const res = await edit(zh, event, { timezone: 'Europe/Berlin', startsAt: '2027-03-26T09:00', endsAt: '2027-03-29T18:00' });
    expect(res.statusCode).toBe(422);
    expect(decode(res.body)).toContain(
      '<a href="#field-timezone">由于夏令时调整，以下钟点时间在 Europe/Berlin 无法保留：“Stargazing at the observatory”的结束时间（2027年3月28日 02:15）、“通宵黑客松”的开始时间（2027年3月28日 02:30）和邀请码到期时间（2027年10月31日 02:30）。请先修改这些时间，再更改时区。</a>',
    );
  });

  it('takes a zone without summer time, and the same zone once the times are changed', async () => {
    const tokyo = await edit(organiser, event, { timezone: 'Asia/Tokyo', startsAt: '2027-03-26T09:00', endsAt: '2027-03-29T18:00' });
    expect(tokyo.statusCode).toBe(303);
    // Tokyo is UTC+9: one hour earlier as an instant than the same clock time in Beijing.
    expect((await sessionsOf(event.id)).map((s) => [s.title.en, iso(s.startsAt), iso(s.endsAt)])).toEqual([
      ['Opening keynote', '2027-03-26T00:00:00.000Z', '2027-03-26T01:00:00.000Z'],
      ['Stargazing at the observatory', '2027-03-27T13:00:00.000Z', '2027-03-27T17:15:00.000Z'],
      ['Night hackathon', '2027-03-27T17:30:00.000Z', '2027-03-27T21:00:00.000Z'],
    ]);
    // Move the two sessions out of the skipped hour and the codes' expiry out of the repeated one, then Berlin is taken.
    const ids = await t.db.select({ id: agendaSessions.id, title: agendaSessions.title }).from(agendaSessions).where(eq(agendaSessions.eventId, event.id));
    const idOf = (title: string) => ids.find((s) => s.title.en === title)!.id;
    await t.db.update(agendaSessions).set({ endsAt: wallTime('2027-03-28 01:45', 'Asia/Tokyo') }).where(eq(agendaSessions.id, idOf('Stargazing at the observatory')));
    await t.db.update(agendaSessions).set({ startsAt: wallTime('2027-03-28 03:00', 'Asia/Tokyo') }).where(eq(agendaSessions.id, idOf('Night hackathon')));
    await t.db.update(invitationCodes).set({ expiresAt: wallTime('2027-10-31 04:00', 'Asia/Tokyo') }).where(eq(invitationCodes.eventId, event.id));
    const current = await eventRow(event.id);
    const res = await edit(organiser, current, { timezone: 'Europe/Berlin', startsAt: '2027-03-26T09:00', endsAt: '2027-03-29T18:00' });
    expect(res.statusCode).toBe(303);
    // Berlin is UTC+1 until 02:00 on 28 March, UTC+2 from 03:00.
    expect((await sessionsOf(event.id)).map((s) => [s.title.en, iso(s.startsAt), iso(s.endsAt)])).toEqual([
      ['Opening keynote', '2027-03-26T08:00:00.000Z', '2027-03-26T09:00:00.000Z'],
      ['Stargazing at the observatory', '2027-03-27T21:00:00.000Z', '2027-03-28T00:45:00.000Z'],
      ['Night hackathon', '2027-03-28T01:00:00.000Z', '2027-03-28T04:00:00.000Z'],
    ]);
    const codes = await t.db.select({ expiresAt: invitationCodes.expiresAt }).from(invitationCodes).where(eq(invitationCodes.eventId, event.id));
    expect(codes.map((c) => iso(c.expiresAt))).toEqual(['2027-10-31T03:00:00.000Z', '2027-10-31T03:00:00.000Z']);
    expect(decode((await organiser.follow(res)).body)).toContain('<p>Time zone changed to Europe/Berlin. These keep their clock times: 3 sessions and the expiry of 2 invitation codes.</p>');
  });

  it('refuses a session whose start and end fall in the hour Berlin repeats, as their order would turn round', async () => {
    // 02:30 summer time to 02:15 winter time on 31 October 2027: 45 minutes in Berlin, a negative span anywhere else.
    const late = await createEvent(t.db, { slug: 'autumn-night-2027', timezone: 'Europe/Berlin', startsAt: berlin('2027-10-30 18:00'), endsAt: new Date('2027-10-31T06:00:00Z') });
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[late.id, 'organiser']] }));
    await t.db.insert(agendaSessions).values({ eventId: late.id, type: 'other', title: { en: 'Long night of science' }, startsAt: new Date('2027-10-31T00:30:00Z'), endsAt: new Date('2027-10-31T01:15:00Z') });
    const before = await snapshot(late.id);
    const res = await edit(agent, late, { timezone: 'Asia/Shanghai', startsAt: '2027-10-30T18:00', endsAt: '2027-10-31T07:00' });
    expect(res.statusCode).toBe(422);
    expect(decode(res.body)).toContain('Asia/Shanghai, as clocks change for summer time around them: the end of “Long night of science” (31 Oct 2027, 02:15). Change them first');
    expect(await snapshot(late.id)).toEqual(before);
  });
});

describe('zone changes and the other date rules', () => {
  it('checks the registration window in the new zone: kept clock times still close by the end', async () => {
    const event = await createEvent(t.db, { slug: 'zone-and-window-2027', timezone: 'Asia/Shanghai', startsAt: beijing('2027-09-17 09:00'), endsAt: beijing('2027-09-17 18:00') });
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
    // Closing at the very end of the event: allowed, and still so after the change.
    await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: beijing('2027-06-01 09:00'), closesAt: beijing('2027-09-17 18:00') });
    const res = await edit(agent, event, { timezone: 'America/Sao_Paulo', startsAt: '2027-09-17T09:00', endsAt: '2027-09-17T18:00' });
    expect(res.statusCode).toBe(303);
    const [settings] = await t.db.select().from(registrationSettings).where(inArray(registrationSettings.eventId, [event.id]));
    expect(iso(settings!.closesAt)).toBe('2027-09-17T21:00:00.000Z');
    expect(iso((await eventRow(event.id)).endsAt)).toBe('2027-09-17T21:00:00.000Z');
    expect(decode((await agent.follow(res)).body)).toContain('<p>Time zone changed to America/Sao_Paulo. These keep their clock times: the registration dates.</p>');
  });

  it('tells the organiser of a forum which sub-forums kept the old zone, and leaves them as they are', async () => {
    const forum = await createEvent(t.db, { slug: 'moved-forum-2027', timezone: 'Asia/Shanghai', title: { en: 'Moved Forum', 'zh-CN': '迁址论坛' }, startsAt: beijing('2027-09-17 09:00'), endsAt: beijing('2027-09-19 18:00') });
    const sub = (slug: string, en: string, zh: string, timezone: string, day: string) =>
      createEvent(t.db, { kind: 'sub-forum', parentId: forum.id, slug, timezone, title: { en, 'zh-CN': zh }, startsAt: wallTime(`${day} 09:00`, timezone), endsAt: wallTime(`${day} 12:00`, timezone) });
    const green = await sub('moved-green-2027', 'Green Tech', '绿色科技', 'Asia/Shanghai', '2027-09-17');
    await sub('moved-health-2027', 'Health', '健康', 'Asia/Shanghai', '2027-09-18');
    await sub('moved-ai-2027', 'AI', '人工智能', 'Asia/Singapore', '2027-09-18');
    // An archived sub-forum is history: not named.
    const old = await sub('moved-old-2027', 'Old Track', '旧分论坛', 'Asia/Shanghai', '2027-09-19');
    await t.db.update(events).set({ status: 'archived' }).where(eq(events.id, old.id));
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }));
    const res = await edit(agent, forum, { timezone: 'Asia/Singapore', startsAt: '2027-09-17T09:00', endsAt: '2027-09-19T18:00' });
    expect(res.statusCode).toBe(303);
    expect(decode((await agent.follow(res)).body)).toContain(
      "<p>The event was saved. Its time zone is now Asia/Singapore. Its 2 sub-forums keep their own time zone, Asia/Shanghai: Green Tech and Health. Change it on each sub-forum’s page if they moved too.</p>",
    );
    expect((await eventRow(green.id)).timezone).toBe('Asia/Shanghai');
    // Back to Beijing time, in Chinese: only the AI sub-forum was in Singapore time, and it is named alone.
    const zhAgent = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }), { lang: 'zh-CN' });
    const zh = await edit(zhAgent, await eventRow(forum.id), { timezone: 'Asia/Shanghai', startsAt: '2027-09-17T09:00', endsAt: '2027-09-19T18:00' });
    expect(zh.statusCode).toBe(303);
    const zhBody = decode((await zhAgent.follow(zh)).body);
    expect(zhBody).toContain('<p>活动已保存，时区现为 Asia/Shanghai。其 1 个分论坛仍使用原时区 Asia/Singapore：人工智能。如分论坛也已更换地点，请在各分论坛页面修改。</p>');
  });

  it('an event with nothing entered in its zone says only that it was saved in the new one', async () => {
    const event = await createEvent(t.db, { slug: 'empty-forum-2027', timezone: 'Asia/Shanghai', startsAt: beijing('2027-09-17 09:00'), endsAt: beijing('2027-09-17 18:00') });
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
    const res = await edit(agent, event, { timezone: 'Asia/Singapore', startsAt: '2027-09-17T09:00', endsAt: '2027-09-17T18:00' });
    expect(res.statusCode).toBe(303);
    expect(decode((await agent.follow(res)).body)).toContain('<p>The event was saved. Its time zone is now Asia/Singapore.</p>');
    expect(await auditOf(event.id, 'event.timezone')).toHaveLength(1);
  });
});
