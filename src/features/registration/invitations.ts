// Invitation codes: organisers generate them (one or a batch) for a category, with a quota of uses, an optional
// expiry and "bypass approval"; participants type them into the form. A code is the category's code and 40 random
// bits from an alphabet without look-alikes (no 0/O, 1/I): VIP-7KQ2-M9XD. Using a code's quota is atomic in
// service.ts (a conditional UPDATE); here the form only finds out whether a typed code can be used at all.
// Example: await findUsableInvitationCode(db, eventId, ' vip 7kq2 m9xd ', now) → { id, categoryId, bypassApproval }
import { parseWholeNumber } from '../../lib/whole-number.ts';
import { randomBytes } from 'node:crypto';
import { and, count, eq, gt, gte, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { invitationCodes, registrationCategories } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { parseWallTime } from '../../lib/wall-time.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';

export type InvitationCodeRow = typeof invitationCodes.$inferSelect;

/** 32 symbols, so each carries exactly 5 random bits: digits 2–9 and the letters without I and O. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** 8 symbols × 5 bits = 40 bits: guessing one of 1,000 codes takes about a billion tries. */
const RANDOM_SYMBOLS = 8;
export const MAX_BATCH = 1000;
const MAX_QUOTA = 10_000;

/** The random part of a code, "7KQ2-M9XD", from 5 bytes of node:crypto (no modulo bias: 40 bits, 8 × 5). */
export function randomCodePart(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = RANDOM_SYMBOLS - 1; i >= 0; i--) out += CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/**
 * A code as someone typed or pasted it, in the stored spelling without dashes: full-width letters (a Chinese
 * input method) and lower case folded, spaces, dashes of any kind, dots and underscores dropped. Codes differ by
 * more than dashes (the random part has a fixed length), so comparing without them is exact.
 * Example: normaliseTypedCode(' vip–7kq2 m9xd ') → 'VIP7KQ2M9XD'
 */
export function normaliseTypedCode(typed: string): string {
  return typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\p{Pd}._\u30FC\u2212]+/gu, '');
}

export type InvitationProblem = 'unknown' | 'expired' | 'used-up';

/** For the public form: the code of this event that `typed` names, if it can still be used at `now`. */
export async function findUsableInvitationCode(
  db: Db,
  eventId: string,
  typed: string,
  now: Date,
): Promise<{ id: string; categoryId: string; bypassApproval: boolean; problem?: undefined } | { problem: InvitationProblem }> {
  const wanted = normaliseTypedCode(typed);
  if (!/^[A-Z0-9]{1,40}$/.test(wanted)) return { problem: 'unknown' };
  const [row] = await db
    .select()
    .from(invitationCodes)
    .where(and(eq(invitationCodes.eventId, eventId), sql`replace(${invitationCodes.code}, '-', '') = ${wanted}`))
    .limit(1);
  if (!row) return { problem: 'unknown' };
  if (row.expiresAt && row.expiresAt <= now) return { problem: 'expired' };
  if (row.used >= row.maxUses) return { problem: 'used-up' };
  return { id: row.id, categoryId: row.categoryId, bypassApproval: row.bypassApproval };
}

// — Generating —

export interface GenerateForm {
  categoryId: string;
  count: string;
  maxUses: string;
  expiresAt: string;
  bypassApproval: string;
}
export interface GenerateValues {
  categoryId: string;
  categoryCode: string;
  count: number;
  maxUses: number;
  expiresAt: Date | null;
  bypassApproval: boolean;
}

export const EMPTY_GENERATE_FORM: GenerateForm = { categoryId: '', count: '1', maxUses: '1', expiresAt: '', bypassApproval: '' };

const wholeNumber = (text: string, min: number, max: number): number | undefined => parseWholeNumber(text, { min, max });

export function validateGenerateForm(form: GenerateForm, categories: { id: string; code: string }[], zone: string, now: Date): { values?: GenerateValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const category = categories.find((c) => c.id === form.categoryId.toLowerCase());
  if (!category) errors.categoryId = { key: 'invitationCodes.errors.category' };
  const n = wholeNumber(form.count, 1, MAX_BATCH);
  if (n === undefined) errors.count = { key: 'invitationCodes.errors.count', vars: { max: MAX_BATCH } };
  const maxUses = wholeNumber(form.maxUses, 1, MAX_QUOTA);
  if (maxUses === undefined) errors.maxUses = { key: 'invitationCodes.errors.maxUses', vars: { max: MAX_QUOTA } };
  let expiresAt: Date | null = null;
  if (form.expiresAt.trim() !== '') {
    const parsed = parseWallTime(form.expiresAt.trim(), zone);
    if (parsed.problem) errors.expiresAt = { key: `registrationSetup.errors.time.${parsed.problem}` };
    else if (parsed.instant <= now) errors.expiresAt = { key: 'invitationCodes.errors.expiresInPast' };
    else expiresAt = parsed.instant;
  }
  const bypassApproval = form.bypassApproval === 'on' || form.bypassApproval === 'yes';
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, values: { categoryId: category!.id, categoryCode: category!.code, count: n!, maxUses: maxUses!, expiresAt, bypassApproval } };
}

/** The batch a list or CSV is limited to: the ids of its first and last code (ids are UUID v7, in order). */
export interface Batch {
  first: string;
  last: string;
}
export const batchParam = (b: Batch) => `${b.first}.${b.last}`;
export function parseBatch(text: string | undefined): Batch | undefined {
  const [first, last, extra] = (text ?? '').toLowerCase().split('.');
  return first && last && extra === undefined && isUuid(first) && isUuid(last) ? { first, last } : undefined;
}

/**
 * Inserts `count` new codes in one transaction with one audit row. The ids are made here, in order, so the batch
 * is the id range [first, last]. A random part that collides with an existing code (1 in a trillion) is drawn again.
 */
export async function generateCodes(db: Db, actor: AuditActor, eventId: string, values: GenerateValues): Promise<Batch> {
  return db.transaction(async (tx) => {
    const existing = new Set(
      (await tx.select({ code: invitationCodes.code }).from(invitationCodes).where(and(eq(invitationCodes.eventId, eventId), eq(invitationCodes.categoryId, values.categoryId)))).map((r) => r.code),
    );
    const rows: (typeof invitationCodes.$inferInsert)[] = [];
    while (rows.length < values.count) {
      const code = `${values.categoryCode}-${randomCodePart()}`;
      if (existing.has(code)) continue;
      existing.add(code);
      rows.push({ id: uuidv7(), eventId, categoryId: values.categoryId, code, maxUses: values.maxUses, expiresAt: values.expiresAt, bypassApproval: values.bypassApproval });
    }
    // Large batches go in slices: a bound-parameter limit applies per statement.
    for (let i = 0; i < rows.length; i += 200) await tx.insert(invitationCodes).values(rows.slice(i, i + 200));
    const batch = { first: rows[0]!.id!, last: rows[rows.length - 1]!.id! };
    await writeAudit(tx, actor, {
      eventId,
      action: 'invitationCodes.generate',
      targetType: 'registration-category',
      targetId: values.categoryId,
      after: { count: values.count, maxUses: values.maxUses, expiresAt: values.expiresAt?.toISOString() ?? null, bypassApproval: values.bypassApproval, first: rows[0]!.code, last: rows[rows.length - 1]!.code },
    });
    return batch;
  });
}

// — Listing —

export const CODE_STATUSES = ['usable', 'used-up', 'expired'] as const;
export type CodeStatus = (typeof CODE_STATUSES)[number];

export interface CodeFilter {
  categoryId?: string;
  status?: CodeStatus;
  /** Part of the code, as typed (case and dashes do not matter). */
  search?: string;
  batch?: Batch;
}

export const codeStatus = (row: Pick<InvitationCodeRow, 'used' | 'maxUses' | 'expiresAt'>, now: Date): CodeStatus =>
  row.used >= row.maxUses ? 'used-up' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'usable';

function filterConditions(eventId: string, filter: CodeFilter, now: Date): SQL[] {
  const conditions: SQL[] = [eq(invitationCodes.eventId, eventId)];
  if (filter.categoryId) conditions.push(eq(invitationCodes.categoryId, filter.categoryId));
  if (filter.batch) conditions.push(gte(invitationCodes.id, filter.batch.first), lte(invitationCodes.id, filter.batch.last));
  const search = filter.search ? normaliseTypedCode(filter.search).replace(/[^A-Z0-9]/g, '') : '';
  if (search) conditions.push(sql`replace(${invitationCodes.code}, '-', '') like ${`%${search}%`}`);
  if (filter.status === 'used-up') conditions.push(gte(invitationCodes.used, invitationCodes.maxUses));
  if (filter.status === 'expired') conditions.push(sql`${invitationCodes.used} < ${invitationCodes.maxUses}`, lte(invitationCodes.expiresAt, now));
  if (filter.status === 'usable') conditions.push(sql`${invitationCodes.used} < ${invitationCodes.maxUses}`, or(isNull(invitationCodes.expiresAt), gt(invitationCodes.expiresAt, now))!);
  return conditions;
}

export const CODES_PAGE_SIZE = 100;

export interface ListedCode extends InvitationCodeRow {
  categoryCode: string;
  categoryName: Record<string, string>;
}

/** One page of codes, newest first, and how many match in all. `limit` null: every match (for the CSV). */
export async function listCodes(db: Db, eventId: string, filter: CodeFilter, now: Date, page = 1, limit: number | null = CODES_PAGE_SIZE): Promise<{ rows: ListedCode[]; total: number }> {
  const where = and(...filterConditions(eventId, filter, now));
  const query = db
    .select({ code: invitationCodes, categoryCode: registrationCategories.code, categoryName: registrationCategories.name })
    .from(invitationCodes)
    .innerJoin(registrationCategories, eq(registrationCategories.id, invitationCodes.categoryId))
    .where(where)
    .orderBy(sql`${invitationCodes.id} desc`);
  const rows = limit === null ? await query : await query.limit(limit).offset((page - 1) * limit);
  const [total] = await db.select({ n: count() }).from(invitationCodes).where(where);
  return { rows: rows.map((r) => ({ ...r.code, categoryCode: r.categoryCode, categoryName: r.categoryName as Record<string, string> })), total: total?.n ?? 0 };
}

/** Codes in the order they were made, for the CSV of a batch. */
export async function listCodesForExport(db: Db, eventId: string, filter: CodeFilter, now: Date): Promise<ListedCode[]> {
  const { rows } = await listCodes(db, eventId, filter, now, 1, null);
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Usable codes per category (quota left, not expired), for the set-up page: an invitation-only category needs some. */
export async function countUsableCodes(db: Db, eventId: string, now: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ categoryId: invitationCodes.categoryId, n: count() })
    .from(invitationCodes)
    .where(and(...filterConditions(eventId, { status: 'usable' }, now)))
    .groupBy(invitationCodes.categoryId);
  return new Map(rows.map((r) => [r.categoryId, r.n]));
}

export async function findCode(db: Db, eventId: string, codeId: string): Promise<InvitationCodeRow | undefined> {
  if (!isUuid(codeId)) return undefined;
  const [row] = await db.select().from(invitationCodes).where(and(eq(invitationCodes.eventId, eventId), eq(invitationCodes.id, codeId.toLowerCase())));
  return row;
}

/**
 * Revokes a code: an unused one is deleted; a used one keeps its row (registrations point at it) with its quota
 * lowered to the uses so far, so nobody can use it again. Both in one conditional statement against a use racing it.
 */
export async function revokeCode(db: Db, actor: AuditActor, code: InvitationCodeRow): Promise<'deleted' | 'closed'> {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(invitationCodes).where(and(eq(invitationCodes.id, code.id), eq(invitationCodes.used, 0))).returning({ id: invitationCodes.id });
    let outcome: 'deleted' | 'closed' = 'deleted';
    if (deleted.length === 0) {
      await tx.update(invitationCodes).set({ maxUses: sql`${invitationCodes.used}` }).where(eq(invitationCodes.id, code.id));
      outcome = 'closed';
    }
    await writeAudit(tx, actor, {
      eventId: code.eventId,
      action: 'invitationCodes.revoke',
      targetType: 'invitation-code',
      targetId: code.id,
      before: { code: code.code, used: code.used, maxUses: code.maxUses },
      after: { outcome },
    });
    return outcome;
  });
}
