// Statements the app sends again and again are prepared on PostgreSQL, not only those named with .prepare().
//
// drizzle hands postgres.js every other query as unnamed (prepare: false), and postgres.js sends an unnamed query
// with parameters in two round trips: Parse and Describe, then, once the server has described the parameters, Bind
// and Execute. A prepared one it has seen on that connection goes in one, and PostgreSQL neither parses nor plans
// it again. A registration's dozen statements were two dozen round trips.
//
// Preparing every text would keep every one-off statement (a bulk action's IN list of 317 ids…) on each connection
// for the connection's life, so a text is prepared from its second use on, and only while it is among the most
// recently repeated ones: the set of prepared texts stays bounded however varied the one-off statements are.
// Example: const db = drizzle(preparingRepeats(postgres(url)), { schema });
import type { Sql } from 'postgres';

/** How many texts are remembered: those seen once, and those prepared. Beyond it the least recently used go. */
const REMEMBERED_TEXTS = 1000;

/** Remembers query texts, least recently used first out, and says whether a text was seen before. */
export class RepeatedTexts {
  readonly #seen = new Map<string, true>();
  readonly capacity: number;
  constructor(capacity = REMEMBERED_TEXTS) {
    this.capacity = capacity;
  }

  /** Notes one use of `text`; true when it had been used before (and is still remembered). */
  use(text: string): boolean {
    const before = this.#seen.delete(text);
    this.#seen.set(text, true);
    if (this.#seen.size > this.capacity) this.#seen.delete(this.#seen.keys().next().value!);
    return before;
  }

  get size(): number {
    return this.#seen.size;
  }
}

type Unsafe = Sql['unsafe'];

/**
 * The postgres.js client as drizzle sees it, with `unsafe` preparing repeated texts; the clients of its transactions
 * and savepoints are wrapped the same way. Everything else passes through.
 */
export function preparingRepeats<T extends Sql>(sql: T, texts = new RepeatedTexts()): T {
  return wrap(sql, texts);
}

/** Texts longer than this, or with more parameters, are never prepared: they are the one-off kind (long IN lists). */
const MAX_PREPARED_TEXT = 16_384;
const MAX_PREPARED_PARAMETERS = 200;

function wrap<T extends object>(client: T, texts: RepeatedTexts): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'unsafe') {
        const unsafe = value as Unsafe;
        return ((...args: [query: string, parameters?: unknown, options?: { prepare?: boolean }]) => {
          const [query, parameters, options] = args;
          // unsafe(text) and unsafe(text, options) pass as they are: nothing to prepare without parameters.
          if (!Array.isArray(parameters)) return (unsafe as (...rest: unknown[]) => unknown)(...args);
          // Without parameters postgres.js sends the simple protocol: one round trip already, nothing to prepare.
          const prepare =
            options?.prepare === false &&
            parameters.length > 0 &&
            parameters.length <= MAX_PREPARED_PARAMETERS &&
            query.length <= MAX_PREPARED_TEXT &&
            texts.use(query);
          return unsafe(query, parameters as never, prepare ? { ...options, prepare: true } : options);
        }) as Unsafe;
      }
      if ((property === 'begin' || property === 'savepoint') && typeof value === 'function') {
        const open = value as (...args: unknown[]) => unknown;
        // begin(fn) or begin(options, fn); savepoint(fn) or savepoint(name, fn): the callback comes last. Other
        // forms (a tagged-template savepoint name) pass through as they are.
        return (...args: unknown[]) => {
          const last = args.length - 1;
          const inner = args[last];
          if (typeof inner !== 'function') return open(...args);
          args[last] = (scoped: object) => (inner as (client: object) => unknown)(wrap(scoped, texts));
          return open(...args);
        };
      }
      // Everything else as it is: postgres.js's functions are closures over their connection, not methods.
      return value;
    },
  });
}
