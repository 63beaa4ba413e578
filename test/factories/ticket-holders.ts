// Registrations in any status with a known ticket code, written straight to the table, for check-in tests.
// Example: const { id, ticketCode } = await createTicketHolder(db, { eventId, categoryId, status: 'confirmed', familyName: 'Li', givenName: 'Wei' });
import { randomInt } from 'node:crypto';
import { registrations, type RegistrationStatus } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 32 base32 characters: 160 random bits, as the registration service makes them. */
export const newTicketCode = () => Array.from({ length: 32 }, () => BASE32[randomInt(32)]).join('');

export interface TicketHolder {
  id: string;
  ticketCode: string;
}

export async function createTicketHolder(
  db: Db,
  p: { eventId: string; categoryId: string; status: RegistrationStatus; familyName: string; givenName: string; nameZh?: string; organisation?: string; email?: string },
): Promise<TicketHolder> {
  const ticketCode = newTicketCode();
  const [row] = await db
    .insert(registrations)
    .values({
      eventId: p.eventId,
      categoryId: p.categoryId,
      status: p.status,
      holdsSeat: p.status === 'confirmed',
      email: p.email ?? `${p.givenName}.${p.familyName}@example.org`.toLowerCase().replace(/\s+/g, ''),
      familyName: p.familyName,
      givenName: p.givenName,
      nameZh: p.nameZh ?? null,
      organisation: p.organisation ?? 'Tsinghua University',
      country: 'CN',
      mobile: '+8613800138000',
      residence: 'mainland',
      locale: 'en',
      ticketCode,
      waitlistedAt: p.status === 'waitlisted' ? new Date('2026-11-01T00:00:00Z') : null,
      cancelledAt: p.status === 'cancelled' ? new Date('2026-11-02T00:00:00Z') : null,
      consentAt: new Date('2026-10-01T00:00:00Z'),
      consentVersion: '2026-11',
    })
    .returning({ id: registrations.id });
  return { id: row!.id, ticketCode };
}
