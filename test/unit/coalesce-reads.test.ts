// Coalesced content-version reads: however requests, commits and query answers interleave, no request may see a
// version older than the one committed when it arrived, and concurrent requests share queries.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

/**
 * Plays requests, commits, answers and waits (milliseconds, under fake timers) against a lease of `reuseMs`: every
 * request must get a version at least as new as the last one committed `reuseMs` or more before it arrived.
 */
async function play(steps: ('request' | 'commit' | 'answer' | number)[], reuseMs: number): Promise<void> {
  const db = fakeDatabase();
  const readVersion = coalesceReads(db.read, { reuseMs });
  const commits: { version: number; at: number }[] = [];
  const answers: Promise<void>[] = [];
  for (const s of steps) {
    if (s === 'commit') commits.push({ version: db.commit(), at: performance.now() });
    else if (s === 'answer') db.answerOldest();
    else if (typeof s === 'number') vi.advanceTimersByTime(s);
    else {
      const arrived = performance.now();
      const owed = Math.max(0, ...commits.filter((c) => c.at <= arrived - reuseMs).map((c) => c.version));
      answers.push(readVersion().then((version) => expect(version).toBeGreaterThanOrEqual(owed)));
    }
    await settle();
  }
  while (db.pending > 0) {
    db.answerOldest();
    await settle();
  }
  await Promise.all(answers);
}

describe('coalesceReads', () => {
  it('never answers a request with a version older than the one committed when it arrived', async () => {
    const step = fc.constantFrom('request' as const, 'commit' as const, 'answer' as const);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), (steps) => play(steps, 0)),
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

  describe('with a lease', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['performance'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('answers from a read that began within the lease without asking again, and never from an older one', async () => {
      const db = fakeDatabase();
      const readVersion = coalesceReads(db.read, { reuseMs: 100 });
      expect(readVersion.current()).toBeUndefined();
      const first = readVersion();
      db.answerOldest();
      expect(await first).toBe(0);
      db.commit();
      vi.advanceTimersByTime(99);
      expect(readVersion.current()).toBe(0);
      expect(await readVersion()).toBe(0);
      expect(db.reads).toBe(1);
      // The lease counts from the moment the read began: a change committed before then shows once it has passed.
      vi.advanceTimersByTime(1);
      expect(readVersion.current()).toBeUndefined();
      const second = readVersion();
      db.answerOldest();
      expect(await second).toBe(1);
      expect(db.reads).toBe(2);
    });

    it('joins a read under way only when it began within the lease', async () => {
      const db = fakeDatabase();
      const readVersion = coalesceReads(db.read, { reuseMs: 100 });
      const early = readVersion();
      vi.advanceTimersByTime(50);
      const joining = readVersion();
      expect(db.reads).toBe(1);
      // The read has been under way for longer than the lease: a newcomer waits for the next one.
      vi.advanceTimersByTime(60);
      db.commit();
      const late = readVersion();
      db.answerOldest();
      await settle();
      db.answerOldest();
      expect(await Promise.all([early, joining, late])).toEqual([0, 0, 1]);
      expect(db.reads).toBe(2);
    });

    it('reads anew after expire, however young the lease', async () => {
      const db = fakeDatabase();
      const readVersion = coalesceReads(db.read, { reuseMs: 100 });
      const first = readVersion();
      db.answerOldest();
      await first;
      db.commit();
      vi.advanceTimersByTime(1);
      readVersion.expire();
      expect(readVersion.current()).toBeUndefined();
      const after = readVersion();
      db.answerOldest();
      expect(await after).toBe(1);
    });

    it('never answers with a version older than one committed a lease or more before the call', async () => {
      const step = fc.oneof(fc.constantFrom('request' as const, 'commit' as const, 'answer' as const), fc.integer({ min: 1, max: 150 }));
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 40 }), (steps) => play(steps, 100)),
        { numRuns: 300 },
      );
    });
  });
});
