// The source of "now", passed to services so tests can fix the time.
// Example: const today = clock.now();
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
