// cold-start: time from spawning src/server.ts to its first 200 on / against an already-migrated embedded database.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeAppServer } from '../lib/app-server.ts';
import { median } from '../lib/measure-load.ts';
import { reportProgress } from '../lib/report-progress.ts';
import type { Scenario } from '../lib/scenario.ts';
import { sendRequest } from '../lib/send-request.ts';
import { withServer } from '../lib/spawn-server.ts';

const STARTS = 3;

export const coldStartScenario: Scenario = {
  name: 'cold-start',
  async run({ embeddedAppData }) {
    const data = await embeddedAppData();
    const runsMs: number[] = [];
    for (let i = 1; i <= STARTS; i++) {
      reportProgress(`cold-start: start ${i} of ${STARTS}`);
      const spawnedAt = performance.now();
      runsMs.push(
        await withServer(describeAppServer(data), async (server) => {
          await waitForOk(`${server.url}/`);
          return Math.round(performance.now() - spawnedAt);
        }),
      );
    }
    const medianMs = median(runsMs);
    return { kind: 'cold-start', name: 'cold-start', title: `cold-start: spawn to first 200 on / (embedded PGlite, median of ${STARTS})`, runsMs, medianMs };
  },
};

// The server prints its address once it listens, so the first request normally succeeds; a few retries cover the rest.
async function waitForOk(url: string): Promise<void> {
  let status = 0;
  for (let attempt = 0; attempt < 50; attempt++) {
    status = await sendRequest(url);
    if (status === 200) return;
    await sleep(20);
  }
  throw new Error(`the app answered ${status} on / instead of 200 after starting`);
}
