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

function wrap<T extends object>(client: T, texts: RepeatedTexts): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'unsafe') {
        const unsafe = value as Unsafe;
        return ((query: string, parameters?: unknown[], options?: { prepare?: boolean }) => {
          // Without parameters postgres.js sends the simple protocol: one round trip already, nothing to prepare.
          const prepare = options?.prepare === false && parameters !== undefined && parameters.length > 0 && texts.use(query);
          return unsafe.call(target, query, parameters as never, prepare ? { ...options, prepare: true } : options);
        }) as Unsafe;
      }
      if (property === 'begin' || property === 'savepoint') {
        const open = value as (...args: unknown[]) => unknown;
        // begin(fn) or begin(options, fn); savepoint(fn) or savepoint(name, fn): the callback comes last.
        return (...args: unknown[]) => {
          const last = args.length - 1;
          const inner = args[last] as (client: object) => unknown;
          args[last] = (scoped: object) => inner(wrap(scoped, texts));
          return open.apply(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
