// mail: 10,000 queued messages delivered by the mail worker (default concurrency) to a local SMTP server, in-process;
// prints messages/s and commit-to-SMTP-acceptance p50/p99, then the same latency for single messages on an idle queue.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { migrateDb } from '../../src/db/migrate.ts';
import type { Db } from '../../src/db/types.ts';
import { insertMessages } from '../../src/features/mail/bulk-queries.ts';
import type { NewMessageRow } from '../../src/features/mail/queries.ts';
import { createMailRenderer } from '../../src/features/mail/render.ts';
import { composeMail } from '../../src/features/mail/service.ts';
import { createMailTransport } from '../../src/features/mail/transport.ts';
import { startMailWorker } from '../../src/features/mail/worker.ts';
import { startJobs, type Jobs } from '../../src/jobs/boss.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { uuidv7 } from '../../src/lib/ids.ts';
import { createBenchDatabase } from '../lib/bench-database.ts';
import { registerCleanup } from '../lib/cleanup.ts';
import { reportProgress } from '../lib/report-progress.ts';
import type { MailRow, Scenario } from '../lib/scenario.ts';
import { startSmtpSink, type SmtpSink } from '../lib/smtp-sink.ts';

const BULK_MESSAGES = 10_000;
const CHUNK = 500;
const BULK_TIMEOUT_MS = 180_000;
const IDLE_MESSAGES = 50;
const IDLE_PAUSE_MS = 200;
const IDLE_TIMEOUT_MS = 10_000;
const GOAL_MESSAGES_PER_SECOND = 200;
const GOAL_IDLE_P99_MS = 2000;

export const mailScenario: Scenario = {
  name: 'mail',
  async run({ settings }) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fd-bench-mail-'));
    const removeDir = registerCleanup(() => rm(dataDir, { recursive: true, force: true }));
    const benchDatabase = settings.databaseUrl ? await createBenchDatabase(settings.databaseUrl, 'mail') : undefined;
    const sink = await startSmtpSink();
    const closeSink = registerCleanup(() => sink.close());
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, SMTP_URL: sink.url, ...(benchDatabase ? { DATABASE_URL: benchDatabase.url } : {}) });
    const database = await createDb(config);
    const closeDatabase = registerCleanup(() => database.close());
    try {
      reportProgress(`mail: migrating ${benchDatabase ? 'a PostgreSQL bench database' : 'an embedded PGlite database'}`);
      await migrateDb(database);
      const jobs = await startJobs(database, { supervise: false });
      const stopJobs = registerCleanup(() => jobs.stop(10_000));
      const transport = createMailTransport(config);
      const closeTransport = registerCleanup(async () => transport.close());
      await startMailWorker(jobs, database.db, transport, config.MAIL_FROM);
      const compose = await messageFactory(database.db, config);

      reportProgress(`mail: composing ${BULK_MESSAGES.toLocaleString('en-US')} messages`);
      const rows = Array.from({ length: BULK_MESSAGES }, () => compose());
      reportProgress(`mail: queueing them in transactions of ${CHUNK} and waiting for the SMTP server to accept them all`);
      const bulk = await measureBulk(database.db, jobs, sink, rows);
      reportProgress(`mail: idle latency, ${IDLE_MESSAGES} single messages ${IDLE_PAUSE_MS} ms apart`);
      const idle = await measureIdle(database.db, jobs, sink, compose);

      // Transport before jobs: stopping jobs waits for running deliveries, closing the pool ends the SMTP sessions.
      await stopJobs();
      await closeTransport();
      const duplicates = sink.received() - sink.acceptedAt.size;
      const goals = [
        `goal ≥ ${GOAL_MESSAGES_PER_SECOND} messages/s: ${(bulk.perSecond ?? 0) >= GOAL_MESSAGES_PER_SECOND && bulk.delivered === bulk.messages ? 'met' : 'MISSED'} (${Math.round(bulk.perSecond ?? 0)})`,
        `goal idle p99 commit→SMTP < ${GOAL_IDLE_P99_MS} ms: ${idle.p99Ms < GOAL_IDLE_P99_MS && idle.delivered === idle.messages ? 'met' : 'MISSED'} (${idle.p99Ms.toFixed(1)} ms)`,
        ...(duplicates > 0 ? [`! ${duplicates} messages were delivered more than once`] : []),
      ];
      return {
        kind: 'mail',
        name: 'mail',
        title: `mail: worker at default concurrency → local SMTP server (${benchDatabase ? 'PostgreSQL' : 'embedded PGlite'}); latency = transaction commit → SMTP 250`,
        rows: [bulk, idle],
        goals,
      };
    } finally {
      await closeSink();
      await closeDatabase();
      await benchDatabase?.drop();
      await removeDir();
    }
  },
};

/** Returns a function making a message row ready to insert: one composed message, copied with a fresh Message-ID. */
async function messageFactory(db: Db, config: ReturnType<typeof loadConfig>): Promise<() => NewMessageRow> {
  const context = { config, renderer: createMailRenderer(), jobs: undefined as unknown as Jobs };
  const request = { to: { email: 'participant@example.org', name: 'Li Na' }, template: 'message' as const, locale: 'en' as const, data: { subject: 'Bench', body: 'Hello from the mail benchmark.' } };
  const template = await composeMail(db, context, request, 'participant@example.org');
  const text = template.raw.toString('latin1');
  return () => {
    const messageId = `<${randomUUID()}@forumdesk.localhost>`;
    return { ...template, id: uuidv7(), messageId, raw: Buffer.from(text.replace(template.messageId, messageId), 'latin1') };
  };
}

async function queue(db: Db, jobs: Jobs, rows: NewMessageRow[]): Promise<number> {
  await db.transaction(async (tx) => {
    await insertMessages(tx, rows);
    await jobs.enqueueMany(tx, QUEUES.mailSend, rows.map((row) => ({ data: { messageId: row.id } })));
  });
  return performance.now();
}

async function measureBulk(db: Db, jobs: Jobs, sink: SmtpSink, rows: NewMessageRow[]): Promise<MailRow> {
  const committedAt = new Map<string, number>();
  const firstStart = performance.now();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const at = await queue(db, jobs, chunk);
    for (const row of chunk) committedAt.set(row.messageId, at);
  }
  await sink.waitFor(rows.length, BULK_TIMEOUT_MS);
  const latencies = latenciesOf(committedAt, sink);
  const last = Math.max(...rows.map((row) => sink.acceptedAt.get(row.messageId) ?? 0));
  return summarise(`bulk ${rows.length.toLocaleString('en-US')}`, rows.length, latencies, (last - firstStart) / 1000);
}

async function measureIdle(db: Db, jobs: Jobs, sink: SmtpSink, compose: () => NewMessageRow): Promise<MailRow> {
  const committedAt = new Map<string, number>();
  for (let i = 0; i < IDLE_MESSAGES; i++) {
    await sleep(IDLE_PAUSE_MS);
    const row = compose();
    committedAt.set(row.messageId, await queue(db, jobs, [row]));
    await sink.waitFor(sink.acceptedAt.size + 1, IDLE_TIMEOUT_MS);
  }
  return summarise(`idle ${IDLE_MESSAGES} × 1`, IDLE_MESSAGES, latenciesOf(committedAt, sink));
}

function latenciesOf(committedAt: Map<string, number>, sink: SmtpSink): number[] {
  const latencies: number[] = [];
  for (const [id, at] of committedAt) {
    const accepted = sink.acceptedAt.get(id);
    if (accepted !== undefined) latencies.push(accepted - at);
  }
  return latencies.sort((a, b) => a - b);
}

/** `seconds` is the span to divide by for messages/s; the idle measurement has none (it waits on purpose). */
function summarise(target: string, messages: number, sorted: number[], seconds?: number): MailRow {
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const rate = seconds === undefined ? {} : { perSecond: seconds > 0 ? sorted.length / seconds : 0 };
  return { target, messages, delivered: sorted.length, ...rate, p50Ms: pick(0.5), p99Ms: pick(0.99) };
}
