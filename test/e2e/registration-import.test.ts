// An organiser imports a guest list in real Chromium, on a phone and on a desktop: the participant list's link,
// the upload, the guessed columns, the progress page that reloads itself into the outcome, and the problem report.
// Every page axe-clean and without sideways scrolling at 390 px.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationSettings } from '../../src/db/schema/index.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { csvBytes, xlsxBytes } from '../helpers/spreadsheets.ts';
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
  await b.testApp.db.insert(registrationCategories).values([
    { eventId: event.id, code: 'GUEST', name: { en: 'Invited guest', 'zh-CN': '特邀嘉宾' }, capacity: 200, position: 0 },
    { eventId: event.id, code: 'VIP', name: { en: 'Invited guest (VIP)', 'zh-CN': '特邀嘉宾（VIP）' }, capacity: 20, position: 1 },
  ]);
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

  /** How many lines the text of an element takes. */
  const linesOf = (page: Page, text: string) =>
    page.getByText(text, { exact: true }).first().evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });

  for (const [lang, locale] of [['en', 'en-GB'], ['zh', 'zh-CN']] as const) {
    for (const [label, viewport] of Object.entries(VIEWPORTS)) {
      it(`maps a workbook with a merged title above its headings, short cells on one line (${lang}, ${label})`, async () => {
        const page = await signedIn(viewport, locale);
        await page.goto(`/admin/events/${event.id}/registrations/import`);
        const bytes = await xlsxBytes(
          [
            ['2027浦江创新论坛特邀嘉宾名单'],
            ['邮箱', '姓', '名', '中文姓名', '单位', '职务', '国家', '手机', '饮食要求'],
            [`wang.fang.${lang}.${label}@tsinghua.example.cn`, 'Wang', 'Fang', '王芳', '清华大学公共管理学院国际合作与交流办公室', '教授', '中国', '13800138000', '素食'],
            [`john.smith.${lang}.${label}@mit.example.edu`, 'Smith', 'John', '', 'Massachusetts Institute of Technology', 'Professor', 'USA', '+1 617 555 0123', ''],
          ],
          '嘉宾',
          ['A1:H1'],
        );
        const file = lang === 'en' ? 'Guest list (CSV or XLSX)' : '嘉宾名单（CSV 或 XLSX）';
        await page.getByLabel(file).setInputFiles({ name: '特邀嘉宾名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: lang === 'en' ? 'Upload and continue' : '上传并继续' }).click()]);
        await page.getByRole('heading', { level: 1, name: lang === 'en' ? 'Choose the columns' : '选择对应的列' }).waitFor();
        expect(await page.getByLabel(lang === 'en' ? 'Headings are in' : '列标题所在行').inputValue()).toBe('2');
        expect(await page.getByLabel(lang === 'en' ? 'Mobile number' : '手机号码').inputValue()).toBe('7');
        // A name that holds its code already is not followed by it again; the seats taken follow a " · ".
        const categories = await page.getByLabel(lang === 'en' ? 'Category' : '参会身份').locator('option').allTextContents();
        expect(categories.map((c) => c.split(' · ')[0])).toEqual(lang === 'en' ? ['Invited guest (GUEST)', 'Invited guest (VIP)'] : ['特邀嘉宾（GUEST）', '特邀嘉宾（VIP）']);
        for (const text of ['D: 中文姓名'.replace(': ', lang === 'en' ? ': ' : '：'), '王芳', '中国', '+1 617 555 0123']) expect(await linesOf(page, text), text).toBe(1);
        await expectNoAxeViolations(page);
        await fitsWidth(page, viewport.width);
        await page.screenshot({ path: `${OUT_DIR}import-mapping-title-${lang}-${viewport.width}.png`, fullPage: true });
      });
    }
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
