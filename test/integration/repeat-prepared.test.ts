// On PostgreSQL the app prepares the statements it repeats (src/db/repeat-prepared.ts): the second use of a query
// text is prepared on the connection, the first is not, and inside transactions as well as outside.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { createEvent } from '../factories/events.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

/** How many statements prepared on this connection read events by slug with the given marker in their text. */
async function preparedWith(tx: Db, marker: string): Promise<number> {
  const rows = (await tx.execute(sql.raw(`select count(*)::int as n from pg_prepared_statements where statement like '%${marker}%' and statement not like '%pg_prepared_statements%'`))) as unknown as { n: number }[];
  return rows[0]!.n;
}

describe.runIf(onPostgres)('repeated statements on PostgreSQL', () => {
  it('prepares a query text from its second use on, on the transaction connection', async () => {
    const event = await createEvent(t.database.db);
    const counts = await t.database.db.transaction(async (tx) => {
      // A text of its own (the alias), so nothing else in the suite prepared it before.
      const read = () => tx.select({ slug: events.slug }).from(events).where(and(eq(events.id, event.id), sql`'marker_7f3a' <> ''`));
      const seen: number[] = [];
      await read();
      seen.push(await preparedWith(tx, 'marker_7f3a'));
      expect(await read()).toEqual([{ slug: event.slug }]);
      seen.push(await preparedWith(tx, 'marker_7f3a'));
      await read();
      seen.push(await preparedWith(tx, 'marker_7f3a'));
      return seen;
    });
    expect(counts).toEqual([0, 1, 1]);
  });
});

describe.runIf(onPostgres)('the wrapped client', () => {
  it('leaves long statements unprepared, and nested transactions (savepoints) work through it', async () => {
    const event = await createEvent(t.database.db);
    const ids = Array.from({ length: 201 }, (_, i) => (i === 0 ? event.id : `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`));
    const counts = await t.database.db.transaction(async (tx) => {
      const read = () => tx.select({ slug: events.slug }).from(events).where(and(inArray(events.id, ids), sql`'marker_long_9c1' <> ''`));
      await read();
      await read();
      const prepared = await preparedWith(tx, 'marker_long_9c1');
      // A savepoint that fails rolls back alone; the transaction carries on.
      await tx.transaction(async (inner) => {
        await inner.update(events).set({ slug: `${event.slug}-x` }).where(eq(events.id, event.id));
        inner.rollback();
      }).catch(() => {});
      const [row] = await tx.select({ slug: events.slug }).from(events).where(eq(events.id, event.id));
      return { prepared, slug: row!.slug };
    });
    expect(counts).toEqual({ prepared: 0, slug: event.slug });
  });
});
