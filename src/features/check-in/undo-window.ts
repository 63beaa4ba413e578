// Which check-ins a door may take back from a person's card: only its own slip, noticed at once.
// Example: mayUndoAtDoor({ at: tenPast, door: 'East gate' }, 'east gate', quarterPast) → true
/**
 * How long after an admission the door that made it still offers Undo on the card: long enough to notice the wrong
 * person tapped in the search or a ticket scanned for a colleague, too short for a ticket handed back over the
 * barrier to a second person.
 */
export const UNDO_WINDOW_MS = 10 * 60_000;

/**
 * Whether `door` may undo this check-in from a card: one made at the same door (names compared as parseDoor leaves
 * them, case aside) within UNDO_WINDOW_MS. A check-in of another door, or an older one, is the record that someone
 * came in: offering to undo it invites the worst mistake at a door, letting one ticket in twice.
 */
export function mayUndoAtDoor(checkIn: { at: Date; door: string }, door: string | null, now: Date): boolean {
  if (!door || checkIn.door.toLowerCase() !== door.toLowerCase()) return false;
  return now.getTime() - checkIn.at.getTime() <= UNDO_WINDOW_MS;
}
