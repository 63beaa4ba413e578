// A transaction ending with a statement that has its COMMIT sent right behind it (src/db/commit-behind.ts): the
// statement's answer comes back, a failing statement undoes the whole transaction and its error is the one thrown,
// and many at once all finish with every row written (a COMMIT issued the wrong way leaves the driver hanging).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionEndingWith } from '../../src/db/commit-behind.ts';
import { hasSqlState } from '../../src/db/errors.ts';
import { contentVersions } from '../../src/db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const scope = (name: string) => `commit-behind-${name}`;
const rowsOf = async (name: string) => (await t.database.db.select().from(contentVersions).where(eq(contentVersions.scope, scope(name)))).map((r) => r.version);
const rows = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

describe('transactionEndingWith', () => {
  it('writes the first part and the last statement, and gives the last statement’s answer', async () => {
    const result = await transactionEndingWith(
      t.database.db,
      async (tx) => {
        await tx.insert(contentVersions).values({ scope: scope('ok'), version: 1 });
      },
      (tx) => tx.execute(sql`update ${contentVersions} set "version" = "version" + 1 where "scope" = ${scope('ok')} returning "version"::int as "version"`),
    );
    expect(rows(result)).toEqual([{ version: 2 }]);
    expect(await rowsOf('ok')).toEqual([2]);
  });

  it('runs the last statement inside the transaction, before its COMMIT (it sees what only that transaction sees)', async () => {
    const result = await transactionEndingWith(
      t.database.db,
      async (tx) => {
        await tx.execute(sql`select set_config('forum_desk.commit_behind_test', 'inside', true)`);
      },
      (tx) => tx.execute(sql`select current_setting('forum_desk.commit_behind_test', true) as "mark"`),
    );
    expect(rows(result)).toEqual([{ mark: 'inside' }]);
  });

  it('undoes the whole transaction when the last statement fails, and throws that statement’s error', async () => {
    const attempt = transactionEndingWith(
      t.database.db,
      async (tx) => {
        await tx.insert(contentVersions).values({ scope: scope('failed'), version: 1 });
      },
      (tx) => tx.execute(sql`insert into ${contentVersions} ("scope", "version") values (${scope('failed')}, 2)`),
    );
    const error = await attempt.then(() => undefined, (e: unknown) => e);
    expect(hasSqlState(error, '23505')).toBe(true);
    expect(await rowsOf('failed')).toEqual([]);
  });

  it('lets fifty transactions run at once, each finishing with its row', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `many-${i}`);
    await Promise.all(
      names.map((name) =>
        transactionEndingWith(
          t.database.db,
          async (tx) => {
            await tx.insert(contentVersions).values({ scope: scope(name), version: 1 });
          },
          (tx) => tx.execute(sql`update ${contentVersions} set "version" = 7 where "scope" = ${scope(name)}`),
        ),
      ),
    );
    const written = await t.database.db.select({ version: contentVersions.version }).from(contentVersions).where(sql`${contentVersions.scope} like ${scope('many-%')}`);
    expect(written.map((r) => r.version)).toEqual(names.map(() => 7));
  });
});
