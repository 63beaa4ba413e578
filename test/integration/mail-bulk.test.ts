// Bulk sends: chunked writing, exactly-once delivery, the rate limit as job schedules, exact progress, all-or-nothing validation.
import { count, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailBatches, messages } from '../../src/db/schema/index.ts';
import { BULK_CHUNK_SIZE, getBulkProgress, startBulkSend, type BulkRecipient } from '../../src/features/mail/bulk.ts';
import { cancelMessage } from '../../src/features/mail/service.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createUser } from '../factories/users.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';

let t: TestApp;
let app: FastifyInstance;
beforeAll(async () => {
  t = await buildTestApp({ env: { NODE_ENV: 'development', DATA_DIR: '/tmp/fd-mail-bulk-test' } });
  app = t.app;
});
afterAll(async () => {
  await t?.close();
});

const recipients = (n: number, prefix: string): BulkRecipient[] =>
  Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.org`, name: `Participant ${i}`, locale: i % 2 ? 'zh-CN' : 'en', data: { body: `Hello ${i}` } }));

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The start_after of every mail.send job of the batch, in message order. */
async function jobSchedules(batchId: string): Promise<Date[]> {
  const rows = await t.db.execute<{ start_after: Date | string }>(sql`
    select j.start_after from pgboss.job j join messages m on m.id::text = j.data->>'messageId'
    where j.name = 'mail.send' and m.batch_id = ${batchId} order by j.start_after`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: { start_after: Date | string }[] }).rows) as { start_after: Date | string }[];
  return list.map((row) => new Date(row.start_after));
}

describe('startBulkSend', () => {
  it('queues 1,000 messages in chunks and delivers each exactly once', async () => {
    t.mail.clear();
    const started = await startBulkSend(t.db, t.app.mail, { template: 'message', recipients: recipients(1000, 'bulk'), data: { subject: 'Follow-up' }, ratePerMinute: 600_000 });
    expect(started).toEqual({ batchId: expect.any(String), total: 1000, queuedNow: BULK_CHUNK_SIZE });

    await t.mail.waitFor(1000, 60_000);
    await waitUntil(async () => (await getBulkProgress(t.db, started.batchId)).sent === 1000, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything sent twice would arrive by now
    const ids = t.mail.messages.map((m) => m.messageId);
    expect(t.mail.messages).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(new Set(t.mail.messages.map((m) => (Array.isArray(m.to) ? '' : m.to?.text)))).toHaveProperty('size', 1000);

    const progress = await getBulkProgress(t.db, started.batchId);
    expect(progress).toEqual({
      total: 1000,
      queued: 0,
      sending: 0,
      sent: 1000,
      failed: 0,
      cancelled: 0,
      createdAt: expect.any(Date),
      ratePerMinute: 600_000,
      expectedFinishAt: new Date(progress.createdAt.getTime() + 100), // 999 slots of 0.1 ms
    });
    const [rowCount] = await t.db.select({ n: count() }).from(messages).where(eq(messages.batchId, started.batchId));
    expect(rowCount!.n).toBe(1000);
    // A thousand real SMTP deliveries through the worker, beside other test files on two cores.
  }, 90_000);

  it('spreads the deliveries by the rate: at 60 a minute, one second apart', async () => {
    const startAt = new Date(Date.now() + 3_600_000); // an hour away, so nothing leaves during the test
    const started = await startBulkSend(t.db, t.app.mail, { template: 'message', recipients: recipients(5, 'paced'), ratePerMinute: 60, startAt });
    const schedules = await jobSchedules(started.batchId);
    expect(schedules.map((d) => d.getTime() - startAt.getTime())).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('reports exact progress counts, including messages cancelled and still waiting', async () => {
    const startAt = new Date(Date.now() + 3_600_000);
    const started = await startBulkSend(t.db, t.app.mail, { template: 'message', recipients: recipients(4, 'counted'), ratePerMinute: 120, startAt });
    const [first] = await t.db.select({ id: messages.id }).from(messages).where(eq(messages.batchId, started.batchId)).limit(1);
    expect(await cancelMessage(t.db, first!.id)).toBe(true);
    expect(await getBulkProgress(t.db, started.batchId)).toEqual({
      total: 4,
      queued: 3,
      sending: 0,
      sent: 0,
      failed: 0,
      cancelled: 1,
      createdAt: startAt,
      ratePerMinute: 120,
      expectedFinishAt: new Date(startAt.getTime() + 1500),
    });
  });

  it('refuses the whole list when one address is invalid, naming the row, and writes nothing', async () => {
    const [batchesBefore] = await t.db.select({ n: count() }).from(mailBatches);
    const [messagesBefore] = await t.db.select({ n: count() }).from(messages);
    const list = recipients(10, 'valid');
    list[3] = { email: 'not-an-address', locale: 'en' };
    const error = await startBulkSend(t.db, t.app.mail, { template: 'message', recipients: list, ratePerMinute: 600 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual({ 'recipients.4': { key: 'bulkMail.errors.invalidRecipient', vars: { row: 4, email: 'not-an-address' } } });
    expect(await t.db.select({ n: count() }).from(mailBatches)).toEqual([batchesBefore]);
    expect(await t.db.select({ n: count() }).from(messages)).toEqual([messagesBefore]);
  });
});

describe('bulk send progress for the organiser', () => {
  it('answers JSON at /api/admin/mail/batches/:id and a page with a progress bar that a script keeps current', async () => {
    const startAt = new Date('2030-01-01T00:00:00Z');
    const started = await startBulkSend(t.db, t.app.mail, { template: 'message', recipients: recipients(3, 'shown'), ratePerMinute: 60, startAt });
    const admin = await signedInAgent(t, await createUser(t.db, { isAdmin: true, totp: true }));
    const api = await admin.get(`/api/admin/mail/batches/${started.batchId}`);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toEqual({
      total: 3,
      queued: 3,
      sending: 0,
      sent: 0,
      failed: 0,
      cancelled: 0,
      createdAt: '2030-01-01T00:00:00.000Z',
      ratePerMinute: 60,
      expectedFinishAt: '2030-01-01T00:00:02.000Z',
    });
    const page = await admin.get(`/admin/mail/batches/${started.batchId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<progress id="bulk-progress-bar" max="3" value="0"');
    expect(page.body).toContain('0 of 3 sent');
    expect(page.body).toContain('<script src="/static/js/mail-batch.js" defer></script>');
    expect(page.body).toContain(`data-progress-url="/api/admin/mail/batches/${started.batchId}"`);
  });

  it('is refused to people who are not signed in and answers 404 for an unknown batch', async () => {
    const started = await startBulkSend(t.db, t.app.mail, { template: 'message', recipients: recipients(1, 'private'), ratePerMinute: 60, startAt: new Date('2030-01-01T00:00:00Z') });
    const anonymous = await new HttpAgent(app).get(`/api/admin/mail/batches/${started.batchId}`);
    expect(anonymous.statusCode).toBe(403);
    expect(anonymous.json()).toMatchObject({ status: 403, detail: 'Please sign in first. Your session may have ended; sign in again and repeat what you were doing.' });
    // Not an administrator, and the batch belongs to no event of theirs.
    const organiser = await signedInAgent(t, await createUser(t.db));
    expect((await organiser.get(`/api/admin/mail/batches/${started.batchId}`)).statusCode).toBe(404);
    const admin = await signedInAgent(t, await createUser(t.db, { isAdmin: true, totp: true }));
    const missing = await admin.get('/api/admin/mail/batches/01900000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});
