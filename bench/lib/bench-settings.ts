// The benchmark's knobs, read from the environment in one place: duration, connections and an optional PostgreSQL.

export interface BenchSettings {
  /** Seconds of measured load per target (BENCH_DURATION, default 10). */
  durationSeconds: number;
  /** Seconds of unmeasured load before each measurement. */
  warmupSeconds: number;
  /** Concurrent connections autocannon keeps open (BENCH_CONNECTIONS, default 10). */
  connections: number;
  /** A PostgreSQL server URL on which the bench may create and drop its own databases (BENCH_DATABASE_URL). */
  databaseUrl: string | undefined;
}

/** Thrown for a setting with a wrong value; the message is one line fit to print. */
export class BenchSettingsError extends Error {
  override name = 'BenchSettingsError';
}

/** Example: const settings = readBenchSettings(process.env); */
export function readBenchSettings(env: Record<string, string | undefined>): BenchSettings {
  const databaseUrl = env.BENCH_DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
    throw new BenchSettingsError('BENCH_DATABASE_URL: expected a postgres:// URL of a server where the bench may create databases');
  }
  return {
    durationSeconds: readPositiveNumber(env, 'BENCH_DURATION', 10, false),
    warmupSeconds: 2,
    connections: readPositiveNumber(env, 'BENCH_CONNECTIONS', 10, true),
    databaseUrl,
  };
}

function readPositiveNumber(env: Record<string, string | undefined>, key: string, fallback: number, integer: boolean): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new BenchSettingsError(`${key}: expected a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
