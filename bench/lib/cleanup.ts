// One list of things to undo (child servers, databases, temp directories), so an error or Ctrl-C still undoes them all.

const pending: Array<() => Promise<void>> = [];

/**
 * Remembers `undo` and returns a function that runs it once; whatever is still remembered runs in runCleanups.
 * Example: const stop = registerCleanup(() => killChild(child)); try { ... } finally { await stop(); }
 */
export function registerCleanup(undo: () => Promise<void>): () => Promise<void> {
  let started: Promise<void> | undefined;
  const once = (): Promise<void> => {
    if (!started) {
      const index = pending.indexOf(once);
      if (index >= 0) pending.splice(index, 1);
      started = undo();
    }
    return started;
  };
  pending.push(once);
  return once;
}

/** Undoes everything still remembered, newest first; a failing step is reported and the rest still run. */
export async function runCleanups(): Promise<void> {
  for (let next = pending.at(-1); next; next = pending.at(-1)) {
    await next().catch((error: unknown) => {
      process.stderr.write(`bench: clean-up step failed: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  }
}
