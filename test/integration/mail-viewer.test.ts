// The mail log and viewer at /admin/mail: outbox mail listed, filtered, opened, downloaded, resent and cancelled;
// all of it for administrators, an event’s mail for its owners and organisers, nothing for anyone else.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, messages, type MessageStatus } from '../../src/db/schema/index.ts';
import { queueMail, type MailRequest } from '../../src/features/mail/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createEvent } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { csrfTokenIn, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';

const devEnv = () => ({ NODE_ENV: 'development', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'fd-mail-viewer-')), SMTP_URL: '' });

let dev: TestApp;
let held: TestApp;
let eventId: string;
const ids: Record<string, string> = {};
const messageIds: Record<string, string> = {};

async function queue(t: TestApp, request: MailRequest) {
  return t.db.transaction((tx) => queueMail(tx, t.app.mail, request));
}

async function statusOf(t: TestApp, id: string): Promise<MessageStatus | undefined> {
  const [row] = await t.db.select({ status: messages.status }).from(messages).where(eq(messages.id, id));
  return row?.status;
}

async function waitForStatus(t: TestApp, id: string, status: MessageStatus): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await statusOf(t, id)) !== status) {
    if (Date.now() > deadline) throw new Error(`message ${id} is ${await statusOf(t, id)}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// A signed-in administrator per app, and a CSRF token of their session.
const admins = new Map<TestApp, { agent: HttpAgent; csrf: string; userId: string }>();
async function signInAdmin(t: TestApp): Promise<void> {
  const admin = await createUser(t.db, { isAdmin: true, totp: true });
  const agent = await signedInAgent(t, admin);
  admins.set(t, { agent, csrf: csrfTokenIn((await agent.get('/account')).body), userId: admin.id });
}
const get = (t: TestApp, url: string, lang = 'en') => admins.get(t)!.agent.get(url, { 'accept-language': lang });
const post = (t: TestApp, url: string, headers: Record<string, string> = {}) => admins.get(t)!.agent.post(url, { _csrf: admins.get(t)!.csrf }, headers);

/** The counts-per-status tiles, as { status: count }. */
function statusCounts(html: string): Record<string, number> {
  return Object.fromEntries([...html.matchAll(/status-count--(\w+)"[^>]*>\s*<span class="status-count__number">(\d+)<\/span>/g)].map((m) => [m[1], Number(m[2])]));
}

/** The message ids of the listed rows, top to bottom. */
function listedIds(html: string): string[] {
  return [...html.matchAll(/<tr class="mail-row[^"]*">[\s\S]*?<a href="\/admin\/mail\/([0-9a-f-]+)">/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  [dev, held] = await Promise.all([buildTestApp({ env: devEnv() }), buildTestApp({ env: devEnv(), worker: false })]);
  await Promise.all([dev, held].map(signInAdmin));
  const event = await createEvent(dev.db, { timezone: 'Europe/Berlin', title: { en: 'Berlin Science Forum', 'zh-CN': '柏林科学论坛' } });
  eventId = event.id;

  const invitation = await queue(dev, {
    to: { email: 'li.na@institute.example.cn', name: '李娜' },
    template: 'event-invitation',
    locale: 'en',
    eventId,
  });
  const agenda = await queue(dev, {
    to: { email: 'marco.rossi@technopolis.example.it', name: 'Marco Rossi' },
    template: 'message',
    locale: 'en',
    data: { subjectLine: 'Agenda for your visit', paragraphs: ['The agenda is attached.'] },
    attachments: [{ filename: 'agenda.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test') }],
  });
  const bounced = await queue(dev, {
    to: { email: 'aisha@embassy.example.ae' },
    template: 'message',
    locale: 'en',
    eventId,
    data: { subjectLine: 'Visa letter', paragraphs: ['Your visa letter is ready.'] },
  });
  Object.assign(ids, { invitation: invitation.id, agenda: agenda.id, bounced: bounced.id });
  Object.assign(messageIds, { invitation: invitation.messageId, agenda: agenda.messageId, bounced: bounced.messageId });
  for (const id of Object.values(ids)) await waitForStatus(dev, id, 'sent');

  // Fixed queue times, so the list order and the times shown are known; one message the server refused.
  await dev.db.update(messages).set({ createdAt: new Date('2026-11-25T02:00:00Z') }).where(eq(messages.id, ids.invitation!));
  await dev.db.update(messages).set({ createdAt: new Date('2026-11-25T03:00:00Z') }).where(eq(messages.id, ids.agenda!));
  await dev.db
    .update(messages)
    .set({ createdAt: new Date('2026-11-25T04:00:00Z'), status: 'failed', sentAt: null, attempts: 3, lastError: '550 5.1.1 <aisha@embassy.example.ae>: mailbox unavailable' })
    .where(eq(messages.id, ids.bounced!));
});

afterAll(async () => {
  await Promise.all([dev?.close(), held?.close()]);
});

describe('GET /admin/mail', () => {
  it('lists every message newest first with counts per status and the outbox notice', async () => {
    const res = await get(dev, '/admin/mail');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<body class="admin">');
    expect(res.body).toContain('<p class="notice__title">Mail is kept here, not sent</p>');
    expect(statusCounts(res.body)).toEqual({ queued: 0, sending: 0, sent: 2, failed: 1, cancelled: 0 });
    expect(listedIds(res.body)).toEqual([ids.bounced, ids.agenda, ids.invitation]);
    expect(res.body).toContain('Showing 1–3 of 3 messages');
    // Times in the event’s zone, or Beijing time for mail without an event.
    expect(res.body).toContain('<time datetime="2026-11-25T02:00:00.000Z">25 Nov 2026, 03:00 (Berlin time, UTC+1)</time>');
    expect(res.body).toContain('<time datetime="2026-11-25T03:00:00.000Z">25 Nov 2026, 11:00 (Beijing time, UTC+8)</time>');
    expect(res.body).toContain('<a href="/admin/mail/' + ids.invitation + '">Invitation: Berlin Science Forum</a>');
    expect(res.body).toContain('<td data-label="Template">Message to participants</td>');
  });

  it('makes a failed message stand out: marked row, "Failed" badge and the last error', async () => {
    const res = await get(dev, '/admin/mail');
    const failedRows = [...res.body.matchAll(/<tr class="mail-row mail-row--failed">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(failedRows).toHaveLength(1);
    expect(failedRows[0]).toContain(`<a href="/admin/mail/${ids.bounced}">Visa letter</a>`);
    expect(failedRows[0]).toContain('<span class="badge badge--mail-failed">Failed</span>');
    expect(failedRows[0]).toContain('<p class="mail-row__error"><strong>Last error:</strong> 550 5.1.1 &lt;aisha@embassy.example.ae&gt;: mailbox unavailable</p>');
    expect(failedRows[0]).toContain('<td data-label="Attempts">3</td>');
  });

  it('filters by status, template and event, and counts within the event and template filters', async () => {
    const failed = await get(dev, '/admin/mail?status=failed');
    expect(listedIds(failed.body)).toEqual([ids.bounced]);
    expect(failed.body).toContain('<option value="failed" selected>Failed</option>');

    const invitations = await get(dev, '/admin/mail?template=event-invitation');
    expect(listedIds(invitations.body)).toEqual([ids.invitation]);
    expect(statusCounts(invitations.body)).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0, cancelled: 0 });

    const forEvent = await get(dev, `/admin/mail?event=${eventId}&status=&template=`);
    expect(listedIds(forEvent.body)).toEqual([ids.bounced, ids.invitation]);
    expect(forEvent.body).toContain(`<option value="${eventId}" selected>Berlin Science Forum</option>`);
    expect(statusCounts(forEvent.body)).toEqual({ queued: 0, sending: 0, sent: 1, failed: 1, cancelled: 0 });

    const none = await get(dev, `/admin/mail?event=${eventId}&template=event-invitation&status=cancelled`);
    expect(listedIds(none.body)).toEqual([]);
    expect(none.body).toContain('<p class="empty-state__title">No messages to show</p>');
  });

  it('speaks Chinese to a Chinese reader', async () => {
    const res = await get(dev, '/admin/mail', 'zh-CN');
    expect(res.body).toContain('<h1>邮件记录</h1>');
    expect(res.body).toContain('<span class="badge badge--mail-failed">发送失败</span>');
    expect(res.body).toContain('2026年11月25日');
  });

  it('rejects a filter value it does not know with 400', async () => {
    expect((await get(dev, '/admin/mail?status=lost')).statusCode).toBe(400);
    expect((await get(dev, '/admin/mail?event=not-a-uuid')).statusCode).toBe(400);
    expect((await get(dev, '/admin/mail?page=0')).statusCode).toBe(400);
  });
});

describe('GET /admin/mail/:id and its parts', () => {
  it('shows the headers, delivery, the sandboxed HTML frame, the text part and the attachments', async () => {
    const res = await get(dev, `/admin/mail/${ids.agenda}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Agenda for your visit</h1>');
    expect(res.body).toContain('<div><dt>To</dt><dd>Marco Rossi &lt;marco.rossi@technopolis.example.it&gt;</dd></div>');
    expect(res.body).toContain('<div><dt>From</dt><dd>Forum Desk &lt;no-reply@forumdesk.localhost&gt;</dd></div>');
    expect(res.body).toContain(`<div><dt>Message-ID</dt><dd><code>${messageIds.agenda!.replace('<', '&lt;').replace('>', '&gt;')}</code></dd></div>`);
    expect(res.body).toContain('<dt>Server response</dt><dd>Kept in the local outbox (no SMTP server is set up)</dd>');
    expect(res.body).toContain(
      `<iframe class="mail-frame" src="/admin/mail/${ids.agenda}/html" sandbox title="HTML version of “Agenda for your visit”"></iframe>`,
    );
    expect(res.body).toMatch(/<pre class="mail-text" tabindex="0">[\s\S]*The agenda is attached\.[\s\S]*<\/pre>/);
    expect(res.body).toContain(`<a href="/admin/mail/${ids.agenda}/attachments/0" download>agenda.pdf</a>`);
    expect(res.body).toContain('application/pdf · 13 B');
    expect(res.body).toContain(`<a href="/admin/mail/${ids.agenda}/raw">View raw source</a>`);
    // Sent already: resend offered, cancel not.
    expect(res.body).toContain(`action="/admin/mail/${ids.agenda}/resend"`);
    expect(res.body).not.toContain(`action="/admin/mail/${ids.agenda}/cancel"`);
  });

  it('names a calendar invitation’s body part for what it is, in the reader’s language', async () => {
    // On the held app (no worker), so the other app's list and counts stay as they are.
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    const invite = await queue(held, {
      to: { email: 'li.na@institute.example.cn' },
      template: 'message',
      locale: 'en',
      data: { subjectLine: 'Calendar invitation', paragraphs: ['Your session.'] },
      icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: Buffer.from(ics) },
    });
    const items = (html: string) => [...html.matchAll(/<li>\s*<a href="[^"]+\/attachments\/(\d)" download>([^<]+)<\/a>\s*<span class="muted">([^<]+)<\/span>/g)].map((m) => [m[1], m[2], m[3]!.split(' · ')[0]]);
    const res = await get(held, `/admin/mail/${invite.id}`);
    expect(items(res.body)).toEqual([
      ['0', 'Calendar invitation (in the message)', 'text/calendar'],
      ['1', 'invite.ics', 'application/ics'],
    ]);
    expect(res.body).not.toContain('attachment-1');
    expect(items((await get(held, `/admin/mail/${invite.id}`, 'zh-CN')).body)[0]).toEqual(['0', '日历邀请（邮件正文中）', 'text/calendar']);
    const download = await get(held, `/admin/mail/${invite.id}/attachments/0`);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="invitation.ics"; filename*=UTF-8''invitation.ics`);
    expect(download.body).toBe(ics);
  });

  it('shows why a failed message failed', async () => {
    const res = await get(dev, `/admin/mail/${ids.bounced}`);
    expect(res.body).toContain('<p class="notice__title">This message could not be delivered</p>');
    expect(res.body).toContain('<code>550 5.1.1 &lt;aisha@embassy.example.ae&gt;: mailbox unavailable</code>');
  });

  it('serves the HTML part under a sandboxing policy that only its own page may frame', async () => {
    const res = await get(dev, `/admin/mail/${ids.invitation}/html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.body).toContain('Berlin Science Forum');
    // The detail page itself keeps the site's strict policy.
    const page = await get(dev, `/admin/mail/${ids.invitation}`);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves the raw source as text with its Message-ID header', async () => {
    const res = await get(dev, `/admin/mail/${ids.invitation}/raw`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain(`Message-ID: ${messageIds.invitation}\r\n`);
  });

  it('downloads an attachment with its type and name', async () => {
    const res = await get(dev, `/admin/mail/${ids.agenda}/attachments/0`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="agenda.pdf"; filename*=UTF-8''agenda.pdf`);
    expect(res.rawPayload).toEqual(Buffer.from('%PDF-1.4 test'));
    expect((await get(dev, `/admin/mail/${ids.agenda}/attachments/1`)).statusCode).toBe(404);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = '0190a6f0-0000-7000-8000-000000000000';
    for (const suffix of ['', '/html', '/raw', '/attachments/0']) {
      expect((await get(dev, `/admin/mail/${unknown}${suffix}`)).statusCode).toBe(404);
      expect((await get(dev, `/admin/mail/12345${suffix}`)).statusCode).toBe(400);
    }
    expect((await post(dev, `/admin/mail/${unknown}/resend`)).statusCode).toBe(404);
    expect((await post(dev, `/admin/mail/${unknown}/cancel`)).statusCode).toBe(404);
    expect((await post(dev, '/admin/mail/12345/cancel')).statusCode).toBe(400);
  });
});

describe('POST /admin/mail/:id/resend', () => {
  it('queues a copy with a new Message-ID, shows it, and delivers it', async () => {
    const res = await post(dev, `/admin/mail/${ids.agenda}/resend`);
    expect(res.statusCode).toBe(303);
    const match = /^\/admin\/mail\/([0-9a-f-]{36})\?done=resent$/.exec(res.headers.location as string);
    expect(match).not.toBeNull();
    const copyId = match![1]!;
    expect(copyId).not.toBe(ids.agenda);
    await waitForStatus(dev, copyId, 'sent');
    const [copy] = await dev.db.select().from(messages).where(eq(messages.id, copyId));
    expect(copy).toMatchObject({ resendOf: ids.agenda, recipientEmail: 'marco.rossi@technopolis.example.it', subject: 'Agenda for your visit', status: 'sent' });
    expect(copy!.messageId).not.toBe(messageIds.agenda);
    expect(copy!.messageId).toMatch(/^<[0-9a-f-]{36}@forumdesk\.localhost>$/);

    // Audited in the same transaction: who resent what.
    const audit = await dev.db.select().from(auditLog).where(eq(auditLog.targetId, ids.agenda!));
    expect(audit.map((a) => ({ action: a.action, actorId: a.actorId, after: a.after }))).toEqual([
      { action: 'mail.resend', actorId: admins.get(dev)!.userId, after: { copy: copyId, to: 'marco.rossi@technopolis.example.it', subject: 'Agenda for your visit' } },
    ]);

    const page = await get(dev, res.headers.location as string);
    expect(page.body).toContain('<p>A copy has been queued with a new Message-ID. This page shows the copy.</p>');
    expect(page.body).toContain(`<a href="/admin/mail/${ids.agenda}">the original message</a>`);
    const raw = await get(dev, `/admin/mail/${copyId}/raw`);
    expect(raw.body).toContain(`Message-ID: ${copy!.messageId}\r\n`);
    expect(raw.body).not.toContain(messageIds.agenda);
  });
});

describe('POST /admin/mail/:id/cancel', () => {
  it('cancels a queued message, offers the button only while queued, and refuses a second time', async () => {
    const queued = await queue(held, { to: { email: 'wang.lei@park.example.cn' }, template: 'message', locale: 'zh-CN', data: { subjectLine: '参观路线', paragraphs: ['欢迎。'] } });
    const before = await get(held, `/admin/mail/${queued.id}`);
    expect(before.body).toContain(`<form method="post" action="/admin/mail/${queued.id}/cancel">`);

    const res = await post(held, `/admin/mail/${queued.id}/cancel`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/mail/${queued.id}?done=cancelled`);
    expect(await statusOf(held, queued.id)).toBe('cancelled');
    const [audit] = await held.db.select().from(auditLog).where(eq(auditLog.targetId, queued.id));
    expect(audit).toMatchObject({ action: 'mail.cancel', actorId: admins.get(held)!.userId, before: { status: 'queued' }, after: { status: 'cancelled', to: 'wang.lei@park.example.cn', subject: '参观路线' } });
    const after = await get(held, res.headers.location as string);
    expect(after.body).toContain('<p>The message was cancelled and will not be sent.</p>');
    expect(after.body).toContain('<span class="badge badge--mail-cancelled">Cancelled</span>');
    expect(after.body).not.toContain(`action="/admin/mail/${queued.id}/cancel"`);

    const again = await post(held, `/admin/mail/${queued.id}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Only queued messages can be cancelled, and this one has already left the queue.');
  });

  it('refuses to cancel a message that was already sent', async () => {
    const res = await post(dev, `/admin/mail/${ids.invitation}/cancel`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Only queued messages can be cancelled, and this one has already left the queue.');
    expect(await statusOf(dev, ids.invitation!)).toBe('sent');
  });
});

describe('who may use the mail log', () => {
  it('sends people who are not signed in to the sign-in page, and refuses their posts', async () => {
    const anonymous = new HttpAgent(dev.app);
    const list = await anonymous.get('/admin/mail');
    expect(list.statusCode).toBe(303);
    expect(list.headers.location).toBe('/sign-in?next=%2Fadmin%2Fmail');
    expect((await anonymous.get(`/admin/mail/${ids.invitation}/raw`)).statusCode).toBe(303);
    const page = await anonymous.get('/sign-in');
    const resend = await anonymous.post(`/admin/mail/${ids.invitation}/resend`, { _csrf: csrfTokenIn(page.body) });
    expect(resend.statusCode).toBe(403);
  });

  it("shows an event’s organisers that event’s mail, and nothing of other events or account mail", async () => {
    const organiser = await createUser(dev.db, { roles: [[eventId, 'organiser']] });
    const agent = await signedInAgent(dev, organiser);
    expect((await agent.get('/admin/mail')).statusCode).toBe(403);
    const own = await agent.get(`/admin/events/${eventId}/mail`);
    expect(own.statusCode).toBe(200);
    expect(listedIds(own.body)).toEqual([ids.bounced, ids.invitation]);
    expect(own.body).not.toContain('id="filter-event"');
    expect((await agent.get(`/admin/mail/${ids.invitation}`)).statusCode).toBe(200);
    // The agenda mail belongs to no event: administrators only, and it does not exist for anyone else.
    expect((await agent.get(`/admin/mail/${ids.agenda}`)).statusCode).toBe(404);
    expect((await agent.get(`/admin/mail/${ids.agenda}/raw`)).statusCode).toBe(404);

    const other = await createEvent(dev.db, {});
    const stranger = await signedInAgent(dev, await createUser(dev.db, { roles: [[other.id, 'organiser']] }));
    expect((await stranger.get(`/admin/events/${eventId}/mail`)).statusCode).toBe(404);
    expect((await stranger.get(`/admin/mail/${ids.invitation}`)).statusCode).toBe(404);
    const csrf = csrfTokenIn((await stranger.get('/account')).body);
    const count = async () => (await dev.db.select({ id: messages.id }).from(messages)).length;
    const before = await count();
    expect((await stranger.post(`/admin/mail/${ids.invitation}/resend`, { _csrf: csrf })).statusCode).toBe(404);
    expect(await count()).toBe(before);

    // Check-in staff have no mail permission on their own event.
    const door = await signedInAgent(dev, await createUser(dev.db, { roles: [[eventId, 'checkin']] }));
    expect((await door.get(`/admin/events/${eventId}/mail`)).statusCode).toBe(403);
  });

  it('leads an event’s organiser back to the event’s mail log, and an administrator to the whole log', async () => {
    const organiser = await signedInAgent(dev, await createUser(dev.db, { roles: [[eventId, 'organiser']] }));
    const crumbs = (html: string) => /<nav class="breadcrumb"[\s\S]*?<\/nav>/.exec(html)![0].replace(/\s+</g, '<');
    const own = await organiser.get(`/admin/mail/${ids.invitation}`);
    expect(own.statusCode).toBe(200);
    expect(crumbs(own.body)).toBe(
      `<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/admin">Organiser area</a></li><li><a href="/admin/events/${eventId}">Berlin Science Forum</a></li><li><a href="/admin/events/${eventId}/mail">Mail log</a></li><li><span class="breadcrumb__current" aria-current="page">Invitation: Berlin Science Forum</span></li></ol></nav>`,
    );
    expect((await organiser.get(`/admin/events/${eventId}/mail`)).statusCode).toBe(200);
    const chinese = await organiser.get(`/admin/mail/${ids.invitation}`, { 'accept-language': 'zh-CN' });
    expect(crumbs(chinese.body)).toContain(`<li><a href="/admin/events/${eventId}">柏林科学论坛</a></li><li><a href="/admin/events/${eventId}/mail">`);
    expect(crumbs((await get(dev, `/admin/mail/${ids.invitation}`)).body)).toContain('<li><a href="/admin">Organiser area</a></li><li><a href="/admin/mail">Mail log</a></li><li><span');
    expect(crumbs((await get(dev, `/admin/mail/${ids.agenda}`)).body)).toContain('<li><a href="/admin">Organiser area</a></li><li><a href="/admin/mail">Mail log</a></li><li><span');
  });

  it('links to the mail log from the organiser overview', async () => {
    const res = await get(dev, '/admin');
    expect(res.body).toContain('<a href="/admin/mail">Mail</a>');
  });

  it('refuses a post without a valid CSRF token and writes nothing', async () => {
    const count = async () => (await dev.db.select({ id: messages.id }).from(messages)).length;
    const before = await count();
    const agent = admins.get(dev)!.agent;
    const missing = await agent.post(`/admin/mail/${ids.invitation}/resend`, {});
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('This form has expired or was not sent from this site.');
    expect((await agent.post(`/admin/mail/${ids.invitation}/resend`, { _csrf: 'forged-token' })).statusCode).toBe(403);
    expect((await agent.post(`/admin/mail/${ids.invitation}/cancel`, { _csrf: '' })).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });
});
