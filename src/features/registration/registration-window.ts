// The event's registration settings, and whether it takes registrations now (open), will (not yet) or did (closed):
// for the form, the event and session pages, and the mails that say until when.
// Example: (await registrationWindow(db, event.id, clock.now()))?.state → 'open'
import { eq } from 'drizzle-orm';
import { registrationSettings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export type RegistrationSettingsRow = typeof registrationSettings.$inferSelect;

export async function findRegistrationSettings(db: Db, eventId: string): Promise<RegistrationSettingsRow | undefined> {
  const [row] = await db.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId));
  return row;
}

export type RegistrationState = 'open' | 'not-yet' | 'closed';

/** Whether registration is open at `now`, not open yet, or closed. */
export const registrationState = (settings: Pick<RegistrationSettingsRow, 'opensAt' | 'closesAt'>, now: Date): RegistrationState =>
  now < settings.opensAt ? 'not-yet' : now >= settings.closesAt ? 'closed' : 'open';

/** Whether the event takes registrations now, will soon, or did: for the event page's "Register" button. */
export async function registrationWindow(db: Db, eventId: string, now: Date): Promise<{ state: RegistrationState; opensAt: Date; closesAt: Date; controllerName: string | null } | undefined> {
  const settings = await findRegistrationSettings(db, eventId);
  if (!settings) return undefined;
  return { state: registrationState(settings, now), opensAt: settings.opensAt, closesAt: settings.closesAt, controllerName: settings.controllerName };
}
