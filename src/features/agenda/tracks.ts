// An event's tracks (strands of the agenda): a name in both languages and a colour, always shown with its label.
import { localizedFromFields } from '../../lib/localized.ts';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { agendaSessions, tracks } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';

export type TrackRow = typeof tracks.$inferSelect;
export interface TrackForm {
  nameEn: string;
  nameZh: string;
  colour: string;
}
export type TrackValues = Pick<TrackRow, 'name' | 'colour'>;

export const EMPTY_TRACK_FORM: TrackForm = { nameEn: '', nameZh: '', colour: '#1f6feb' };

export async function findTrackOfEvent(db: Db, eventId: string, trackId: string): Promise<TrackRow | undefined> {
  const [row] = await db.select().from(tracks).where(and(eq(tracks.eventId, eventId), eq(tracks.id, trackId)));
  return row;
}

/** Characters of a track's name in each language; the form's inputs take it as maxlength. */
export const TRACK_NAME_MAX = 100;

export const trackToForm = (row: TrackRow): TrackForm => ({ nameEn: row.name.en ?? '', nameZh: row.name['zh-CN'] ?? '', colour: row.colour });

/** The least contrast a track's colour has with the white it is shown on: WCAG's 3:1 for graphical objects. */
export const MIN_TRACK_CONTRAST = 3;

/** The contrast ratio of a colour ('#rrggbb') with white, as WCAG 2 reckons it (1 to 21). */
export function contrastOnWhite(colour: string): number {
  const channel = (i: number) => {
    const v = Number.parseInt(colour.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

export function validateTrackForm(form: TrackForm): { values?: TrackValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const nameEn = form.nameEn.trim();
  const nameZh = form.nameZh.trim();
  if (!nameEn && !nameZh) errors.nameEn = { key: 'tracks.errors.name' };
  if ([...nameEn].length > TRACK_NAME_MAX) errors.nameEn = { key: 'forms.tooLong', vars: { max: TRACK_NAME_MAX } };
  if ([...nameZh].length > TRACK_NAME_MAX) errors.nameZh = { key: 'forms.tooLong', vars: { max: TRACK_NAME_MAX } };
  const colour = form.colour.trim().toLowerCase();
  if (!/^#[0-9a-f]{6}$/.test(colour)) errors.colour = { key: 'tracks.errors.colour' };
  // The colour marks sessions on white pages and grids: too pale (white, yellow) and it cannot be seen (WCAG 1.4.11).
  else if (contrastOnWhite(colour) < MIN_TRACK_CONTRAST) errors.colour = { key: 'tracks.errors.pale', vars: { ratio: contrastOnWhite(colour).toFixed(1) } };
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, values: { name: localizedFromFields(nameEn, nameZh), colour } };
}

/**
 * A name another track of the event already has, in either language (letter case and spaces aside): two tracks of one
 * name cannot be told apart on the agenda. Returns the field errors for the form; none when the names are free.
 */
export async function duplicateTrackNames(db: Db, eventId: string, values: TrackValues, exceptId?: string): Promise<FieldErrors> {
  const others = (await db.select({ id: tracks.id, name: tracks.name }).from(tracks).where(eq(tracks.eventId, eventId))).filter((t) => t.id !== exceptId);
  const fold = (text: string | undefined) => text?.normalize('NFKC').trim().toLocaleLowerCase().replace(/\s+/g, ' ');
  const errors: FieldErrors = {};
  for (const [lang, field] of [['en', 'nameEn'], ['zh-CN', 'nameZh']] as const) {
    const name = fold(values.name[lang]);
    if (name && others.some((t) => fold(t.name[lang]) === name)) errors[field] = { key: 'tracks.errors.duplicate' };
  }
  return errors;
}

export async function createTrack(db: Db, actor: AuditActor, eventId: string, values: TrackValues): Promise<void> {
  await db.transaction(async (tx) => {
    const [position] = await tx.select({ next: sql<number>`coalesce(max(${tracks.position}) + 1, 0)::int` }).from(tracks).where(eq(tracks.eventId, eventId));
    const [row] = await tx.insert(tracks).values({ ...values, eventId, position: position?.next ?? 0 }).returning({ id: tracks.id });
    await writeAudit(tx, actor, { eventId, action: 'track.create', targetType: 'track', targetId: row!.id, after: { ...values } });
  });
}

export async function updateTrack(db: Db, actor: AuditActor, before: TrackRow, values: TrackValues): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(tracks).set(values).where(eq(tracks.id, before.id));
    await writeAudit(tx, actor, { eventId: before.eventId, action: 'track.update', targetType: 'track', targetId: before.id, before: { name: before.name, colour: before.colour }, after: { ...values } });
  });
}

/** How many of the event's sessions are in the track (removing it takes it off them). */
export async function countSessionsOfTrack(db: Db, trackId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(agendaSessions).where(eq(agendaSessions.trackId, trackId));
  return row?.n ?? 0;
}

/**
 * Removes the track, taking it off its sessions, when they are as many as the organiser confirmed (`confirmed`: the
 * count the form showed and had ticked; 0 for an unused track, which needs no box). Otherwise nothing is removed and
 * the count now is returned. The track's row is locked first, so no session is put in it between count and delete.
 */
export async function removeTrack(db: Db, actor: AuditActor, track: TrackRow, confirmed: number): Promise<{ removed: true } | { removed: false; used: number }> {
  return db.transaction(async (tx) => {
    await tx.select({ id: tracks.id }).from(tracks).where(eq(tracks.id, track.id)).for('update');
    const used = await countSessionsOfTrack(tx, track.id);
    if (used !== confirmed) return { removed: false as const, used };
    await tx.delete(tracks).where(eq(tracks.id, track.id));
    await writeAudit(tx, actor, { eventId: track.eventId, action: 'track.remove', targetType: 'track', targetId: track.id, before: { name: track.name, colour: track.colour, position: track.position, sessions: used } });
    return { removed: true as const };
  });
}

/**
 * Moves a track one place up or down in the event's order and numbers all its tracks 0, 1, 2 … again, so tracks that
 * shared a position (older rows) get a definite order. At either end nothing changes. Audited with both orders.
 */
export async function moveTrack(db: Db, actor: AuditActor, track: TrackRow, direction: 'up' | 'down'): Promise<void> {
  await db.transaction(async (tx) => {
    // One reordering of an event at a time: the row lock on every track serialises concurrent moves.
    const list = await tx.select({ id: tracks.id }).from(tracks).where(eq(tracks.eventId, track.eventId)).orderBy(asc(tracks.position), asc(tracks.createdAt), asc(tracks.id)).for('update');
    const before = list.map((t) => t.id);
    const index = before.indexOf(track.id);
    const other = direction === 'up' ? index - 1 : index + 1;
    if (index === -1 || other < 0 || other >= before.length) return;
    const after = [...before];
    [after[index], after[other]] = [after[other]!, after[index]!];
    for (const [position, id] of after.entries()) await tx.update(tracks).set({ position }).where(eq(tracks.id, id));
    await writeAudit(tx, actor, { eventId: track.eventId, action: 'track.reorder', targetType: 'track', targetId: track.id, before: { order: before }, after: { order: after } });
  });
}
