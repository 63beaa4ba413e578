// When PostgreSQL goes away while the app runs, pages answer 503 and /readyz says so; when it returns, all recovers
// without a restart. (PGlite lives inside the process and cannot go away, so this runs on PostgreSQL only.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { startJobs, type Jobs } from '../../src/jobs/boss.ts';
import type { Database } from '../../src/db/types.ts';
import { createTestClock } from '../helpers/clock.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/test-database.ts';
import { createEvent } from '../factories/events.ts';

describe.runIf(onPostgres)('database outage', () => {
  let testDatabase: TestDatabase;
  let proxy: TcpProxy;
  let database: Database;
  let app: FastifyInstance;
  let jobs: Jobs;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    await createEvent(testDatabase.database.db, { slug: 'outage-forum', title: { en: 'Outage Forum' } });
    const direct = new URL(testDatabase.url);
    proxy = await startTcpProxy(Number(direct.port || 5432), direct.hostname);
    direct.port = String(proxy.port);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: direct.toString(), LOG_LEVEL: 'silent' });
    database = await createDb(config);
    jobs = await startJobs(database, { supervise: false });
    app = await buildApp({ config, database, jobs, clock: createTestClock('2027-01-01T00:00:00Z'), logger: false });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await jobs?.stop(1000).catch(() => {});
    await database?.close().catch(() => {});
    await proxy?.close();
    await testDatabase?.close();
  });

  it('serves, fails politely with 503 while the database is gone, and recovers', async () => {
    const before = await app.inject({ url: '/', headers: { 'accept-language': 'en' } });
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Outage Forum');

    await proxy.cut();
    const during = await app.inject({ url: '/', headers: { 'accept-language': 'en' } });
    expect(during.statusCode).toBe(503);
    expect(during.headers['retry-after']).toBe('30');
    expect(during.body).toContain('<h1>The service is briefly unavailable</h1>');
    expect(during.body).toContain('Our database cannot be reached right now.');
    const readyDuring = await app.inject('/readyz');
    expect(readyDuring.statusCode).toBe(503);
    expect(readyDuring.json()).toMatchObject({ status: 'unavailable', database: { reachable: false } });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    const api = await app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(503);
    expect(api.json()).toMatchObject({ status: 503, title: 'The service is briefly unavailable' });

    await proxy.restore();
    const after = await app.inject({ url: '/', headers: { 'accept-language': 'en' } });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Outage Forum');
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });
});
