// Check-in at the doors: a scanned ticket admits a confirmed person once, whichever door scans it and however many
// scan it at the same moment; other statuses, other events' tickets and forged codes get their exact warning and
// write nothing; undo is audited; session mode admits only people booked on the session; an offline scan sent
// twice counts once; the counts are exact; staff without the check-in permission get 403.
import fc from 'fast-check';
import { and, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from '../../src/lib/ids.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, checkIns, registrationCategories, registrations, sessionBookings } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createTicketHolder, newTicketCode, type TicketHolder } from '../factories/ticket-holders.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let staff: HttpAgent;
let organiser: HttpAgent;
let jury: HttpAgent;
let staffId: string;
const people: Record<string, TicketHolder> = {};
const categories: Record<string, string> = {};
let visitId: string;
let stranger: TicketHolder;

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  event = await createEvent(t.db, { slug: 'iasp-check-in', status: 'published', title: { en: 'IASP World Conference', 'zh-CN': 'IASP世界大会' }, startsAt: wallTime('2026-11-25 09:00'), endsAt: wallTime('2026-11-27 18:00') });
  const other = await createEvent(t.db, { slug: 'other-forum', title: { en: 'Hangzhou AI Forum', 'zh-CN': '杭州人工智能论坛' } });
  const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会代表' } }).returning();
  const [vip] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'VIP', name: { en: 'Invited guest', 'zh-CN': '特邀嘉宾' }, position: 1 }).returning();
  const [otherCategory] = await t.db.insert(registrationCategories).values({ eventId: other.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  categories.guest = guest!.id;
  categories.vip = vip!.id;
  const holder = (status: Parameters<typeof createTicketHolder>[1]['status'], familyName: string, givenName: string, categoryId = guest!.id, nameZh?: string) =>
    createTicketHolder(t.db, { eventId: event.id, categoryId, status, familyName, givenName, ...(nameZh ? { nameZh } : {}) });
  people.li = await holder('confirmed', 'Li', 'Wei', guest!.id, '李伟');
  people.chen = await holder('confirmed', 'Chen', 'Jing', guest!.id, '陈静');
  people.okafor = await holder('confirmed', 'Okafor', 'Amara', vip!.id);
  people.berg = await holder('confirmed', 'Berg', 'Jonas', vip!.id);
  people.cancelled = await holder('cancelled', 'Rossi', 'Marco');
  people.pending = await holder('pending', 'Silva', 'Ana');
  people.waitlisted = await holder('waitlisted', 'Novak', 'Petra');
  people.rejected = await holder('rejected', 'Dubois', 'Claire');
  stranger = await createTicketHolder(t.db, { eventId: other.id, categoryId: otherCategory!.id, status: 'confirmed', familyName: 'Zhou', givenName: 'Min' });
  const [visit] = await t.db
    .insert(agendaSessions)
    .values({ eventId: event.id, type: 'site-visit', title: { en: 'Visit to the SIP incubator', 'zh-CN': '参观园区孵化器' }, startsAt: wallTime('2026-11-26 14:00'), endsAt: wallTime('2026-11-26 17:00'), capacity: 30, booked: 1 })
    .returning();
  visitId = visit!.id;
  await t.db.insert(sessionBookings).values({ registrationId: people.okafor.id, sessionId: visitId });
  const staffUser = await createUser(t.db, { name: 'Liu Yang', roles: [[event.id, 'checkin']] });
  staffId = staffUser.id;
  staff = await signedInAgent(t, staffUser);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  jury = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'jury']] }));
  t.clock.set('2026-11-25T01:30:00Z');
});
afterAll(async () => t?.close());

const base = () => `/admin/events/${event.id}/check-in`;

/** The page's CSRF token, as the scanner script reads it. */
async function tokenOf(agent: HttpAgent): Promise<string> {
  const page = await agent.get(`${base()}?door=North%20entrance`);
  expect(page.statusCode, page.body.slice(0, 500)).toBe(200);
  return /data-csrf="([^"]+)"/.exec(page.body)![1]!;
}

async function postJson(agent: HttpAgent, url: string, body: Record<string, unknown>) {
  const res = await agent.app.inject({
    method: 'POST',
    url,
    remoteAddress: agent.remoteAddress,
    headers: { 'accept-language': 'en', accept: 'application/json', 'content-type': 'application/json', cookie: agent.cookieHeader, 'x-csrf-token': await tokenOf(agent) },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() as Record<string, any> };
}

const scan = (agent: HttpAgent, ticket: string, door: string, extra: Record<string, string> = {}) => postJson(agent, base(), { ticket, door, ...extra });
const activeRows = (registrationId: string) => t.db.select().from(checkIns).where(and(eq(checkIns.registrationId, registrationId), isNull(checkIns.undoneAt)));
const allRows = () => t.db.select().from(checkIns);

describe('scanning a ticket at the door', () => {
  it('admits a confirmed person and records door, staff member and time', async () => {
    const res = await scan(staff, people.li!.ticketCode, 'North entrance');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ checkIn: { id: expect.any(String), registrationId: people.li!.id, at: '2026-11-25T01:30:00.000Z', atText: '25 Nov 2026, 09:30 (Beijing time, UTC+8)', door: 'North entrance', undone: false }, replay: false });
    const rows = await activeRows(people.li!.id);
    expect(rows).toEqual([expect.objectContaining({ eventId: event.id, sessionId: null, door: 'North entrance', staffUserId: staffId, checkedInAt: new Date('2026-11-25T01:30:00Z'), undoneAt: null })]);
  });

  it('shows a second scan at door B when and at which door the person came in, and writes nothing', async () => {
    t.clock.set('2026-11-25T01:42:00Z');
    const res = await scan(staff, people.li!.ticketCode.toLowerCase(), 'South gate');
    expect(res.status).toBe(409);
    expect(res.type).toBe('application/problem+json; charset=utf-8');
    expect(res.body.title).toBe('Not admitted');
    expect(res.body.card).toEqual({
      person: { registrationId: people.li!.id, name: 'Wei Li', nameZh: '李伟', organisation: 'Tsinghua University', category: 'Participant', status: 'confirmed', statusText: 'Confirmed' },
      warnings: [{ code: 'already-checked-in', text: 'Already checked in at 25 Nov 2026, 09:30 (Beijing time, UTC+8), at North entrance.' }],
      checkIn: { id: expect.any(String), at: '2026-11-25T01:30:00.000Z', atText: '25 Nov 2026, 09:30 (Beijing time, UTC+8)', door: 'North entrance', undoable: false },
      admissible: false,
      otherEvent: false,
    });
    expect(await activeRows(people.li!.id)).toHaveLength(1);
  });

  it('refuses cancelled, pending, waitlisted, rejected, another event’s and forged tickets with their warning, writing nothing', async () => {
    const before = await allRows();
    const cases: [string, string, string][] = [
      [people.cancelled!.ticketCode, 'cancelled', 'This registration was cancelled.'],
      [people.pending!.ticketCode, 'pending', 'This registration is still awaiting approval.'],
      [people.waitlisted!.ticketCode, 'waitlisted', 'This person is on the waiting list and has no seat.'],
      [people.rejected!.ticketCode, 'rejected', 'This registration was not accepted.'],
      [stranger.ticketCode, 'other-event', 'This ticket is for another event: Hangzhou AI Forum.'],
      [newTicketCode(), 'unknown', 'Unknown ticket: this code is not one of this system’s tickets. It may be mistyped or forged; search by name instead.'],
      ['not a ticket at all', 'unknown', "Unknown ticket: this code is not one of this system’s tickets. It may be mistyped or forged; search by name instead."],
    ];
    for (const [ticket, code, text] of cases) {
      const res = await scan(staff, ticket, 'North entrance');
      expect(res.status, code).toBe(409);
      expect(res.body.card.warnings, code).toEqual([{ code, text }]);
      expect(res.body.card.admissible).toBe(false);
      // Another event’s person stays unknown here: no name, no organisation.
      if (code === 'other-event' || code === 'unknown') expect(res.body.card.person).toBeNull();
    }
    const lookup = await staff.get(`${base()}/lookup?ticket=${people.pending!.ticketCode}`, { accept: 'application/json' });
    expect(lookup.json().warnings).toEqual([{ code: 'pending', text: 'This registration is still awaiting approval.' }]);
    expect(await allRows()).toEqual(before);
  });

  it('heads a ticket already used "do not admit again" with when and where; offers Undo, small, only at the door that admitted, for 10 minutes', async () => {
    const [row] = await activeRows(people.li!.id);
    const lookup = async (door: string, lang = 'en') => (await staff.get(`${base()}/lookup?ticket=${people.li!.ticketCode}&door=${encodeURIComponent(door)}&lang=${lang}`, { accept: 'application/json' })).json();
    const card = async (door: string, lang = 'en') => {
      const page = await staff.get(`${base()}?door=${encodeURIComponent(door)}&ticket=${people.li!.ticketCode}&lang=${lang}`);
      expect(page.statusCode).toBe(200);
      return page.body.slice(page.body.indexOf('<article class="ticket-card'), page.body.indexOf('</article>'));
    };
    // Li came in at North entrance at 09:30; it is 09:40, exactly ten minutes later.
    t.clock.set('2026-11-25T01:40:00Z');
    expect((await lookup('South gate')).checkIn).toEqual({ id: row!.id, at: '2026-11-25T01:30:00.000Z', atText: '25 Nov 2026, 09:30 (Beijing time, UTC+8)', door: 'North entrance', undoable: false });
    expect((await lookup('north  Entrance')).checkIn.undoable).toBe(true);
    expect((await lookup('')).checkIn.undoable).toBe(false);
    // At another door: the warning heads the card, then who, then when and where (said once); no Undo, no Check in.
    const elsewhere = await card('South gate');
    expect(elsewhere).toMatch(/^<article class="ticket-card ticket-card--warn" aria-label="Wei Li">\s*<h3 class="ticket-card__stop">Already checked in — do not admit again<\/h3>\s*<h3 class="ticket-card__name">Wei Li <span lang="zh-CN">李伟<\/span><\/h3>/);
    expect(elsewhere).toContain('<p class="ticket-card__when">Checked in at 25 Nov 2026, 09:30 (Beijing time, UTC+8), at North entrance.</p>');
    expect(elsewhere).not.toContain('ticket-card__warnings');
    expect(elsewhere).not.toContain('<button');
    // At the door that admitted: Undo as a small link-like button, after a question that says what it is for.
    const here = await card('North entrance');
    expect(here).toContain(`<form method="post" action="${base()}/${row!.id}/undo" class="ticket-card__undo" data-undo data-name="Wei Li" data-name-zh="李伟">`);
    expect(here).toContain('<p>Checked in here by mistake? <button class="link-button" type="submit">Undo this check-in</button></p>');
    expect(here.match(/<button/g)).toHaveLength(1);
    const zh = await card('North entrance', 'zh-CN');
    expect(zh).toContain('<h3 class="ticket-card__stop">已签到，请勿重复放行</h3>');
    expect(zh).toContain('<p class="ticket-card__when">2026年11月25日 09:30（北京时间）在North entrance签到。</p>');
    expect(zh).toContain('<p>如在本入口误签，可<button class="link-button" type="submit">撤销此次签到</button></p>');
    // The warning itself (the JSON's, the list of refused offline scans) keeps saying "already".
    expect((await lookup('South gate', 'zh-CN')).warnings).toEqual([{ code: 'already-checked-in', text: '已于2026年11月25日 09:30（北京时间）在North entrance签到。' }]);
    // A second later, the same door no longer offers it: a ticket handed back over the barrier is no slip.
    t.clock.set('2026-11-25T01:40:01Z');
    expect((await lookup('North entrance')).checkIn.undoable).toBe(false);
    expect(await card('North entrance')).not.toContain('ticket-card__undo');
  });

  it('undoes a mistaken check-in with an audit row, after which the person can be checked in again', async () => {
    const [row] = await activeRows(people.li!.id);
    t.clock.set('2026-11-25T01:45:00Z');
    const undo = await postJson(staff, `${base()}/${row!.id}/undo`, { door: 'North entrance' });
    expect(undo.status).toBe(200);
    expect(undo.body).toEqual({ checkIn: { id: row!.id, undoneAt: '2026-11-25T01:45:00.000Z' } });
    expect((await postJson(staff, `${base()}/${row!.id}/undo`, { door: 'North entrance' })).status).toBe(409);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'checkin.undo'));
    expect(audit).toEqual(expect.objectContaining({ actorId: staffId, eventId: event.id, targetType: 'registration', targetId: people.li!.id, after: { undoneAt: '2026-11-25T01:45:00.000Z' } }));
    expect(audit!.before).toEqual({ checkInId: row!.id, door: 'North entrance', checkedInAt: '2026-11-25T01:30:00.000Z', sessionId: null });
    const again = await scan(staff, people.li!.ticketCode, 'South gate');
    expect(again.status).toBe(200);
    expect(again.body.checkIn.door).toBe('South gate');
    expect(await activeRows(people.li!.id)).toHaveLength(1);
    expect(await t.db.select().from(checkIns).where(eq(checkIns.registrationId, people.li!.id))).toHaveLength(2);
  });

  it('admits exactly once when ten doors scan the same ticket at the same moment', async () => {
    const token = await tokenOf(staff);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        staff.app.inject({
          method: 'POST',
          url: base(),
          remoteAddress: staff.remoteAddress,
          headers: { accept: 'application/json', 'content-type': 'application/json', cookie: staff.cookieHeader, 'x-csrf-token': token },
          payload: JSON.stringify({ ticket: people.chen!.ticketCode, door: `Door ${i + 1}` }),
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json().card.warnings[0].code).toBe('already-checked-in');
    expect(await activeRows(people.chen!.id)).toHaveLength(1);
  });

  it('records a scan sent twice (offline replay) once, and answers the resend as the first time', async () => {
    const clientId = '0193a0b2-7c1d-7e3f-8a4b-5c6d7e8f9a0b';
    const first = await scan(staff, people.berg!.ticketCode, 'East hall', { clientId });
    const second = await scan(staff, people.berg!.ticketCode, 'East hall', { clientId });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, replay: true });
    expect(await t.db.select().from(checkIns).where(eq(checkIns.registrationId, people.berg!.id))).toEqual([expect.objectContaining({ clientId, door: 'East hall' })]);
    // The same scan id with another ticket is not a replay: it is refused, nothing written.
    const misuse = await scan(staff, people.okafor!.ticketCode, 'East hall', { clientId });
    expect(misuse.status).toBe(409);
    expect(misuse.body.detail).toBe('This scan was already sent for another ticket. Scan the ticket again.');
    expect(await activeRows(people.okafor!.id)).toHaveLength(0);
  });
});

describe('session mode', () => {
  it('admits only people booked on the session, once per session, apart from the event entrance', async () => {
    const notBooked = await scan(staff, people.li!.ticketCode, 'Bus 1', { session: visitId });
    expect(notBooked.status).toBe(409);
    expect(notBooked.body.card.warnings).toEqual([{ code: 'not-booked', text: 'This person has not booked this session.' }]);
    const booked = await scan(staff, people.okafor!.ticketCode, 'Bus 1', { session: visitId });
    expect(booked.status).toBe(200);
    expect((await scan(staff, people.okafor!.ticketCode, 'Bus 2', { session: visitId })).body.card.warnings[0].code).toBe('already-checked-in');
    // The event entrance is its own count: Okafor has not come through a door yet.
    expect((await scan(staff, people.okafor!.ticketCode, 'North entrance')).status).toBe(200);
    const rows = await activeRows(people.okafor!.id);
    expect(rows.map((r) => r.sessionId).sort()).toEqual([null, visitId].sort());
    const unknown = await scan(staff, people.li!.ticketCode, 'Bus 1', { session: '0193a0b2-0000-7000-8000-000000000000' });
    expect(unknown.status).toBe(422);
  });
});

describe('live counts', () => {
  it('counts confirmed and checked-in people per category, and bookings in session mode', async () => {
    const counts = await organiser.get(`${base()}/counts`, { accept: 'application/json' });
    expect(counts.statusCode).toBe(200);
    expect(counts.json()).toEqual({
      categories: [
        { categoryId: categories.guest, name: 'Participant', checkedIn: 2, expected: 2 },
        { categoryId: categories.vip, name: 'Invited guest', checkedIn: 2, expected: 2 },
      ],
      total: { checkedIn: 4, expected: 4 },
    });
    const session = await organiser.get(`${base()}/counts?session=${visitId}`, { accept: 'application/json' });
    expect(session.json().total).toEqual({ checkedIn: 1, expected: 1 });
    const page = await organiser.get(base());
    expect(page.body).toContain('<span data-count-total="checkedIn">4</span> / <span data-count-total="expected">4</span>');
    // The same counts on the event’s page, for organisers watching the doors; not for a jury member.
    const overview = await organiser.get(`/admin/events/${event.id}`);
    expect(overview.body).toContain(`data-counts-url="/admin/events/${event.id}/check-in/counts"`);
    expect(overview.body).toContain('<span data-count-total="checkedIn">4</span> / <span data-count-total="expected">4</span>');
    expect(overview.body).toContain('<tr data-category="' + categories.vip + '"><th scope="row">Invited guest</th><td data-count="checkedIn">2</td><td data-count="expected">2</td></tr>');
    const juryView = await jury.get(`/admin/events/${event.id}`);
    expect(juryView.statusCode).toBe(200);
    expect(juryView.body).not.toContain('data-counts-url');
  });

  it('leaves out on both sides someone who cancelled after coming in, so the checked-in never exceed the expected', async () => {
    const okafor = people.okafor!;
    const [booking] = await t.db.delete(sessionBookings).where(and(eq(sessionBookings.registrationId, okafor.id), eq(sessionBookings.sessionId, visitId))).returning();
    await t.db.update(registrations).set({ status: 'cancelled', holdsSeat: false }).where(eq(registrations.id, okafor.id));
    try {
      expect((await organiser.get(`${base()}/counts`, { accept: 'application/json' })).json().total).toEqual({ checkedIn: 3, expected: 3 });
      expect((await organiser.get(`${base()}/counts?session=${visitId}`, { accept: 'application/json' })).json().total).toEqual({ checkedIn: 0, expected: 0 });
    } finally {
      await t.db.update(registrations).set({ status: 'confirmed', holdsSeat: true }).where(eq(registrations.id, okafor.id));
      await t.db.insert(sessionBookings).values(booking!);
    }
  });
});

describe('the participant list', () => {
  it('filters by checked-in yes / no and shows when each person came in', async () => {
    const names = (body: string) => [...body.matchAll(/registrations\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]).sort();
    const yes = await organiser.get(`/admin/events/${event.id}/registrations?checkedIn=yes`);
    expect(names(yes.body)).toEqual(['Amara Okafor', 'Jing Chen', 'Jonas Berg', 'Wei Li']);
    expect(yes.body).toContain('<option value="yes" selected>Checked in</option>');
    expect(names((await organiser.get(`/admin/events/${event.id}/registrations?checkedIn=no`)).body)).toEqual(['Ana Silva', 'Claire Dubois', 'Marco Rossi', 'Petra Novak']);
    const all = await organiser.get(`/admin/events/${event.id}/registrations?q=Berg`);
    expect(all.body).toContain('<td class="keep-words" data-label="Checked in">25 Nov 2026, 09:45 (Beijing time, UTC+8)</td>');
    expect(names((await organiser.get(`/admin/events/${event.id}/registrations?checkedIn=maybe`)).body)).toHaveLength(8);
  });
});

describe('a search that finds many', () => {
  it('shows the first 20 by name and says there are more, with how to narrow it', async () => {
    for (let i = 0; i < 21; i++) await createTicketHolder(t.db, { eventId: event.id, categoryId: categories.guest!, status: 'cancelled', familyName: 'Manyfold', givenName: `Guest ${String(i).padStart(2, '0')}` });
    try {
      const page = await staff.get(`${base()}?door=West%20desk&q=manyfold`);
      expect(page.body).toContain('<p class="result-count" role="status">More than 20 people found; the first 20 are shown. Type more of the name, or the e-mail address.</p>');
      expect(page.body.match(/<article class="ticket-card/g)).toHaveLength(20);
      expect(page.body).toContain('Guest 19 Manyfold');
      expect(page.body).not.toContain('Guest 20 Manyfold');
    } finally {
      // The other tests' searches do not meet them.
      await t.db.delete(registrations).where(eq(registrations.familyName, 'Manyfold'));
    }
  });
});

describe('the page without JavaScript', () => {
  it('finds a person by name and checks them in with a form, then undoes it', async () => {
    const rows = await t.db.select().from(checkIns).where(and(eq(checkIns.registrationId, people.chen!.id), isNull(checkIns.undoneAt)));
    await t.db.update(checkIns).set({ undoneAt: t.clock.now() }).where(eq(checkIns.id, rows[0]!.id));
    // A session the address names that is not bookable here is said, and nothing can be scanned until one is chosen.
    const stale = await staff.get(`${base()}?door=West%20desk&session=${uuidv7()}`);
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toContain('<p class="field__error" id="field-session-error"><span class="visually-hidden">Error: </span>Choose a session from the list.</p>');
    expect(stale.body).not.toContain('data-scanner');
    expect(stale.body).not.toContain('name="q"');
    // A door name that is none (only spaces, too long) is said at its field, not quietly dropped.
    for (const door of ['%20%20%20', 'x'.repeat(61)]) {
      const bad = await staff.get(`${base()}?door=${door}`);
      expect(bad.body).toContain('<p class="field__error" id="field-door-error"><span class="visually-hidden">Error: </span>Enter the name of your door or desk (up to 60 characters), for example North entrance.</p>');
    }
    // A search that finds nobody says so.
    const nobody = await staff.get(`${base()}?door=West%20desk&q=zzzz`);
    expect(nobody.body).toContain('<p class="result-count" role="status">0 people found</p>');
    // A ticket typed into the search that is another event’s, or no ticket of this system: its card says which.
    const otherEvent = await staff.get(`${base()}?door=West%20desk&q=${stranger.ticketCode.toLowerCase()}`);
    expect(otherEvent.body).toContain('This ticket is for another event: Hangzhou AI Forum.');
    expect(otherEvent.body).not.toContain('0 people found');
    // Without JavaScript too, the card is headed and named as such, not "Unknown ticket".
    expect(otherEvent.body).toMatch(/<article class="ticket-card ticket-card--warn" aria-label="Ticket for another event">\s*<h3 class="ticket-card__name">Ticket for another event<\/h3>/);
    const forged = await staff.get(`${base()}?door=West%20desk&q=${newTicketCode()}`);
    expect(forged.body).toContain('Unknown ticket: this code is not one of this system');
    expect(forged.body).not.toContain('0 people found');
    // A ticket sent by the scanner field without JavaScript: the card repeats what was read, to spot a typing mistake.
    const typo = await staff.get(`${base()}?door=West%20desk&ticket=ABCD2345EFGH`);
    expect(typo.body).toContain('<p class="ticket-card__meta">Code read: ABCD2345EFGH</p>');
    const found = await staff.get(`${base()}?door=West%20desk&q=${encodeURIComponent('陈静')}`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('1 person found');
    expect(found.body).not.toContain('0 people found');
    expect(found.body).toContain('Jing Chen <span lang="zh-CN">陈静</span>');
    // Her badge, to reprint at the desk: check-in staff may print one badge (not a batch).
    const badge = `/admin/events/${event.id}/registrations/${people.chen!.id}/badge`;
    expect(found.body).toContain(`<a href="${badge}" target="_blank" rel="noopener">Print the badge<span class="visually-hidden"> Jing Chen</span></a>`);
    const pdf = await staff.get(badge);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    // The same search on a second door's page, open meanwhile.
    const elsewhere = await staff.get(`${base()}?door=West%20desk&q=${encodeURIComponent('陈静')}`);
    // The confirm button's form on the person’s card.
    const res = await staff.post(base(), { ...hiddenFields(found.body.slice(found.body.indexOf('<article class="ticket-card')), base()) });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const done = await staff.follow(res);
    expect(done.body).toContain('<p class="notice__title">Checked in</p>');
    expect(done.body).toContain('Jing Chen <span lang="zh-CN">陈静</span> · 25 Nov 2026, 09:45 (Beijing time, UTC+8) · West desk');
    const [active] = await activeRows(people.chen!.id);
    expect(active!.door).toBe('West desk');
    // The same form sent again (a double tap, a resend after Back): the same admission, not a refusal.
    const tappedTwice = await staff.post(base(), { ...hiddenFields(found.body.slice(found.body.indexOf('<article class="ticket-card')), base()) });
    expect([tappedTwice.statusCode, tappedTwice.headers.location]).toEqual([303, res.headers.location]);
    expect(await activeRows(people.chen!.id)).toHaveLength(1);
    // Another page's form for her, loaded before she came in (a second door): refused, her card once under "Not admitted".
    // The answer is a page of its own (Post/Redirect/Get): reloading it shows the door again, and sends nothing.
    const second = await staff.post(base(), { ...hiddenFields(elsewhere.body.slice(elsewhere.body.indexOf('<article class="ticket-card')), base()) });
    expect([second.statusCode, second.headers.location]).toEqual([303, `${base()}?door=West+desk&q=${encodeURIComponent('陈静')}`]);
    const refusedPage = await staff.follow(second);
    expect(refusedPage.statusCode).toBe(200);
    expect(refusedPage.body).toContain('<h3 class="check-in__refused" role="alert">Not admitted</h3>');
    expect(refusedPage.body.match(/<article class="ticket-card/g)).toHaveLength(1);
    expect(refusedPage.body).toContain('<h3 class="ticket-card__stop">Already checked in — do not admit again</h3>');
    expect(refusedPage.body).toContain('<p class="ticket-card__when">Checked in at 25 Nov 2026, 09:45 (Beijing time, UTC+8), at West desk.</p>');
    const reloaded = await staff.follow(second);
    expect(reloaded.body).not.toContain('Not admitted');
    expect(reloaded.body).toContain('1 person found');
    expect(await activeRows(people.chen!.id)).toHaveLength(1);
    const undo = await staff.post(`${base()}/${active!.id}/undo`, { ...hiddenFields(done.body, `${base()}/${active!.id}/undo`) });
    expect(undo.statusCode).toBe(303);
    // The notice names whose check-in was undone.
    const undoneNotice = (await staff.follow(undo)).body;
    expect(undoneNotice).toContain('<p class="notice__title">Check-in undone.</p>');
    expect(undoneNotice).toContain('Jing Chen <span lang="zh-CN">陈静</span> · 25 Nov 2026, 09:45 (Beijing time, UTC+8) · West desk');
    expect(await activeRows(people.chen!.id)).toHaveLength(0);
    // The same Undo again (an older tab): back at the door with a word, not an error page.
    const again = await staff.post(`${base()}/${active!.id}/undo`, { ...hiddenFields(done.body, `${base()}/${active!.id}/undo`) });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`${base()}?door=West+desk`);
    expect((await staff.follow(again)).body).toContain('This check-in was already undone.');
  });

  it('finds people by either name order, Chinese name, e-mail, organisation or ticket, by name, wildcards taken literally', async () => {
    /** The names on the result cards, in their order. */
    const found = async (q: string) => {
      const page = await staff.get(`${base()}?door=West%20desk&q=${encodeURIComponent(q)}`);
      expect(page.statusCode).toBe(200);
      return [...page.body.matchAll(/<h3 class="ticket-card__name">([^<]+)/g)].map((m) => m[1]!.trim());
    };
    expect(await found('wei li')).toEqual(['Wei Li']);
    expect(await found('Li Wei')).toEqual(['Wei Li']);
    expect(await found('李伟')).toEqual(['Wei Li']);
    expect(await found('amara.okafor@example')).toEqual(['Amara Okafor']);
    // Everyone here is from Tsinghua University (the factory's default), in family-name order; other events' never.
    expect(await found('tsinghua')).toEqual(['Jonas Berg', 'Jing Chen', 'Claire Dubois', 'Wei Li', 'Petra Novak', 'Amara Okafor', 'Marco Rossi', 'Ana Silva']);
    expect(await found(people.berg!.ticketCode)).toEqual(['Jonas Berg']);
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
    expect(await found('Zhou')).toEqual([]);
  });

  it('finds by ticket code and shows warnings; refuses a form without a door with the field error', async () => {
    const page = await staff.get(`${base()}?door=West%20desk&ticket=${people.cancelled!.ticketCode}`);
    expect(page.body).toContain('This registration was cancelled.');
    const token = /data-csrf="([^"]+)"/.exec(page.body)![1]!;
    const res = await staff.post(base(), { _csrf: token, door: '   ', ticket: people.berg!.ticketCode });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Enter the name of your door or desk (up to 60 characters), for example North entrance.');
  });
});

describe('permissions', () => {
  it('refuses a user without the check-in permission with 403 and changes nothing', async () => {
    const before = await allRows();
    const token = await organiser.get(base()).then((r) => /data-csrf="([^"]+)"/.exec(r.body)![1]!);
    expect(token).toBeTruthy();
    expect((await jury.get(base())).statusCode).toBe(403);
    const res = await jury.app.inject({
      method: 'POST',
      url: base(),
      remoteAddress: jury.remoteAddress,
      headers: { accept: 'application/json', 'content-type': 'application/json', cookie: jury.cookieHeader, 'x-csrf-token': token },
      payload: JSON.stringify({ ticket: people.berg!.ticketCode, door: 'North entrance' }),
    });
    // The token is the organiser's, so CSRF or permission refuses it: 403 either way, and nothing is written.
    expect(res.statusCode).toBe(403);
    expect((await jury.get(`${base()}/counts`, { accept: 'application/json' })).statusCode).toBe(403);
    expect(await allRows()).toEqual(before);
  });
});

describe('random and hostile input', () => {
  it('never answers 5xx; a refused or invalid scan writes nothing', async () => {
    const token = await tokenOf(staff);
    const tickets = Object.values(people).map((p) => p.ticketCode);
    const body = fc.record(
      {
        ticket: fc.oneof(fc.constantFrom(...tickets), fc.string({ maxLength: 80 }), fc.constant('')),
        registrationId: fc.oneof(fc.constantFrom(...Object.values(people).map((p) => p.id)), fc.uuid(), fc.string({ maxLength: 40 })),
        door: fc.oneof(fc.constant('North entrance'), fc.string({ maxLength: 80, unit: 'grapheme' })),
        session: fc.oneof(fc.constant(''), fc.constant(visitId), fc.string({ maxLength: 40 })),
        clientId: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
      },
      { requiredKeys: ['door'] },
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (fields, json) => {
        const before = await allRows();
        const res = await staff.app.inject({
          method: 'POST',
          url: base(),
          remoteAddress: staff.remoteAddress,
          headers: json
            ? { accept: 'application/json', 'content-type': 'application/json', cookie: staff.cookieHeader, 'x-csrf-token': token }
            : { 'content-type': 'application/x-www-form-urlencoded', cookie: staff.cookieHeader },
          payload: json ? JSON.stringify(fields) : new URLSearchParams({ ...fields, _csrf: token } as Record<string, string>).toString(),
        });
        expect([200, 303, 409, 422], res.body.slice(0, 300)).toContain(res.statusCode);
        if (res.statusCode === 409 || res.statusCode === 422) expect(await allRows()).toEqual(before);
        // Whatever got in is undone again, so the next run starts from the same people.
        await t.db.update(checkIns).set({ undoneAt: t.clock.now() }).where(and(isNull(checkIns.undoneAt), eq(checkIns.door, fields.door.normalize('NFKC').replace(/\s+/g, ' ').trim())));
      }),
      { numRuns: 25 },
    );
  });
});
