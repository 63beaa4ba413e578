// Organisers add venues and rooms (seats, floor, interpretation booths); bad input is refused per field; audited;
// a venue of another event cannot take rooms through this event’s pages.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, rooms, venues } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t.close());

describe('venues and rooms', () => {
  it('adds a venue and a room with seats and booths, lists them, and audits both', async () => {
    expect((await organiser.submit(`/admin/events/${event.id}/venues`, { nameEn: 'China National Convention Center', nameZh: '国家会议中心', addressEn: 'Chaoyang, Beijing', addressZh: '北京市朝阳区' })).statusCode).toBe(303);
    const [venue] = await t.db.select().from(venues).where(eq(venues.eventId, event.id));
    const added = await organiser.submit(`/admin/events/${event.id}/venues`, { roomNameEn: 'Hall A', roomNameZh: 'A厅', floor: '1F', capacity: '800', booths: 'yes' }, `/admin/events/${event.id}/venues/${venue!.id}/rooms`);
    expect(added.statusCode).toBe(303);
    const [room] = await t.db.select().from(rooms).where(eq(rooms.venueId, venue!.id));
    expect(room).toMatchObject({ name: { en: 'Hall A', 'zh-CN': 'A厅' }, floor: '1F', capacity: 800, interpretationBooths: true });
    const page = await organiser.get(`/admin/events/${event.id}/venues`);
    // The details separated by CSS (a "·" between two of them), none dangling before the link when some are missing.
    expect(page.body).toContain(`<li><span><span class="room-list__name">Hall A</span> <span class="room-list__details"><span>1F</span><span>800 seats</span><span>interpretation booths</span></span></span> <a href="/admin/events/${event.id}/rooms/${room!.id}/edit">Change<span class="visually-hidden"> Hall A</span></a></li>`);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.eventId, event.id))).map((a) => a.action).sort()).toEqual(['room.create', 'venue.create']);
  });

  it('refuses a nameless venue and a room with zero seats, 422, nothing written', async () => {
    const noName = await organiser.submit(`/admin/events/${event.id}/venues`, { nameEn: '', nameZh: '' });
    expect(noName.statusCode).toBe(422);
    expect(noName.body).toContain('<a href="#field-nameEn">Give the venue’s name in English, in Chinese or both.</a>');
    const [venue] = await t.db.select().from(venues).where(eq(venues.eventId, event.id));
    const before = (await t.db.select().from(rooms)).length;
    const zero = await organiser.submit(`/admin/events/${event.id}/venues`, { roomNameEn: 'Cupboard', roomNameZh: '', capacity: '0' }, `/admin/events/${event.id}/venues/${venue!.id}/rooms`);
    expect(zero.statusCode).toBe(422);
    expect(zero.body).toContain('Enter a whole number of seats, 1 or more, or leave it empty.');
    expect((await t.db.select().from(rooms)).length).toBe(before);
  });

  it('gives each venue’s room form ids of its own, so the error summary leads to the right venue’s field', async () => {
    expect((await organiser.submit(`/admin/events/${event.id}/venues`, { nameEn: 'Zhongguancun Exhibition Center', nameZh: '中关村展示中心' })).statusCode).toBe(303);
    const all = await t.db.select().from(venues).where(eq(venues.eventId, event.id));
    expect(all.length).toBeGreaterThan(1);
    const second = all.at(-1)!;
    const res = await organiser.submit(`/admin/events/${event.id}/venues`, { roomNameEn: '', roomNameZh: '', capacity: '' }, `/admin/events/${event.id}/venues/${second.id}/rooms`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<a href="#field-room-${second.id}-roomNameEn">`);
    expect(res.body).toContain(`id="field-room-${second.id}-roomNameEn" name="roomNameEn"`);
    const ids = [...res.body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('does not add rooms to another event’s venue', async () => {
    const other = await createEvent(t.db);
    const { venue } = await createVenueWithRooms(t.db, other.id, [50]);
    const res = await organiser.submit(`/admin/events/${event.id}/venues`, { roomNameEn: 'Intruder', roomNameZh: '' }, `/admin/events/${event.id}/venues/${venue.id}/rooms`);
    expect(res.statusCode).toBe(404);
    expect((await t.db.select().from(rooms).where(eq(rooms.venueId, venue.id))).length).toBe(1);
  });
});
