// The public agenda as a time grid (?view=grid), on a laptop and a phone, in English and Chinese: the page never
// scrolls sideways (the grid scrolls inside its own region, its time column staying in view), the list views stay one
// tap away, a session opens (and is starred) from its cell, and axe finds nothing. Screenshots go to screenshots/ for review.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { starName } from './pages/personal-agenda-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
beforeAll(async () => {
  b = await startBrowserApp();
  await mkdir(OUT_DIR, { recursive: true });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

const words = {
  en: { locale: 'en-GB', grid: 'Grid', byDay: 'By day', byRoom: 'By room', days: 'Days of the agenda' },
  'zh-CN': { locale: 'zh-CN', grid: '时间表', byDay: '按日期', byRoom: '按会议室', days: '议程日期' },
} as const;

describe('the public agenda time grid', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const viewport of [VIEWPORTS.desktop, VIEWPORTS.phone]) {
      it(`shows the conference's first day as rooms × times, ${lang}, ${viewport.width}px`, async () => {
        const page = await b.newPage({ locale: words[lang].locale, ...viewport });
        const agenda = `/events/${b.demo.conference!.slug}/agenda`;
        await page.goto(agenda);
        await page.getByRole('navigation', { name: lang === 'en' ? 'Show the agenda' : '议程显示方式' }).getByRole('link', { name: words[lang].grid }).click();
        await page.waitForURL(/view=grid/);
        await page.evaluate(async () => {
          await document.fonts.ready;
        });
        const region = page.getByRole('region', { name: /\d/ });
        const table = region.getByRole('table');
        expect(await table.count()).toBe(1);
        expect(await page.getByRole('navigation', { name: words[lang].days }).getByRole('link').count()).toBe(5);
        // The list views stay on offer at every width.
        for (const name of [words[lang].byDay, words[lang].byRoom]) expect(await page.getByRole('link', { name, exact: true }).isVisible()).toBe(true);
        await page.screenshot({ path: `${OUT_DIR}public-agenda-grid-${lang}-${viewport.width}.png`, fullPage: true });

        // The page itself never scrolls sideways; on a phone the grid scrolls in its region, the times staying put.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        const wrap = page.locator('.agenda-grid-wrap');
        const { scrollWidth, clientWidth } = await wrap.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
        if (viewport.width < 768) {
          expect(scrollWidth).toBeGreaterThan(clientWidth);
          const firstTime = table.getByRole('rowheader').first();
          const before = (await firstTime.boundingBox())!.x;
          await wrap.evaluate((el) => el.scrollBy({ left: 300 }));
          await expect.poll(() => wrap.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
          expect((await firstTime.boundingBox())!.x).toBe(before);
          await wrap.evaluate((el) => el.scrollTo({ left: 0 }));
          // The narrow-screen hint leads to the list.
          expect(await page.locator('.agenda-grid-hint').isVisible()).toBe(true);
        } else {
          expect(await page.locator('.agenda-grid-hint').isVisible()).toBe(false);
        }
        await expectNoAxeViolations(page);

        // A session opens from its cell, keeping the language.
        const first = table.locator('a.grid-session__title').first();
        const title = (await first.textContent())!.replace(/\s*(English only|仅英文|仅中文|Chinese only)$/, '');
        await first.click();
        await page.waitForURL(/\/sessions\//);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
      });
    }
  }

  it('stars a session from its cell, and the list shows it starred (the same stars in this browser)', async () => {
    const page = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.phone });
    const agenda = `/events/${b.demo.conference!.slug}/agenda`;
    await page.goto(`${agenda}?view=grid`);
    const cell = page.locator('.grid-session').first();
    const id = (await cell.getAttribute('data-star-session'))!;
    const title = (await cell.getAttribute('data-session-title'))!;
    const star = page.getByRole('button', { name: starName(`Star “${title}”`) });
    // Named by its times too, as the cell shows them: another session of the same title gets another name.
    expect(await star.getAttribute('aria-label')).toBe(`Star “${title}”, ${(await cell.locator('.grid-session__time').innerText()).trim()}`);
    expect(await star.getAttribute('aria-pressed')).toBe('false');
    await star.click();
    expect(await star.getAttribute('aria-pressed')).toBe('true');
    // The star sits right after the times (in view on a phone even in a cell as wide as every room), a target of at
    // least 24 px that covers none of the title and makes the cell at most a few pixels taller, so the grid keeps its
    // time scale.
    const [button, box, heading, times] = [(await star.boundingBox())!, (await cell.boundingBox())!, (await cell.getByRole('link').boundingBox())!, (await cell.locator('.grid-session__time').boundingBox())!];
    expect(Math.min(button.height, button.width)).toBeGreaterThanOrEqual(24);
    expect(button.x + button.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
    expect(button.y + button.height).toBeLessThanOrEqual(heading.y + 0.5);
    expect(button.x - (times.x + times.width)).toBeLessThanOrEqual(16);
    const added = await cell.evaluate((el) => {
      const toggle = el.querySelector('.star-toggle')!;
      const before = el.getBoundingClientRect().height;
      toggle.remove();
      const after = el.getBoundingClientRect().height;
      el.append(toggle);
      return before - after;
    });
    expect(added).toBeLessThanOrEqual(12);
    await expectNoAxeViolations(page);

    await page.goto(agenda);
    const card = page.locator(`li.session-card[data-session-id="${id}"]`);
    expect(await card.getByRole('button', { name: starName(`Star “${title}”`) }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#stars a').getAttribute('href')).toContain(`s=${id}`);
  });

  it('opens another day from its tab', async () => {
    const page = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.desktop });
    await page.goto(`/events/${b.demo.conference!.slug}/agenda?view=grid`);
    const tabs = page.getByRole('navigation', { name: 'Days of the agenda' }).getByRole('link');
    const second = (await tabs.nth(1).textContent())!;
    await tabs.nth(1).click();
    await page.waitForURL(/day=\d{4}-\d{2}-\d{2}/);
    expect(await page.getByRole('heading', { level: 2, name: second }).count()).toBe(1);
    expect(await page.locator('.day-tabs a[aria-current="page"]').textContent()).toBe(second);
  });

  it('drops the day when the reader switches to their own zone, which may not have it, and opens the first day there', async () => {
    const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: 'en-GB', timezoneId: 'America/Los_Angeles', viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(`/events/${b.demo.conference!.slug}/agenda?view=grid`);
    const day = await page.locator('.day-tabs a').last().getAttribute('href');
    await page.goto(day!);
    const mine = page.getByRole('link', { name: 'Show in my time zone (Pacific Time)' });
    await expect.poll(() => mine.count()).toBe(1);
    const response = page.waitForResponse((r) => r.url().includes('tz=America'));
    await mine.click();
    expect((await response).status()).toBe(200);
    expect(page.url()).not.toContain('day=');
    expect(page.url()).toContain('view=grid');
    // The conference's first morning in Beijing is the evening before in Los Angeles.
    expect(await page.locator('.day-tabs a').count()).toBe(5);
    await context.close();
  });
});

describe('the grid in another zone through the time-zone page', () => {
  it('comes back to the same day where the zone picked has it, and to the first day where it has not', async () => {
    const page = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.phone });
    await page.goto(`/events/${b.demo.conference!.slug}/agenda?view=grid`);
    const tabs = page.locator('.day-tabs a');
    const second = await tabs.nth(1).getAttribute('href');
    await page.goto(second!);
    const day = new URL(page.url()).searchParams.get('day');
    await page.getByRole('link', { name: 'Change time zone' }).click();
    // Tokyo is an hour ahead of Beijing: the same day has the same sessions.
    await page.getByRole('link', { name: 'Tokyo', exact: true }).click();
    await page.waitForURL(/tz=Asia%2FTokyo/);
    expect(new URL(page.url()).searchParams.get('day')).toBe(day);
    expect(await page.locator('.day-tabs a[aria-current="page"]').getAttribute('href')).toContain(`day=${day}`);
    // The last day in Beijing is not a day in Honolulu, where the grid opens on its first day.
    await page.goto(`${(await tabs.last().getAttribute('href'))!}`);
    await page.getByRole('link', { name: 'Change time zone' }).click();
    await page.getByRole('link', { name: 'Honolulu', exact: true }).click();
    await page.waitForURL(/tz=Pacific%2FHonolulu/);
    expect(new URL(page.url()).searchParams.has('day')).toBe(false);
    expect(await page.locator('.day-tabs a').first().getAttribute('aria-current')).toBe('page');
  });
});

describe('the printed agenda', () => {
  for (const view of ['', '?view=grid']) {
    it(`keeps the programme and its zone and leaves out the controls${view ? ' (grid)' : ''}`, async () => {
      const page = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.desktop });
      await page.goto(`/events/${b.demo.conference!.slug}/agenda${view}`);
      await page.emulateMedia({ media: 'print' });
      const shown = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).display !== 'none');
      expect(await Promise.all(['.zone-control__change', '.agenda-tools', '.my-agenda-link', '.agenda-links', 'section.calendar-feeds'].map(shown))).toEqual([false, false, false, false, false]);
      expect(await page.locator('.zone-notice').first().textContent()).toBe('All times are in Beijing time.');
      if (view) {
        // The whole grid prints: no scrolling box cuts its rooms off.
        expect(await page.locator('.agenda-grid-wrap').evaluate((el) => [getComputedStyle(el).overflowX, el.scrollWidth <= el.clientWidth])).toEqual(['visible', true]);
      } else {
        expect(await shown('.session-card')).toBe(true);
        expect(await page.locator('.agenda-day + .agenda-day').first().evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page');
      }
    });
  }
});
