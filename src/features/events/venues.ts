// An event's venues and their rooms (capacity, floor or hall, interpretation booths), added by organisers; audited.
import { localizedFromFields } from '../../lib/localized.ts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { rooms, venues } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';

const tooLong = (text: string, max: number) => [...text.trim()].length > max;

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
  for (const field of ['nameEn', 'nameZh', 'addressEn', 'addressZh'] as const) if (tooLong(form[field], 200)) errors[field] = { key: 'forms.tooLong', vars: { max: 200 } };
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
  for (const field of ['roomNameEn', 'roomNameZh'] as const) if (tooLong(form[field], 200)) errors[field] = { key: 'forms.tooLong', vars: { max: 200 } };
  if (tooLong(form.floor, 50)) errors.floor = { key: 'forms.tooLong', vars: { max: 50 } };
  let capacity: number | null = null;
  if (form.capacity.trim()) {
    if (!/^\d{1,6}$/.test(form.capacity.trim()) || Number(form.capacity) < 1) errors.capacity = { key: 'agenda.errors.capacity' };
    else capacity = Number(form.capacity.trim());
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
