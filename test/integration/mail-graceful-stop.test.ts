// Stopping a process (SIGTERM) lets the deliveries it has started finish and record their answer: none is left
// half-done. PGlite: the web process, which runs the jobs itself; PostgreSQL: `npm run worker`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { migrateDb } from '../../src/db/migrate.ts';
import { messages } from '../../src/db/schema/index.ts';
import { createMailRenderer } from '../../src/features/mail/render.ts';
import { queueMail } from '../../src/features/mail/service.ts';
import { startJobs } from '../../src/jobs/boss.ts';
import { startSmtpCatcher } from '../helpers/smtp-catcher.ts';
import { spawnServer, spawnWorker } from '../helpers/spawn-server.ts';
import { createEmptyPostgresDatabase, onPostgres } from '../helpers/test-database.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

/** An SMTP server that takes two seconds to accept, and tells when the first message is in flight. */
async function slowCatcher() {
  let inFlight: (raw: Buffer) => void = () => {};
  const firstInFlight = new Promise<Buffer>((resolve) => (inFlight = resolve));
  const smtp = await startSmtpCatcher({
    beforeAccept: async (raw) => {
      inFlight(raw);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    },
  });
  cleanups.push(() => smtp.close());
  return { smtp, firstInFlight };
}

const messageIdOf = (raw: Buffer) => /^Message-ID: (<[^>]+>)/im.exec(raw.toString('latin1'))?.[1];

describe('graceful stop', () => {
  it.runIf(!onPostgres)('the web process finishes the delivery in flight before it exits (embedded database)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fd-graceful-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const { smtp, firstInFlight } = await slowCatcher();
    // A fresh start queues the demo invitations; the first one is then held for two seconds by the server.
    const server = await spawnServer({ DATA_DIR: dataDir, SMTP_URL: smtp.url, NODE_ENV: 'development' });
    const raw = await firstInFlight;
    expect(await server.stop()).toBe(0);
    expect(smtp.messages.map((m) => m.messageId)).toContain(messageIdOf(raw));
    const database = await createDb({ DATABASE_URL: undefined, DATA_DIR: dataDir, DATABASE_CONNECT_TIMEOUT: 0 });
    try {
      const rows = await database.db.select().from(messages);
      const inFlightRow = rows.find((r) => r.messageId === messageIdOf(raw));
      expect(inFlightRow).toMatchObject({ status: 'sent', attempts: 1 });
      expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    } finally {
      await database.close();
    }
    // A real server process on a fresh embedded database (migrations, demo data), beside other test files.
  }, 120_000);

  it.runIf(onPostgres)('npm run worker finishes the delivery in flight before it exits', async () => {
    const { url, drop } = await createEmptyPostgresDatabase();
    cleanups.push(drop);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const database = await createDb(config);
    cleanups.push(() => database.close());
    await migrateDb(database);
    const jobs = await startJobs(database, { supervise: false });
    cleanups.push(() => jobs.stop(1000));
    const { smtp, firstInFlight } = await slowCatcher();
    const worker = await spawnWorker({ DATABASE_URL: url, SMTP_URL: smtp.url, LOG_LEVEL: 'silent' });
    cleanups.push(() => worker.stop());
    const queued = await database.db.transaction((tx) =>
      queueMail(tx, { config, renderer: createMailRenderer(), jobs }, { to: { email: 'delegate@example.org' }, template: 'message', locale: 'en', data: { subjectLine: 'Programme', paragraphs: ['See you.'] } }),
    );
    await firstInFlight;
    expect(await worker.stop()).toBe(0);
    expect(smtp.messages.map((m) => m.messageId)).toEqual([queued.messageId]);
    const [row] = await database.db.select().from(messages);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row!.smtpResponse).toMatch(/^250 /);
  }, 120_000);
});
