// A long statement built once per shape and then only filled in. Building a statement of several INSERT builders with
// drizzle maps every value through its column and walks the whole tree of SQL pieces; for a registration written in
// one statement (registration/at-once.ts) that was a tenth of the app's CPU under load. Here the statement is built
// the first time with placeholders and its text kept; each later use only fills the values in (with each column's
// own mapping to the driver, as drizzle's prepared statements do) and hands drizzle the finished text and values.
// Example: const shapes = new StatementShapes();
//          await tx.execute(shapes.statement(`sessions:${n}`, () => sql`... ${sql.placeholder('eventId')} ...`, { eventId }));
import { is, Param, Placeholder, type QueryWithTypings, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

interface Shape {
  /** The text, parameters numbered $1, $2 … */
  text: string;
  /** In the order of $1, $2 …: a placeholder's name (and its column's mapping), or a constant. */
  params: ({ name: string; encoder?: Param['encoder'] } | { constant: unknown })[];
}

/** A statement whose text and parameters are already made: drizzle sends them as they are. */
class FilledStatement extends SQL {
  readonly #query: QueryWithTypings;
  constructor(query: QueryWithTypings) {
    super([]);
    this.#query = query;
  }
  override toQuery(): QueryWithTypings {
    return this.#query;
  }
}

export class StatementShapes {
  readonly #shapes = new Map<string, Shape>();
  readonly #limit: number;

  /** Keeps at most `limit` shapes; a shape beyond it is built on every use (still correct, only slower). */
  constructor(limit = 64) {
    this.#limit = limit;
  }

  /** The statement of shape `key`, built by `build` (with placeholders) the first time, with `values` filled in. */
  statement(key: string, build: () => SQL, values: Record<string, unknown>): SQL {
    let shape = this.#shapes.get(key);
    if (!shape) {
      const query = dialect.sqlToQuery(build());
      shape = { text: query.sql, params: query.params.map(slot) };
      if (this.#shapes.size < this.#limit) this.#shapes.set(key, shape);
    }
    const params = shape.params.map((param) => {
      if ('constant' in param) return param.constant;
      if (!(param.name in values)) throw new Error(`no value for placeholder ${param.name}`);
      const value = values[param.name] ?? null;
      return value === null || !param.encoder ? value : param.encoder.mapToDriverValue(value);
    });
    return new FilledStatement({ sql: shape.text, params });
  }

  get size(): number {
    return this.#shapes.size;
  }
}

/** What a built parameter is: a placeholder (with its column's mapping when it has one) or a constant. */
function slot(param: unknown): Shape['params'][number] {
  if (is(param, Placeholder)) return { name: param.name };
  if (is(param, Param) && is(param.value, Placeholder)) return { name: param.value.name, encoder: param.encoder };
  return { constant: param };
}
