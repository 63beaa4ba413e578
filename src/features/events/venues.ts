// An event's venues and their rooms (capacity, floor or hall, interpretation booths), added by organisers; audited.
import { parseWholeNumber } from '../../lib/whole-number.ts';
import { localizedFromFields } from '../../lib/localized.ts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { agendaSessions, rooms, venues } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { textLength } from '../../lib/form-text.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';

const tooLong = (text: string, max: number) => textLength(text) > max;

/** Characters per field of the venue and room forms (names and addresses in each language, floor); inputs' maxlength. */
export const VENUE_TEXT_LIMITS = { name: 200, address: 200, floor: 50 } as const;

export async function findVenuesWithRoomsOfEvent(db: Db, eventId: string) {
  const venueRows = await db.select().from(venues).where(eq(venues.eventId, eventId)).orderBy(asc(venues.createdAt));
  const roomRows = venueRows.length ? await db.select().from(rooms).where(inArray(rooms.venueId, venueRows.map((v) => v.id))).orderBy(asc(rooms.createdAt)) : [];
  return venueRows.map((v) => ({ ...v, rooms: roomRows.filter((r) => r.venueId === v.id) }));
}

export async function findVenueOfEvent(db: Db, eventId: string, venueId: string) {
  const [row] = await db.select().from(venues).where(and(eq(venues.eventId, eventId), eq(venues.id, venueId)));
  return row;
}

export interface VenueForm {
  nameEn: string;
  nameZh: string;
  addressEn: string;
  addressZh: string;
}

export function validateVenueForm(form: VenueForm) {
  const errors: FieldErrors = {};
  if (!form.nameEn.trim() && !form.nameZh.trim()) errors.nameEn = { key: 'venues.errors.name' };
  for (const [field, max] of [['nameEn', VENUE_TEXT_LIMITS.name], ['nameZh', VENUE_TEXT_LIMITS.name], ['addressEn', VENUE_TEXT_LIMITS.address], ['addressZh', VENUE_TEXT_LIMITS.address]] as const) {
    if (tooLong(form[field], max)) errors[field] = { key: 'forms.tooLong', vars: { max } };
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, values: { name: localizedFromFields(form.nameEn, form.nameZh), address: localizedFromFields(form.addressEn, form.addressZh) } };
}

export async function createVenue(db: Db, actor: AuditActor, eventId: string, values: { name: Record<string, string>; address: Record<string, string> }) {
  await db.transaction(async (tx) => {
    const [row] = await tx.insert(venues).values({ ...values, eventId }).returning({ id: venues.id });
    await writeAudit(tx, actor, { eventId, action: 'venue.create', targetType: 'venue', targetId: row!.id, after: values });
  });
}

export interface RoomForm {
  roomNameEn: string;
  roomNameZh: string;
  floor: string;
  capacity: string;
  booths: string;
}

export function validateRoomForm(form: RoomForm) {
  const errors: FieldErrors = {};
  if (!form.roomNameEn.trim() && !form.roomNameZh.trim()) errors.roomNameEn = { key: 'venues.errors.roomName' };
  for (const field of ['roomNameEn', 'roomNameZh'] as const) if (tooLong(form[field], VENUE_TEXT_LIMITS.name)) errors[field] = { key: 'forms.tooLong', vars: { max: VENUE_TEXT_LIMITS.name } };
  if (tooLong(form.floor, VENUE_TEXT_LIMITS.floor)) errors.floor = { key: 'forms.tooLong', vars: { max: VENUE_TEXT_LIMITS.floor } };
  let capacity: number | null = null;
  if (form.capacity.trim()) {
    const n = parseWholeNumber(form.capacity, { min: 1, max: 999_999 });
    if (n === undefined) errors.capacity = { key: 'agenda.errors.capacity' };
    else capacity = n;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, values: { name: localizedFromFields(form.roomNameEn, form.roomNameZh), floor: form.floor.trim() || null, capacity, interpretationBooths: form.booths === 'yes' } };
}

export async function createRoom(
  db: Db,
  actor: AuditActor,
  eventId: string,
  venueId: string,
  values: { name: Record<string, string>; floor: string | null; capacity: number | null; interpretationBooths: boolean },
) {
  await db.transaction(async (tx) => {
    const [row] = await tx.insert(rooms).values({ ...values, venueId }).returning({ id: rooms.id });
    await writeAudit(tx, actor, { eventId, action: 'room.create', targetType: 'room', targetId: row!.id, after: { ...values, venueId } });
  });
}

type VenueValues = { name: Record<string, string>; address: Record<string, string> };
type RoomValues = { name: Record<string, string>; floor: string | null; capacity: number | null; interpretationBooths: boolean };

export const venueToForm = (v: { name: unknown; address: unknown }): VenueForm => {
  const name = v.name as Record<string, string>;
  const address = v.address as Record<string, string>;
  return { nameEn: name.en ?? '', nameZh: name['zh-CN'] ?? '', addressEn: address.en ?? '', addressZh: address['zh-CN'] ?? '' };
};

export const roomToForm = (r: { name: unknown; floor: string | null; capacity: number | null; interpretationBooths: boolean }): RoomForm => {
  const name = r.name as Record<string, string>;
  return { roomNameEn: name.en ?? '', roomNameZh: name['zh-CN'] ?? '', floor: r.floor ?? '', capacity: r.capacity === null ? '' : String(r.capacity), booths: r.interpretationBooths ? 'yes' : '' };
};

/** A room of one of the event's venues, with its venue's id; another event's room is not found. */
export async function findRoomOfEvent(db: Db, eventId: string, roomId: string) {
  const [row] = await db
    .select({ id: rooms.id, venueId: rooms.venueId, name: rooms.name, floor: rooms.floor, capacity: rooms.capacity, interpretationBooths: rooms.interpretationBooths, venueName: venues.name })
    .from(rooms)
    .innerJoin(venues, eq(venues.id, rooms.venueId))
    .where(and(eq(venues.eventId, eventId), eq(rooms.id, roomId)));
  return row;
}

/** How many sessions (of any event) are placed in these rooms. */
async function countSessionsIn(db: Db, roomIds: string[]): Promise<number> {
  if (roomIds.length === 0) return 0;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(agendaSessions).where(inArray(agendaSessions.roomId, roomIds));
  return row?.n ?? 0;
}

export async function updateVenue(db: Db, actor: AuditActor, before: typeof venues.$inferSelect, values: VenueValues): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(venues).set(values).where(eq(venues.id, before.id));
    await writeAudit(tx, actor, { eventId: before.eventId, action: 'venue.update', targetType: 'venue', targetId: before.id, before: { name: before.name, address: before.address }, after: values });
  });
}

/**
 * Removes a venue and its rooms, unless a session is placed in one of them: the organiser moves those first, so no
 * session silently loses its room. Returns how many sessions stand in the way (0: removed).
 */
export async function removeVenue(db: Db, actor: AuditActor, venue: typeof venues.$inferSelect): Promise<{ sessionsInRooms: number }> {
  return db.transaction(async (tx) => {
    // Locks the venue's rooms, so a session cannot be placed in one between the count and the delete.
    const roomRows = await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.venueId, venue.id)).for('update');
    const sessionsInRooms = await countSessionsIn(tx, roomRows.map((r) => r.id));
    if (sessionsInRooms > 0) return { sessionsInRooms };
    await tx.delete(venues).where(eq(venues.id, venue.id));
    await writeAudit(tx, actor, { eventId: venue.eventId, action: 'venue.remove', targetType: 'venue', targetId: venue.id, before: { name: venue.name, address: venue.address, rooms: roomRows.length } });
    return { sessionsInRooms: 0 };
  });
}

export async function updateRoom(db: Db, actor: AuditActor, eventId: string, before: NonNullable<Awaited<ReturnType<typeof findRoomOfEvent>>>, values: RoomValues): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(rooms).set(values).where(eq(rooms.id, before.id));
    const { name, floor, capacity, interpretationBooths } = before;
    await writeAudit(tx, actor, { eventId, action: 'room.update', targetType: 'room', targetId: before.id, before: { name, floor, capacity, interpretationBooths }, after: values });
  });
}

/** Removes a room no session is placed in; otherwise returns how many are, and removes nothing. */
export async function removeRoom(db: Db, actor: AuditActor, eventId: string, room: NonNullable<Awaited<ReturnType<typeof findRoomOfEvent>>>): Promise<{ sessionsInRoom: number }> {
  return db.transaction(async (tx) => {
    await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.id, room.id)).for('update');
    const sessionsInRoom = await countSessionsIn(tx, [room.id]);
    if (sessionsInRoom > 0) return { sessionsInRoom };
    await tx.delete(rooms).where(eq(rooms.id, room.id));
    const { name, floor, capacity, interpretationBooths, venueId } = room;
    await writeAudit(tx, actor, { eventId, action: 'room.remove', targetType: 'room', targetId: room.id, before: { name, floor, capacity, interpretationBooths, venueId } });
    return { sessionsInRoom: 0 };
  });
}
