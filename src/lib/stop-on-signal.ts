// Graceful stop for a process: on SIGINT or SIGTERM run the stop steps once, in order, then exit; force after a limit.
// Example: stopOnSignal(log, 'finishing running jobs', [() => jobs.stop(15_000), () => database.close()]);
export function stopOnSignal(
  log: { info(details: object, message: string): void },
  what: string,
  steps: (() => unknown)[],
  forceAfterMs = 20_000,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `stopping: ${what}`);
    setTimeout(() => process.exit(1), forceAfterMs).unref();
    for (const step of steps) await step();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
