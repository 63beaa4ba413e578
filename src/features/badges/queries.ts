// Badge queries: what a badge shows for given registrations, and the badge_jobs rows; every query is scoped by event.
import { and, desc, eq, getTableColumns, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { badgeJobs, events, registrationCategories, registrations } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import type { Badge } from './badge-pdf.ts';
import { personName, personNames } from '../../lib/person-name.ts';

export type BadgeJobRow = typeof badgeJobs.$inferSelect;
export type NewBadgeJobRow = typeof badgeJobs.$inferInsert;

/** Both languages on one line ("Guest · 嘉宾") where the organiser gave both: badges are read by everyone. */
export function bothLanguages(text: LocalizedText): string {
  const en = text.en?.trim() ?? '';
  const zh = text['zh-CN']?.trim() ?? '';
  if (en && zh && en !== zh) return `${en} · ${zh}`;
  return en || zh;
}

export interface BadgeSource {
  registrationId: string;
  status: string;
  erased: boolean;
  badge: Badge;
}

/** The badges of these registrations of the event, in the order of `ids` (unknown or other events' ids are left out). */
export async function findBadgeSources(db: Db, eventId: string, ids: readonly string[]): Promise<BadgeSource[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ registration: registrations, category: registrationCategories, eventTitle: events.title })
    .from(registrations)
    .innerJoin(registrationCategories, eq(registrationCategories.id, registrations.categoryId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.id, [...ids])));
  const byId = new Map(
    rows.map(({ registration: r, category, eventTitle }) => [
      r.id,
      {
        registrationId: r.id,
        status: r.status,
        erased: r.erasedAt !== null,
        badge: {
          eventTitle: bothLanguages(eventTitle),
          latinName: personName(r.givenName, r.familyName),
          chineseName: personNames(r.givenName, r.familyName, r.nameZh).nameZh,
          organisation: r.organisation,
          categoryName: bothLanguages(category.name),
          categoryColour: category.colour,
          ticketCode: r.ticketCode,
        },
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Inserts the job; false when the event already has one from the same form (its token), which is then kept. */
export async function insertBadgeJob(tx: Db, row: NewBadgeJobRow): Promise<boolean> {
  const rows = await tx.insert(badgeJobs).values(row).onConflictDoNothing().returning({ id: badgeJobs.id });
  return rows.length > 0;
}

export async function findBadgeJobIdByFormToken(db: Db, eventId: string, formToken: string): Promise<string | undefined> {
  const [row] = await db.select({ id: badgeJobs.id }).from(badgeJobs).where(and(eq(badgeJobs.eventId, eventId), eq(badgeJobs.formToken, formToken)));
  return row?.id;
}

/** A job with its PDF only when asked: progress polls never read megabytes. */
export async function findBadgeJob(db: Db, eventId: string, jobId: string): Promise<Omit<BadgeJobRow, 'pdf'> | undefined> {
  const { pdf: _pdf, ...columns } = getTableColumns(badgeJobs);
  const [row] = await db.select(columns).from(badgeJobs).where(and(eq(badgeJobs.eventId, eventId), eq(badgeJobs.id, jobId)));
  return row;
}

export async function findBadgeJobPdf(db: Db, eventId: string, jobId: string): Promise<Buffer | undefined> {
  const [row] = await db.select({ pdf: badgeJobs.pdf }).from(badgeJobs).where(and(eq(badgeJobs.eventId, eventId), eq(badgeJobs.id, jobId)));
  return row?.pdf ?? undefined;
}

/** For the worker, which knows only the job's id. */
export async function findBadgeJobById(db: Db, jobId: string): Promise<Omit<BadgeJobRow, 'pdf'> | undefined> {
  const { pdf: _pdf, ...columns } = getTableColumns(badgeJobs);
  const [row] = await db.select(columns).from(badgeJobs).where(eq(badgeJobs.id, jobId));
  return row;
}

/** The event's jobs that have not expired, newest first, for the badges page. */
export async function listBadgeJobs(db: Db, eventId: string, now: Date, limit = 10) {
  return db
    .select({ id: badgeJobs.id, layout: badgeJobs.layout, status: badgeJobs.status, total: badgeJobs.total, done: badgeJobs.done, createdAt: badgeJobs.createdAt, expiresAt: badgeJobs.expiresAt })
    .from(badgeJobs)
    .where(and(eq(badgeJobs.eventId, eventId), gt(badgeJobs.expiresAt, now)))
    .orderBy(desc(badgeJobs.createdAt), desc(badgeJobs.id))
    .limit(limit);
}

/** Claims a queued (or crashed, still running) job for a run: progress starts again from nothing. */
export async function startBadgeJobRun(db: Db, jobId: string): Promise<boolean> {
  const rows = await db
    .update(badgeJobs)
    .set({ status: 'running', done: 0 })
    .where(and(eq(badgeJobs.id, jobId), inArray(badgeJobs.status, ['queued', 'running']), isNull(badgeJobs.pdf)))
    .returning({ id: badgeJobs.id });
  return rows.length > 0;
}

export async function recordBadgeJobProgress(db: Db, jobId: string, done: number): Promise<void> {
  await db.update(badgeJobs).set({ done: sql`least(${done}, ${badgeJobs.total})` }).where(and(eq(badgeJobs.id, jobId), eq(badgeJobs.status, 'running')));
}

export async function finishBadgeJob(db: Db, jobId: string, pdf: Buffer, now: Date): Promise<void> {
  await db.update(badgeJobs).set({ status: 'done', done: sql`${badgeJobs.total}`, pdf, finishedAt: now }).where(and(eq(badgeJobs.id, jobId), eq(badgeJobs.status, 'running')));
}

export async function failBadgeJob(db: Db, jobId: string, error: string, now: Date): Promise<void> {
  await db.update(badgeJobs).set({ status: 'failed', error, finishedAt: now }).where(and(eq(badgeJobs.id, jobId), inArray(badgeJobs.status, ['queued', 'running'])));
}

/** PDFs hold personal data: expired ones go, of every event. */
export async function deleteExpiredBadgeJobs(db: Db, now: Date): Promise<void> {
  await db.delete(badgeJobs).where(lt(badgeJobs.expiresAt, now));
}
