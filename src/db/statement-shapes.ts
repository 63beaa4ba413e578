// A long statement built once per shape and then only filled in. Building a statement of several INSERT builders with
// drizzle maps every value through its column and walks the whole tree of SQL pieces; for a registration written in
// one statement (registration/at-once.ts) that was a tenth of the app's CPU under load. Here the statement is built
// the first time with placeholders, its text kept cut at the parameters, and each later use only fills the values
// in (with each column's own mapping to the driver, as drizzle's prepared statements do).
// Example: const shapes = new StatementShapes();
//          await tx.execute(shapes.statement(`sessions:${n}`, () => sql`... ${sql.placeholder('eventId')} ...`, { eventId }));
import { is, Param, Placeholder, SQL, StringChunk } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

interface Shape {
  /** The text around the parameters: one more piece than parameters. */
  pieces: string[];
  /** Placeholders (filled per use) and constants, in the order of $1, $2 … */
  params: unknown[];
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
      // drizzle numbers the parameters $1, $2 … in the order they appear, each once.
      shape = { pieces: query.sql.split(/\$\d+(?!\d)/), params: query.params };
      if (shape.pieces.length !== shape.params.length + 1) throw new Error(`statement shape ${key}: ${shape.params.length} parameters but ${shape.pieces.length - 1} markers`);
      if (this.#shapes.size < this.#limit) this.#shapes.set(key, shape);
    }
    const filled = shape.params.map((param) => fill(param, values));
    const chunks: (StringChunk | Param)[] = [new StringChunk(shape.pieces[0]!)];
    for (let i = 0; i < filled.length; i++) chunks.push(new Param(filled[i]), new StringChunk(shape.pieces[i + 1]!));
    return new SQL(chunks);
  }

  get size(): number {
    return this.#shapes.size;
  }
}

/** A parameter's value for this use: a placeholder's value, through its column's mapping unless null; a constant as it is. */
function fill(param: unknown, values: Record<string, unknown>): unknown {
  const placeholder = is(param, Placeholder) ? param : is(param, Param) && is(param.value, Placeholder) ? param.value : undefined;
  if (!placeholder) return param;
  if (!(placeholder.name in values)) throw new Error(`no value for placeholder ${placeholder.name}`);
  const value = values[placeholder.name];
  return value === null || value === undefined || !is(param, Param) ? (value ?? null) : param.encoder.mapToDriverValue(value);
}
