// Staff accounts for tests: a user with a password, roles on events, optionally two-factor sign-in already on.
// Example: const owner = await createUser(db, { roles: [[event.id, 'owner']], totp: true });
import { eventRoles, users, type EventRole } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { hashPassword } from '../../src/features/accounts/password.ts';
import { newTotpSecret } from '../../src/features/accounts/two-factor.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let sequence = 0;
// One argon2 hash for every test user: hashing costs ~50 ms by design.
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string | null;
}

export async function createUser(
  db: Db,
  options: { email?: string; name?: string; isAdmin?: boolean; roles?: [string, EventRole][]; totp?: boolean; password?: boolean } = {},
): Promise<TestUser> {
  sequence += 1;
  const email = options.email ?? `staff-${sequence}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const totpSecret = options.totp ? newTotpSecret() : null;
  const [user] = await db
    .insert(users)
    .values({
      email,
      name: options.name ?? `Staff Member ${sequence}`,
      isAdmin: options.isAdmin ?? false,
      passwordHash: options.password === false ? null : await (passwordHash ??= hashPassword(TEST_PASSWORD)),
      totpSecret,
      totpEnabledAt: totpSecret ? new Date('2026-01-01T00:00:00Z') : null,
    })
    .returning({ id: users.id });
  for (const [eventId, role] of options.roles ?? []) await db.insert(eventRoles).values({ eventId, userId: user!.id, role });
  return { id: user!.id, email, password: TEST_PASSWORD, totpSecret };
}
