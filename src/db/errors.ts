// Recognises "the database is not there" among driver errors, so requests answer 503 instead of 500.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONNECTION_CODES.has(code) || code.startsWith('08')) return true;
    if (e.name === 'AggregateError' && Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}

/** A short reason such as "ECONNREFUSED" for a log or start-up line. */
export function describeDatabaseError(error: unknown): string {
  for (const e of causes(error)) {
    if (typeof e.code === 'string') return e.code;
    if (e.name === 'AggregateError' && Array.isArray(e.errors) && e.errors[0]) return describeDatabaseError(e.errors[0]);
  }
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** Whether PostgreSQL or PGlite reported this SQLSTATE (23505 unique_violation …), possibly wrapped by drizzle. */
export function hasSqlState(error: unknown, state: string): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === state) return true;
  }
  return false;
}

/** The messages of an error and of the errors it wraps (drizzle wraps the driver's), outermost first. */
export function errorMessages(error: unknown): string[] {
  return [...causes(error)].map((e) => (typeof e.message === 'string' ? e.message : ''));
}
