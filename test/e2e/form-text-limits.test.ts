// Text limits in a real browser, on a Chinese phone: the event form's description box stops at its limit; a browser that
// ignores maxlength gets the form back with the field's message and the text kept. Screenshot to
// screenshots/form-text-limits-zh-CN-390.png; axe clean.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n/index.ts';
import { createEvent } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { signedInBrowserCookies, type BrowserCookies } from '../helpers/sign-in.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let eventId: string;
let cookies: BrowserCookies;

beforeAll(async () => {
  b = await startBrowserApp({ seed: false });
  await mkdir(OUT_DIR, { recursive: true });
  const event = await createEvent(b.testApp.db, { slug: 'limits-forum-2027', title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛' } });
  eventId = event.id;
  const organiser = await createUser(b.testApp.db, { roles: [[event.id, 'organiser']] });
  cookies = await signedInBrowserCookies(b.testApp, organiser, b.baseUrl);
});
afterAll(() => b?.close());

describe('the event form’s description on a Chinese phone', () => {
  it('stops typing at 10,000 characters; more sent anyway comes back with the message and the text', async () => {
    const context = await b.newContext({ locale: 'zh-CN', ...VIEWPORTS.phone });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${b.baseUrl}/admin/events/${eventId}/edit`);
    const box = page.getByLabel(translate('zh-CN', 'adminEvents.fields.descriptionZh'), { exact: true });
    await box.fill('');
    await box.focus();
    await page.keyboard.insertText('中关村论坛'.repeat(2001));
    expect(await box.inputValue()).toBe('中关村论坛'.repeat(2000));

    // A browser that does not know maxlength (or a page changed in the developer tools) sends the whole text.
    const typed = `${'中关村论坛'.repeat(2000)}开幕`;
    await box.evaluate((element, text) => {
      element.removeAttribute('maxlength');
      (element as HTMLTextAreaElement).value = text;
    }, typed);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: translate('zh-CN', 'adminEvents.edit.submit') }).click()]);
    expect(response.status()).toBe(422);
    await page.waitForLoadState();
    const message = '内容过长：最多 10,000 个字符。';
    await page.getByRole('link', { name: message }).waitFor();
    expect(await page.locator('.field__error', { hasText: message }).count()).toBe(1);
    // The focus is on the error summary, where the problems are listed: a keyboard or screen-reader user starts there.
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    expect(await page.getByLabel(translate('zh-CN', 'adminEvents.fields.descriptionZh'), { exact: true }).inputValue()).toBe(typed);
    await expectNoAxeViolations(page);
    // The error summary and the field, as the organiser sees them.
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    await page.screenshot({ path: `${OUT_DIR}form-text-limits-zh-CN-390.png`, fullPage: false });
    await page.getByLabel(translate('zh-CN', 'adminEvents.fields.descriptionZh'), { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT_DIR}form-text-limits-field-zh-CN-390.png`, fullPage: false });
    await context.close();
  });
});
