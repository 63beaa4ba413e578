// The order categories and questions are shown in, on the set-up pages and the public form.
import { eq } from 'drizzle-orm';
import { registrationCategories, registrationQuestions } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { findCategories } from './setup-categories.ts';
import { findQuestions } from './setup-questions.ts';

/**
 * Moves one category or question a place up or down. Positions are renumbered 0, 1, 2 … in the shown order first,
 * so rows that share a position (all 0 when inserted by hand) still move predictably.
 */
export async function moveItem(db: Db, actor: AuditActor, kind: 'category' | 'question', eventId: string, itemId: string, direction: 'up' | 'down'): Promise<boolean> {
  const table = kind === 'category' ? registrationCategories : registrationQuestions;
  return db.transaction(async (tx) => {
    const list = kind === 'category' ? await findCategories(tx, eventId) : await findQuestions(tx, eventId);
    const from = list.findIndex((row) => row.id === itemId);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (from < 0 || to < 0 || to >= list.length) return false;
    const ids = list.map((row) => row.id);
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    for (const [position, id] of ids.entries()) {
      if (list[position]?.id !== id || list[position]?.position !== position) await tx.update(table).set({ position }).where(eq(table.id, id));
    }
    await writeAudit(tx, actor, { eventId, action: kind === 'category' ? 'registrationCategory.move' : 'registrationQuestion.move', targetType: `registration-${kind}`, targetId: itemId, after: { direction, position: to } });
    return true;
  });
}
