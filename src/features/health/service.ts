// Decides whether this process can serve: the database answers and holds every migration the code ships with.
import { appliedMigrationCount, expectedMigrationCount } from '../../db/migrate.ts';
import type { Database } from '../../db/types.ts';

export interface Readiness {
  status: 'ready' | 'unavailable';
  database: { driver: string; reachable: boolean; migrations: { applied: number; expected: number } };
}

export async function checkReadiness(database: Database): Promise<Readiness> {
  const expected = expectedMigrationCount();
  let applied = 0;
  let reachable = false;
  try {
    applied = await appliedMigrationCount(database);
    reachable = true;
  } catch {
    reachable = false;
  }
  const ready = reachable && applied >= expected;
  return { status: ready ? 'ready' : 'unavailable', database: { driver: database.driver, reachable, migrations: { applied, expected } } };
}
