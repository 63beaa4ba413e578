// A participant whose browser is on Rome time sees the agenda in Beijing time first (as without JavaScript), switches
// to their own zone in one click, is kept there on the next visit, and switches back; and picks any zone with the form.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, startBrowserApp, type BrowserApp } from '../helpers/browser.ts';

let b: BrowserApp;
beforeAll(async () => {
  b = await startBrowserApp();
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

/** A page in a browser set to Rome time (the helper's contexts are all on Beijing time). */
async function romePage() {
  const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: 'en-GB', timezoneId: 'Europe/Rome', viewport: { width: 390, height: 844 } });
  return context.newPage();
}

describe('the agenda in the reader’s own zone', () => {
  it('offers the browser’s zone, remembers the choice, and switches back to event time', async () => {
    const page = await romePage();
    const agenda = `/events/${b.demo['belt-and-road']!.slug}/agenda`;
    await page.goto(agenda);
    await expect.poll(() => page.getByRole('link', { name: 'Show in my time zone (Central European Time)' }).count()).toBe(1);
    expect(await page.getByText('All times are in Beijing time.').count()).toBe(1);
    // The list says the zone the times are in (event time, its empty choice), as the notice does; the link offers the reader's own.
    expect(await page.getByLabel('Time zone').inputValue()).toBe('');
    const firstTime = page.locator('li.session-card time').first();
    expect(await firstTime.textContent()).toBe('09:00');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Show in my time zone (Central European Time)' }).click();
    await page.waitForURL(/tz=Europe%2FRome/);
    expect(await page.getByText('Times are shown in Rome time, the zone you chose. The event itself runs on Beijing time.').count()).toBe(1);
    expect(await firstTime.textContent()).toBe('02:00');

    // Remembered: the next visit without ?tz goes straight to Rome time.
    await page.goto(agenda);
    await page.waitForURL(/tz=Europe%2FRome/);
    expect(await firstTime.textContent()).toBe('02:00');

    await page.getByRole('link', { name: 'Show in event time (Beijing time)' }).click();
    await page.waitForURL((url) => !url.search.includes('tz='));
    expect(await firstTime.textContent()).toBe('09:00');
    await page.goto(agenda);
    await page.waitForLoadState('networkidle');
    expect(page.url()).not.toContain('tz=');
  });

  it('selects the listed Asia/Kolkata for a browser on India time, whichever name its Intl reports', async () => {
    // Chromium reports 'Asia/Calcutta' for both; Firefox and Safari report 'Asia/Kolkata'.
    for (const timezoneId of ['Asia/Kolkata', 'Asia/Calcutta']) {
      const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: 'en-GB', timezoneId, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda`);
      const mine = page.getByRole('link', { name: 'Show in my time zone (India Standard Time)' });
      await expect.poll(() => mine.count(), { message: timezoneId }).toBe(1);
      expect(await page.getByLabel('Time zone').inputValue(), timezoneId).toBe('');
      // Chosen from the list, not added to it under another name.
      expect(await page.getByLabel('Time zone').locator('option').count(), timezoneId).toBe(55);
      await mine.click();
      await page.waitForURL(/tz=Asia%2FKolkata/);
      expect(await page.getByLabel('Time zone').inputValue(), timezoneId).toBe('Asia/Kolkata');
      expect(await page.locator('li.session-card time').first().textContent(), timezoneId).toBe('06:30');
      await context.close();
    }
  });

  it('adds a browser’s zone outside the list as the link names it, and lists it by its city once chosen', async () => {
    const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Kathmandu', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda?lang=zh-CN`);
    const zone = page.getByLabel('时区');
    await expect.poll(() => zone.locator('option').count()).toBe(56);
    // Chromium reports the old spelling, Asia/Katmandu; the server takes either.
    await zone.selectOption({ label: '尼泊尔时间' });
    await page.getByRole('button', { name: '显示时间' }).click();
    await page.waitForURL(/tz=Asia%2FKat(h)?mandu/);
    expect(await page.getByRole('option', { name: 'Kathmandu', selected: true }).count()).toBe(1);
    expect(await zone.inputValue()).toBe('Asia/Kathmandu');
    await zone.selectOption({ label: '布宜诺斯艾利斯' });
    await page.getByRole('button', { name: '显示时间' }).click();
    await page.waitForURL(/tz=America%2FArgentina%2FBuenos_Aires/);
    expect(await page.getByRole('option', { name: '布宜诺斯艾利斯', selected: true }).count()).toBe(1);
    await context.close();
  });

  it('sends a reader whose own zone the server does not take there once, not again and again', async () => {
    // Etc/GMT-3 is a zone Intl knows and the picker does not offer; the reader chose "my zone" on an earlier visit.
    const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: 'en-GB', timezoneId: 'Etc/GMT-3', viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => localStorage.setItem('forumDesk.timeZoneChoice', 'mine'));
    const page = await context.newPage();
    // Every page the tab shows: the agenda, then the agenda with the reader's zone, and no more.
    const shown: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) shown.push(new URL(frame.url()).search);
    });
    await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda`);
    await page.waitForURL(/tz=Etc%2FGMT-3/);
    await page.waitForTimeout(1500);
    expect(shown).toEqual(['', '?tz=Etc%2FGMT-3']);
    expect(await page.getByText('All times are in Beijing time.').count()).toBe(1);
    expect(await page.locator('li.session-card time').first().textContent()).toBe('09:00');
    await context.close();
  });

  it('lets anyone pick a zone with the form, which keeps the view', async () => {
    const page = await romePage();
    await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda?view=room`);
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByRole('button', { name: 'Show times' }).click();
    await page.waitForURL(/tz=America%2FNew_York/);
    expect(page.url()).toContain('view=room');
    expect(await page.getByText('Times are shown in New York time, the zone you chose.', { exact: false }).count()).toBe(1);
    expect(await page.locator('li.session-card time').first().textContent()).toBe('20:00');
    // The list names cities; the one chosen is shown by its name.
    expect(await page.getByRole('option', { name: 'New York', selected: true }).count()).toBe(1);
    await page.getByLabel('Time zone').selectOption({ label: 'Ho Chi Minh City' });
    await page.getByRole('button', { name: 'Show times' }).click();
    await page.waitForURL(/tz=Asia%2FHo_Chi_Minh/);
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Asia/Ho_Chi_Minh');
  });

  it('one participant’s visit: switches to Chinese, to their own zone, and stars a session, axe-clean throughout', async () => {
    const page = await romePage();
    await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda`);
    await page.getByRole('link', { name: '中文' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/agenda'));
    await page.getByRole('heading', { level: 1, name: '议程' }).waitFor();
    await expectNoAxeViolations(page);
    // The browser's zone named in the page's language.
    const mine = page.getByRole('link', { name: '按我的时区显示（中欧时间）', exact: true });
    await mine.click();
    await page.waitForURL(/tz=Europe%2FRome/);
    expect(await page.locator('li.session-card time').first().textContent()).toBe('02:00');
    const firstCard = page.locator('li.session-card').first();
    const star = firstCard.getByRole('button', { name: /^收藏/ });
    await star.click();
    expect(await star.getAttribute('aria-pressed')).toBe('true');
    await expectNoAxeViolations(page);
    await page.reload();
    expect(await page.locator('li.session-card').first().getByRole('button', { name: /^收藏/ }).getAttribute('aria-pressed')).toBe('true');
  });
});
