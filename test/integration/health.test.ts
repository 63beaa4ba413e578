// Liveness and readiness: /readyz tells whether the database answers and holds every migration.
import { afterAll, describe, expect, it } from 'vitest';
import { expectedMigrationCount } from '../../src/db/migrate.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { onPostgres } from '../helpers/test-database.ts';

const apps: TestApp[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

async function app(options: Parameters<typeof buildTestApp>[0] = {}): Promise<TestApp> {
  const t = await buildTestApp(options);
  apps.push(t);
  return t;
}

describe('health', () => {
  it('/healthz says the process is alive', async () => {
    const t = await app();
    const res = await t.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is ready on a migrated database', async () => {
    const t = await app();
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    const expected = expectedMigrationCount();
    expect(expected).toBeGreaterThanOrEqual(1);
    expect(res.json()).toEqual({
      status: 'ready',
      database: { driver: onPostgres ? 'postgres' : 'pglite', reachable: true, migrations: { applied: expected, expected } },
    });
  });

  it('/readyz answers 503 while migrations are missing', async () => {
    const t = await app({ migrate: false });
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'unavailable',
      database: { driver: onPostgres ? 'postgres' : 'pglite', reachable: true, migrations: { applied: 0, expected: expectedMigrationCount() } },
    });
  });
});
