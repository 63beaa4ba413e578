// An organiser imports a guest list in real Chromium, on a phone and on a desktop: the participant list's link,
// the upload, the guessed columns, the progress page that reloads itself into the outcome, and the problem report.
// Every page axe-clean and without sideways scrolling at 390 px.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationSettings } from '../../src/db/schema/index.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { csvBytes } from '../helpers/spreadsheets.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { SignInPage } from './pages/sign-in-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let event: EventRow;
let organiser: TestUser;

beforeAll(async () => {
  b = await startBrowserApp({ seed: false });
  await mkdir(OUT_DIR, { recursive: true });
  event = await createEvent(b.testApp.db, { slug: 'import-e2e-forum', title: { en: 'Pujiang Innovation Forum', 'zh-CN': '浦江创新论坛' }, startsAt: wallTime('2027-06-10 09:00'), endsAt: wallTime('2027-06-10 18:00') });
  await b.testApp.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-06-09 00:00'), capacity: 500 });
  await b.testApp.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Invited guest', 'zh-CN': '特邀嘉宾' }, capacity: 200 });
  organiser = await createUser(b.testApp.db, { roles: [[event.id, 'organiser']] });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

async function signedIn(viewport: { width: number; height: number }, locale = 'en-GB'): Promise<Page> {
  const page = await b.newPage({ locale, ...viewport });
  const signIn = new SignInPage(page);
  await signIn.open(`/admin/events/${event.id}/registrations`);
  await signIn.submitPassword(organiser.email, organiser.password);
  return page;
}

const fitsWidth = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

async function upload(page: Page, name: string, rows: string[][]) {
  await page.getByLabel('Guest list (CSV or XLSX)').setInputFiles({ name, mimeType: 'text/csv', buffer: csvBytes(rows) });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Upload and continue' }).click()]);
}

describe('importing guests in the browser', () => {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    it(`imports a Chinese list and shows the outcome (${label})`, async () => {
      const page = await signedIn(viewport);
      await page.getByRole('link', { name: 'Import guests' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import guests' }).waitFor();
      await expectNoAxeViolations(page);
      await fitsWidth(page, viewport.width);
      await upload(page, '嘉宾.csv', [
        ['邮箱', '姓', '名', '中文姓名', '单位', '国家', '手机'],
        [`lin.${label}@fudan.example.cn`, 'Lin', 'Xiao', '林晓', '复旦大学', '中国', '13812345678'],
      ]);
      await page.getByRole('heading', { level: 1, name: 'Choose the columns' }).waitFor();
      expect(await page.getByLabel('E-mail address').inputValue()).toBe('0');
      expect(await page.getByLabel('Family name').inputValue()).toBe('1');
      await expectNoAxeViolations(page);
      await fitsWidth(page, viewport.width);
      await page.screenshot({ path: `${OUT_DIR}import-mapping-${label}.png`, fullPage: true });
      await page.getByRole('button', { name: 'Check and import 1 row' }).click();
      // The progress page reloads itself (meta refresh) until the job is done.
      await page.getByText('1 guest imported.').waitFor({ timeout: 30_000 });
      await expectNoAxeViolations(page);
      await fitsWidth(page, viewport.width);
    });
  }

  it('lists the problems by row and field when a list cannot be imported (phone)', async () => {
    const page = await signedIn(VIEWPORTS.phone);
    await page.goto(`/admin/events/${event.id}/registrations/import`);
    await upload(page, 'guests.csv', [
      ['E-mail', 'Family name', 'Given name', 'Organisation', 'Country', 'Mobile'],
      ['ok@example.cn', 'Gao', 'Yan', 'Tongji University', 'CN', '13912345678'],
      ['not-an-address', '', 'Yan', 'Tongji University', 'Atlantis', '12'],
    ]);
    await page.getByRole('button', { name: 'Check and import 2 rows' }).click();
    await page.getByText('Nothing was imported: 4 problems in 1 row').waitFor({ timeout: 30_000 });
    await expectNoAxeViolations(page);
    await fitsWidth(page, VIEWPORTS.phone.width);
    await page.screenshot({ path: `${OUT_DIR}import-report-phone.png`, fullPage: true });
    expect(await page.getByRole('table', { name: 'Problems by row' }).getByRole('row').count()).toBe(5);
  });
});
