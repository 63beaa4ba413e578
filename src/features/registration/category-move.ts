// Moving a registration to another category of its event. A confirmed person's seat moves with them: the old one is
// given back and a new one taken in the target through the same conditional updates as a registration (seats.ts),
// all in one transaction, so a full target refuses the move and changes nothing; the seat freed in the old category
// goes to its waiting list. Pending and waitlisted people hold no seat: they simply change category, and a waiting
// person moved into a category with room gets their seat at once, in their turn on the waiting list.
import { and, eq } from 'drizzle-orm';
import { isActiveStatus, registrationCategories, registrations } from '../../db/schema/index.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { releaseSeat, takeSeat } from './seats.ts';
import { type SubmissionContext } from './service.ts';
import { promoteFromWaitlist } from './status-changes.ts';

export type MoveResult = 'moved' | 'sameCategory' | 'categoryFull' | 'notActive' | 'unknownCategory';

/** Thrown inside the move's own transaction to undo the seat already given back. */
class TargetFull extends Error {}

export async function moveRegistrationCategory(ctx: SubmissionContext, actor: AuditActor, registrationId: string, categoryId: string): Promise<MoveResult> {
  const { db, clock, mail } = ctx;
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update');
      if (!before || !isActiveStatus(before.status) || before.erasedAt) return 'notActive';
      if (before.categoryId === categoryId) return 'sameCategory';
      const [target] = await tx.select({ id: registrationCategories.id }).from(registrationCategories).where(and(eq(registrationCategories.id, categoryId), eq(registrationCategories.eventId, before.eventId)));
      if (!target) return 'unknownCategory';
      if (before.holdsSeat) {
        // The event's own counter row stays locked by this transaction between the two, so nobody takes the seat meanwhile.
        await releaseSeat(tx, before.eventId, before.categoryId);
        if (!(await takeSeat(tx, before.eventId, categoryId))) throw new TargetFull();
      }
      await tx.update(registrations).set({ categoryId, updatedAt: clock.now() }).where(eq(registrations.id, registrationId));
      await writeAudit(tx, actor, { eventId: before.eventId, action: 'registration.move', targetType: 'registration', targetId: registrationId, before: { categoryId: before.categoryId }, after: { categoryId } });
      // A seat freed in the old category, or a waiting person now in a category with room: either way the waiting list
      // is worked through in queue order, so earlier waiters of the target category still go first.
      if (before.holdsSeat || before.status === 'waitlisted') await promoteFromWaitlist(tx, clock, mail, actor, before.eventId, registrationId);
      return 'moved';
    });
  } catch (error) {
    if (error instanceof TargetFull) return 'categoryFull';
    throw error;
  }
}
