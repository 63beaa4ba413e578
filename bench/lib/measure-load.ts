// Drives one running server with autocannon from this process: one checked request, a warm-up, then the measured run.
import autocannon from 'autocannon';
import type { BenchSettings } from './bench-settings.ts';
import { type PlainRequest, sendRequest } from './send-request.ts';
import type { RunningServer } from './spawn-server.ts';

export interface LoadRequest extends PlainRequest {
  path: string;
  /** The status every answer should have, e.g. 200 or 303. */
  expectStatus: number;
  /** A fresh body for each request (a new person and form token per registration); overrides `body`. */
  makeBody?: () => string;
  /** Headers for each request on top of `headers` (e.g. one signed-in session after another). */
  makeHeaders?: () => Record<string, string>;
}

export interface Measurement {
  target: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers whose status class differs from expectStatus's. */
  unexpectedStatus: number;
  /** Answers with expectStatus's class, warm-up included: what a scenario checks against the rows written. */
  expectedAnswersWithWarmup: number;
}

/** Example: const m = await measureLoad(server, { path: '/', expectStatus: 200 }, settings); */
export async function measureLoad(server: RunningServer, request: LoadRequest, settings: BenchSettings): Promise<Measurement> {
  const url = `${server.url}${request.path}`;
  const status = await sendRequest(url, request.makeBody ? { ...request, body: request.makeBody() } : request);
  if (status !== request.expectStatus) {
    throw new Error(`${server.label}: ${request.method ?? 'GET'} ${request.path} answered ${status}, expected ${request.expectStatus}`);
  }
  const statusClass = `${Math.floor(request.expectStatus / 100)}xx` as '1xx' | '2xx' | '3xx' | '4xx' | '5xx';
  const warmup = await fire(url, request, settings.connections, settings.warmupSeconds);
  const { result, latenciesMs } = await fire(url, request, settings.connections, settings.durationSeconds);
  server.assertAlive();
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    target: server.label,
    reqPerSec: roundTo(result.requests.average, 1),
    p50Ms: roundTo(percentile(latenciesMs, 0.5), 3),
    p99Ms: roundTo(percentile(latenciesMs, 0.99), 3),
    requests: result.requests.total,
    errors: result.errors,
    unexpectedStatus: answered - result[statusClass],
    // The checked request above answered too.
    expectedAnswersWithWarmup: 1 + warmup.result[statusClass] + result[statusClass],
  };
}

// autocannon's own histogram keeps whole milliseconds, too coarse for a sub-millisecond baseline, so the
// latencies are taken from its per-response events (which carry fractional milliseconds) instead.
function fire(url: string, request: LoadRequest, connections: number, seconds: number): Promise<{ result: autocannon.Result; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  return new Promise((resolve, reject) => {
    const make = request.makeBody;
    const options = {
      url,
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      connections,
      duration: seconds,
      ...(make || request.makeHeaders
        ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...(make ? { body: make() } : {}), ...(request.makeHeaders ? { headers: { ...req.headers, ...request.makeHeaders() } } : {}) }) }] }
        : {}),
    };
    const instance = autocannon(options, (error: unknown, result) => (error ? reject(error) : resolve({ result, latenciesMs })));
    instance.on('response', (_client, _status, _bytes, ms) => latenciesMs.push(ms));
  });
}

/** Middle value (mean of the two middle ones for an even count); 0 for none. Example: median([3, 1, 2]) is 2. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * One row for several runs of the same target: the median req/s and p50, the worst p99, counts added up.
 * Example: combineRounds([first, second, third]).
 */
export function combineRounds(runs: Measurement[]): Measurement {
  const sum = (pick: (m: Measurement) => number) => runs.reduce((total, m) => total + pick(m), 0);
  return {
    target: runs[0]?.target ?? '',
    reqPerSec: roundTo(median(runs.map((m) => m.reqPerSec)), 1),
    p50Ms: median(runs.map((m) => m.p50Ms)),
    p99Ms: Math.max(0, ...runs.map((m) => m.p99Ms)),
    requests: sum((m) => m.requests),
    errors: sum((m) => m.errors),
    unexpectedStatus: sum((m) => m.unexpectedStatus),
    expectedAnswersWithWarmup: sum((m) => m.expectedAnswersWithWarmup),
  };
}

/** Nearest-rank percentile, `share` between 0 and 1; 0 for no samples. */
function percentile(values: number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
