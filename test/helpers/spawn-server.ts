// Starts the real `node src/server.ts` as a child process, the way `npm start` does, and waits for its URL.
// Example: const server = await spawnServer({ DATA_DIR: dir }); await fetch(server.url); await server.stop();
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface ExitedProcess {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startChild(env: Record<string, string>, script = 'src/server.ts'): ChildProcess {
  // process.execPath is the Node 24 that npm scripts run, as `npm start` would use.
  return spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: process.env.TZ ?? 'UTC', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the server until it exits by itself (for start-up failures). */
export function runServerUntilExit(env: Record<string, string>, timeoutMs = 30_000): Promise<ExitedProcess> {
  const child = startChild(env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not exit within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function spawnServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  return spawnProcess('src/server.ts', env, /Forum Desk is running at (http:\/\/\S+)/, timeoutMs);
}

/** `npm run worker`: resolves once it says it is running; `url` is empty. */
export function spawnWorker(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  return spawnProcess('src/worker.ts', env, /Forum Desk worker is running()/, timeoutMs);
}

function spawnProcess(script: string, env: Record<string, string>, ready: RegExp, timeoutMs: number): Promise<ServerProcess> {
  const child = startChild(env, script);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server printed no URL within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = ready.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        child,
        stdout: () => out,
        stderr: () => err,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving; stdout: ${out}; stderr: ${err}`));
    });
  });
}

/** Runs `node <script> ...args` from the project root to completion (CLI scripts such as the seeder). */
export function runScript(script: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<ExitedProcess> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: process.env.TZ ?? 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
