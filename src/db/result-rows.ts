// The rows of a raw statement (db.execute), whichever driver ran it: postgres.js gives an array, PGlite an object
// holding one. Example: const [row] = resultRows<{ n: number }>(await db.execute(sql`select 1 as n`));
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
