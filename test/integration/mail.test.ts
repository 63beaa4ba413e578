// Mail leaves only after the change it reports commits, survives an SMTP outage, is sent once, and refuses bad input.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { queueMail, type MailRequest } from '../../src/features/mail/service.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { startSmtpCatcher, type SmtpCatcher, type SmtpCatcherOptions } from '../helpers/smtp-catcher.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';
import { beijingTime, createEvent } from '../factories/events.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An app whose SMTP_URL points at `smtpUrl` (a catcher with special behaviour, or a proxy in front of one). */
async function appWithSmtp(smtpUrl?: string): Promise<TestApp> {
  const t = await buildTestApp({
    env: smtpUrl ? { SMTP_URL: smtpUrl, MAIL_FROM: 'ZGC Forum Secretariat <forum@zgc.example.org>' } : { MAIL_FROM: 'ZGC Forum Secretariat <forum@zgc.example.org>' },
    queueOverrides: { 'mail.send': { retryDelay: 1, retryDelayMax: 2 } },
  });
  cleanups.push(() => t.close());
  return t;
}

async function catcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  const c = await startSmtpCatcher(options);
  cleanups.push(() => c.close());
  return c;
}

async function waitForStatus(db: Db, id: string, status: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.select().from(messages).where(eq(messages.id, id));
    if (row?.status === status) return row;
    if (Date.now() > deadline) throw new Error(`message ${id} is ${row?.status}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const messageCount = async (db: Db) => (await db.select({ n: count() }).from(messages))[0]!.n;
const jobCount = async (t: TestApp) => Number((await t.database.execute(`select count(*)::int as n from pgboss.job where name = 'mail.send'`))[0]!.n);

function request(overrides: Partial<MailRequest> = {}): MailRequest {
  return { to: { email: 'zhang.wei@institute.example.cn', name: '张伟' }, template: 'event-invitation', locale: 'zh-CN', data: {}, ...overrides };
}

describe('a business change that sends mail', () => {
  it('commit → job → SMTP → the mail a person reads, in their language', async () => {
    const t = await appWithSmtp();
    const event = await createEvent(t.db, {
      slug: 'belt-and-road-2027',
      title: { en: 'Belt and Road S&T Innovation Forum', 'zh-CN': '“一带一路”科技创新合作论坛' },
      startsAt: beijingTime('2027-03-29 09:00'),
      endsAt: beijingTime('2027-03-29 17:30'),
      contactEmail: 'belt-and-road@zgc.example.org',
    });
    const queued = await t.db.transaction((tx) => queueMail(tx, t.app.mail, request({ eventId: event.id, data: { note: '全程提供中英同声传译。' } })));
    const [mail] = await t.mail.waitFor(1);
    expect(mail!.subject).toBe('邀请函：“一带一路”科技创新合作论坛');
    expect(mail!.from?.value).toEqual([{ name: 'ZGC Forum Secretariat', address: 'forum@zgc.example.org' }]);
    expect(mail!.to && 'value' in mail!.to ? mail!.to.value : []).toEqual([{ name: '张伟', address: 'zhang.wei@institute.example.cn' }]);
    expect(mail!.replyTo?.value).toEqual([{ name: '', address: 'belt-and-road@zgc.example.org' }]);
    expect(mail!.messageId).toBe(queued.messageId);
    expect(mail!.text).toContain('尊敬的张伟：');
    expect(mail!.text).toContain('日期：2027年3月29日');
    expect(mail!.text).toContain('开幕：2027年3月29日 09:00（北京时间）');
    expect(mail!.text).toContain('全程提供中英同声传译。');
    // The link alone on its line: after a full-width colon many mail clients do not link it, or take the colon in.
    expect(mail!.text).toContain('全程提供中英同声传译。\n\n查看活动：\nhttp://forumdesk.test/events/belt-and-road-2027\n');
    expect(mail!.html).toContain('诚挚邀请您出席“一带一路”科技创新合作论坛。');
    // CSS is inlined for mail clients that ignore <style>.
    expect(mail!.html).toMatch(/<div class="header" style="[^"]*background: #0b3d91/);
    const row = await waitForStatus(t.db, queued.id, 'sent');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, template: 'event-invitation', locale: 'zh-CN', eventId: event.id });
    expect(row.smtpResponse).toMatch(/^250 /);
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('sends in English to an English reader', async () => {
    const t = await appWithSmtp();
    const event = await createEvent(t.db, { title: { en: 'Science Parks World Conference', 'zh-CN': '世界科技园区大会' } });
    await t.db.transaction((tx) => queueMail(tx, t.app.mail, request({ to: { email: 'marco.rossi@example.it', name: 'Marco Rossi' }, locale: 'en', eventId: event.id })));
    const [mail] = await t.mail.waitFor(1);
    expect(mail!.subject).toBe('Invitation: Science Parks World Conference');
    expect(mail!.text).toContain('Dear Marco Rossi,');
  });

  it('leaves nothing behind when the business transaction rolls back', async () => {
    const t = await appWithSmtp();
    await expect(
      t.db.transaction(async (tx) => {
        await queueMail(tx, t.app.mail, request());
        throw new Error('registration refused after all');
      }),
    ).rejects.toThrow('registration refused after all');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(t.mail.messages).toEqual([]);
    expect(await messageCount(t.db)).toBe(0);
    expect(await jobCount(t)).toBe(0);
  });
});

describe('attachments and signing', () => {
  it('carries ICS and PDF attachments and an inline image by CID, DKIM-signed when configured', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-dkim-'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(dir, 'dkim.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const t = await buildTestApp({ env: { MAIL_FROM: 'Forum <forum@zgc.example.org>', DKIM_DOMAIN: 'zgc.example.org', DKIM_SELECTOR: 'fd2026', DKIM_PRIVATE_KEY_FILE: keyFile } });
    cleanups.push(() => t.close());
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    const ics = Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Forum Desk//EN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n');
    await t.db.transaction((tx) =>
      queueMail(tx, t.app.mail, {
        ...request({ locale: 'en' }),
        template: 'message',
        data: { subjectLine: 'Your badge', paragraphs: ['Badge attached.'] },
        attachments: [
          { filename: 'invite.ics', contentType: 'text/calendar', content: ics, contentTypeParams: { method: 'PUBLISH' } },
          { filename: 'badge.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 badge') },
          { filename: 'logo.png', contentType: 'image/png', content: png, cid: 'logo@forumdesk' },
        ],
      }),
    );
    const [mail] = await t.mail.waitFor(1);
    // The inline image sits in multipart/related beside the HTML, so it is listed first.
    const summary = mail!.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, cid: a.cid, size: a.size }));
    expect(summary).toEqual([
      { filename: 'logo.png', contentType: 'image/png', cid: 'logo@forumdesk', size: png.length },
      { filename: 'invite.ics', contentType: 'text/calendar', cid: undefined, size: ics.length },
      { filename: 'badge.pdf', contentType: 'application/pdf', cid: undefined, size: 14 },
    ]);
    expect(mail!.attachments.find((a) => a.filename === 'invite.ics')!.content.toString()).toContain('METHOD:PUBLISH');
    const dkim = mail!.headers.get('dkim-signature') as { params?: Record<string, string> } | undefined;
    expect(dkim?.params).toMatchObject({ a: 'rsa-sha256', d: 'zgc.example.org', s: 'fd2026' });
  });
});

describe('faults', () => {
  it('delivers every message once after an SMTP outage', async () => {
    const smtp = await catcher();
    const proxy = await startTcpProxy(Number(new URL(smtp.url).port));
    cleanups.push(() => proxy.close());
    await proxy.cut();
    const t = await appWithSmtp(`smtp://127.0.0.1:${proxy.port}`);
    const ids = await t.db.transaction(async (tx) => {
      const out = [];
      for (let i = 0; i < 5; i++) out.push(await queueMail(tx, t.app.mail, request({ to: { email: `guest${i}@example.org` }, locale: 'en' })));
      return out;
    });
    // Every message fails at least once while the server is away, and stays queued with the reason.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const rows = await t.db.select().from(messages);
      if (rows.every((r) => r.attempts >= 1 && r.status === 'queued' && r.lastError)) break;
      if (Date.now() > deadline) throw new Error(`not all attempted: ${JSON.stringify(rows.map((r) => [r.status, r.attempts]))}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(smtp.messages).toEqual([]);
    await proxy.restore();
    await smtp.waitFor(5, 20_000);
    for (const { id } of ids) await waitForStatus(t.db, id, 'sent');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.messages.map((m) => m.messageId).sort()).toEqual(ids.map((i) => i.messageId).sort());
  });

  it('retries a temporary refusal (4xx) and then delivers', async () => {
    const smtp = await catcher({ rejectMessage: (n) => (n === 1 ? [451, '4.3.0 Mailbox busy, try again later'] : undefined) });
    const t = await appWithSmtp(smtp.url);
    const queued = await t.db.transaction((tx) => queueMail(tx, t.app.mail, request()));
    const row = await waitForStatus(t.db, queued.id, 'sent');
    expect(row.attempts).toBe(2);
    expect(smtp.messages.map((m) => m.messageId)).toEqual([queued.messageId]);
  });

  it('stops on a permanent refusal (5xx) and shows the server’s answer', async () => {
    const smtp = await catcher({ rejectRecipient: (address) => (address.startsWith('nobody@') ? [550, '5.1.1 <nobody@example.org>: Recipient address rejected'] : undefined) });
    const t = await appWithSmtp(smtp.url);
    const queued = await t.db.transaction((tx) => queueMail(tx, t.app.mail, request({ to: { email: 'nobody@example.org' } })));
    const row = await waitForStatus(t.db, queued.id, 'failed');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBe('550 5.1.1 <nobody@example.org>: Recipient address rejected');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await waitForStatus(t.db, queued.id, 'failed')).attempts).toBe(1);
  });
});

describe('bad input', () => {
  let shared: TestApp;
  beforeAll(async () => {
    shared = await buildTestApp();
  });
  afterAll(() => shared.close());

  it.each(['not-an-address', 'two@@example.org', 'space in@example.org', 'a@b', 'x@example.org\r\nBcc: victim@example.org', ''])(
    'refuses %j at input, writing nothing',
    async (email) => {
      const t = shared;
      const attempt = t.db.transaction((tx) => queueMail(tx, t.app.mail, request({ to: { email } })));
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await attempt.catch((error: ValidationError) => expect(error.fields).toEqual({ email: { key: 'errors.mail.invalidRecipient', vars: { email: email.trim() } } }));
      expect(await messageCount(t.db)).toBe(0);
    },
  );

  it('neutralises header injection in names and subjects', async () => {
    const t = await appWithSmtp();
    await t.db.transaction((tx) =>
      queueMail(tx, t.app.mail, {
        to: { email: 'guest@example.org', name: 'Evil\r\nBcc: victim@example.org' },
        template: 'message',
        locale: 'en',
        data: { subjectLine: 'Hello\r\nBcc: victim2@example.org\nX-Injected: yes', paragraphs: ['Body'] },
      }),
    );
    const [mail] = await t.mail.waitFor(1);
    expect(mail!.bcc).toBeUndefined();
    expect(mail!.headers.has('x-injected')).toBe(false);
    expect(mail!.subject).toBe('Hello Bcc: victim2@example.org X-Injected: yes');
    expect(mail!.to && 'value' in mail!.to ? mail!.to.value : []).toEqual([{ name: 'Evil Bcc: victim@example.org', address: 'guest@example.org' }]);
  });
});
