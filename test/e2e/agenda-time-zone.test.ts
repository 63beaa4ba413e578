// A participant whose browser is on Rome time sees the agenda in Beijing time first (as without JavaScript), switches
// to their own zone in one click, is kept there on the next visit, and switches back; and picks any zone on the
// time-zone page, which leads back to the same view, with JavaScript or without.
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
    // No list of zones on the agenda: a link to the time-zone page, and the one to the reader's own zone.
    expect(await page.getByRole('combobox').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Change time zone' }).getAttribute('href')).toBe(`/events/${b.demo['belt-and-road']!.slug}/time-zone`);
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

  it('offers India time to a browser on it, whichever name its Intl reports, and the time-zone page marks Kolkata', async () => {
    // Chromium reports 'Asia/Calcutta' for both; Firefox and Safari report 'Asia/Kolkata'. The server takes either.
    for (const timezoneId of ['Asia/Kolkata', 'Asia/Calcutta']) {
      const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: 'en-GB', timezoneId, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda`);
      const mine = page.getByRole('link', { name: 'Show in my time zone (India Standard Time)' });
      await expect.poll(() => mine.count(), { message: timezoneId }).toBe(1);
      await mine.click();
      await page.waitForURL(/tz=Asia%2F(Kolkata|Calcutta)/);
      expect(await page.locator('li.session-card time').first().textContent(), timezoneId).toBe('06:30');
      expect(await page.getByText('Times are shown in India time, the zone you chose.', { exact: false }).count(), timezoneId).toBe(1);
      await page.getByRole('link', { name: 'Change time zone' }).click();
      await page.getByRole('heading', { level: 1, name: 'Choose a time zone' }).waitFor();
      // The zone shown, by its name now, among the common cities; the event's at the top.
      const shown = page.locator('.zone-list a[aria-current="true"]');
      expect(await shown.allTextContents(), timezoneId).toEqual(['Kolkata']);
      await context.close();
    }
  });

  it('lists a browser’s zone outside the common cities under “More cities”, and brings the reader back in any zone picked', async () => {
    const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Kathmandu', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda?lang=zh-CN`);
    // Chromium reports the old spelling, Asia/Katmandu; the server takes either.
    const mine = page.getByRole('link', { name: '按我的时区显示（尼泊尔时间）' });
    await expect.poll(() => mine.count()).toBe(1);
    await page.getByRole('link', { name: '更改时区' }).click();
    await page.getByRole('heading', { level: 1, name: '选择时区' }).waitFor();
    const more = page.getByRole('region', { name: '更多城市' });
    expect(await more.getByRole('link', { name: 'Kathmandu', exact: true }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('region', { name: '常用城市' }).getByRole('link', { name: '布宜诺斯艾利斯' }).click();
    await page.waitForURL(/tz=America%2FArgentina%2FBuenos_Aires/);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('zh-CN');
    expect(await page.getByText('时间按您选择的布宜诺斯艾利斯时间显示', { exact: false }).count()).toBe(1);
    await page.getByRole('link', { name: '更改时区' }).click();
    expect(await page.locator('.zone-list a[aria-current="true"]').allTextContents()).toEqual(['布宜诺斯艾利斯']);
    await more.getByRole('link', { name: 'Kathmandu', exact: true }).click();
    await page.waitForURL(/tz=Asia%2FKathmandu/);
    expect(await page.locator('li.session-card time').first().textContent()).toBe('06:45');
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

  it('lets anyone pick a zone on the time-zone page, which keeps the view, and remembers that choice over their own', async () => {
    const page = await romePage();
    await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda?view=room`);
    await page.getByRole('link', { name: 'Change time zone' }).click();
    await page.getByRole('heading', { level: 1, name: 'Choose a time zone' }).waitFor();
    // The event's zone first, marked as event time and as the zone shown, each with its offset on the event's dates.
    expect(await page.locator('.zone-list').first().locator('li').innerText()).toMatch(/^Beijing time\s+Event time\s+Shown now\s+UTC\+08:00$/);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'New York', exact: true }).click();
    await page.waitForURL(/tz=America%2FNew_York/);
    expect(page.url()).toContain('view=room');
    expect(await page.getByText('Times are shown in New York time, the zone you chose.', { exact: false }).count()).toBe(1);
    expect(await page.locator('li.session-card time').first().textContent()).toBe('20:00');
    expect(await page.evaluate(() => localStorage.getItem('forumDesk.timeZoneChoice'))).toBe('other');
    // Another zone than their own, picked: the next visit is not moved to Rome time.
    await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda`);
    await page.waitForLoadState('networkidle');
    expect(page.url()).not.toContain('tz=');
    await page.getByRole('link', { name: 'Change time zone' }).click();
    await page.getByRole('link', { name: 'Ho Chi Minh City' }).click();
    await page.waitForURL(/tz=Asia%2FHo_Chi_Minh/);
    await page.getByRole('link', { name: 'Change time zone' }).click();
    expect(await page.locator('.zone-list a[aria-current="true"]').allTextContents()).toEqual(['Ho Chi Minh City']);
    // Back without changing, then to event time in one click.
    await page.getByRole('link', { name: 'Back without changing' }).click();
    await page.waitForURL(/tz=Asia%2FHo_Chi_Minh/);
    await page.getByRole('link', { name: 'Show in event time (Beijing time)' }).click();
    await page.waitForURL((url) => !url.search.includes('tz='));
    expect(await page.locator('li.session-card time').first().textContent()).toBe('09:00');
  });

  it('works without JavaScript: plain links there and back, the session page too', async () => {
    const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: 'en-GB', javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`/events/${b.demo['belt-and-road']!.slug}/agenda?view=room`);
    const firstSession = await page.locator('li.session-card h3 a').first().getAttribute('href');
    await page.getByRole('link', { name: 'Change time zone' }).click();
    await page.getByRole('link', { name: 'Rome', exact: true }).click();
    expect(new URL(page.url()).search).toBe('?view=room&tz=Europe%2FRome');
    expect(await page.locator('li.session-card time').first().textContent()).toBe('02:00');
    await page.goto(firstSession!);
    await page.getByRole('link', { name: 'Change time zone' }).click();
    await page.getByRole('link', { name: 'Tokyo', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe(firstSession!.split('?')[0]);
    expect(new URL(page.url()).searchParams.get('tz')).toBe('Asia/Tokyo');
    expect(await page.getByText('Times are shown in Tokyo time, the zone you chose.', { exact: false }).count()).toBe(1);
    await context.close();
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
