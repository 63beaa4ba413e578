// The audit log: append-only in the database itself, and a page per event that lists and filters it.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.ts';
import { writeAudit } from '../../src/features/audit/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, type EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let other: EventRow;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { timezone: 'Asia/Shanghai', title: { en: 'Matchmaking Day', 'zh-CN': '对接会' } });
  other = await createEvent(t.db);
  alice = await createUser(t.db, { email: 'alice@example.org', roles: [[event.id, 'organiser']] });
  bob = await createUser(t.db, { email: 'bob@example.org', name: 'Bob Li', roles: [[event.id, 'organiser']] });
  const at = (iso: string) => sql`${iso}::timestamptz`;
  const rows = [
    { actor: alice, action: 'team.add', when: '2026-11-21T15:30:00Z' }, // 21 Nov 23:30 Beijing
    { actor: bob, action: 'team.remove', when: '2026-11-21T16:30:00Z' }, // 22 Nov 00:30 Beijing
    { actor: alice, action: 'event.update', when: '2026-11-22T02:00:00Z' },
  ];
  for (const row of rows) {
    await writeAudit(t.db, { actorId: row.actor.id, requestId: 'req-1' }, { eventId: event.id, action: row.action, targetType: 'user', targetId: row.actor.id, after: { note: row.action } });
    await t.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await t.db.update(auditLog).set({ createdAt: sql`${at(row.when)}` }).where(eq(auditLog.action, row.action));
    await t.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  }
  await writeAudit(t.db, { actorId: alice.id, requestId: 'req-2' }, { eventId: other.id, action: 'team.add', targetType: 'user', after: { secret: 'other event' } });
});
afterAll(async () => t.close());

const actions = (html: string) => [...html.matchAll(/<td data-label="Action">[^<]*<br><code class="muted">([^<]+)<\/code>/g)].map((m) => m[1]);

describe('audit rows', () => {
  it('cannot be changed or deleted, by the app or by a mistaken query', async () => {
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.eventId, event.id)).limit(1);
    const refusal = (attempt: Promise<unknown>) => attempt.then(() => 'allowed', (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message));
    expect(await refusal(t.db.update(auditLog).set({ action: 'nothing.happened' }).where(eq(auditLog.id, row!.id)))).toBe('audit_log rows cannot be changed or deleted');
    expect(await refusal(t.db.delete(auditLog).where(eq(auditLog.id, row!.id)))).toBe('audit_log rows cannot be changed or deleted');
    const [after] = await t.db.select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(after).toEqual(row);
  });
});

describe('the audit page', () => {
  it("lists the event’s rows newest first, with who, what and the change, and nothing of other events", async () => {
    const agent = await signedInAgent(t, alice);
    const res = await agent.get(`/admin/events/${event.id}/audit`);
    expect(res.statusCode).toBe(200);
    expect(actions(res.body)).toEqual(['event.update', 'team.remove', 'team.add']);
    // By name, as the door names staff, with the address that tells two of the same name apart.
    expect(res.body).toContain('<td data-label="Person">Bob Li (bob@example.org)</td>');
    expect(res.body).toContain('22 Nov 2026, 10:00');
    expect((await agent.get(`/admin/events/${event.id}/audit?lang=zh-CN`)).body).toContain('Bob Li（bob@example.org）');
    expect(res.body).toContain('<pre class="audit-change">note: event.update</pre>');
    expect(res.body).not.toContain('other event');
  });

  it('filters by action, person and days of the event (in its time zone)', async () => {
    const agent = await signedInAgent(t, alice);
    const page = (query: string) => agent.get(`/admin/events/${event.id}/audit?${query}`).then((r) => actions(r.body));
    expect(await page('action=team.remove')).toEqual(['team.remove']);
    expect(await page('actor=alice')).toEqual(['event.update', 'team.add']);
    // By the name shown, too.
    expect(await page('actor=bob%20li')).toEqual(['team.remove']);
    // 21 Nov in Beijing holds only the 23:30 entry; the 00:30 one is already 22 Nov there.
    expect(await page('from=2026-11-21&to=2026-11-21')).toEqual(['team.add']);
    expect(await page('from=2026-11-22')).toEqual(['event.update', 'team.remove']);
    expect(await page('actor=nobody')).toEqual([]);
    const bad = await agent.get(`/admin/events/${event.id}/audit?from=yesterday`);
    expect(bad.statusCode).toBe(400);
  });

  it('speaks Chinese to a Chinese reader', async () => {
    const agent = await signedInAgent(t, alice, { lang: 'zh-CN' });
    const res = await agent.get(`/admin/events/${event.id}/audit`);
    expect(res.body).toContain('<h1>审计日志</h1>');
    expect(res.body).toContain('2026年11月22日 10:00');
  });
});
