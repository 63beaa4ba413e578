// Printing badges in real Chromium: an organiser goes from the filtered participant list to the badges page, makes
// the PDF and watches the progress bar fill without reloading until the download appears; without JavaScript the
// progress page reloads itself instead. Axe-clean in both languages at 390 and 1280 px; screenshots and a rendered
// badge page go to screenshots/ (gitignored) for reviewing the design.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationSettings } from '../../src/db/schema/index.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { pdfPagePng } from '../helpers/pdf.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SitePage } from './pages/site-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let organiser: TestUser;
let event: EventRow;
let vip: string;

beforeAll(async () => {
  b = await startBrowserApp({ seed: false });
  await mkdir(OUT_DIR, { recursive: true });
  const db = b.testApp.db;
  event = await createEvent(db, { slug: 'zgc-forum-2027', status: 'published', title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛' }, startsAt: wallTime('2027-03-25 09:00'), endsAt: wallTime('2027-03-27 18:00') });
  await db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-01-01 00:00'), closesAt: wallTime('2027-03-20 00:00') });
  const [guest, speaker] = await db
    .insert(registrationCategories)
    .values([
      { eventId: event.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' } },
      { eventId: event.id, code: 'VIP', name: { en: 'Distinguished guest', 'zh-CN': '贵宾' }, colour: '#b4232a', position: 1 },
    ])
    .returning();
  vip = speaker!.id;
  await createRegistrations(db, event.id, guest!.id, Array.from({ length: 40 }, (_, i) => ({ givenName: 'Fang', familyName: `Wang${i}`, nameZh: `王芳${i}` })));
  await createRegistrations(db, event.id, vip, [
    { givenName: 'Wei', familyName: 'Zhang', nameZh: '张伟', organisation: 'Chinese Academy of Sciences, Institute of Computing Technology' },
    { givenName: 'Maximiliane', familyName: 'von Hohenberg-Schwarzenfeld', organisation: 'Fraunhofer-Gesellschaft' },
    { givenName: 'Ana', familyName: 'Rojas', organisation: 'Universidad de Chile' },
  ]);
  organiser = await createUser(db, { roles: [[event.id, 'organiser']] });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

async function signedIn(locale: string, viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<SitePage> {
  const context = await b.browser.newContext({ baseURL: b.baseUrl, locale, viewport, timezoneId: 'Asia/Shanghai', javaScriptEnabled });
  const site = new SitePage(await context.newPage());
  await new SignInPage(site.page).signIn(organiser);
  return site;
}

describe('printing badges', () => {
  it('goes from the filtered list to a PDF whose progress fills without a reload, then downloads it', async () => {
    const site = await signedIn('en-GB', VIEWPORTS.desktop);
    await site.goto(`/admin/events/${event.id}/registrations?category=${vip}`);
    await Promise.all([site.page.waitForNavigation(), site.main.getByRole('link', { name: 'Print badges' }).click()]);
    await site.waitForHeading('Badges');
    await site.main.getByText('3 confirmed participants match the participant list’s filter and get a badge.').waitFor();
    await expectNoAxeViolations(site.page);
    await site.page.screenshot({ path: `${OUT_DIR}badges-en-1280.png`, fullPage: true });
    await site.main.getByLabel(/A6 cards/).check();
    await Promise.all([site.page.waitForNavigation(), site.main.getByRole('button', { name: 'Make the PDF of 3 badges' }).click()]);
    await site.waitForHeading('Badge PDF');
    const url = site.page.url();
    // The download link appears in place: the page is not reloaded (the marker set now survives).
    await site.page.evaluate(() => document.body.setAttribute('data-same-page', 'yes'));
    const link = site.main.getByRole('link', { name: 'Download the PDF' });
    await link.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await site.page.evaluate(() => document.body.getAttribute('data-same-page'))).toBe('yes');
    expect(site.page.url()).toBe(url);
    expect(await site.main.getByRole('status').innerText()).toBe('The PDF is ready.');
    await expectNoAxeViolations(site.page);
    await site.page.screenshot({ path: `${OUT_DIR}badge-job-en-1280.png`, fullPage: true });
    const response = await site.page.request.get(String(await link.getAttribute('href')));
    expect(response.headers()['content-type']).toBe('application/pdf');
    // One page as a picture, to look at the design.
    await writeFile(`${OUT_DIR}badge-a6.png`, pdfPagePng(Buffer.from(await response.body()), 1, 150));
  });

  it('works without JavaScript: the progress page reloads itself until the download is offered', async () => {
    // axe and page scripts need JavaScript: this run only follows the pages as such a browser shows them.
    const site = await signedIn('zh-CN', VIEWPORTS.phone, false);
    await site.goto(`/admin/events/${event.id}/badges`);
    await site.waitForHeading('胸牌');
    await Promise.all([site.page.waitForNavigation(), site.main.getByRole('button', { name: '生成 43 枚胸牌的 PDF' }).click()]);
    await site.waitForHeading('胸牌 PDF');
    await site.main.getByRole('link', { name: '下载 PDF' }).waitFor({ state: 'visible', timeout: 45_000 });
    expect(await site.main.getByRole('status').innerText()).toBe('PDF 已就绪。');
  });

  it('is axe-clean in Chinese on a phone, without sideways scrolling', async () => {
    const site = await signedIn('zh-CN', VIEWPORTS.phone);
    await site.goto(`/admin/events/${event.id}/badges`);
    await site.waitForHeading('胸牌');
    await expectNoAxeViolations(site.page);
    expect(await site.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await site.page.screenshot({ path: `${OUT_DIR}badges-zh-390.png`, fullPage: true });
    await Promise.all([site.page.waitForNavigation(), site.main.getByRole('table').getByRole('link').first().click()]);
    await site.waitForHeading('胸牌 PDF');
    await site.main.getByRole('link', { name: '下载 PDF' }).waitFor({ state: 'visible', timeout: 45_000 });
    await expectNoAxeViolations(site.page);
    expect(await site.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await site.page.screenshot({ path: `${OUT_DIR}badge-job-zh-390.png`, fullPage: true });
  });
});
