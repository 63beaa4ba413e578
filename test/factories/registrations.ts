// Registrations written straight to the database, for tests that need many people quickly (badges, lists).
// Example: await createRegistrations(db, event.id, categoryId, [{ givenName: 'Wei', familyName: 'Zhang', nameZh: '张伟' }]);
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { registrationCategories, registrations, type RegistrationStatus } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';

export type RegistrationRow = typeof registrations.$inferSelect;
type Person = Partial<Pick<RegistrationRow, 'givenName' | 'familyName' | 'nameZh' | 'organisation' | 'email' | 'country' | 'createdAt'>> & { status?: RegistrationStatus };

let sequence = 0;
/** Like the application's tickets: 160 random bits in base32. */
const ticketCode = () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(32)].map((byte) => alphabet[byte % 32]).join('');
};

export async function createRegistrations(db: Db, eventId: string, categoryId: string, people: Person[]): Promise<RegistrationRow[]> {
  if (people.length === 0) return [];
  return db
    .insert(registrations)
    .values(
      people.map(({ status = 'confirmed', ...person }) => {
        sequence += 1;
        return {
          eventId,
          categoryId,
          status,
          holdsSeat: status === 'confirmed',
          waitlistedAt: status === 'waitlisted' ? new Date('2027-01-02T00:00:00Z') : null,
          email: person.email ?? `person-${sequence}-${randomBytes(3).toString('hex')}@example.org`,
          givenName: person.givenName ?? 'Fang',
          familyName: person.familyName ?? `Wang${sequence}`,
          nameZh: person.nameZh ?? null,
          organisation: person.organisation ?? 'Tsinghua University',
          country: person.country ?? 'CN',
          mobile: '+8613800138000',
          residence: 'mainland' as const,
          locale: 'zh-CN',
          ticketCode: ticketCode(),
          consentAt: new Date('2027-01-01T00:00:00Z'),
          consentVersion: '2026-11',
          ...(person.createdAt ? { createdAt: person.createdAt } : {}),
        };
      }),
    )
    .returning();
}

/** An event's categories by code, e.g. the demo conference's: const { GUEST, MEDIA } = await findCategoryIds(db, eventId, ['GUEST', 'MEDIA']). */
export async function findCategoryIds<Code extends string>(db: Db, eventId: string, codes: readonly Code[]): Promise<Record<Code, string>> {
  const rows = await db.select({ id: registrationCategories.id, code: registrationCategories.code }).from(registrationCategories).where(and(eq(registrationCategories.eventId, eventId), inArray(registrationCategories.code, [...codes])));
  const ids = Object.fromEntries(rows.map((row) => [row.code, row.id])) as Record<Code, string>;
  for (const code of codes) if (!ids[code]) throw new Error(`no category ${code} on event ${eventId}`);
  return ids;
}
