// The speakers' calendar invitations page in real Chromium, in English and Chinese, on a phone and a desktop: the
// demo's published agenda with each person’s answer and calendar state, "send updates" with its confirmation;
// axe-checked. Screenshots go to screenshots/calendar-invites-<viewport>.png (gitignored) for reviewing the design.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema/index.ts';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SitePage } from './pages/site-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let organiser: TestUser;
let eventId: string;

beforeAll(async () => {
  b = await startBrowserApp();
  await mkdir(OUT_DIR, { recursive: true });
  const [event] = await b.testApp.db.select().from(events).where(eq(events.slug, b.demo['belt-and-road']!.slug));
  eventId = event!.id;
  organiser = await createUser(b.testApp.db, { name: '刘洋 Liu Yang', totp: true, roles: [[event!.parentId!, 'organiser']] });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

const code = () => {
  const value = totpCode(organiser.totpSecret!, b.testApp.clock.now());
  b.testApp.clock.advance({ seconds: 30 });
  return value;
};

async function signedIn(locale: string, viewport: { width: number; height: number }): Promise<SitePage> {
  const site = new SitePage(await b.newPage({ locale, ...viewport }));
  await new SignInPage(site.page).signIn(organiser, code);
  return site;
}

describe('the calendar invitations page', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`lists the published sessions with each person’s answer and calendar, and sends updates (${name})`, async () => {
      const site = await signedIn('en-GB', viewport);
      await site.goto(`/admin/events/${eventId}/agenda`);
      await Promise.all([site.page.waitForNavigation(), site.main.getByRole('link', { name: 'Calendar invitations' }).click()]);
      await site.waitForHeading('Speakers’ calendar invitations');
      await expectNoAxeViolations(site.page);
      await site.page.screenshot({ path: `${OUT_DIR}calendar-invites-${name}.png`, fullPage: true });
      const opening = site.main.getByRole('table', { name: 'People and their calendars: Opening and welcome' });
      await expect(opening.getByRole('row', { name: /Chen Hua/ }).innerText()).resolves.toMatch(/Accepted[\s\S]*None sent[\s\S]*No e-mail address/);
      await Promise.all([site.page.waitForNavigation(), site.main.getByRole('button', { name: 'Send updates' }).click()]);
      await expect(site.page.getByText('The updates are being sent.').count()).resolves.toBe(1);
      await expectNoAxeViolations(site.page);
    });
  }

  it('speaks Chinese', async () => {
    const site = await signedIn('zh-CN', VIEWPORTS.phone);
    await site.goto(`/admin/events/${eventId}/agenda/invites`);
    await site.waitForHeading('演讲嘉宾日历邀请');
    await expect(site.main.getByRole('button', { name: '发送更新' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(site.page);
  });
});
