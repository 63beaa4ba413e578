// Statements of one transaction sent together (postgres.js pipelines them on the transaction's connection, PGlite
// runs them one after another), returning only once every one has finished.
// Example: const [replay, [existing]] = await together([findSubmission(tx, ...), tx.select().from(registrations)...]);

import { hasSqlState } from './errors.ts';

/**
 * Like Promise.all, but waits for all before failing: with Promise.all the transaction would end at the first
 * error, and a statement of the batch not yet sent would then go out on a connection given back to the pool.
 */
export async function together<T extends readonly unknown[] | []>(statements: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = (await Promise.allSettled(statements)) as PromiseSettledResult<unknown>[];
  const failed = settled.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  // A statement refused because an earlier one failed (25P02) says nothing: the cause is that earlier one's error,
  // whichever place it had in the batch (PGlite may run them in another order than they were listed).
  if (failed.length > 0) throw (failed.find((result) => !hasSqlState(result.reason, '25P02')) ?? failed[0]!).reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as { -readonly [K in keyof T]: Awaited<T[K]> };
}
