// The mail log and viewer in real Chromium: the outbox as a new developer sees it, both languages, phone and laptop.
// Screenshots go to screenshots/mail-<page>-<lang>-<width>.png (gitignored) for reviewing the design.
import { mkdir } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events, messages } from '../../src/db/schema/index.ts';
import { queueMail, type MailRequest } from '../../src/features/mail/service.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SitePage } from './pages/site-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let agendaId: string;
let admin: TestUser;

/** A page in a fresh context, signed in as the administrator (the mail log is theirs). */
async function adminPage(options: Parameters<BrowserApp['newPage']>[0] = {}) {
  const page = await b.newPage(options);
  await new SignInPage(page).signIn(admin, () => totpCode(admin.totpSecret!, b.testApp.clock.now()));
  // Each code is good once; the next sign-in needs the next one.
  b.testApp.clock.advance({ seconds: 30 });
  return page;
}

async function queue(request: MailRequest) {
  const t = b.testApp;
  return t.db.transaction((tx) => queueMail(tx, t.app.mail, request));
}

async function eventIdOf(slug: string): Promise<string> {
  const [row] = await b.testApp.db.select({ id: events.id }).from(events).where(eq(events.slug, slug));
  return row!.id;
}

async function waitUntilSent(id: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await b.testApp.db.select({ status: messages.status }).from(messages).where(eq(messages.id, id));
    if (row?.status === 'sent') return;
    if (Date.now() > deadline) throw new Error(`message ${id} was not delivered to the outbox`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * axe-core cannot run inside the mail frame (sandboxed, scripts off: injecting waits forever), and the mail HTML
 * is the templates' business, not this page's. Swap the frame for an empty one with the same title, so axe still
 * checks the frame's accessible name and everything around it.
 */
async function blankMailFrame(site: SitePage): Promise<void> {
  await site.page.evaluate(() => {
    const frame = document.querySelector('iframe.mail-frame');
    if (!frame) return;
    const blank = frame.cloneNode() as HTMLIFrameElement;
    blank.removeAttribute('sandbox');
    blank.src = 'about:blank';
    frame.replaceWith(blank);
  });
}

beforeAll(async () => {
  // Development mode on this machine with no SMTP_URL: what a new user running `npm run dev` gets.
  b = await startBrowserApp({ env: { NODE_ENV: 'development', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'fd-mail-e2e-')), SMTP_URL: '' } });
  await mkdir(OUT_DIR, { recursive: true });
  admin = await createUser(b.testApp.db, { isAdmin: true, totp: true });
  const beltAndRoad = await eventIdOf(b.demo['belt-and-road']!.slug);
  const conference = await eventIdOf(b.demo.conference!.slug);
  const queued = [
    await queue({ to: { email: 'li.na@institute.example.cn', name: '李娜' }, template: 'event-invitation', locale: 'zh-CN', eventId: beltAndRoad, data: { note: '会议全程提供中英同声传译。' } }),
    await queue({ to: { email: 'marco.rossi@technopolis.example.it', name: 'Marco Rossi' }, template: 'event-invitation', locale: 'en', eventId: beltAndRoad }),
    await queue({
      to: { email: 'aisha.almansouri@embassy.example.ae', name: 'Aisha Al Mansouri' },
      template: 'message',
      locale: 'en',
      eventId: conference,
      data: { subjectLine: 'Agenda and visa letter', paragraphs: ['Please find the agenda attached.', 'Your visa letter follows by post.'] },
      attachments: [{ filename: 'agenda.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test') }],
    }),
    await queue({ to: { email: 'j.smith@bounce.example.org' }, template: 'message', locale: 'en', data: { subjectLine: 'Technical visit routes', paragraphs: ['Routes are open.'] } }),
  ];
  for (const { id } of queued) await waitUntilSent(id);
  agendaId = queued[2]!.id;
  // One message the mail server refused, so the failed look is on the screenshots.
  await b.testApp.db
    .update(messages)
    .set({ status: 'failed', sentAt: null, attempts: 3, lastError: '550 5.1.1 <j.smith@bounce.example.org>: Recipient address rejected: User unknown' })
    .where(eq(messages.id, queued[3]!.id));
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

describe('mail log and viewer', () => {
  for (const [locale, lang, logHeading] of [
    ['en-GB', 'en', 'Mail log'],
    ['zh-CN', 'zh-CN', '邮件记录'],
  ] as const) {
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      it(`list and detail in ${lang} at ${viewport.width}px: no axe violations, screenshots written`, async () => {
        const site = new SitePage(await adminPage({ locale, ...viewport }));
        const response = await site.page.goto('/admin/mail');
        expect(response?.status()).toBe(200);
        expect(await site.headingText()).toBe(logHeading);
        expect(await site.main.getByRole('row').count()).toBe(5);
        await expectNoAxeViolations(site.page);
        await site.page.evaluate(async () => {
          await document.fonts.ready;
        });
        await site.page.screenshot({ path: `${OUT_DIR}mail-list-${lang}-${viewport.width}.png`, fullPage: true });

        await site.main.getByRole('link', { name: 'Agenda and visa letter' }).click();
        await site.waitForHeading('Agenda and visa letter');
        expect(new URL(site.page.url()).pathname).toBe(`/admin/mail/${agendaId}`);
        await site.page.frameLocator('iframe.mail-frame').getByText('Please find the agenda attached.').waitFor();
        // Chromium does not paint an off-screen cross-origin (here: sandboxed) frame until it has been on screen.
        await site.page.locator('iframe.mail-frame').scrollIntoViewIfNeeded();
        await site.page.screenshot({ path: `${OUT_DIR}mail-detail-${lang}-${viewport.width}.png`, fullPage: true });
        await blankMailFrame(site);
        await expectNoAxeViolations(site.page);
      });
    }
  }

  it('filters by status with the form, and resends from the detail page through the real form post', async () => {
    const site = new SitePage(await adminPage({ locale: 'en-GB' }));
    await site.goto('/admin/mail');
    await site.page.getByLabel('Status', { exact: true }).selectOption('failed');
    await site.page.getByRole('button', { name: 'Apply filters' }).click();
    await site.page.waitForURL((url) => url.searchParams.get('status') === 'failed');
    expect(await site.main.getByRole('row').count()).toBe(2);
    await site.main.getByRole('link', { name: 'Technical visit routes' }).click();
    await site.waitForHeading('Technical visit routes');
    await site.page.getByRole('button', { name: 'Resend' }).click();
    await site.page.waitForURL((url) => url.searchParams.get('done') === 'resent');
    expect(await site.page.getByRole('status').innerText()).toBe('A copy has been queued with a new Message-ID. This page shows the copy.');
  });
});
