// A participant on a 360 px phone registers in Chinese and gets the mail with the QR ticket and the calendar file;
// a second one registers in English and lands on the waiting list; the first cancels through the private link and
// the second is promoted and mailed. Real Chromium, real SMTP catcher, axe-clean pages.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events, registrationCategories, registrationQuestions, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { expectNoAxeViolations, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));
const PHONE = { width: 360, height: 800 };

let b: BrowserApp;
let slug: string;
let guestId: string;

beforeAll(async () => {
  b = await startBrowserApp({ env: { FORM_MIN_SECONDS: '0' } });
  await mkdir(OUT_DIR, { recursive: true });
  const [conference] = await b.testApp.db.select().from(events).where(eq(events.slug, b.demo.conference!.slug));
  slug = conference!.slug;
  // One seat left for this test (beside the demo's participants): the second person waits.
  await b.testApp.db.update(registrationSettings).set({ capacity: sql`${registrationSettings.taken} + 1` }).where(eq(registrationSettings.eventId, conference!.id));
  const [guest] = await b.testApp.db.select().from(registrationCategories).where(and(eq(registrationCategories.eventId, conference!.id), eq(registrationCategories.code, 'GUEST')));
  guestId = guest!.id;
  // A question for the press only: it shows until a participant chooses another category.
  const [media] = await b.testApp.db.select().from(registrationCategories).where(and(eq(registrationCategories.eventId, conference!.id), eq(registrationCategories.code, 'MEDIA')));
  await b.testApp.db.insert(registrationQuestions).values({ eventId: conference!.id, kind: 'text', position: 5, categoryIds: [media!.id], label: { en: 'Press card number', 'zh-CN': '记者证号' } });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

async function fillCommon(page: Page, fields: { family: string; given: string; organisation: string; country: string; email: string; mobile: string }) {
  await page.check(`input[name="categoryId"][value="${guestId}"]`);
  await page.fill('[name="familyName"]', fields.family);
  await page.fill('[name="givenName"]', fields.given);
  await page.fill('[name="organisation"]', fields.organisation);
  await page.selectOption('select[name="country"]', fields.country);
  await page.fill('[name="email"]', fields.email);
  await page.selectOption('select[name="mobileCountry"]', fields.country);
  await page.fill('[name="mobile"]', fields.mobile);
}

const manageLinkIn = (text: string) => /(\/registrations\/manage\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];

describe('registering on a phone', () => {
  it('registers in Chinese, waitlists in English, cancels through the link and promotes the next person', async () => {
    // — In Chinese, with the mainland identity card —
    const zh = await b.newPage({ locale: 'zh-CN', ...PHONE });
    await zh.goto(`/events/${slug}`);
    await zh.getByRole('link', { name: '报名', exact: true }).click();
    await zh.getByRole('heading', { level: 1, name: '报名' }).waitFor();
    await expectNoAxeViolations(zh);
    expect(await zh.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const pressCard = zh.getByLabel('记者证号');
    expect(await pressCard.isVisible()).toBe(true);
    await fillCommon(zh, { family: 'Wang', given: 'Fang', organisation: '清华大学', country: 'CN', email: 'wang.fang@example.cn', mobile: '138 0013 8000' });
    // A participant is not shown the press's question.
    expect(await pressCard.isVisible()).toBe(false);
    await zh.fill('[name="nameZh"]', '王芳');
    await zh.check('input[name="residence"][value="mainland"]');
    await zh.check('input[name="consentSensitive"]');
    await zh.fill('[name="idNumber"]', '11010519491231002X');
    // First without the required consent: the form comes back with the message and what was typed.
    await zh.getByRole('button', { name: '提交报名' }).click();
    await zh.getByText('请同意处理您的个人信息后再报名。').first().waitFor();
    expect(await zh.inputValue('[name="organisation"]')).toBe('清华大学');
    await zh.check('input[name="consent"]');
    await zh.getByRole('button', { name: '提交报名' }).click();
    await zh.getByRole('heading', { level: 1, name: '报名成功' }).waitFor();
    await zh.screenshot({ path: `${OUT_DIR}registration-answer-zh-CN-360.png`, fullPage: true });
    await expectNoAxeViolations(zh);

    const mail = await b.testApp.mail.waitForTo('wang.fang@example.cn');
    expect(mail.subject).toContain('报名成功');
    const qr = mail.attachments.find((a) => a.filename === 'ticket.png')!;
    expect(qr.contentType).toBe('image/png');
    const ics = mail.attachments.find((a) => a.filename === 'event.ics')!;
    const vevent = new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe(b.demo.conference!.title['zh-CN']);
    const link = manageLinkIn(mail.text!)!;

    // — In English, no seat left: the waiting list —
    const en = await b.newPage({ locale: 'en-GB', ...PHONE });
    await en.goto(`/events/${slug}/register`);
    await fillCommon(en, { family: 'Wanjiru', given: 'Grace', organisation: 'Nairobi Innovation Hub', country: 'KE', email: 'grace.wanjiru@example.ke', mobile: '0712 345678' });
    await en.check('input[name="residence"][value="other"]');
    await en.selectOption('select[name="nationality"]', 'KE');
    await en.check('input[name="consent"]');
    await en.getByRole('button', { name: 'Register' }).click();
    await en.getByRole('heading', { level: 1, name: 'You are on the waiting list' }).waitFor();
    expect(await en.getByText('You are number 1 on the waiting list').count()).toBe(1);
    await expectNoAxeViolations(en);

    // — The first person cancels through the private link —
    await zh.goto(link);
    await zh.getByRole('heading', { level: 1, name: '我的报名' }).waitFor();
    await zh.screenshot({ path: `${OUT_DIR}registration-manage-zh-CN-360.png`, fullPage: true });
    await expectNoAxeViolations(zh);
    await zh.check('input[name="confirm"]');
    await zh.getByRole('button', { name: '取消报名' }).click();
    await zh.getByText('您的报名已取消。').first().waitFor();

    // — The waiting person gets the seat and the mail —
    await expect.poll(() => b.testApp.mail.to('grace.wanjiru@example.ke').map((m) => m.subject), { timeout: 15_000 }).toContain(`${b.demo.conference!.title.en}: a seat is yours — your ticket`);
    const [grace] = await b.testApp.db.select().from(registrations).where(eq(registrations.email, 'grace.wanjiru@example.ke'));
    expect(grace!.status).toBe('confirmed');
  });
});
