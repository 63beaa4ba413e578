// The booking line of a public session page: for a bookable session, the seats the registration form has left now
// (not the published capacity) and whether the form is open to book one; for any other session nothing, read from
// nowhere, as most sessions (talks, breaks) have no capacity.
// Example: await sessionBooking(db, event.id, published, clock.now()) → { left: 26, full: false, canRegister: true }
import type { PublishedSession } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { findSessionSeatsLeft } from '../registration/form-queries.ts';
import { registrationWindow } from '../registration/registration-window.ts';

export interface SessionBooking {
  left: number;
  full: boolean;
  /** Seats left and registration open: the page links to the form. */
  canRegister: boolean;
}

/**
 * Undefined without a read for a session the published agenda shows cancelled or without a capacity: the form offers
 * neither. (A version published before capacities were kept says nothing of them: its sessions are read.)
 */
export async function sessionBooking(db: Db, eventId: string, session: PublishedSession, now: Date): Promise<SessionBooking | undefined> {
  if (session.status !== 'scheduled' || session.capacity === null) return undefined;
  const [left, registration] = await Promise.all([findSessionSeatsLeft(db, eventId, session.id), registrationWindow(db, eventId, now)]);
  if (left === undefined) return undefined;
  return { left, full: left === 0, canRegister: left > 0 && registration?.state === 'open' };
}
