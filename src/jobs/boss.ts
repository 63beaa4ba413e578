// Background jobs on pg-boss, in the same database as everything else: PGlite through pg-boss's PGlite adapter,
// PostgreSQL through its own pool. Jobs are enqueued inside the caller's transaction, never beside it.
import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, PgBoss, type Queue, type SendOptions } from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../db/types.ts';
import type { Config } from '../config.ts';
import { QUEUE_OPTIONS, QUEUES, type QueueName } from './queues.ts';

export interface Jobs {
  boss: PgBoss;
  /**
   * Enqueues a job as part of the transaction `tx`: it exists only if `tx` commits. The transaction is required:
   * an enqueue beside it would escape a rollback on PostgreSQL and wait forever for the connection on PGlite.
   * Example: await db.transaction(async (tx) => { …; await jobs.enqueue(tx, QUEUES.mailSend, { messageId }); });
   */
  enqueue(tx: Db, queue: QueueName, data: object, options?: Omit<SendOptions, 'db'>): Promise<string>;
  /** Enqueues many jobs in one statement, inside `tx`. */
  enqueueMany(tx: Db, queue: QueueName, jobs: { data: object; startAfter?: Date }[]): Promise<void>;
  /**
   * Cancels jobs not yet finished, inside `tx` (a job that already ran stays as it was): a scheduled job replaced by
   * another, e.g. a session reminder whose session moved. Example: await jobs.cancel(tx, QUEUES.sessionReminder, [id]);
   */
  cancel(tx: Db, queue: QueueName, ids: string[]): Promise<void>;
  /** Finishes running jobs (up to `timeoutMs`), then stops polling and closes pg-boss's own connections. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartJobsOptions {
  log?: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  /** Run pg-boss maintenance and monitoring in this process (off for short-lived test apps). */
  supervise?: boolean;
  /** Seconds between maintenance runs (expired jobs are retried then); pg-boss's default is 60. */
  superviseIntervalSeconds?: number;
  /** Per-queue changes to the retry policy (tests shorten the delays). */
  queueOverrides?: Partial<Record<QueueName, Partial<Omit<Queue, 'name'>>>>;
}

/** The job settings an operator controls, as StartJobsOptions. */
export function jobOptionsFromConfig(config: Pick<Config, 'MAIL_JOB_TIMEOUT_SECONDS' | 'JOBS_SUPERVISE_SECONDS'>): StartJobsOptions {
  return {
    superviseIntervalSeconds: config.JOBS_SUPERVISE_SECONDS,
    queueOverrides: { [QUEUES.mailSend]: { expireInSeconds: config.MAIL_JOB_TIMEOUT_SECONDS } },
  };
}

/** Starts pg-boss on the database and creates every queue. Example: const jobs = await startJobs(database); */
export async function startJobs(database: Database, options: StartJobsOptions = {}): Promise<Jobs> {
  const supervise = options.supervise ?? true;
  const common = {
    schema: 'pgboss',
    useListenNotify: true,
    supervise,
    // Cron schedules (the privacy retention sweep) are evaluated by the long-running processes that supervise.
    schedule: supervise,
    migrate: true,
    ...(options.superviseIntervalSeconds ? { superviseIntervalSeconds: options.superviseIntervalSeconds } : {}),
  } as const;
  const boss =
    database.client.kind === 'pglite'
      ? new PgBoss({ ...common, db: fromPglite(database.client.pglite), backend: 'pglite' })
      : new PgBoss({ ...common, connectionString: database.client.url, max: 4, application_name: 'forum-desk-jobs' });
  boss.on('error', (error) => options.log?.error({ err: error }, 'background jobs error'));
  await boss.start();
  for (const [name, defaults] of Object.entries(QUEUE_OPTIONS)) {
    const queueOptions = { ...defaults, ...options.queueOverrides?.[name as QueueName] };
    const existing = await boss.getQueue(name);
    if (existing) await boss.updateQueue(name, queueOptions);
    else await boss.createQueue(name, queueOptions);
  }
  // Our Db's execute() is typed generically; at run time both drivers return what the adapter unwraps.
  const inTransaction = (tx: Db) => fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql);
  let stopped = false;
  return {
    boss,
    async enqueue(tx, queue, data, sendOptions = {}) {
      const id = await boss.send(queue, data, { ...sendOptions, db: inTransaction(tx) });
      if (!id) throw new Error(`pg-boss refused a job for ${queue}`);
      return id;
    },
    async enqueueMany(tx, queue, jobs) {
      if (jobs.length === 0) return;
      await boss.insert(queue, jobs, { db: inTransaction(tx) });
    },
    async cancel(tx, queue, ids) {
      if (ids.length === 0) return;
      await boss.cancel(queue, ids, { db: inTransaction(tx) });
    },
    async stop(timeoutMs = 10_000) {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, close: true, timeout: timeoutMs });
    },
  };
}
