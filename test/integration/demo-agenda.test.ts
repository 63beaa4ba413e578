// The seeded demo agendas are what a new user first sees: the Belt and Road sub-forum’s day and the five-day world
// conference, both published as version 1 with no hard conflicts, and the conference's public agenda renders.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, agendaVersions, events, registrationCategories, registrationConsents, registrations, registrationSettings, rooms, sessionBookings, sessionPeople, speakers, tracks, venues } from '../../src/db/schema/index.ts';
import { createUser } from '../factories/users.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { seedDemoData, wipeDemoData } from '../../src/db/seed/demo.ts';
import { buildDemoEvents } from '../../src/db/seed/demo-events.ts';
import { loadConflictReport } from '../../src/features/agenda/conflict-report.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createTestClock } from '../helpers/clock.ts';
import { HttpAgent } from '../helpers/http-agent.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ clock: createTestClock('2026-11-25T02:00:00Z') });
  await seedDemoData(t.db, t.clock);
});
afterAll(() => t.close());

/** A demo event by its key in demo-events.ts. */
async function demoEvent(key: string) {
  const slug = buildDemoEvents(t.clock.now()).find((e) => e.key === key)!.slug;
  const [row] = await t.db.select().from(events).where(eq(events.slug, slug));
  return row!;
}

async function typeCounts(eventId: string): Promise<Record<string, number>> {
  const rows = await t.db
    .select({ type: agendaSessions.type, n: sql<number>`count(*)::int` })
    .from(agendaSessions)
    .where(eq(agendaSessions.eventId, eventId))
    .groupBy(agendaSessions.type);
  return Object.fromEntries(rows.map((r) => [r.type, r.n]));
}

describe('the Belt and Road demo agenda', () => {
  it('has the opening, three keynotes, a roundtable, a signing and a report release, interpreted, published once, with no hard conflicts', async () => {
    const event = await demoEvent('belt-and-road');
    expect(await typeCounts(event.id)).toEqual({ opening: 1, keynote: 3, break: 1, roundtable: 1, signing: 1, release: 1 });
    const sessions = await t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, event.id));
    for (const s of sessions.filter((s) => s.type !== 'break')) expect(s.interpretation, s.type).toBe('zh-en');
    expect((await t.db.select({ version: agendaVersions.version }).from(agendaVersions).where(eq(agendaVersions.eventId, event.id))).map((v) => v.version)).toEqual([1]);
    expect((await loadConflictReport(t.db, event)).hard).toEqual([]);
  });
});

describe('the world conference demo agenda', () => {
  it('has exactly the expected sessions per type, five coloured tracks and six rooms in two venues', async () => {
    const event = await demoEvent('conference');
    expect(await typeCounts(event.id)).toEqual({ 'site-visit': 3, workshop: 1, opening: 1, plenary: 4, parallel: 15, other: 1, break: 7, networking: 3 });
    const trackRows = await t.db.select().from(tracks).where(eq(tracks.eventId, event.id)).orderBy(tracks.position);
    expect(trackRows.map((r) => [r.name.en, r.colour])).toEqual([
      ['Open innovation', '#0969da'],
      ['Urban development', '#1a7f37'],
      ['Economic development', '#9a6700'],
      ['Future trends', '#8250df'],
      ['Technology and industry', '#cf222e'],
    ]);
    const parallel = await t.db.select().from(agendaSessions).where(and(eq(agendaSessions.eventId, event.id), eq(agendaSessions.type, 'parallel')));
    const perTrack = new Map<string, number>();
    for (const s of parallel) perTrack.set(s.trackId!, (perTrack.get(s.trackId!) ?? 0) + 1);
    expect([...perTrack.values()]).toEqual([3, 3, 3, 3, 3]);
    const roomRows = await t.db.select({ id: rooms.id, name: rooms.name, capacity: rooms.capacity, booths: rooms.interpretationBooths }).from(rooms).innerJoin(venues, eq(venues.id, rooms.venueId)).where(eq(venues.eventId, event.id));
    expect(roomRows).toHaveLength(6);
    expect(new Set(parallel.map((s) => roomRows.find((r) => r.id === s.roomId)!.name.en))).toEqual(new Set(['Room 301', 'Room 302', 'Room 305']));
  });

  it('makes technical visits bookable below their room’s capacity, and interprets only in rooms with booths', async () => {
    const event = await demoEvent('conference');
    const rows = await t.db
      .select({ type: agendaSessions.type, capacity: agendaSessions.capacity, roomCapacity: rooms.capacity, interpretation: agendaSessions.interpretation, booths: rooms.interpretationBooths })
      .from(agendaSessions)
      .leftJoin(rooms, eq(rooms.id, agendaSessions.roomId))
      .where(eq(agendaSessions.eventId, event.id));
    const visits = rows.filter((r) => r.type === 'site-visit');
    expect(visits.map((v) => v.capacity).sort()).toEqual([40, 45, 50]);
    for (const v of visits) expect(v.capacity!).toBeLessThan(v.roomCapacity!);
    const interpreted = rows.filter((r) => r.interpretation !== null);
    expect(interpreted).toHaveLength(11);
    for (const r of interpreted) expect(r.booths).toBe(true);
  });

  it('lists people from many countries in both languages, on example domains only, in every role', async () => {
    const event = await demoEvent('conference');
    const people = await t.db.select().from(speakers).where(eq(speakers.eventId, event.id));
    expect(people).toHaveLength(25);
    for (const p of people) {
      expect(p.name['zh-CN'], p.name.en).toBeTruthy();
      expect(p.title.en && p.organisation.en, p.name.en).toBeTruthy();
      expect(p.email, p.name.en).toMatch(/^[a-z.]+@example\.(org|com)$/);
    }
    expect(new Set(people.map((p) => p.country)).size).toBe(18);
    const roles = await t.db.selectDistinct({ role: sessionPeople.role }).from(sessionPeople).where(inArray(sessionPeople.speakerId, people.map((p) => p.id)));
    expect(roles.map((r) => r.role).sort()).toEqual(['host', 'moderator', 'panelist', 'speaker']);
  });

  it('is published as version 1 with no conflicts at all', async () => {
    const event = await demoEvent('conference');
    const versions = await t.db.select().from(agendaVersions).where(eq(agendaVersions.eventId, event.id));
    expect(versions.map((v) => [v.version, v.sessions.length])).toEqual([[1, 35]]);
    expect(await loadConflictReport(t.db, event)).toEqual({ hard: [], warnings: [] });
  });

  it('renders its public agenda: five days in Beijing time, the strands, the flag hand-over', async () => {
    const event = await demoEvent('conference');
    const res = await new HttpAgent(t.app).get(`/events/${event.slug}/agenda?lang=en`);
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<h2 id="group-\d+">/g)).toHaveLength(5);
    expect(res.body).toContain('<h2 id="group-0">25 Mar 2027</h2>');
    expect(res.body.match(/<li class="session-card" data-session-id="/g)).toHaveLength(35);
    expect(res.body).toContain('Closing ceremony and flag hand-over to the next host city');
    expect(res.body).toContain('Open innovation');
    const zh = await new HttpAgent(t.app).get(`/events/${event.slug}/agenda?lang=zh-CN&view=track`);
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain('闭幕式暨会旗交接仪式');
    expect(zh.body).toContain('技术与产业');
  });

  it('has a first few participants whose seats the counters hold, as registering would have taken them', async () => {
    const event = await demoEvent('conference');
    const people = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    const byStatus = (status: string) => people.filter((p) => p.status === status).length;
    expect([people.length, byStatus('confirmed'), byStatus('pending'), byStatus('cancelled'), byStatus('rejected'), byStatus('waitlisted')]).toEqual([24, 20, 2, 1, 1, 0]);
    expect(people.every((p) => p.email.endsWith('@example.org') && p.ticketCode.length === 32 && p.holdsSeat === (p.status === 'confirmed'))).toBe(true);
    expect(new Set(people.map((p) => p.ticketCode)).size).toBe(24);
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    expect(settings!.taken).toBe(20);
    const categories = await t.db.select().from(registrationCategories).where(eq(registrationCategories.eventId, event.id));
    expect(Object.fromEntries(categories.map((c) => [c.code, c.taken]))).toEqual({ GUEST: 16, MEDIA: 1, VIP: 2, SPK: 1 });
    const consents = await t.db.select().from(registrationConsents).where(inArray(registrationConsents.registrationId, people.map((p) => p.id)));
    expect(consents.filter((c) => c.kind === 'processing')).toHaveLength(24);
    const booked = await t.db
      .select({ booked: agendaSessions.booked, bookings: sql<number>`(select count(*)::int from ${sessionBookings} where ${sessionBookings.sessionId} = ${agendaSessions.id})` })
      .from(agendaSessions)
      .where(and(eq(agendaSessions.eventId, event.id), sql`${agendaSessions.capacity} is not null`));
    expect(booked.map((s) => s.booked).sort()).toEqual([0, 2, 3, 3]);
    expect(booked.every((s) => s.booked === s.bookings)).toBe(true);

    const organiser = await createUser(t.db, { roles: [[event.id, 'organiser']] });
    const list = await (await signedInAgent(t, organiser)).get(`/admin/events/${event.id}/registrations?q=${encodeURIComponent('周敏')}&lang=en`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('中关村发展集团');
    expect(list.body).toContain('<p class="result-count">1–1 of 1</p>');
  });

  it('loads again after a reset (npm run seed -- --reset)', async () => {
    await wipeDemoData(t.db);
    await seedDemoData(t.db, t.clock);
    const event = await demoEvent('conference');
    expect((await t.db.select({ version: agendaVersions.version }).from(agendaVersions).where(eq(agendaVersions.eventId, event.id))).map((v) => v.version)).toEqual([1]);
  });
});
