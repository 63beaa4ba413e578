// A worker killed after the mail server accepted a message but before it recorded that: the message goes out again
// at most once, with the same Message-ID, so mail clients show one. Needs PostgreSQL: the worker is its own process.
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { migrateDb } from '../../src/db/migrate.ts';
import { messages } from '../../src/db/schema/index.ts';
import type { Database } from '../../src/db/types.ts';
import { createMailRenderer } from '../../src/features/mail/render.ts';
import { queueMail } from '../../src/features/mail/service.ts';
import { startJobs, type Jobs } from '../../src/jobs/boss.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher.ts';
import { spawnWorker, type ServerProcess } from '../helpers/spawn-server.ts';
import { createEmptyPostgresDatabase, onPostgres } from '../helpers/test-database.ts';

describe.runIf(onPostgres)('worker crash between SMTP acceptance and recording it', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  // Two worker processes start and a job has to expire and be retried: under a loaded CI machine that can pass 30 s.
  it('sends at most one duplicate, carrying the same Message-ID', { timeout: 90_000 }, async () => {
    const { url, drop } = await createEmptyPostgresDatabase();
    cleanups.push(drop);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const database: Database = await createDb(config);
    cleanups.push(() => database.close());
    await migrateDb(database);
    // The same queue settings as the workers below: this process creates the job, and pg-boss takes its expiry from
    // the queue as this process last wrote it; a default 120 s expiry here left the crashed delivery stuck for minutes.
    const jobs: Jobs = await startJobs(database, { supervise: false, queueOverrides: { [QUEUES.mailSend]: { expireInSeconds: 2 } } });
    cleanups.push(() => jobs.stop(1000));

    let first: ServerProcess | undefined;
    let killed = false;
    const smtp: SmtpCatcher = await startSmtpCatcher({
      // The first delivery: the server has the whole message; kill the sender before it hears "250".
      beforeAccept: async () => {
        if (killed || !first) return;
        killed = true;
        await new Promise<void>((resolve) => {
          first!.child.once('exit', () => resolve());
          first!.child.kill('SIGKILL');
        });
      },
    });
    cleanups.push(() => smtp.close());
    const workerEnv = { DATABASE_URL: url, SMTP_URL: smtp.url, MAIL_JOB_TIMEOUT_SECONDS: '2', JOBS_SUPERVISE_SECONDS: '1', LOG_LEVEL: 'silent' };

    first = await spawnWorker(workerEnv);
    cleanups.push(() => first!.stop());
    const mail = { config, renderer: createMailRenderer(), jobs };
    const queued = await database.db.transaction((tx) =>
      queueMail(tx, mail, { to: { email: 'ambassador@embassy.example.rs', name: 'Ana Petrović' }, template: 'message', locale: 'en', data: { subjectLine: 'Seating plan', paragraphs: ['Table 12.'] } }),
    );
    await smtp.waitFor(1, 20_000);
    expect(killed).toBe(true);
    const [stuck] = await database.db.select().from(messages).where(eq(messages.id, queued.id));
    expect(stuck).toMatchObject({ status: 'sending', attempts: 1 });

    const second = await spawnWorker(workerEnv);
    cleanups.push(() => second.stop());
    await smtp.waitFor(2, 60_000);
    const deadline = Date.now() + 10_000;
    let row = stuck!;
    while (row.status !== 'sent' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [row] = (await database.db.select().from(messages).where(eq(messages.id, queued.id))) as [typeof row];
    }
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    // Give a third copy every chance to appear: it must not.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(smtp.messages.map((m) => m.messageId)).toEqual([queued.messageId, queued.messageId]);
  });
});
