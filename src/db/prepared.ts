// Statements built once per database and kept prepared on the server, for the queries every signed-in request or
// every door scan runs: building a drizzle query took a quarter of the app's CPU in a check-in profile, and each
// unprepared statement is parsed and planned again by PostgreSQL.
// Example: const byId = preparedPerDatabase((db) => db.select().from(events).where(eq(events.id, sql.placeholder('id'))).prepare('event_by_id'));
//          const [row] = await byId(db).execute({ id });
import type { Db } from './types.ts';

/**
 * `build` runs once per database object (an app's, a test's, or a transaction's: a statement prepared on a
 * transaction belongs to it and is built again for the next one).
 */
export function preparedPerDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let statement = built.get(db);
    if (statement === undefined) built.set(db, (statement = build(db)));
    return statement;
  };
}
