// Coalesced content-version reads: however requests, commits and query answers interleave, no request may see a
// version older than the one committed when it arrived, and concurrent requests share queries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coalesceReads } from '../../src/lib/coalesce-reads.ts';

/** A fake database: each read takes the version committed when it starts, and answers when the test says so. */
function fakeDatabase() {
  let committed = 0;
  const pending: (() => void)[] = [];
  let reads = 0;
  const read = () =>
    new Promise<number>((resolve) => {
      reads++;
      const snapshot = committed;
      pending.push(() => resolve(snapshot));
    });
  return {
    read,
    commit: () => ++committed,
    get committed() {
      return committed;
    },
    get reads() {
      return reads;
    },
    answerOldest: () => pending.shift()?.(),
    get pending() {
      return pending.length;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceReads', () => {
  it('never answers a request with a version older than the one committed when it arrived', async () => {
    const step = fc.constantFrom('request', 'commit', 'answer');
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const db = fakeDatabase();
        const readVersion = coalesceReads(db.read);
        const answers: Promise<void>[] = [];
        for (const s of steps) {
          if (s === 'commit') db.commit();
          else if (s === 'answer') db.answerOldest();
          else {
            const seenAtArrival = db.committed;
            answers.push(readVersion().then((version) => expect(version).toBeGreaterThanOrEqual(seenAtArrival)));
          }
          await settle();
        }
        while (db.pending > 0) {
          db.answerOldest();
          await settle();
        }
        await Promise.all(answers);
      }),
      { numRuns: 300 },
    );
  });

  it('serves a burst of requests with at most two queries', async () => {
    const db = fakeDatabase();
    const readVersion = coalesceReads(db.read);
    const burst = Array.from({ length: 50 }, () => readVersion());
    while (db.pending > 0) {
      db.answerOldest();
      await settle();
    }
    expect(await Promise.all(burst)).toEqual(Array(50).fill(0));
    expect(db.reads).toBe(2);
  });

  it('passes a failed read on to its callers and recovers on the next', async () => {
    let fail = true;
    const readVersion = coalesceReads(async () => {
      if (fail) throw new Error('database unreachable');
      return 7;
    });
    await expect(readVersion()).rejects.toThrow('database unreachable');
    fail = false;
    expect(await readVersion()).toBe(7);
  });
});
