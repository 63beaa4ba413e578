// A clock tests can set and move; the only fake besides randomness.
// Example: const clock = createTestClock('2026-03-01T00:00:00Z'); clock.advance({ days: 1 });
import type { Clock } from '../../src/lib/clock.ts';

export interface TestClock extends Clock {
  set(instant: Date | string): void;
  advance(by: { days?: number; hours?: number; minutes?: number; seconds?: number }): void;
}

export function createTestClock(start: Date | string = '2026-11-25T02:00:00Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = new Date(instant);
    },
    advance: ({ days = 0, hours = 0, minutes = 0, seconds = 0 }) => {
      current = new Date(current.getTime() + ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000);
    },
  };
}
