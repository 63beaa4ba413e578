// Runs one server script in its own Node process (so it has its own event loop) and waits for the loopback URL it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { registerCleanup } from './cleanup.ts';

export interface ServerSpec {
  /** Names the server in the table and in messages, e.g. "L0 hello". */
  label: string;
  /** Absolute path of the .ts script, run by this same Node binary. */
  script: string;
  env: NodeJS.ProcessEnv;
}

export interface RunningServer {
  label: string;
  /** http://127.0.0.1:PORT, as the server printed it. */
  url: string;
  /** Throws, with the end of the server's stderr, if the process has exited. */
  assertAlive(): void;
  /** SIGTERM, then SIGKILL if it is still there after a few seconds. */
  stop(): Promise<void>;
}

// Every bench server prints "… running at http://127.0.0.1:PORT" once it listens; only loopback is accepted.
const READY_LINE = /running at (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 90_000;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Example: const server = await startServer({ label: 'L0 hello', script, env }); ... await server.stop();
 */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  installExitHook();
  // BENCH_PROFILE_DIR=<dir>: the app writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = spec.label === 'app' && process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, spec.script], { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const stop = registerCleanup(() => stopChild(child));
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 15) stderrTail.shift();
  });
  const describeExit = () =>
    `${spec.label} exited (${child.signalCode ?? `code ${child.exitCode}`})${stderrTail.length ? `:\n  ${stderrTail.join('\n  ')}` : ''}`;
  try {
    const url = await waitForReadyLine(child, spec.label, describeExit);
    return {
      label: spec.label,
      url,
      assertAlive: () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(describeExit());
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts a server, hands it to `use`, and stops it whatever happens. Example: await withServer(spec, (s) => measure(s)); */
export async function withServer<T>(spec: ServerSpec, use: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await startServer(spec);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

function waitForReadyLine(child: ChildProcess, label: string, describeExit: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} printed no "running at http://127.0.0.1:PORT" line within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      outcome();
    };
    // Give stderr a moment to arrive so the message shows why the server stopped.
    const onExit = () => setTimeout(() => settle(() => reject(new Error(describeExit()))), 50);
    const onError = (error: Error) => settle(() => reject(new Error(`${label} could not be started: ${error.message}`)));
    child.once('exit', onExit);
    child.once('error', onError);
    lines.on('line', function onLine(line) {
      const url = READY_LINE.exec(line)?.[1];
      if (!url) return;
      lines.off('line', onLine);
      settle(() => resolve(url));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (await exitsWithin(child, 0)) return;
  child.kill('SIGTERM');
  if (await exitsWithin(child, 5_000)) return;
  child.kill('SIGKILL');
  if (!(await exitsWithin(child, 2_000))) throw new Error(`process ${child.pid} did not stop after SIGKILL`);
}

function exitsWithin(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  if (child.pid === undefined) return Promise.resolve(true); // never started
  if (ms === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

// Last resort when the bench itself dies without its clean-up: no server outlives it.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}
