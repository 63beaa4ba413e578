// Shares a database read among concurrent callers without ever answering with a read older than the call: for the
// content version every cached page checks, one query per round trip instead of one per request, and still no page
// older than a publication the visitor has just seen succeed.
// Example: const readVersion = coalesceReads(() => readContentVersion(db, 'events')); const v = await readVersion();

/**
 * Wraps `read` so that concurrent callers share reads, yet none gets the answer of a read that began before it
 * called: a newcomer joins the next read, which starts when the one under way ends.
 */
export function coalesceReads<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const current = read().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };
  return () => {
    if (!running) return start();
    next ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next = undefined;
      return start();
    });
    return next;
  };
}
