// Test projects: unit (no I/O), integration (real HTTP via app.inject on a real database), e2e (headless Chromium).
import { defineConfig } from 'vitest/config';

// Tests run in UTC unless the caller chose a zone (CI repeats the *.tz tests under America/New_York).
process.env.TZ ??= 'UTC';

const withDatabase = {
  globalSetup: ['test/helpers/global-setup.ts'],
  // Files share a worker's loaded modules instead of importing the whole app afresh each time (a third of the run).
  // Every file builds its own app, database and SMTP catcher; no test mocks modules or changes the environment.
  isolate: false,
  // Three files share two cores: a test that waits on a job, a mail or a process gets a minute.
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one file at a time; the database tests spend most of their time waiting on
    // PostgreSQL, SMTP and job polling, so three at once take well under half the time (CI must finish in 30 min).
    maxWorkers: 3,
    projects: [
      // Property tests run hundreds of cases: beside two other files on two cores they need more than 5 s.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], ...withDatabase } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...withDatabase, testTimeout: 60_000, fileParallelism: false } },
    ],
  },
});
