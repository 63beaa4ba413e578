// Bulk actions on the participant list, as runs: the request records who is concerned (one item per registration)
// and either does them itself, when there are few, or queues a registration.bulk job. Why both: one item is one
// transaction of some ten statements (seat, mail job, audit row), a few milliseconds on PostgreSQL and more on
// PGlite, so up to BULK_INLINE_MAX people answer within a second or two with the result at once, while thousands
// would hold the request for a minute; the job does those in the background and the result page shows its progress.
// Every item records its outcome in the transaction that does it, so a job run twice or resumed does nobody twice.
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { registrationBulkItems, registrationBulkRuns, registrations, type BulkAction, type BulkParams } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { uuidv7 } from '../../lib/ids.ts';
import type { AuditActor } from '../audit/service.ts';
import type { MailContext } from '../mail/service.ts';
import { applyBulkStep, type StepOutcome } from './bulk-steps.ts';
import { personNames } from '../../lib/person-name.ts';

/** Up to this many people, the request does the work itself (see above); more go to a registration.bulk job. */
export const BULK_INLINE_MAX = 50;
/** When the job of a run done by the request looks whether it was finished (seconds after the request). */
const SAFETY_NET_SECONDS = 300;
/** Items read per round by the worker; each is still its own transaction. */
const ROUND = 100;
/** Rows per INSERT: well under PostgreSQL's 65 535 parameters. */
const INSERT_CHUNK = 1000;

export interface BulkContext {
  db: Db;
  clock: Clock;
  mail: MailContext;
}

export interface BulkJobData {
  runId: string;
}

export type BulkRunRow = typeof registrationBulkRuns.$inferSelect;

/** The run a form (by its one-time token) already started, if any: a second press of the same button finds it. */
export async function findBulkRunByToken(db: Db, eventId: string, formToken: string): Promise<string | undefined> {
  const [run] = await db.select({ id: registrationBulkRuns.id }).from(registrationBulkRuns).where(and(eq(registrationBulkRuns.eventId, eventId), eq(registrationBulkRuns.formToken, formToken)));
  return run?.id;
}

/**
 * Records the run and its items (registration ids already checked to be the event's), then does them now or queues
 * the job, in the same transaction as the record so a job never looks for a run that is not there.
 */
export async function startBulkRun(
  ctx: BulkContext,
  actor: AuditActor,
  eventId: string,
  request: { action: BulkAction; params: BulkParams; formToken: string | null },
  registrationIds: string[],
): Promise<{ runId: string; inline: boolean }> {
  const { action, params, formToken } = request;
  const runId = uuidv7();
  const inline = registrationIds.length <= BULK_INLINE_MAX;
  const repeated = await ctx.db.transaction(async (tx) => {
    if (formToken) {
      // The same form again: one at a time per token, the second finds the first's run and starts nothing.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`bulk:${eventId}:${formToken}`}, 0))`);
      const [first] = await tx.select({ id: registrationBulkRuns.id }).from(registrationBulkRuns).where(and(eq(registrationBulkRuns.eventId, eventId), eq(registrationBulkRuns.formToken, formToken)));
      if (first) return first.id;
    }
    await tx.insert(registrationBulkRuns).values({ id: runId, eventId, actorId: actor.actorId, requestId: actor.requestId, formToken, action, params, total: registrationIds.length, createdAt: ctx.clock.now() });
    for (let start = 0; start < registrationIds.length; start += INSERT_CHUNK) {
      await tx.insert(registrationBulkItems).values(registrationIds.slice(start, start + INSERT_CHUNK).map((registrationId, i) => ({ runId, registrationId, position: start + i })));
    }
    // A run done by the request still gets a job, late enough never to overlap the request (which takes seconds):
    // should the process die half-way, the job finishes the run; otherwise it finds the run finished and stops.
    await ctx.mail.jobs.enqueue(tx, QUEUES.registrationBulk, { runId } satisfies BulkJobData, inline ? { startAfter: SAFETY_NET_SECONDS } : {});
    return null;
  });
  if (repeated) return { runId: repeated, inline: false };
  if (inline) await processBulkRun(ctx, runId);
  return { runId, inline };
}

/** Does every item not yet done, in the list's order, then marks the run finished. Safe to run twice or concurrently. */
export async function processBulkRun(ctx: BulkContext, runId: string): Promise<void> {
  const [run] = await ctx.db.select().from(registrationBulkRuns).where(eq(registrationBulkRuns.id, runId));
  if (!run || run.finishedAt) return;
  const actor: AuditActor = { actorId: run.actorId, requestId: run.requestId };
  for (;;) {
    const todo = await ctx.db
      .select({ registrationId: registrationBulkItems.registrationId })
      .from(registrationBulkItems)
      .where(and(eq(registrationBulkItems.runId, runId), isNull(registrationBulkItems.outcome)))
      .orderBy(asc(registrationBulkItems.position))
      .limit(ROUND);
    if (todo.length === 0) break;
    for (const item of todo) await processItem(ctx, run, actor, item.registrationId);
  }
  await ctx.db.update(registrationBulkRuns).set({ finishedAt: ctx.clock.now() }).where(and(eq(registrationBulkRuns.id, runId), isNull(registrationBulkRuns.finishedAt)));
}

async function processItem(ctx: BulkContext, run: BulkRunRow, actor: AuditActor, registrationId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    // Whoever locks the item does it; a second worker on the same run skips it, and a done item is never redone.
    const [item] = await tx
      .select({ outcome: registrationBulkItems.outcome })
      .from(registrationBulkItems)
      .where(and(eq(registrationBulkItems.runId, run.id), eq(registrationBulkItems.registrationId, registrationId), isNull(registrationBulkItems.outcome)))
      .for('update', { skipLocked: true });
    if (!item) return;
    const outcome: StepOutcome = await applyBulkStep({ db: tx, clock: ctx.clock, mail: ctx.mail }, actor, run, registrationId);
    await tx
      .update(registrationBulkItems)
      .set({ outcome: outcome.done ? 'done' : 'skipped', detail: outcome.detail, processedAt: ctx.clock.now() })
      .where(and(eq(registrationBulkItems.runId, run.id), eq(registrationBulkItems.registrationId, registrationId)));
  });
}

export interface BulkRunReport {
  run: BulkRunRow;
  processed: number;
  /** How many ended in each way: done.confirmed, skipped.notPending … */
  tally: { outcome: 'done' | 'skipped'; detail: string; n: number }[];
  /** The people skipped, with why, in the list's order (at most `limit`). */
  skipped: { registrationId: string; name: string; nameZh: string | null; email: string; detail: string }[];
}

/** A run of the event with what became of each person; undefined for an unknown run or another event's. */
export async function readBulkRun(db: Db, eventId: string, runId: string, limit = 500): Promise<BulkRunReport | undefined> {
  const [run] = await db.select().from(registrationBulkRuns).where(and(eq(registrationBulkRuns.id, runId), eq(registrationBulkRuns.eventId, eventId)));
  if (!run) return undefined;
  const tally = await db
    .select({ outcome: registrationBulkItems.outcome, detail: registrationBulkItems.detail, n: count() })
    .from(registrationBulkItems)
    .where(and(eq(registrationBulkItems.runId, runId), sql`${registrationBulkItems.outcome} is not null`))
    .groupBy(registrationBulkItems.outcome, registrationBulkItems.detail)
    .orderBy(asc(registrationBulkItems.outcome), asc(registrationBulkItems.detail));
  const skipped = await db
    .select({ registrationId: registrations.id, givenName: registrations.givenName, familyName: registrations.familyName, nameZh: registrations.nameZh, email: registrations.email, detail: registrationBulkItems.detail })
    .from(registrationBulkItems)
    .innerJoin(registrations, eq(registrations.id, registrationBulkItems.registrationId))
    .where(and(eq(registrationBulkItems.runId, runId), eq(registrationBulkItems.outcome, 'skipped')))
    .orderBy(asc(registrationBulkItems.position))
    .limit(limit);
  return {
    run,
    processed: tally.reduce((sum, row) => sum + row.n, 0),
    tally: tally.map((row) => ({ outcome: row.outcome!, detail: row.detail!, n: row.n })),
    skipped: skipped.map((row) => ({ registrationId: row.registrationId, ...personNames(row.givenName, row.familyName, row.nameZh), email: row.email, detail: row.detail! })),
  };
}
