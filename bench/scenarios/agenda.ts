// agenda: the public agenda page of the demo world conference (35 sessions over five days) against L0, at 50
// connections, the load of a conference's attendees all opening the programme at once.
import { buildDemoEvents } from '../../src/db/seed/demo-events.ts';
import { describeAppServer } from '../lib/app-server.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeL0PageServer, describeL0Server } from '../lib/baseline-servers.ts';
import { combineRounds, type LoadRequest, type Measurement, measureLoad, median } from '../lib/measure-load.ts';
import { reportProgress } from '../lib/report-progress.ts';
import { type Scenario, compareWithBaseline } from '../lib/scenario.ts';
import { type RunningServer, withServer } from '../lib/spawn-server.ts';

const CONNECTIONS = 50;
/** The issue's goals for this page: at least half of L0's throughput, and a p99 under 50 ms. */
const MIN_RATIO = 0.5;
const MAX_P99_MS = 50;
const EXPECTED_SESSIONS = 35;
const ROUNDS = 3;

export const agendaScenario: Scenario = {
  name: 'agenda',
  async run({ settings, appData }) {
    const data = await appData();
    // The seed dated the conference from the day it ran, as this does: the same slug unless midnight passed between.
    const slug = buildDemoEvents(new Date()).find((e) => e.key === 'conference')!.slug;
    // Asked as Chrome asks (every browser offers Brotli and gzip), so the app sends what attendees' phones receive.
  const request: LoadRequest = { path: `/events/${slug}/agenda`, expectStatus: 200, headers: { 'accept-language': 'en', 'accept-encoding': 'gzip, deflate, br, zstd' } };
    const load = { ...settings, connections: CONNECTIONS };
    const described = `${ROUNDS} rounds of ${load.durationSeconds} s after ${load.warmupSeconds} s warm-up, ${CONNECTIONS} connections`;
    const pageFile = path.join(await mkdtemp(path.join(tmpdir(), 'forum-desk-bench-')), 'agenda-page.json');
    // L0 alone swings by a fifth from one run to the next on a shared machine, so one pair of runs can pass or fail
    // the goal by chance: the three targets take turns, and each round's app is compared with the L0 run just before it.
    const rounds: { baseline: Measurement; app: Measurement; samePage: Measurement }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const of = `round ${round} of ${ROUNDS}`;
      reportProgress(`agenda: measuring L0 hello (${of})`);
      const baseline = await withServer(describeL0Server(), (server) => measureLoad(server, { path: '/', expectStatus: 200 }, load));
      reportProgress(`agenda: measuring the app (${of})`);
      const app = await withServer(describeAppServer(data), async (server) => {
        if (round === 1) {
          await assertWholeAgenda(server, request.path);
          await writeFile(pageFile, JSON.stringify(await capturePage(`${server.url}${request.path}`, request.headers ?? {})));
        }
        return measureLoad(server, request, load);
      });
      reportProgress(`agenda: measuring a bare Fastify sending the same page (${of})`);
      const samePage = await withServer(describeL0PageServer(pageFile), (server) => measureLoad(server, { path: '/', expectStatus: 200 }, load));
      rounds.push({ baseline, app, samePage });
    }
    await rm(path.dirname(pageFile), { recursive: true, force: true });
    // compareWithBaseline gives 0 for a baseline that answered nothing: no ratio to meet a goal with.
    const ratios = rounds.map((r) => compareWithBaseline(r.app, r.baseline).ratio ?? 0);
    const ceilings = rounds.map((r) => compareWithBaseline(r.samePage, r.baseline).ratio ?? 0);
    const ratio = median(ratios);
    const app = combineRounds(rounds.map((r) => r.app));
    const samePage = combineRounds(rounds.map((r) => r.samePage));
    const baseline = combineRounds(rounds.map((r) => r.baseline));
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    const listed = (values: number[]) => values.map((v) => `${v.toFixed(2)}×`).join(', ');
    return {
      kind: 'load',
      name: 'agenda',
      title: `agenda: GET ${request.path} of the app (on ${data.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}) vs L0, ${described}; req/s and p50 are the rounds' medians, p99 the worst round's`,
      // The ratio column is each row's median of the rounds' ratios, not the quotient of the medians beside it.
      rows: [baseline, { ...samePage, ratio: median(ceilings) }, { ...app, ratio }],
      goals: [
        `app ÷ L0 in each round: ${listed(ratios)}; bare Fastify sending the same page ÷ L0: ${listed(ceilings)} (the load generator's ceiling for this page)`,
        `goal ≥ ${MIN_RATIO.toFixed(2)}× L0 req/s (median of the rounds): ${verdict(ratio >= MIN_RATIO)}`,
        `goal p99 < ${MAX_P99_MS} ms (every round): ${verdict(app.p99Ms < MAX_P99_MS)}`,
      ],
    };
  },
};

/** Measuring an empty or half-seeded agenda would flatter the app: the page must list every demo session. */
async function assertWholeAgenda(server: RunningServer, path: string): Promise<void> {
  const body = await (await fetch(`${server.url}${path}`, { headers: { 'accept-language': 'en' } })).text();
  const sessions = body.match(/<li class="session-card[^"]*" data-session-id="/g)?.length ?? 0;
  if (sessions !== EXPECTED_SESSIONS) throw new Error(`the agenda page lists ${sessions} sessions, expected the demo's ${EXPECTED_SESSIONS}`);
}

/** The page as the load sends it: status line aside, every header the app set (but per-connection ones) and the raw body. */
function capturePage(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const kept: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined && !['date', 'connection', 'keep-alive', 'content-length', 'x-request-id'].includes(name)) kept[name] = String(value);
          }
          resolve({ headers: kept, body: Buffer.concat(chunks).toString('base64') });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
