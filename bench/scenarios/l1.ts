// l1: the L1 baseline alone (bare form POST with one INSERT), the reference point for future form scenarios.
import { describeL1Server } from '../lib/baseline-servers.ts';
import { createBenchDatabase } from '../lib/bench-database.ts';
import { type LoadRequest, measureLoad } from '../lib/measure-load.ts';
import { reportProgress } from '../lib/report-progress.ts';
import type { Scenario } from '../lib/scenario.ts';
import { withServer } from '../lib/spawn-server.ts';

/** A registration-sized form; future form scenarios post the same body to the app. */
export const POST_FORM: LoadRequest = {
  path: '/submit',
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ name: 'Ada Lovelace', email: 'ada@example.org', message: 'I would like to attend the roadshow.' }).toString(),
  expectStatus: 303,
};

export const l1Scenario: Scenario = {
  name: 'l1',
  async run({ settings }) {
    if (!settings.databaseUrl) {
      return {
        kind: 'skipped',
        name: 'l1',
        reason: 'L1 needs PostgreSQL and BENCH_DATABASE_URL is not set (an embedded PGlite cannot be shared with a separate server process)',
      };
    }
    const load = `${settings.durationSeconds} s after ${settings.warmupSeconds} s warm-up, ${settings.connections} connections`;
    const database = await createBenchDatabase(settings.databaseUrl, 'l1');
    try {
      reportProgress(`l1: measuring L1 form insert (${load})`);
      const row = await withServer(describeL1Server(database.url), (server) => measureLoad(server, POST_FORM, settings));
      return { kind: 'load', name: 'l1', title: `l1: POST /submit of L1 alone (PostgreSQL), ${load}`, rows: [row] };
    } finally {
      await database.drop();
    }
  },
};
