// A transaction whose last statement takes locks every other request waits for (a registration's seat counters):
// the COMMIT is sent right behind that statement instead of after its answer has come back, so the locks are held
// only while the database works, not also while this process gets round to sending the COMMIT.
//
// On postgres.js the transaction's COMMIT goes out as soon as the transaction's function returns; the last statement
// is handed to the connection first (it was asked for before the function returned), so the two share one write.
// A failure of that statement in the database turns the COMMIT into a rollback, and its error is what this helper
// then throws. Two things it cannot guard by itself: a statement that fails before it is sent (a value the driver
// cannot serialise) leaves `first`'s work committed; and the order rests on the statement being handed over within
// the microtasks before the COMMIT is (tested in commit-behind.test.ts). A caller whose statement must never run
// alone marks its transaction in `first` (set_config(..., true)) and has the statement refuse without the mark, as
// registration/at-once.ts does.
// PGlite runs in this process: nothing to gain, and its COMMIT may not wait for a statement still queued, so the
// statement is awaited inside the transaction there.
// Example: const [row] = await transactionEndingWith(db, async (tx) => { await tx.insert(...); }, (tx) => tx.execute(sql`...`));
import { is } from 'drizzle-orm';
import { PostgresJsTransaction } from 'drizzle-orm/postgres-js';
import type { Db } from './types.ts';

export async function transactionEndingWith<T>(db: Db, first: (tx: Db) => Promise<void>, last: (tx: Db) => PromiseLike<T>): Promise<T> {
  let answer!: Promise<T>;
  await db.transaction(async (tx) => {
    await first(tx);
    answer = Promise.resolve(last(tx));
    if (is(tx, PostgresJsTransaction)) answer.catch(() => {}); // awaited below, after the COMMIT
    else await answer;
  });
  return answer;
}
