// Shares a database read among the callers of one process. With `reuseMs` 0 no caller gets an answer from a read
// that began before it called; with a lease, the answer of a read that began less than `reuseMs` ago serves at once.
// The content version every cached page checks uses a lease: a few reads a second instead of one per request, and a
// publication waits out the lease (lib/page-cache.ts) so that it still shows on the next request in every process.
// Example: const readVersion = coalesceReads(() => readContentVersion(db, 'events'), { reuseMs: 100 });

export interface SharedRead<T> {
  /** An answer from a read that began at most `reuseMs` before this call (after it, for 0). */
  (): Promise<T>;
  /** That answer without waiting, when a finished read is still within its lease; undefined otherwise. */
  current(): T | undefined;
  /** Forgets every answer and read so far: the next call reads anew (this process has just written). */
  expire(): void;
}

/**
 * Wraps `read` so that concurrent callers share reads. A newcomer takes the last answer or joins the read under way
 * when that read began within the lease; otherwise it joins the next read, which starts when the one under way ends.
 */
export function coalesceReads<T>(read: () => Promise<T>, { reuseMs = 0 }: { reuseMs?: number } = {}): SharedRead<T> {
  let last: { value: T; startedAt: number } | undefined;
  let running: { promise: Promise<T>; startedAt: number } | undefined;
  let next: Promise<T> | undefined;
  let expiredAt = Number.NEGATIVE_INFINITY;
  const fresh = (startedAt: number) => startedAt > expiredAt && performance.now() - startedAt < reuseMs;
  const start = (): Promise<T> => {
    const startedAt = performance.now();
    const promise = read()
      .then((value) => {
        if (!last || startedAt >= last.startedAt) last = { value, startedAt };
        return value;
      })
      .finally(() => {
        if (running?.promise === promise) running = undefined;
      });
    running = { promise, startedAt };
    return promise;
  };
  const shared = (() => {
    if (last && fresh(last.startedAt)) return Promise.resolve(last.value);
    if (running && fresh(running.startedAt)) return running.promise;
    if (next) return next;
    if (!running) return start();
    next = running.promise
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  }) as SharedRead<T>;
  shared.current = () => (last && fresh(last.startedAt) ? last.value : undefined);
  shared.expire = () => {
    expiredAt = performance.now();
  };
  return shared;
}
