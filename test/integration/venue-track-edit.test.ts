// Organisers change and remove venues, rooms and tracks, and order tracks: removal of a venue or room is refused while
// a session is in it (so no session silently loses its room), a removed track leaves its sessions without one, and the
// public track view follows the organiser's order. Every change audited; other events' ids 404; view-only roles 403.
import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, rooms, tracks, venues } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { csrfTokenIn, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let other: EventRow;
let organiser: HttpAgent;
let checkin: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { slug: 'suzhou-park-forum', status: 'published', startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-19 00:00') });
  other = await createEvent(t.db);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  checkin = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
});
afterAll(async () => t.close());

const admin = (path: string) => `/admin/events/${event.id}${path}`;
const auditOf = (id: string) => t.db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.id);
async function addSession(roomId: string | null, trackId: string | null = null) {
  const [row] = await t.db
    .insert(agendaSessions)
    .values({ eventId: event.id, type: 'keynote', title: { en: 'Opening keynote', 'zh-CN': '主旨演讲' }, roomId, trackId, startsAt: wallTime('2026-09-17 09:00'), endsAt: wallTime('2026-09-17 09:45') })
    .returning();
  return row!;
}

describe('venues', () => {
  it('changes a venue’s names and address, audited with before and after', async () => {
    const { venue } = await createVenueWithRooms(t.db, event.id, [300]);
    const form = await organiser.get(admin(`/venues/${venue.id}/edit`));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="China National Convention Center"');
    const res = await organiser.submit(admin(`/venues/${venue.id}/edit`), { nameEn: 'Jinji Lake Convention Centre', nameZh: '金鸡湖国际会议中心', addressEn: 'Suzhou Industrial Park', addressZh: '苏州工业园区' }, admin(`/venues/${venue.id}`));
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(venues).where(eq(venues.id, venue.id));
    expect([row!.name, row!.address]).toEqual([{ en: 'Jinji Lake Convention Centre', 'zh-CN': '金鸡湖国际会议中心' }, { en: 'Suzhou Industrial Park', 'zh-CN': '苏州工业园区' }]);
    const audit = await auditOf(venue.id);
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      [
        'venue.update',
        { name: { en: 'China National Convention Center', 'zh-CN': '国家会议中心' }, address: { en: 'Chaoyang District, Beijing' } },
        { name: { en: 'Jinji Lake Convention Centre', 'zh-CN': '金鸡湖国际会议中心' }, address: { en: 'Suzhou Industrial Park', 'zh-CN': '苏州工业园区' } },
      ],
    ]);
  });

  it('refuses a nameless venue, 422, nothing written', async () => {
    const { venue } = await createVenueWithRooms(t.db, event.id, [300]);
    const res = await organiser.submit(admin(`/venues/${venue.id}/edit`), { nameEn: ' ', nameZh: '' }, admin(`/venues/${venue.id}`));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-nameEn">Give the venue’s name in English, in Chinese or both.</a>');
    expect((await t.db.select().from(venues).where(eq(venues.id, venue.id)))[0]!.name).toEqual({ en: 'China National Convention Center', 'zh-CN': '国家会议中心' });
    expect(await auditOf(venue.id)).toEqual([]);
  });

  it('refuses to remove a venue while a session is in one of its rooms, then removes it with its rooms once moved', async () => {
    const { venue, rooms: [hall, side] } = await createVenueWithRooms(t.db, event.id, [300, 40]);
    const session = await addSession(side!.id);
    const refused = await organiser.submit(admin(`/venues/${venue.id}/edit`), {}, admin(`/venues/${venue.id}/remove`));
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This venue cannot be removed: 1 session is in one of its rooms. Move it to another room first.');
    expect(await t.db.select({ id: rooms.id }).from(rooms).where(eq(rooms.venueId, venue.id))).toHaveLength(2);
    expect(await auditOf(venue.id)).toEqual([]);

    await t.db.update(agendaSessions).set({ roomId: null }).where(eq(agendaSessions.id, session.id));
    const removed = await organiser.submit(admin(`/venues/${venue.id}/edit`), {}, admin(`/venues/${venue.id}/remove`));
    expect(removed.statusCode).toBe(303);
    expect(await t.db.select().from(venues).where(eq(venues.id, venue.id))).toEqual([]);
    expect(await t.db.select().from(rooms).where(inArray(rooms.id, [hall!.id, side!.id]))).toEqual([]);
    expect((await auditOf(venue.id)).map((a) => [a.action, a.before])).toEqual([['venue.remove', { name: { en: 'China National Convention Center', 'zh-CN': '国家会议中心' }, address: { en: 'Chaoyang District, Beijing' }, rooms: 2 }]]);
    expect((await organiser.get(admin('/venues'))).body).toContain('The venue was removed.');
  });
});

describe('rooms', () => {
  it('changes name, seats, floor and booths, audited', async () => {
    const { rooms: [room] } = await createVenueWithRooms(t.db, event.id, [120]);
    const form = await organiser.get(admin(`/rooms/${room!.id}/edit`));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="capacity" type="text" value="120"');
    const res = await organiser.submit(admin(`/rooms/${room!.id}/edit`), { roomNameEn: 'Hall B', roomNameZh: 'B厅', floor: '2F', capacity: '450', booths: 'yes' }, admin(`/rooms/${room!.id}`));
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(rooms).where(eq(rooms.id, room!.id));
    expect(row).toMatchObject({ name: { en: 'Hall B', 'zh-CN': 'B厅' }, floor: '2F', capacity: 450, interpretationBooths: true });
    expect((await auditOf(room!.id)).map((a) => [a.action, a.before, a.after])).toEqual([
      [
        'room.update',
        { name: { en: 'Room 301', 'zh-CN': '301会议室' }, floor: '3F', capacity: 120, interpretationBooths: false },
        { name: { en: 'Hall B', 'zh-CN': 'B厅' }, floor: '2F', capacity: 450, interpretationBooths: true },
      ],
    ]);
  });

  it('refuses zero seats with a field error, 422, nothing written', async () => {
    const { rooms: [room] } = await createVenueWithRooms(t.db, event.id, [120]);
    const res = await organiser.submit(admin(`/rooms/${room!.id}/edit`), { roomNameEn: 'Hall B', roomNameZh: '', capacity: '0' }, admin(`/rooms/${room!.id}`));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-capacity">Enter a whole number of seats, 1 or more, or leave it empty.</a>');
    expect((await t.db.select().from(rooms).where(eq(rooms.id, room!.id)))[0]!.capacity).toBe(120);
  });

  it('refuses to remove a room a session is in (409, says how many), and removes an empty one', async () => {
    const { rooms: [busy, empty] } = await createVenueWithRooms(t.db, event.id, [300, 60]);
    await addSession(busy!.id);
    await addSession(busy!.id);
    const refused = await organiser.submit(admin(`/rooms/${busy!.id}/edit`), {}, admin(`/rooms/${busy!.id}/remove`));
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This room cannot be removed: 2 sessions are in it. Move them to other rooms first.');
    expect(await t.db.select({ id: rooms.id }).from(rooms).where(eq(rooms.id, busy!.id))).toEqual([{ id: busy!.id }]);
    const removed = await organiser.submit(admin(`/rooms/${empty!.id}/edit`), {}, admin(`/rooms/${empty!.id}/remove`));
    expect(removed.statusCode).toBe(303);
    expect(await t.db.select().from(rooms).where(eq(rooms.id, empty!.id))).toEqual([]);
    expect((await auditOf(empty!.id)).map((a) => a.action)).toEqual(['room.remove']);
  });
});

describe('hostile input', () => {
  it('never answers 5xx on the venue and room forms, and writes nothing when it refuses (property)', async () => {
    const { venue, rooms: [room] } = await createVenueWithRooms(t.db, event.id, [150]);
    const token = csrfTokenIn((await organiser.get(admin(`/rooms/${room!.id}/edit`))).body);
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('', ' ', '0', '-1', '1e3', '9999999', 'yes', '<b>x</b>', 'x'.repeat(201)));
    const state = async () => [await t.db.select().from(venues).where(eq(venues.id, venue.id)), await t.db.select().from(rooms).where(eq(rooms.id, room!.id))];
    await fc.assert(
      fc.asyncProperty(text, text, text, text, async (a, b, c, d) => {
        const before = await state();
        const venueRes = await organiser.post(admin(`/venues/${venue.id}`), { _csrf: token, nameEn: a, nameZh: b, addressEn: c, addressZh: d });
        const roomRes = await organiser.post(admin(`/rooms/${room!.id}`), { _csrf: token, roomNameEn: a, roomNameZh: b, floor: c, capacity: d, booths: a });
        expect([303, 422]).toContain(venueRes.statusCode);
        expect([303, 422]).toContain(roomRes.statusCode);
        if (venueRes.statusCode === 422 && roomRes.statusCode === 422) expect(await state()).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});

describe('tracks', () => {
  it('removes a track its sessions are in once the box says so; they stay without one; audited', async () => {
    const [track] = await t.db.insert(tracks).values({ eventId: event.id, name: { en: 'Biomedicine' }, colour: '#bf3989' }).returning();
    const session = await addSession(null, track!.id);
    const page = await organiser.get(admin(`/tracks/${track!.id}/edit`));
    expect(page.body).toContain('<span>Yes, take the track off its 1 session</span>');
    const unticked = await organiser.submit(admin(`/tracks/${track!.id}/edit`), {}, admin(`/tracks/${track!.id}/remove`));
    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('<a href="#field-confirmRemove">Tick the box to take the track off its sessions, or keep the track.</a>');
    expect(await t.db.select().from(tracks).where(eq(tracks.id, track!.id))).toHaveLength(1);
    // Ticked for one session, but a second was put in the track meanwhile: asked again, with the count now.
    const second = await addSession(null, track!.id);
    const meanwhile = await organiser.submit(admin(`/tracks/${track!.id}/edit`), { confirm: 'yes', used: '1' }, admin(`/tracks/${track!.id}/remove`));
    expect(meanwhile.statusCode).toBe(422);
    expect(meanwhile.body).toContain('<span>Yes, take the track off its 2 sessions</span>');
    await t.db.delete(agendaSessions).where(eq(agendaSessions.id, second.id));
    const res = await organiser.submit(admin(`/tracks/${track!.id}/edit`), { confirm: 'yes', used: '1' }, admin(`/tracks/${track!.id}/remove`));
    expect(res.statusCode).toBe(303);
    expect(await t.db.select().from(tracks).where(eq(tracks.id, track!.id))).toEqual([]);
    expect((await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, session.id)))[0]!.trackId).toBeNull();
    expect((await auditOf(track!.id)).map((a) => [a.action, a.before])).toEqual([['track.remove', { name: { en: 'Biomedicine' }, colour: '#bf3989', position: 0, sessions: 1 }]]);
  });

  it('refuses a second track of the same name in either language (case and spaces aside), 422, nothing written', async () => {
    const [kept] = await t.db.insert(tracks).values({ eventId: event.id, name: { en: 'Smart cities', 'zh-CN': '智慧城市' }, colour: '#0969da' }).returning();
    const [mine] = await t.db.insert(tracks).values({ eventId: event.id, name: { en: 'Urban mobility' }, colour: '#1a7f37' }).returning();
    const count = async () => (await t.db.select().from(tracks).where(eq(tracks.eventId, event.id))).length;
    const before = await count();
    const added = await organiser.submit(admin('/tracks'), { nameEn: '  smart   CITIES ', nameZh: '', colour: '#8250df' });
    expect(added.statusCode).toBe(422);
    expect(added.body).toContain('Another track already has this name. Choose a name the agenda can tell apart.');
    organiser.lang = 'zh-CN';
    try {
      const renamed = await organiser.submit(admin(`/tracks/${mine!.id}/edit`), { nameEn: 'Urban mobility', nameZh: '智慧城市', colour: '#1a7f37' }, admin(`/tracks/${mine!.id}`));
      expect(renamed.statusCode).toBe(422);
      expect(renamed.body).toContain('已有同名专题，请换一个便于在议程中区分的名称。');
    } finally {
      organiser.lang = 'en';
    }
    expect(await count()).toBe(before);
    expect((await t.db.select().from(tracks).where(eq(tracks.id, mine!.id)))[0]!.name).toEqual({ en: 'Urban mobility' });
    // Its own name again is no clash.
    expect((await organiser.submit(admin(`/tracks/${mine!.id}/edit`), { nameEn: 'Urban Mobility', nameZh: '', colour: '#1a7f37' }, admin(`/tracks/${mine!.id}`))).statusCode).toBe(303);
    await t.db.delete(tracks).where(inArray(tracks.id, [kept!.id, mine!.id]));
  });

  it('orders tracks with up and down, which the organiser list and the public track view follow', async () => {
    const ordered = async () => (await t.db.select({ name: tracks.name, position: tracks.position }).from(tracks).where(eq(tracks.eventId, event.id)).orderBy(tracks.position)).map((r) => `${r.position}:${r.name.en}`);
    // Added through the form, so they take positions 0, 1, 2.
    for (const [nameEn, colour] of [['Green technology', '#1a7f37'], ['Digital economy', '#0969da'], ['Advanced manufacturing', '#8250df']]) {
      expect((await organiser.submit(admin('/tracks'), { nameEn: nameEn!, nameZh: '', colour: colour! })).statusCode).toBe(303);
    }
    expect(await ordered()).toEqual(['0:Green technology', '1:Digital economy', '2:Advanced manufacturing']);
    const list = await t.db.select().from(tracks).where(eq(tracks.eventId, event.id));
    // The room tests left two sessions clashing in one room; this agenda starts afresh so it can be published.
    await t.db.delete(agendaSessions).where(eq(agendaSessions.eventId, event.id));
    const id = (name: string) => list.find((r) => r.name.en === name)!.id;
    for (const name of ['Green technology', 'Digital economy', 'Advanced manufacturing']) {
      const [s] = await t.db
        .insert(agendaSessions)
        .values({ eventId: event.id, type: 'parallel', title: { en: `${name} session` }, trackId: id(name), startsAt: wallTime('2026-09-18 10:00'), endsAt: wallTime('2026-09-18 11:00') })
        .returning();
      expect(s).toBeDefined();
    }
    await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'break', title: { en: 'Lunch' }, startsAt: wallTime('2026-09-18 12:00'), endsAt: wallTime('2026-09-18 13:00') });
    expect((await organiser.submit(admin('/agenda'), {}, admin('/agenda/publish'))).statusCode).toBe(303);
    const publicHeadings = async () => [...(await new HttpAgent(t.app).get('/events/suzhou-park-forum/agenda?view=track')).body.matchAll(/<h2 id="group-\d+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    // Name order would put Advanced manufacturing first; the organiser's order wins.
    expect(await publicHeadings()).toEqual(['Green technology', 'Digital economy', 'Advanced manufacturing', 'Other sessions']);

    expect((await organiser.submit(admin('/tracks'), { direction: 'up' }, admin(`/tracks/${id('Advanced manufacturing')}/move`))).statusCode).toBe(303);
    expect(await ordered()).toEqual(['0:Green technology', '1:Advanced manufacturing', '2:Digital economy']);
    expect((await organiser.submit(admin('/tracks'), { direction: 'down' }, admin(`/tracks/${id('Green technology')}/move`))).statusCode).toBe(303);
    expect(await ordered()).toEqual(['0:Advanced manufacturing', '1:Green technology', '2:Digital economy']);
    // At the top already: nothing changes.
    expect((await organiser.submit(admin('/tracks'), { direction: 'up' }, admin(`/tracks/${id('Advanced manufacturing')}/move`))).statusCode).toBe(303);
    expect(await ordered()).toEqual(['0:Advanced manufacturing', '1:Green technology', '2:Digital economy']);

    expect(await publicHeadings()).toEqual(['Advanced manufacturing', 'Green technology', 'Digital economy', 'Other sessions']);
    const page = await organiser.get(admin('/tracks'));
    expect([...page.body.matchAll(/<strong>([^<]+)<\/strong> <span class="muted">#/g)].map((m) => m[1])).toEqual(['Advanced manufacturing', 'Green technology', 'Digital economy']);
    const audit = await auditOf(id('Advanced manufacturing'));
    expect(audit.filter((a) => a.action === 'track.reorder').map((a) => [a.before, a.after])).toEqual([
      [{ order: [id('Green technology'), id('Digital economy'), id('Advanced manufacturing')] }, { order: [id('Green technology'), id('Advanced manufacturing'), id('Digital economy')] }],
    ]);
    const bad = await organiser.post(admin(`/tracks/${id('Green technology')}/move`), { _csrf: csrfTokenIn(page.body), direction: 'sideways' });
    expect(bad.statusCode).toBe(422);
    expect(await ordered()).toEqual(['0:Advanced manufacturing', '1:Green technology', '2:Digital economy']);
  });
});

describe('permissions', () => {
  it('refuses check-in staff with 403 and finds nothing of another event (404), writing nothing', async () => {
    const { venue, rooms: [room] } = await createVenueWithRooms(t.db, event.id, [100]);
    const [track] = await t.db.insert(tracks).values({ eventId: event.id, name: { en: 'Smart cities' }, colour: '#0969da' }).returning();
    const foreign = await createVenueWithRooms(t.db, other.id, [50]);
    const [foreignTrack] = await t.db.insert(tracks).values({ eventId: other.id, name: { en: 'Foreign' }, colour: '#0969da' }).returning();
    for (const url of [admin(`/venues/${venue.id}/edit`), admin(`/rooms/${room!.id}/edit`)]) expect((await checkin.get(url)).statusCode, url).toBe(403);
    const viewerToken = csrfTokenIn((await checkin.get('/account')).body);
    const posts: [string, Record<string, string>][] = [
      [admin(`/venues/${venue.id}`), { nameEn: 'Taken over', nameZh: '' }],
      [admin(`/venues/${venue.id}/remove`), {}],
      [admin(`/rooms/${room!.id}`), { roomNameEn: 'Taken over', roomNameZh: '' }],
      [admin(`/rooms/${room!.id}/remove`), {}],
      [admin(`/tracks/${track!.id}/remove`), {}],
      [admin(`/tracks/${track!.id}/move`), { direction: 'down' }],
    ];
    for (const [url, body] of posts) expect((await checkin.post(url, { ...body, _csrf: viewerToken })).statusCode, url).toBe(403);
    const ownToken = csrfTokenIn((await organiser.get(admin('/venues'))).body);
    const idor: [string, Record<string, string>][] = [
      [admin(`/venues/${foreign.venue.id}`), { nameEn: 'Taken over', nameZh: '' }],
      [admin(`/venues/${foreign.venue.id}/remove`), {}],
      [admin(`/rooms/${foreign.rooms[0]!.id}`), { roomNameEn: 'Taken over', roomNameZh: '' }],
      [admin(`/rooms/${foreign.rooms[0]!.id}/remove`), {}],
      [admin(`/tracks/${foreignTrack!.id}/remove`), {}],
      [admin(`/tracks/${foreignTrack!.id}/move`), { direction: 'up' }],
    ];
    for (const [url, body] of idor) expect((await organiser.post(url, { ...body, _csrf: ownToken })).statusCode, url).toBe(404);
    expect((await organiser.get(admin(`/venues/${foreign.venue.id}/edit`))).statusCode).toBe(404);
    expect((await organiser.get(admin(`/rooms/${foreign.rooms[0]!.id}/edit`))).statusCode).toBe(404);
    expect((await t.db.select().from(venues).where(eq(venues.id, foreign.venue.id)))[0]!.name).toEqual({ en: 'China National Convention Center', 'zh-CN': '国家会议中心' });
    expect(await t.db.select({ id: rooms.id }).from(rooms).where(eq(rooms.venueId, foreign.venue.id))).toHaveLength(1);
    expect(await t.db.select({ id: tracks.id }).from(tracks).where(eq(tracks.id, foreignTrack!.id))).toHaveLength(1);
    expect(await t.db.select({ id: venues.id }).from(venues).where(eq(venues.id, venue.id))).toHaveLength(1);
    expect(await t.db.select({ id: tracks.id }).from(tracks).where(eq(tracks.id, track!.id))).toHaveLength(1);
  });
});
