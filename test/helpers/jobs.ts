// Waits until the background jobs a test started are done, so "no new mail" can be asserted after them.
// Example: await jobsSettled(t.db, ['calendar.invites', 'mail.send']);
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/types.ts';

export async function jobsSettled(db: Db, queues: string[] = ['calendar.invites', 'mail.send']): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const rows = await db.execute(sql`select count(*)::int as n from pgboss.job where name in ${sql.raw(`(${queues.map((q) => `'${q.replace(/'/g, "''")}'`).join(', ')})`)} and state in ('created', 'retry', 'active')`);
    const n = Number((rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (rows as unknown as { n: number }[])[0]?.n);
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('jobs did not settle');
}
