// Organisers build the agenda through forms: wall times in the event’s zone (refused when a DST change skips or
// repeats them), rooms and tracks only of the same event, every field checked, every change audited.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, agendaVersions, auditLog, events, sessionPeople, speakers, speakerSlides, tracks } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let week: EventRow;
let other: EventRow;
let roomId: string;
let otherRoomId: string;
let organiser: HttpAgent;

const valid = () => ({
  type: 'keynote',
  titleEn: 'Technology transfer between Lombardy and Beijing',
  titleZh: '伦巴第与北京的技术转移',
  abstractEn: '',
  abstractZh: '',
  roomId,
  trackId: '',
  startsAt: '2026-03-28T10:00',
  endsAt: '2026-03-28T10:45',
  language: 'en',
  interpretation: 'zh-en',
  capacity: '',
});

beforeAll(async () => {
  t = await buildTestApp();
  // A China–Italy innovation week in Rome, across the start of summer time on Sunday 29 March 2026.
  week = await createEvent(t.db, {
    slug: 'china-italy-week',
    kind: 'innovation-week',
    timezone: 'Europe/Rome',
    title: { en: 'China–Italy Innovation Week', 'zh-CN': '中意创新合作周' },
    startsAt: wallTime('2026-03-27 00:00', 'Europe/Rome'),
    endsAt: wallTime('2026-03-31 00:00', 'Europe/Rome'),
  });
  other = await createEvent(t.db);
  roomId = (await createVenueWithRooms(t.db, week.id, [200])).rooms[0]!.id;
  otherRoomId = (await createVenueWithRooms(t.db, other.id, [80])).rooms[0]!.id;
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[week.id, 'organiser']] }));
});
afterAll(async () => t.close());

const sessionsOf = (eventId: string) => t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, eventId));
const newSession = (fields: Record<string, string>) => organiser.submit(`/admin/events/${week.id}/agenda/new`, fields, `/admin/events/${week.id}/agenda`);

describe('adding a session', () => {
  it('shows three lines for people, the others behind "more", and every line up to one with an error', async () => {
    const forum = await createEvent(t.db, { slug: 'people-lines-forum' });
    const room = (await createVenueWithRooms(t.db, forum.id, [100])).rooms[0]!.id;
    await t.db.insert(speakers).values({ eventId: forum.id, name: { en: 'Giulia Bianchi' } });
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }));
    const split = (html: string) => {
      const [before = '', after = ''] = html.split('<details class="people-more">');
      const lines = (part: string) => part.match(/<div class="people-line(?:"| field--error")/g)?.length ?? 0;
      return [lines(before), lines(after)];
    };
    const form = await agent.get(`/admin/events/${forum.id}/agenda/new`);
    expect(split(form.body)).toEqual([3, 5]);
    expect(form.body).toContain('<summary>5 more lines for people</summary>');
    expect(form.body).toContain('<div class="people-line__heads" aria-hidden="true"><span>Person</span><span>Role</span><span>Answer</span></div>');
    // A person chosen on line 5 that is not on the list: lines 1 to 7 are shown, line 5 with its error.
    const refused = await agent.submit(`/admin/events/${forum.id}/agenda/new`, { ...valid(), roomId: room, startsAt: '2026-09-17T10:00', endsAt: '2026-09-17T10:45', person5: '00000000-0000-4000-8000-000000000000' }, `/admin/events/${forum.id}/agenda`);
    expect(refused.statusCode).toBe(422);
    expect(split(refused.body)).toEqual([7, 1]);
    expect(refused.body).toContain('id="field-person5-error"');
  });

  it('stores the wall time typed in Rome as the right instant on both sides of the change, and audits it', async () => {
    const before = await newSession(valid());
    expect(before.statusCode).toBe(303);
    const after = await newSession({ ...valid(), titleEn: 'Green hydrogen roundtable', titleZh: '', type: 'roundtable', startsAt: '2026-03-30T10:00', endsAt: '2026-03-30T11:30' });
    expect(after.statusCode).toBe(303);
    const rows = (await sessionsOf(week.id)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    expect(rows.map((r) => [r.startsAt.toISOString(), r.endsAt.toISOString()])).toEqual([
      ['2026-03-28T09:00:00.000Z', '2026-03-28T09:45:00.000Z'],
      ['2026-03-30T08:00:00.000Z', '2026-03-30T09:30:00.000Z'],
    ]);
    expect(rows[0]).toMatchObject({ type: 'keynote', roomId, language: 'en', interpretation: 'zh-en', capacity: null, status: 'scheduled', title: { en: 'Technology transfer between Lombardy and Beijing', 'zh-CN': '伦巴第与北京的技术转移' } });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, rows[0]!.id));
    expect(audit.map((a) => a.action)).toEqual(['session.create']);
    expect(audit[0]!.after).toMatchObject({ startsAt: '2026-03-28T09:00:00.000Z', roomId });

    const page = await organiser.get(`/admin/events/${week.id}/agenda`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="day-0">28 Mar 2026</h2>');
    expect(page.body).toContain('<td data-label="Time">10:00–10:45</td>');
    expect(page.body).toContain('<h2 id="day-1">30 Mar 2026</h2>');
    expect(page.body).toContain('<td data-label="Time">10:00–11:30</td>');
  });

  it.each([
    [{ startsAt: '2026-03-29T02:30' }, 'startsAt', 'This time does not exist in the event’s zone'],
    [{ startsAt: 'Saturday 10:00' }, 'startsAt', 'Enter a date and time such as 2026-09-17 09:00.'],
    [{ endsAt: '2026-03-28T09:00' }, 'endsAt', 'The end must be after the start.'],
    [{ endsAt: '2026-03-28T10:00' }, 'endsAt', 'The end must be after the start.'],
    [{ roomId: '' + 'not-a-room' }, 'roomId', 'Choose a room of this event.'],
    [{ type: 'banquet' }, 'type', 'Choose the type of session.'],
    [{ titleEn: '', titleZh: ' ' }, 'titleEn', 'Give the title in English, in Chinese or both.'],
    [{ titleEn: 'x'.repeat(301) }, 'titleEn', 'This is too long: use at most 300 characters.'],
    [{ capacity: '0' }, 'capacity', 'Enter a whole number of seats, 1 or more, or leave it empty.'],
    [{ capacity: '12.5' }, 'capacity', 'Enter a whole number of seats, 1 or more, or leave it empty.'],
    [{ language: 'fr' }, 'language', 'Choose the language spoken.'],
  ])('refuses %j with a message at the field, 422, nothing written', async (change, field, message) => {
    const before = (await sessionsOf(week.id)).length;
    const res = await newSession({ ...valid(), ...change });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<a href="#field-${field}">${message}`);
    expect((await sessionsOf(week.id)).length).toBe(before);
  });

  it("refuses a room of another event (an id copied from elsewhere) and writes nothing", async () => {
    const res = await newSession({ ...valid(), roomId: otherRoomId });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Choose a room of this event.');
    expect(await sessionsOf(other.id)).toEqual([]);
  });

  it('refuses the repeated hour when clocks go back (an October week)', async () => {
    const autumn = await createEvent(t.db, { timezone: 'Europe/Rome', startsAt: wallTime('2026-10-24 00:00', 'Europe/Rome'), endsAt: wallTime('2026-10-27 00:00', 'Europe/Rome') });
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[autumn.id, 'owner']], totp: true }));
    const res = await agent.submit(`/admin/events/${autumn.id}/agenda/new`, { ...valid(), roomId: '', startsAt: '2026-10-25T02:30', endsAt: '2026-10-25T04:00' }, `/admin/events/${autumn.id}/agenda`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This time happens twice in the event’s zone, when the clocks go back.');
  });
});

describe('changing a session', () => {
  it('shows the wall times back, saves the change and audits before and after', async () => {
    const [session] = await sessionsOf(week.id);
    const form = await organiser.get(`/admin/events/${week.id}/agenda/${session!.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/name="startsAt" type="datetime-local" value="2026-03-(28|30)T10:00"/);
    const res = await organiser.submit(`/admin/events/${week.id}/agenda/${session!.id}/edit`, { ...valid(), startsAt: '2026-03-28T11:00', endsAt: '2026-03-28T11:40' }, `/admin/events/${week.id}/agenda/${session!.id}`);
    expect(res.statusCode).toBe(303);
    const [saved] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, session!.id));
    expect(saved!.startsAt.toISOString()).toBe('2026-03-28T10:00:00.000Z');
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'session.update'));
    expect(audit!.before).toMatchObject({ startsAt: session!.startsAt.toISOString() });
    expect(audit!.after).toMatchObject({ startsAt: '2026-03-28T10:00:00.000Z', endsAt: '2026-03-28T10:40:00.000Z' });
  });

  it('keeps the bookable seats at or above the seats booked, with a field error and nothing written', async () => {
    const [visit] = await t.db
      .insert(agendaSessions)
      .values({ eventId: week.id, type: 'site-visit', title: { en: 'Visit to Tecnopolo labs' }, startsAt: new Date('2026-03-30T08:00:00Z'), endsAt: new Date('2026-03-30T10:00:00Z'), capacity: 40, booked: 2 })
      .returning();
    const edit = (capacity: string) =>
      organiser.submit(`/admin/events/${week.id}/agenda/${visit!.id}/edit`, { ...valid(), type: 'site-visit', roomId: '', titleEn: 'Visit to Tecnopolo labs', titleZh: '', startsAt: '2026-03-30T10:00', endsAt: '2026-03-30T12:00', capacity }, `/admin/events/${week.id}/agenda/${visit!.id}`);
    for (const capacity of ['1', '']) {
      const refused = await edit(capacity);
      expect(refused.statusCode, capacity).toBe(422);
      expect(refused.body).toContain('2 seats are already booked: the session keeps at least that many bookable seats.');
    }
    const [unchanged] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, visit!.id));
    expect([unchanged!.capacity, unchanged!.booked, unchanged!.updatedAt.toISOString()]).toEqual([40, 2, visit!.updatedAt.toISOString()]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.targetId, visit!.id))).toEqual([]);
    expect((await edit('2')).statusCode).toBe(303);
    expect((await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, visit!.id)))[0]!.capacity).toBe(2);
  });

  it('goes back to the day of the agenda builder it was opened from, the day the session moved to', async () => {
    const [session] = await sessionsOf(week.id);
    const path = `/admin/events/${week.id}/agenda/${session!.id}`;
    const form = await organiser.get(`${path}/edit?back=grid`);
    expect(form.body).toContain('<input type="hidden" name="back" value="grid">');
    expect(form.body).toMatch(new RegExp(`href="/admin/events/${week.id}/agenda/grid\\?day=2026-03-2[0-9]">Cancel</a>`));
    const saved = await organiser.submit(`${path}/edit?back=grid`, { ...valid(), startsAt: '2026-03-29T11:00', endsAt: '2026-03-29T11:40' }, path);
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `/admin/events/${week.id}/agenda/grid?day=2026-03-29`]);
    // From the list, back to the list.
    const listed = await organiser.submit(`${path}/edit`, { ...valid(), startsAt: '2026-03-28T11:00', endsAt: '2026-03-28T11:40' }, path);
    expect(listed.headers.location).toBe(`/admin/events/${week.id}/agenda`);
  });

  it('prefills an end 30 minutes later in real time from the builder, across the hour Rome’s clocks skip', async () => {
    const form = await organiser.get(`/admin/events/${week.id}/agenda/new?startsAt=2026-03-29T01:45&roomId=${roomId}`);
    expect(form.body).toContain('name="startsAt" type="datetime-local" value="2026-03-29T01:45"');
    expect(form.body).toContain('name="endsAt" type="datetime-local" value="2026-03-29T03:15"');
  });

  it('deletes a session never published nor booked, after a confirmation; a booked one only says to cancel it', async () => {
    const [draft] = await t.db.insert(agendaSessions).values({ eventId: week.id, type: 'other', title: { en: 'Test session, made by mistake' }, startsAt: new Date('2026-03-30T14:00:00Z'), endsAt: new Date('2026-03-30T15:00:00Z') }).returning();
    const path = `/admin/events/${week.id}/agenda/${draft!.id}`;
    const form = await organiser.get(`${path}/edit`);
    expect(form.body).toContain('It has never been published, nobody has booked a seat on it, and no speaker was invited to it or sent slides for it, so it can be deleted');
    const unconfirmed = await organiser.submit(`${path}/edit`, {}, `${path}/delete`);
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain('Tick the box to confirm that the session is to be deleted.');
    const deleted = await organiser.submit(`${path}/edit`, { confirm: 'yes' }, `${path}/delete`);
    expect([deleted.statusCode, deleted.headers.location]).toEqual([303, `/admin/events/${week.id}/agenda`]);
    expect(await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, draft!.id))).toEqual([]);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, draft!.id), eq(auditLog.action, 'session.delete')));
    expect(audit!.before).toMatchObject({ title: { en: 'Test session, made by mistake' }, startsAt: '2026-03-30T14:00:00.000Z' });

    // A session a speaker uploaded slides for is kept too: deleting it would take the slides along.
    const [withSlides] = await t.db.insert(agendaSessions).values({ eventId: week.id, type: 'keynote', title: { en: 'Keynote with slides' }, startsAt: new Date('2026-03-30T14:00:00Z'), endsAt: new Date('2026-03-30T15:00:00Z') }).returning();
    const [speaker] = await t.db.insert(speakers).values({ eventId: week.id, name: { en: 'Marco Conti' } }).returning();
    const pdf = Buffer.from('%PDF-1.4 slides');
    await t.db.insert(speakerSlides).values({ sessionId: withSlides!.id, speakerId: speaker!.id, filename: 'slides.pdf', contentType: 'application/pdf', size: pdf.length, bytes: pdf, uploadedAt: new Date() });
    expect((await organiser.get(`/admin/events/${week.id}/agenda/${withSlides!.id}/edit`)).body).toContain('cannot be deleted: set its status to Cancelled instead');
    // (The speakers tests below count this event's list.)
    await t.db.delete(agendaSessions).where(eq(agendaSessions.id, withSlides!.id));
    await t.db.delete(speakers).where(eq(speakers.id, speaker!.id));

    // A session with a booking is cancelled, not deleted: the form says so, and a delete sent anyway is refused.
    const [booked] = await t.db.insert(agendaSessions).values({ eventId: week.id, type: 'site-visit', title: { en: 'Booked visit' }, startsAt: new Date('2026-03-30T14:00:00Z'), endsAt: new Date('2026-03-30T15:00:00Z'), capacity: 10, booked: 1 }).returning();
    const bookedPath = `/admin/events/${week.id}/agenda/${booked!.id}`;
    const bookedForm = await organiser.get(`${bookedPath}/edit`);
    expect(bookedForm.body).toContain('cannot be deleted: set its status to Cancelled instead');
    expect(bookedForm.body).not.toContain(`action="${bookedPath}/delete"`);
    const sneaked = await organiser.post(`${bookedPath}/delete`, { ...hiddenFields(bookedForm.body, bookedPath), confirm: 'yes' });
    expect(sneaked.statusCode).toBe(422);
    expect(sneaked.body).toContain('cannot be deleted: cancel it instead');
    expect(await t.db.select({ id: agendaSessions.id }).from(agendaSessions).where(eq(agendaSessions.id, booked!.id))).toHaveLength(1);
  });

  it('finds no session of another event under this event, and lets check-in staff change nothing', async () => {
    const [foreign] = await t.db
      .insert(agendaSessions)
      .values({ eventId: other.id, type: 'panel', title: { en: 'Foreign panel' }, startsAt: new Date('2026-03-28T09:00:00Z'), endsAt: new Date('2026-03-28T10:00:00Z') })
      .returning();
    expect((await organiser.get(`/admin/events/${week.id}/agenda/${foreign!.id}/edit`)).statusCode).toBe(404);
    expect((await organiser.get(`/admin/events/${other.id}/agenda`)).statusCode).toBe(404);
    const door = await signedInAgent(t, await createUser(t.db, { roles: [[week.id, 'checkin']] }));
    expect((await door.get(`/admin/events/${week.id}/agenda`)).statusCode).toBe(403);
  });
});

describe("the event’s speakers", () => {
  const person = { nameEn: 'Giulia Bianchi', nameZh: '朱莉娅·比安奇', titleEn: 'Director', titleZh: '主任', organisationEn: 'Lombardy Innovation Agency', organisationZh: '伦巴第创新署', country: 'it', email: ' Giulia.Bianchi@Agency.example.it' };

  it('adds a person with both names, normalises country and e-mail, audits it, and lists them', async () => {
    const res = await organiser.submit(`/admin/events/${week.id}/speakers`, person);
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(speakers).where(eq(speakers.eventId, week.id));
    expect(row).toMatchObject({ name: { en: 'Giulia Bianchi', 'zh-CN': '朱莉娅·比安奇' }, country: 'IT', email: 'giulia.bianchi@agency.example.it' });
    expect((await t.db.select().from(auditLog).where(eq(auditLog.targetId, row!.id))).map((a) => a.action)).toEqual(['speaker.create']);
    const list = await organiser.get(`/admin/events/${week.id}/speakers`);
    expect(list.body).toContain('<strong>Giulia Bianchi</strong> · <span lang="zh-CN">朱莉娅·比安奇</span>');
    expect(list.body).toContain('>Director, Lombardy Innovation Agency</td>');
    expect(list.body).toContain('>Italy</td>');
    // In Chinese: the Chinese name first and the English one after it, never the same name twice; Chinese punctuation.
    const zh = await organiser.get(`/admin/events/${week.id}/speakers?lang=zh-CN`);
    expect(zh.body).toContain('<strong>朱莉娅·比安奇</strong> · <span lang="en">Giulia Bianchi</span>');
    expect(zh.body).toContain('>主任，伦巴第创新署</td>');
    expect(zh.body).toContain('>意大利</td>');
  });

  it('refuses a second entry with the same e-mail, an unknown country and a missing name, with 422 and nothing written', async () => {
    const before = (await t.db.select().from(speakers)).length;
    for (const country of ['ZZ', 'EU', 'UN']) {
      const res = await organiser.submit(`/admin/events/${week.id}/speakers`, { ...person, email: 'other@example.org', country });
      expect(res.statusCode, country).toBe(422);
    }
    const res = await organiser.submit(`/admin/events/${week.id}/speakers`, { ...person, nameEn: '', nameZh: '', country: 'XX' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-nameEn">Give the name in English, in Chinese or both.</a>');
    expect(res.body).toContain('<a href="#field-country">Enter a two-letter country or region code such as CN or IT.</a>');
    expect(res.body).toContain('<a href="#field-email">Someone on this event’s list already has this address.</a>');
    expect((await t.db.select().from(speakers)).length).toBe(before);
  });

  it('changes an entry, keeping its own e-mail, and finds no speaker of another event', async () => {
    const [row] = await t.db.select().from(speakers).where(eq(speakers.eventId, week.id));
    const res = await organiser.submit(`/admin/events/${week.id}/speakers/${row!.id}/edit`, { ...person, titleEn: 'Chief Executive' }, `/admin/events/${week.id}/speakers/${row!.id}`);
    expect(res.statusCode).toBe(303);
    expect((await t.db.select().from(speakers).where(eq(speakers.id, row!.id)))[0]!.title).toEqual({ en: 'Chief Executive', 'zh-CN': '主任' });
    const [foreign] = await t.db.insert(speakers).values({ eventId: other.id, name: { en: 'Someone Else' } }).returning();
    expect((await organiser.get(`/admin/events/${week.id}/speakers/${foreign!.id}/edit`)).statusCode).toBe(404);
  });
});

describe('conflicts on the agenda page', () => {
  it('lists a room booked twice, a session outside the dates and one person in two sub-forums at once, with links', async () => {
    const forum = await createEvent(t.db, { title: { en: 'Zhongguancun Forum' }, startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    const sub = await createEvent(t.db, { kind: 'sub-forum', parentId: forum.id, title: { en: 'Belt and Road Sub-forum' }, startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    const room = (await createVenueWithRooms(t.db, sub.id, [150])).rooms[0]!.id;
    const session = (eventId: string, title: string, from: string, to: string, roomId: string | null = null) =>
      t.db.insert(agendaSessions).values({ eventId, type: 'keynote', title: { en: title }, roomId, startsAt: wallTime(from), endsAt: wallTime(to) }).returning().then((r) => r[0]!);
    const a = await session(sub.id, 'Digital Silk Road keynote', '2026-09-17 09:00', '2026-09-17 09:40', room);
    const b = await session(sub.id, 'Green energy keynote', '2026-09-17 09:30', '2026-09-17 10:00', room);
    await session(sub.id, 'Evening reception', '2026-09-18 19:00', '2026-09-18 21:00');
    const c = await session(forum.id, 'Plenary opening', '2026-09-17 09:00', '2026-09-17 10:00');
    const [forumSpeaker] = await t.db.insert(speakers).values({ eventId: forum.id, name: { en: 'Li Na' }, email: 'li.na@example.cn' }).returning();
    const [subSpeaker] = await t.db.insert(speakers).values({ eventId: sub.id, name: { en: 'Li Na' }, email: 'li.na@example.cn' }).returning();
    await t.db.insert(sessionPeople).values([
      { sessionId: c.id, speakerId: forumSpeaker!.id, role: 'speaker' },
      { sessionId: a.id, speakerId: subSpeaker!.id, role: 'speaker' },
    ]);
    const agent = await signedInAgent(t, await createUser(t.db, { name: 'Zhou Min', roles: [[forum.id, 'organiser']] }));
    const page = await agent.get(`/admin/events/${sub.id}/agenda`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 conflicts to fix before publishing');
    expect(page.body).toContain('Two sessions in one room at the same time:');
    expect(page.body).toContain(`<a href="/admin/events/${sub.id}/agenda/${a.id}/edit">Digital Silk Road keynote</a>`);
    expect(page.body).toContain(`<a href="/admin/events/${sub.id}/agenda/${b.id}/edit">Green energy keynote</a>`);
    expect(page.body).toContain('A session outside the event’s dates:');
    // Who it is, and where the other session is (the forum itself), with a link to that agenda.
    expect(page.body).toContain('Li Na is in two sessions at the same time:');
    expect(page.body).toContain(`Plenary opening <span class="muted">(<a href="/admin/events/${forum.id}/agenda">in Zhongguancun Forum</a>)</span>`);
    // Moving the second keynote after the first clears the room conflict.
    await agent.submit(`/admin/events/${sub.id}/agenda/${b.id}/edit`, { type: 'keynote', titleEn: 'Green energy keynote', titleZh: '', roomId: room, trackId: '', startsAt: '2026-09-17T09:40', endsAt: '2026-09-17T10:10', language: 'zh', interpretation: '', capacity: '' }, `/admin/events/${sub.id}/agenda/${b.id}`);
    const after = await agent.get(`/admin/events/${sub.id}/agenda`);
    expect(after.body).toContain('2 conflicts to fix before publishing');
    expect(after.body).not.toContain('Two sessions in one room at the same time:');

    // The organiser accepts Li Na's overlap (she opens one session, then crosses to the other), with a reason.
    const key = /name="key" value="([^"]+)"/.exec(after.body)![1]!.replace(/&quot;/g, '"');
    const timesIn = (body: string) => /name="times" value="([^"]+)"/.exec(body)![1]!.replace(/&quot;/g, '"');
    const times = timesIn(after.body);
    // No reason: said at that overlap's reason field, its form open, linked from the summary.
    const noReason = await agent.submit(`/admin/events/${sub.id}/agenda`, { key, times, reason: '  ' }, `/admin/events/${sub.id}/agenda/acknowledgements`);
    expect(noReason.statusCode).toBe(422);
    const field = /<div class="field field--error" id="field-(reason-[0-9a-f]{12})">/.exec(noReason.body)![1]!;
    expect(noReason.body).toContain(`<a href="#field-${field}">Give a reason for accepting the overlap (at most 500 characters).</a>`);
    expect(noReason.body).toContain('<details class="acknowledge" open>');
    expect(noReason.body).toContain(`aria-invalid="true" aria-describedby="error-${field}"`);
    const accepted = await agent.submit(`/admin/events/${sub.id}/agenda`, { key, times, reason: 'Li Na gives the opening words, then joins the keynote.' }, `/admin/events/${sub.id}/agenda/acknowledgements`);
    expect(accepted.statusCode).toBe(303);
    const now = await agent.get(`/admin/events/${sub.id}/agenda`);
    expect(now.body).toContain('1 conflict to fix before publishing');
    expect(now.body).toContain('Accepted by Zhou Min: “Li Na gives the opening words, then joins the keynote.”');
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'conflict.acknowledge'));
    expect(audit!.after).toEqual({ sessionIds: [a.id, c.id].sort(), person: 'li.na@example.cn', reason: 'Li Na gives the opening words, then joins the keynote.' });
    const twice = await agent.submit(`/admin/events/${sub.id}/agenda`, { key, times, reason: 'again' }, `/admin/events/${sub.id}/agenda/acknowledgements`);
    expect(twice.statusCode).toBe(409);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'conflict.acknowledge'))).length).toBe(1);

    // The keynote moves: the reason was about the old times, so the overlap stops publishing again, saying so.
    await t.db.update(agendaSessions).set({ startsAt: wallTime('2026-09-17 09:05'), endsAt: wallTime('2026-09-17 09:35') }).where(eq(agendaSessions.id, a.id));
    const moved = await agent.get(`/admin/events/${sub.id}/agenda`);
    expect(moved.body).toContain('2 conflicts to fix before publishing');
    expect(moved.body).toContain('Accepted before a session moved (“Li Na gives the opening words, then joins the keynote.”). Accept it again if it still holds.');
    // A page from before the move cannot accept it: its reason was about the old times.
    const stale = await agent.submit(`/admin/events/${sub.id}/agenda`, { key, times, reason: 'Written before the move.' }, `/admin/events/${sub.id}/agenda/acknowledgements`);
    expect(stale.statusCode).toBe(409);
    const again = await agent.submit(`/admin/events/${sub.id}/agenda`, { key, times: timesIn(moved.body), reason: 'She still leaves the plenary early.' }, `/admin/events/${sub.id}/agenda/acknowledgements`);
    expect(again.statusCode).toBe(303);
    const reaccepted = await agent.get(`/admin/events/${sub.id}/agenda`);
    expect(reaccepted.body).toContain('1 conflict to fix before publishing');
    expect(reaccepted.body).toContain('Accepted by Zhou Min: “She still leaves the plenary early.”');
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'conflict.acknowledge'))).length).toBe(2);
  });

  it('lets sub-forums use their forum’s rooms, and finds two of them booked into one room at once', async () => {
    const forum = await createEvent(t.db, { title: { en: 'Rome Innovation Forum' }, startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    const robotics = await createEvent(t.db, { kind: 'sub-forum', parentId: forum.id, title: { en: 'Robotics Sub-forum' }, startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    const energy = await createEvent(t.db, { kind: 'sub-forum', parentId: forum.id, title: { en: 'Energy Sub-forum' }, startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    const auditorium = (await createVenueWithRooms(t.db, forum.id, [400])).rooms[0]!.id;
    const roboticsOwn = (await createVenueWithRooms(t.db, robotics.id, [40])).rooms[0]!.id;
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }));
    const session = (eventId: string, titleEn: string, roomId: string) =>
      agent.submit(`/admin/events/${eventId}/agenda/new`, { type: 'keynote', titleEn, titleZh: '', roomId, trackId: '', startsAt: '2026-09-17T10:00', endsAt: '2026-09-17T11:00', language: 'en', interpretation: '', capacity: '' }, `/admin/events/${eventId}/agenda`);
    // The forum's auditorium is offered to, and taken by, each sub-forum; another sub-forum's own room is not.
    expect((await agent.get(`/admin/events/${energy.id}/agenda/new`)).body).toContain(`<option value="${auditorium}"`);
    expect((await session(robotics.id, 'Robot arms keynote', auditorium)).statusCode).toBe(303);
    expect((await session(energy.id, 'Hydrogen keynote', auditorium)).statusCode).toBe(303);
    const refused = await session(energy.id, 'Borrowed room', roboticsOwn);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Choose a room of this event.');
    const page = await agent.get(`/admin/events/${energy.id}/agenda`);
    expect(page.body).toContain('Two sessions in one room at the same time:');
    expect(page.body).toContain(`Robot arms keynote <span class="muted">(<a href="/admin/events/${robotics.id}/agenda">in Robotics Sub-forum</a>)</span>`);
    // The form says whose room it is; a sub-forum's grid shows the forum's rooms it uses, not all of them.
    expect((await agent.get(`/admin/events/${energy.id}/agenda/new`)).body).toMatch(new RegExp(`<option value="${auditorium}">Room 301 · China National Convention Center · the forum’s`));
    const grid = (id: string) => agent.get(`/admin/events/${id}/agenda/grid?day=2026-09-17`).then((r) => r.body);
    expect(await grid(energy.id)).toContain('Add a session in Room 301');
    const [spare] = (await createVenueWithRooms(t.db, forum.id, [50])).rooms;
    expect(spare).toBeDefined();
    expect((await grid(energy.id)).match(/Add a session in Room 301/g)).toHaveLength(1);
  });

  it('leaves out people who declined: they are on no published agenda, so in no two places at once', async () => {
    const forum = await createEvent(t.db, { title: { en: 'Innovation Week' }, startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    const session = (title: string, from: string, to: string) =>
      t.db.insert(agendaSessions).values({ eventId: forum.id, type: 'panel', title: { en: title }, startsAt: wallTime(from), endsAt: wallTime(to) }).returning().then((r) => r[0]!);
    const panel = await session('Robotics panel', '2026-09-17 10:00', '2026-09-17 11:00');
    const talk = await session('Lab tour', '2026-09-17 10:15', '2026-09-17 10:45');
    const [marco] = await t.db.insert(speakers).values({ eventId: forum.id, name: { en: 'Marco Bianchi' }, email: 'marco@example.it' }).returning();
    await t.db.insert(sessionPeople).values([
      { sessionId: panel.id, speakerId: marco!.id, role: 'panelist', status: 'accepted' },
      { sessionId: talk.id, speakerId: marco!.id, role: 'speaker', status: 'declined' },
    ]);
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }));
    const page = await agent.get(`/admin/events/${forum.id}/agenda`);
    expect(page.body).not.toContain('to fix before publishing');
    await t.db.update(sessionPeople).set({ status: 'invited' }).where(eq(sessionPeople.sessionId, talk.id));
    expect((await agent.get(`/admin/events/${forum.id}/agenda`)).body).toContain('Marco Bianchi is in two sessions at the same time:');
  });
});

describe('people on a session', () => {
  it('puts people from the list on a session with their roles, in order, and refuses strangers and doubles', async () => {
    const [giulia] = await t.db.select().from(speakers).where(eq(speakers.eventId, week.id));
    const [wang] = await t.db.insert(speakers).values({ eventId: week.id, name: { en: 'Wang Fang', 'zh-CN': '王芳' } }).returning();
    const [stranger] = await t.db.insert(speakers).values({ eventId: other.id, name: { en: 'Not On This Event' } }).returning();
    const panel = { ...valid(), type: 'panel', titleEn: 'Panel: science parks as bridges', startsAt: '2026-03-30T14:00', endsAt: '2026-03-30T15:00' };

    const doubled = await newSession({ ...panel, person1: giulia!.id, role1: 'moderator', person2: giulia!.id, role2: 'panelist' });
    expect(doubled.statusCode).toBe(422);
    expect(doubled.body).toContain('<a href="#field-person2">This person is already on the session; list each person once.</a>');
    const foreign = await newSession({ ...panel, person1: stranger!.id, role1: 'panelist' });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain('<a href="#field-person1">Choose a person from this event’s list of speakers.</a>');
    const badRole = await newSession({ ...panel, person1: wang!.id, role1: 'juggler' });
    expect(badRole.body).toContain('<a href="#field-person1">Choose the person’s role.</a>');
    // Several errors: the summary lists them in the form's order (times, room, people, seats).
    const several = await newSession({ ...panel, startsAt: 'soon', roomId: 'nowhere', person1: stranger!.id, role1: 'panelist', capacity: 'many' });
    expect([...several.body.matchAll(/<a href="#field-(\w+)">/g)].map((m) => m[1])).toEqual(['startsAt', 'roomId', 'person1', 'capacity']);

    const ok = await newSession({ ...panel, person1: giulia!.id, role1: 'moderator', person3: wang!.id, role3: 'panelist' });
    expect(ok.statusCode).toBe(303);
    const [session] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.title, { en: 'Panel: science parks as bridges', 'zh-CN': '伦巴第与北京的技术转移' }));
    const people = await t.db.select().from(sessionPeople).where(eq(sessionPeople.sessionId, session!.id)).orderBy(sessionPeople.position);
    expect(people.map((p) => [p.speakerId, p.role, p.position])).toEqual([
      [giulia!.id, 'moderator', 0],
      [wang!.id, 'panelist', 1],
    ]);
    const form = await organiser.get(`/admin/events/${week.id}/agenda/${session!.id}/edit`);
    expect(form.body).toMatch(new RegExp(`<select id="field-person1" name="person1">.*<option value="${giulia!.id}" selected>`));
    expect(form.body).toMatch(/<select id="field-role1" name="role1">.*<option value="moderator" selected>/);
  });
});

describe('tracks', () => {
  it('adds a track with a colour, refuses a bad colour or no name, changes it, and audits', async () => {
    for (const colour of ['#ffffff', '#f2c94c']) {
      const pale = await organiser.submit(`/admin/events/${week.id}/tracks`, { nameEn: 'Pale', nameZh: '', colour });
      expect(pale.statusCode, colour).toBe(422);
      expect(pale.body).toContain('This colour is too pale to be seen on the white page');
    }
    const refused = await organiser.submit(`/admin/events/${week.id}/tracks`, { nameEn: '', nameZh: '', colour: 'green' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<a href="#field-nameEn">Give the name in English, in Chinese or both.</a>');
    expect(refused.body).toContain('<a href="#field-colour">Choose a colour (such as #1f6feb).</a>');
    expect(await t.db.select().from(tracks).where(eq(tracks.eventId, week.id))).toEqual([]);
    const added = await organiser.submit(`/admin/events/${week.id}/tracks`, { nameEn: 'Green technology', nameZh: '绿色技术', colour: '#1F883D' });
    expect(added.statusCode).toBe(303);
    const [track] = await t.db.select().from(tracks).where(eq(tracks.eventId, week.id));
    expect(track).toMatchObject({ name: { en: 'Green technology', 'zh-CN': '绿色技术' }, colour: '#1f883d', position: 0 });
    const list = await organiser.get(`/admin/events/${week.id}/tracks`);
    expect(list.body).toContain('<rect width="16" height="16" rx="3" fill="#1f883d"/>');
    const changed = await organiser.submit(`/admin/events/${week.id}/tracks/${track!.id}/edit`, { nameEn: 'Green and low-carbon technology', nameZh: '绿色低碳技术', colour: '#1f883d' }, `/admin/events/${week.id}/tracks/${track!.id}`);
    expect(changed.statusCode).toBe(303);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.targetId, track!.id))).map((a) => a.action).sort()).toEqual(['track.create', 'track.update']);
    // A session can now take the track; a track of another event cannot be used.
    const [foreignTrack] = await t.db.insert(tracks).values({ eventId: other.id, name: { en: 'Elsewhere' }, colour: '#000000' }).returning();
    const foreign = await newSession({ ...valid(), trackId: foreignTrack!.id });
    expect(foreign.body).toContain('<a href="#field-trackId">Choose a track of this event.</a>');
    expect((await newSession({ ...valid(), titleEn: 'Low-carbon parks', trackId: track!.id })).statusCode).toBe(303);
  });
});

describe('publishing the agenda', () => {
  it('is refused while a hard conflict remains, then makes numbered versions with a changelog, audited', async () => {
    const event = await createEvent(t.db, { startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-18 00:00') });
    const owner = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'owner']], totp: true }));
    const room = (await createVenueWithRooms(t.db, event.id, [100])).rooms[0]!.id;
    const add = (title: string, from: string, to: string) =>
      owner.submit(`/admin/events/${event.id}/agenda/new`, { ...valid(), roomId: room, titleEn: title, titleZh: '', startsAt: from, endsAt: to }, `/admin/events/${event.id}/agenda`);
    await add('Opening ceremony', '2026-09-17T09:00', '2026-09-17T09:30');
    await add('Keynote on digital trade', '2026-09-17T09:15', '2026-09-17T10:00');
    const publish = () => owner.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
    const versionsOf = () => t.db.select().from(agendaVersions).where(eq(agendaVersions.eventId, event.id)).orderBy(agendaVersions.version);

    const blocked = await publish();
    expect(blocked.statusCode).toBe(409);
    expect(blocked.body).toContain('The agenda cannot be published while 1 conflict remains. Fix it below, then publish again.');
    expect(await versionsOf()).toEqual([]);

    const [keynote] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, event.id)).orderBy(agendaSessions.startsAt);
    const second = (await t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, event.id)).orderBy(agendaSessions.startsAt))[1]!;
    expect(keynote).toBeDefined();
    await owner.submit(`/admin/events/${event.id}/agenda/${second.id}/edit`, { ...valid(), roomId: room, titleEn: 'Keynote on digital trade', titleZh: '', startsAt: '2026-09-17T09:30', endsAt: '2026-09-17T10:15' }, `/admin/events/${event.id}/agenda/${second.id}`);
    expect((await publish()).statusCode).toBe(303);
    await owner.submit(`/admin/events/${event.id}/agenda/${second.id}/edit`, { ...valid(), roomId: room, titleEn: 'Keynote: digital trade along the Belt and Road', titleZh: '', startsAt: '2026-09-17T10:00', endsAt: '2026-09-17T10:45' }, `/admin/events/${event.id}/agenda/${second.id}`);
    expect((await publish()).statusCode).toBe(303);

    const versions = await versionsOf();
    expect(versions.map((v) => [v.version, v.sessions.length, v.changes.map((c) => c.kind)])).toEqual([
      [1, 2, ['added', 'added']],
      [2, 2, ['moved', 'renamed']],
    ]);
    const page = await owner.get(`/admin/events/${event.id}/agenda`);
    expect(page.body).toContain('Version 2 is published, since');
    expect(page.body).toMatch(/<li>Moved: Keynote: digital trade along the Belt and Road<span class="change__detail">[^<]+ → [^<]+<\/span><\/li>/);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'agenda.publish')).orderBy(auditLog.id)).map((a) => a.after)).toEqual([
      { version: 1, sessions: 2, changes: 2 },
      { version: 2, sessions: 2, changes: 2 },
    ]);

    // Publishing again with nothing changed makes no version (no empty changelog entry, nothing sent) and says so.
    const again = await publish();
    expect([again.statusCode, again.headers.location]).toEqual([303, `/admin/events/${event.id}/agenda`]);
    expect((await owner.follow(again)).body).toContain('Nothing has changed since the last version: the agenda stays published as it is, and nobody is sent anything.');
    expect((await versionsOf()).map((v) => v.version)).toEqual([1, 2]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'agenda.publish'))).toHaveLength(2);
    const state = async () => /<p class="publish-panel__state">([\s\S]*?)<\/p>/.exec((await owner.get(`/admin/events/${event.id}/agenda`)).body)![1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
    expect(await state()).toBe('Up to date');
    // A change to what is published without a move or rename (the abstract) is a new version all the same.
    await owner.submit(`/admin/events/${event.id}/agenda/${second.id}/edit`, { ...valid(), roomId: room, titleEn: 'Keynote: digital trade along the Belt and Road', titleZh: '', abstractEn: 'Trade rules for data.', startsAt: '2026-09-17T10:00', endsAt: '2026-09-17T10:45' }, `/admin/events/${event.id}/agenda/${second.id}`);
    expect(await state()).toBe('Changes not yet published The agenda has changed since this version: publish to show the changes and send the speakers their updates.');
    expect((await publish()).statusCode).toBe(303);
    // The changelog says what changed, publicly too.
    expect((await versionsOf()).map((v) => [v.version, v.changes.map((c) => [c.kind, c.fields ?? null])])).toEqual([
      [1, [['added', null], ['added', null]]],
      [2, [['moved', null], ['renamed', null]]],
      [3, [['updated', ['abstract']]]],
    ]);
    expect(await state()).toBe('Up to date');
    await t.db.update(events).set({ status: 'published' }).where(eq(events.id, event.id));
    const changelog = await new HttpAgent(t.app).get(`/events/${event.slug}/agenda/changes`);
    // Published: cancelled, never deleted.
    const publishedForm = await owner.get(`/admin/events/${event.id}/agenda/${second.id}/edit`);
    expect(publishedForm.body).toContain('cannot be deleted: set its status to Cancelled instead');
    const deleteAnyway = await owner.post(`/admin/events/${event.id}/agenda/${second.id}/delete`, { ...hiddenFields(publishedForm.body, `/admin/events/${event.id}/agenda/${second.id}`), confirm: 'yes' });
    expect(deleteAnyway.statusCode).toBe(422);
    expect(changelog.body).toMatch(/<span class="change__kind">Details changed<\/span> <a href="[^"]+">Keynote: digital trade along the Belt and Road<\/a><span class="change__detail">Changed: abstract<\/span>/);
  });
});
