// An organiser corrects an event’s time zone in a real browser, in Chinese on a phone: the notice names what kept its
// clock times, the form shows the same clock times in the new zone, and a zone whose clocks skip a session's time is
// refused at the field. Screenshots to screenshots/event-time-zone-*; nothing wider than the screen; axe clean.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, registrationSettings } from '../../src/db/schema/index.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { signedInBrowserCookies, type BrowserCookies } from '../helpers/sign-in.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));
const PHONE = VIEWPORTS.phone;

let b: BrowserApp;
let event: EventRow;
let cookies: BrowserCookies;

beforeAll(async () => {
  b = await startBrowserApp({ seed: false });
  const t = b.testApp;
  t.clock.set('2027-03-01T02:00:00Z');
  await mkdir(OUT_DIR, { recursive: true });
  const beijing = (local: string) => wallTime(local, 'Asia/Shanghai');
  event = await createEvent(t.db, {
    slug: 'sino-german-innovation-forum-2027',
    title: { en: 'Sino-German Innovation Forum', 'zh-CN': '中德创新论坛' },
    startsAt: beijing('2027-03-27 09:00'),
    endsAt: beijing('2027-03-28 17:00'),
  });
  await t.db.insert(agendaSessions).values([
    { eventId: event.id, type: 'opening', title: { en: 'Opening ceremony', 'zh-CN': '开幕式' }, startsAt: beijing('2027-03-27 09:00'), endsAt: beijing('2027-03-27 09:30') },
    { eventId: event.id, type: 'keynote', title: { en: 'Keynote: hydrogen corridors', 'zh-CN': '主旨演讲：氢能走廊' }, startsAt: beijing('2027-03-27 09:30'), endsAt: beijing('2027-03-27 10:15') },
    { eventId: event.id, type: 'site-visit', title: { en: 'Site visit', 'zh-CN': '企业参观' }, capacity: 40, startsAt: beijing('2027-03-27 14:00'), endsAt: beijing('2027-03-27 17:00') },
    // Europe's clocks skip 02:00–03:00 on Sunday 28 March 2027: Berlin is refused until this session moves.
    { eventId: event.id, type: 'other', title: { en: 'Night hackathon', 'zh-CN': '通宵黑客松' }, startsAt: beijing('2027-03-28 02:30'), endsAt: beijing('2027-03-28 06:00') },
  ]);
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: beijing('2027-03-01 09:00'), closesAt: beijing('2027-03-26 18:00') });
  const organiser = await createUser(t.db, { roles: [[event.id, 'organiser']] });
  cookies = await signedInBrowserCookies(t, organiser, b.baseUrl);
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

async function phonePage() {
  const context = await b.newContext({ locale: 'zh-CN', ...PHONE });
  await context.addCookies(cookies);
  return context.newPage();
}

async function shoot(page: Awaited<ReturnType<typeof phonePage>>, name: string) {
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  await page.screenshot({ path: `${OUT_DIR}event-time-zone-${name}-zh-CN-${PHONE.width}.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expectNoAxeViolations(page);
}

describe('correcting the time zone, in Chinese on a phone', () => {
  it('refuses Berlin while a session sits in the hour its clocks skip, at the field', async () => {
    const page = await phonePage();
    expect((await page.goto(`/admin/events/${event.id}/edit`))?.status()).toBe(200);
    await page.getByRole('textbox', { name: /^时区/ }).fill('Europe/Berlin');
    await page.getByRole('button', { name: '保存活动' }).click();
    await page.getByRole('alert').waitFor();
    await expect.poll(() => page.getByRole('link', { name: /“通宵黑客松”的开始时间（2027年3月28日 02:30）/ }).count()).toBe(1);
    await shoot(page, 'refused');
  });

  it('takes Tokyo: the notice says what kept its clock times, and the form shows the same times', async () => {
    const page = await phonePage();
    await page.goto(`/admin/events/${event.id}/edit`);
    await page.getByRole('textbox', { name: /^时区/ }).fill('Asia/Tokyo');
    await page.getByRole('button', { name: '保存活动' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toBe('时区已改为 Asia/Tokyo。以下内容保持原钟点时间不变：4 个场次和报名起止时间。');
    await shoot(page, 'saved');
    await page.goto(`/admin/events/${event.id}/edit`);
    expect(await page.getByRole('textbox', { name: /^时区/ }).inputValue()).toBe('Asia/Tokyo');
    expect(await page.getByLabel(/^开始/).inputValue()).toBe('2027-03-27T09:00');
    await shoot(page, 'edit');
    const [first] = await b.testApp.db.select({ startsAt: agendaSessions.startsAt }).from(agendaSessions).where(eq(agendaSessions.eventId, event.id)).orderBy(agendaSessions.startsAt);
    expect(first!.startsAt.toISOString()).toBe('2027-03-27T00:00:00.000Z');
  });
});
