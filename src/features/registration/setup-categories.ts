// Registration categories (each with its own seats, visibility, approval and invitation rules) and the registrations
// counted per category for the set-up overview. A capacity is lowered only by a conditional UPDATE that leaves it at
// or above `taken`, so an organiser racing a participant gets a field error and the CHECK constraints never fire.
import { and, asc, count, eq, lte, or, sql } from 'drizzle-orm';
import { DEFAULT_CATEGORY_COLOUR, registrationCategories, registrationQuestions, registrations } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { hasSqlState } from '../../db/errors.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { localizedFromFields } from '../../lib/localized.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { promoteFromWaitlist } from './status-changes.ts';
import { CONTROL } from './form-checks.ts';
import { MAX_CAPACITY, NAME_MAX, problemsOf, tooLong, parseCapacity, isOn, type CategoryRow } from './setup.ts';
import { seatsAdded, type SettingsContext } from './setup-settings.ts';

export interface CategoryForm {
  code: string;
  nameEn: string;
  nameZh: string;
  capacity: string;
  visibility: string;
  requiresApproval: string;
  invitationOnly: string;
  /** The badge colour, "#rrggbb"; empty means the default. */
  colour: string;
}
export type CategoryValues = Pick<CategoryRow, 'code' | 'name' | 'capacity' | 'visibility' | 'requiresApproval' | 'invitationOnly' | 'colour'>;

export const EMPTY_CATEGORY_FORM: CategoryForm = { code: '', nameEn: '', nameZh: '', capacity: '', visibility: 'public', requiresApproval: '', invitationOnly: '', colour: DEFAULT_CATEGORY_COLOUR };
export const VISIBILITIES = ['public', 'hidden'] as const;

export const categoryToForm = (row: CategoryRow): CategoryForm => ({
  code: row.code,
  nameEn: row.name.en ?? '',
  nameZh: row.name['zh-CN'] ?? '',
  capacity: row.capacity === null ? '' : String(row.capacity),
  visibility: row.visibility,
  requiresApproval: row.requiresApproval ? 'on' : '',
  invitationOnly: row.invitationOnly ? 'on' : '',
  colour: row.colour,
});

export async function findCategories(db: Db, eventId: string): Promise<CategoryRow[]> {
  return db.select().from(registrationCategories).where(eq(registrationCategories.eventId, eventId)).orderBy(asc(registrationCategories.position), asc(registrationCategories.createdAt), asc(registrationCategories.id));
}

export async function findCategory(db: Db, eventId: string, categoryId: string): Promise<CategoryRow | undefined> {
  if (!isUuid(categoryId)) return undefined;
  const [row] = await db
    .select()
    .from(registrationCategories)
    .where(and(eq(registrationCategories.eventId, eventId), eq(registrationCategories.id, categoryId.toLowerCase())));
  return row;
}

/** Checks the fields; the code must not be another category's of the same event (`exceptId`: the one being edited). */
export async function validateCategoryForm(db: Db, eventId: string, form: CategoryForm, exceptId?: string): Promise<{ values?: CategoryValues; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  // Codes are typed in any case; they are stored and printed upper case.
  const code = form.code.trim().toUpperCase();
  if (!/^[A-Z0-9]{2,12}$/.test(code)) errors.code = { key: 'registrationSetup.errors.code' };
  else {
    const [same] = await db.select({ id: registrationCategories.id }).from(registrationCategories).where(and(eq(registrationCategories.eventId, eventId), eq(registrationCategories.code, code)));
    if (same && same.id !== exceptId) errors.code = { key: 'registrationSetup.errors.codeTaken', vars: { code } };
  }
  const nameEn = form.nameEn.trim();
  const nameZh = form.nameZh.trim();
  if (!nameEn && !nameZh) errors.nameEn = { key: 'registrationSetup.errors.categoryName' };
  if (tooLong(nameEn, NAME_MAX)) errors.nameEn = { key: 'forms.tooLong', vars: { max: NAME_MAX } };
  if (tooLong(nameZh, NAME_MAX)) errors.nameZh = { key: 'forms.tooLong', vars: { max: NAME_MAX } };
  // A name shows on one line (the form, badges, lists): no line breaks, tabs or other control characters.
  for (const [field, value] of [['nameEn', nameEn], ['nameZh', nameZh]] as const) if (!errors[field] && CONTROL.test(value)) errors[field] = { key: 'registrationSetup.errors.oneLine' };
  const capacity = parseCapacity(form.capacity);
  if (capacity === undefined) errors.capacity = { key: 'registrationSetup.errors.capacity', vars: { max: MAX_CAPACITY } };
  const visibility = VISIBILITIES.find((v) => v === form.visibility);
  if (!visibility) errors.visibility = { key: 'registrationSetup.errors.visibility' };
  const colour = form.colour.trim().toLowerCase() || DEFAULT_CATEGORY_COLOUR;
  if (!/^#[0-9a-f]{6}$/.test(colour)) errors.colour = { key: 'registrationSetup.errors.colour' };
  if (problemsOf(errors)) return { errors };
  return {
    errors,
    values: { code, name: localizedFromFields(nameEn, nameZh), capacity: capacity!, visibility: visibility!, requiresApproval: isOn(form.requiresApproval), invitationOnly: isOn(form.invitationOnly), colour },
  };
}

/** unique_violation */
const isUniqueViolation = (error: unknown) => hasSqlState(error, '23505');

const codeTaken = (code: string): FieldErrors => ({ code: { key: 'registrationSetup.errors.codeTaken', vars: { code } } });

export async function createCategory(db: Db, actor: AuditActor, eventId: string, values: CategoryValues): Promise<{ errors?: FieldErrors }> {
  try {
    await db.transaction(async (tx) => {
      const [next] = await tx.select({ n: sql<number>`coalesce(max(${registrationCategories.position}) + 1, 0)::int` }).from(registrationCategories).where(eq(registrationCategories.eventId, eventId));
      const [row] = await tx.insert(registrationCategories).values({ ...values, eventId, position: next?.n ?? 0 }).returning({ id: registrationCategories.id });
      await writeAudit(tx, actor, { eventId, action: 'registrationCategory.create', targetType: 'registration-category', targetId: row!.id, after: { ...values } });
    });
    return {};
  } catch (error) {
    // Two organisers adding the same code at once: the unique constraint decides, the loser sees the field error.
    if (isUniqueViolation(error)) return { errors: codeTaken(values.code) };
    throw error;
  }
}

const categoryAudit = (c: CategoryValues) => ({ code: c.code, name: c.name, capacity: c.capacity, visibility: c.visibility, requiresApproval: c.requiresApproval, invitationOnly: c.invitationOnly, colour: c.colour });

/** Changes a category; a higher capacity gives its seats to the people waiting, and says how many got one. */
export async function updateCategory(db: Db, actor: AuditActor, before: CategoryRow, values: CategoryValues, waitlist?: SettingsContext): Promise<{ errors?: FieldErrors; promoted?: number }> {
  try {
    return await db.transaction(async (tx) => {
      const rows = await tx
        .update(registrationCategories)
        .set(values)
        .where(
          and(
            eq(registrationCategories.id, before.id),
            values.capacity === null ? undefined : lte(registrationCategories.taken, values.capacity),
          ),
        )
        .returning({ id: registrationCategories.id });
      if (rows.length === 0) {
        const [now] = await tx.select({ taken: registrationCategories.taken }).from(registrationCategories).where(eq(registrationCategories.id, before.id));
        return { errors: { capacity: { key: 'registrationSetup.errors.capacityBelowTaken', vars: { taken: now?.taken ?? 0 } } } };
      }
      await writeAudit(tx, actor, { eventId: before.eventId, action: 'registrationCategory.update', targetType: 'registration-category', targetId: before.id, before: categoryAudit(before), after: categoryAudit(values) });
      if (!waitlist || !seatsAdded(before.capacity, values.capacity)) return {};
      const promoted = await promoteFromWaitlist(tx, waitlist.clock, waitlist.mail, actor, before.eventId);
      return promoted.length > 0 ? { promoted: promoted.length } : {};
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { errors: codeTaken(values.code) };
    throw error;
  }
}

/**
 * Removes a category nobody registered in (registrations keep theirs, even cancelled ones, for the counts). Its
 * invitation codes go with it. A question asked only in this category would silently become a question for all,
 * so removal is refused until the question is changed.
 */
class CategoryInUse extends Error {}

export async function removeCategory(db: Db, actor: AuditActor, category: CategoryRow): Promise<{ problem?: 'in-use' | 'question'; count?: number }> {
  try {
    return await removeCategoryInTransaction(db, actor, category);
  } catch (error) {
    // Thrown to roll back the questions already changed in the transaction; or a registration still being
    // committed when the row was deleted, which the foreign key refuses (foreign_key_violation).
    if (error instanceof CategoryInUse || hasSqlState(error, '23503')) return { problem: 'in-use', count: 1 };
    throw error;
  }
}

async function removeCategoryInTransaction(db: Db, actor: AuditActor, category: CategoryRow): Promise<{ problem?: 'in-use' | 'question'; count?: number }> {
  return db.transaction(async (tx) => {
    const [used] = await tx.select({ n: count() }).from(registrations).where(eq(registrations.categoryId, category.id));
    if ((used?.n ?? 0) > 0) return { problem: 'in-use' as const, count: used!.n };
    const questions = await tx.select().from(registrationQuestions).where(and(eq(registrationQuestions.eventId, category.eventId), sql`${category.id}::uuid = any(${registrationQuestions.categoryIds})`));
    const onlyHere = questions.filter((q) => q.categoryIds.length === 1);
    if (onlyHere.length > 0) return { problem: 'question' as const, count: onlyHere.length };
    for (const q of questions) {
      await tx.update(registrationQuestions).set({ categoryIds: q.categoryIds.filter((id) => id !== category.id) }).where(eq(registrationQuestions.id, q.id));
    }
    // A registration made since the count would make the foreign key refuse the delete (a server error); this
    // guard deletes nothing instead, and the organiser is told the category is in use.
    const deleted = await tx
      .delete(registrationCategories)
      .where(and(eq(registrationCategories.id, category.id), sql`not exists (select 1 from registrations r where r.category_id = ${category.id})`))
      .returning({ id: registrationCategories.id });
    if (deleted.length === 0) throw new CategoryInUse();
    await writeAudit(tx, actor, { eventId: category.eventId, action: 'registrationCategory.remove', targetType: 'registration-category', targetId: category.id, before: categoryAudit(category) });
    return {};
  });
}


// — Counts —

export interface CategoryCounts {
  confirmed: number;
  pending: number;
  waitlisted: number;
}

/** Registrations per category and status, for the organiser's overview (seats themselves are `taken`). */
export async function countRegistrations(db: Db, eventId: string): Promise<Map<string, CategoryCounts>> {
  const rows = await db
    .select({ categoryId: registrations.categoryId, status: registrations.status, n: count() })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), or(eq(registrations.status, 'confirmed'), eq(registrations.status, 'pending'), eq(registrations.status, 'waitlisted'))))
    .groupBy(registrations.categoryId, registrations.status);
  const counts = new Map<string, CategoryCounts>();
  for (const row of rows) {
    const entry = counts.get(row.categoryId) ?? { confirmed: 0, pending: 0, waitlisted: 0 };
    entry[row.status as keyof CategoryCounts] = row.n;
    counts.set(row.categoryId, entry);
  }
  return counts;
}
