// The personal agenda in real Chromium: a participant on a phone stars a session on the public agenda, finds it on
// their personal agenda, keeps the agenda by e-mail link and sees later stars synced; axe-clean in both languages.
// Screenshots go to screenshots/my-agenda-*.png (gitignored) for review.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { AgendaStarsPage, MyAgendaPage } from './pages/personal-agenda-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let slug: string;

beforeAll(async () => {
  b = await startBrowserApp();
  slug = b.demo['belt-and-road']!.slug;
  await mkdir(OUT_DIR, { recursive: true });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

const shot = (page: AgendaStarsPage | MyAgendaPage, name: string) => page.page.screenshot({ path: `${OUT_DIR}${name}.png`, fullPage: true });

describe('personal agenda', () => {
  it('stars a session on the agenda at 390 px and finds it on the personal agenda; un-stars it there', async () => {
    const page = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.phone });
    const agenda = new AgendaStarsPage(page);
    await agenda.open(slug);
    const [first, second] = await agenda.titles();
    expect(await agenda.starButton(second!).getAttribute('aria-pressed')).toBe('false');
    await agenda.star(second!);
    await expectNoAxeViolations(page);
    await shot(agenda, 'agenda-starred-en-390');
    // Kept across a reload, in this browser.
    await page.reload();
    expect(await agenda.starButton(second!).getAttribute('aria-pressed')).toBe('true');
    expect(await agenda.starButton(first!).getAttribute('aria-pressed')).toBe('false');

    await agenda.openMyAgenda();
    const mine = new MyAgendaPage(page);
    await mine.waitForCount(1);
    expect(await mine.titles()).toEqual([second]);
    await expectNoAxeViolations(page);
    await shot(mine, 'my-agenda-en-390');

    await mine.main.getByRole('link', { name: `Remove “${second}” from my agenda` }).click();
    await mine.waitForCount(0);
    await mine.main.getByText('You have not starred any session yet.').waitFor();
    await agenda.open(slug);
    expect(await agenda.starButton(second!).getAttribute('aria-pressed')).toBe('false');
  });

  it('names every Star button apart, by day and times, where sessions share a title (the conference’s breaks)', async () => {
    for (const locale of ['en-GB', 'zh-CN']) {
      const page = await b.newPage({ locale, ...VIEWPORTS.phone });
      const agenda = new AgendaStarsPage(page);
      await agenda.open(b.demo.conference!.slug);
      const titles = await agenda.titles();
      expect(new Set(titles).size).toBeLessThan(titles.length);
      const names = await page.locator('.star-toggle').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
      expect(names).toHaveLength(titles.length);
      expect(new Set(names).size).toBe(names.length);
      // The first card's name: its title, the day's heading and the times the card shows.
      const card = page.locator('li.session-card').first();
      const [day, times] = [await page.locator('.agenda-day h2').first().innerText(), (await card.locator('.session-card__time').innerText()).trim()];
      expect(names[0]).toBe(locale === 'en-GB' ? `Star “${titles[0]}”, ${day} ${times}` : `收藏“${titles[0]}”，${day} ${times}`);
    }
  });

  it('keeps the agenda by e-mail link and syncs later stars to it', async () => {
    const page = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.desktop });
    const agenda = new AgendaStarsPage(page);
    await agenda.open(slug);
    const [first, second, third] = await agenda.titles();
    await agenda.star(first!);
    await agenda.openMyAgenda();
    const mine = new MyAgendaPage(page);
    await mine.waitForCount(1);

    await mine.main.getByLabel('E-mail address').fill('zhao.lei@example.org');
    b.testApp.clock.advance({ seconds: 3 });
    await mine.main.getByRole('button', { name: 'Send me the link' }).click();
    await mine.waitForHeading('Check your mail');
    await expectNoAxeViolations(page);
    await shot(mine, 'my-agenda-sent-en-1280');
    const mail = await b.testApp.mail.waitForTo('zhao.lei@example.org');
    const link = /http:\/\/forumdesk\.test(\/events\/\S+\/my-agenda\/confirm\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;

    await page.goto(link);
    await expectNoAxeViolations(page);
    await shot(mine, 'my-agenda-confirm-en-1280');
    await page.getByRole('button', { name: 'Keep my agenda here' }).click();
    await page.getByText('Your agenda is now kept on this device.').waitFor();
    await expectNoAxeViolations(page);
    await shot(mine, 'my-agenda-confirmed-en-1280');
    await mine.waitForHeading('My agenda');
    await mine.waitForCount(1);
    expect(await mine.titles()).toEqual([first]);
    await mine.main.getByRole('link', { name: 'Subscribe to my agenda' }).waitFor();

    // Starred later on the agenda page: sent to the server at once, so the private calendar feed has it before the
    // personal agenda page is opened again (a subscribed calendar, another device).
    const feed = (await mine.main.getByRole('link', { name: 'Subscribe to my agenda' }).getAttribute('href'))!.replace(/^webcal:\/\/forumdesk\.test/, b.baseUrl);
    const feedTitles = async () => [...(await (await fetch(feed)).text()).replace(/\r\n[ \t]/g, '').matchAll(/^SUMMARY:(.*)$/gm)].map((m) => m[1]!.trim().replace(/\\([,;\\])/g, '$1'));
    expect(await feedTitles()).toEqual([first]);
    await agenda.open(slug);
    await agenda.star(third!);
    await expect.poll(feedTitles, { timeout: 10_000 }).toEqual([first, third]);
    // Starred and un-starred again at once: the second change follows the first, and the feed ends as it began.
    await agenda.star(second!);
    await agenda.starButton(second!).click();
    await expect.poll(() => agenda.starButton(second!).getAttribute('aria-pressed')).toBe('false');
    await expect.poll(feedTitles, { timeout: 10_000 }).toEqual([first, third]);
    // Opening the agenda again with nothing to send asks the server nothing (it pulls other devices' stars now and then).
    const syncs: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/my-agenda/')) syncs.push(request.url());
    });
    await agenda.open(slug);
    await page.waitForLoadState('networkidle');
    expect(syncs).toEqual([]);
    // A star kept in this browser for a session that has left the agenda since (starred offline, say) does not take
    // the other waiting changes down with it.
    const secondId = await page.locator('li.session-card', { hasText: second! }).first().getAttribute('data-session-id');
    await page.evaluate(([event, id]) => {
      const key = `forum-desk:stars:${event}`;
      const state = JSON.parse(localStorage.getItem(key)!) as { starred: string[]; add: string[]; remove: string[] };
      state.add.push('01900000-0000-7000-8000-000000000000', id!);
      state.starred.push(id!);
      localStorage.setItem(key, JSON.stringify(state));
    }, [slug, secondId] as const);
    await agenda.open(slug);
    await expect.poll(feedTitles, { timeout: 10_000 }).toEqual([first, second, third]);
    await agenda.starButton(second!).click();
    await expect.poll(feedTitles, { timeout: 10_000 }).toEqual([first, third]);
    await agenda.openMyAgenda();
    await mine.waitForCount(2);
    expect(await mine.titles()).toEqual([first, third]);
    expect(second).toBeDefined();
    await expectNoAxeViolations(page);
    await shot(mine, 'my-agenda-kept-en-1280');

    // The kept agenda’s "Remove" buttons line up like the links before confirming, also when they wrap on a phone.
    await page.setViewportSize(VIEWPORTS.phone);
    const removeButton = mine.main.getByRole('button', { name: `Remove “${first}” from my agenda` });
    const [buttonBox, titleBox] = [await removeButton.boundingBox(), await mine.main.locator('li.session-card h3').first().boundingBox()];
    expect(await removeButton.evaluate((el) => getComputedStyle(el).textAlign)).toBe('start');
    expect(buttonBox!.x).toBe(titleBox!.x);
    await shot(mine, 'my-agenda-kept-en-390');
    await page.setViewportSize(VIEWPORTS.desktop);

    // Un-starring on a kept agenda goes to the server too.
    await mine.main.getByRole('button', { name: `Remove “${first}” from my agenda` }).click();
    await mine.waitForCount(1);
    expect(await mine.titles()).toEqual([third]);
  });

  it('shows a wrong address on the keep form with the typed text kept, with the script on (zh-CN, 390 px)', async () => {
    const page = await b.newPage({ locale: 'zh-CN', ...VIEWPORTS.phone });
    const agenda = new AgendaStarsPage(page);
    await agenda.open(slug);
    const [first] = await agenda.titles();
    await agenda.star(first!, '收藏“{title}”');
    await agenda.openMyAgenda('我的议程');
    const mine = new MyAgendaPage(page);
    await mine.waitForCount(1);
    await page.waitForURL(/\/my-agenda\?s=/);

    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname + new URL(frame.url()).search);
    });
    await mine.main.getByLabel('电子邮箱').fill('not-an-email');
    b.testApp.clock.advance({ seconds: 3 });
    await mine.main.getByRole('button', { name: '发送链接' }).click();
    await page.waitForURL(/\/my-agenda\/keep$/);
    await page.waitForLoadState('networkidle');
    // The script used to "correct" this address to …/my-agenda/keep?s=…, a 404 that lost the error and the text.
    expect(visited).toEqual([`/events/${slug}/my-agenda/keep`]);
    await mine.waitForHeading('我的议程');
    const field = mine.main.getByLabel('电子邮箱');
    expect(await field.inputValue()).toBe('not-an-email');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await mine.main.locator('#field-email-error').innerText()).toContain('请填写有效的电子邮箱，如 name@example.com。');
    expect(await mine.titles()).toEqual([first]);
    await expectNoAxeViolations(page);
    await shot(mine, 'my-agenda-keep-error-zh-CN-390');

    // Corrected, the same form sends the link with the starred session.
    await field.fill('zhao.lei@example.org');
    b.testApp.clock.advance({ seconds: 3 });
    await mine.main.getByRole('button', { name: '发送链接' }).click();
    await mine.waitForHeading('请查收邮件');
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      it(`reads well in ${lang} at ${viewport.width} px (screenshots, axe)`, async () => {
        const page = await b.newPage({ locale: lang === 'en' ? 'en-GB' : 'zh-CN', ...viewport });
        const agenda = new AgendaStarsPage(page);
        await agenda.open(slug);
        const titles = await agenda.titles();
        const star = lang === 'en' ? 'Star “{title}”' : '收藏“{title}”';
        await agenda.star(titles[0]!, star);
        await agenda.star(titles[titles.length - 1]!, star);
        await shot(agenda, `agenda-stars-${lang}-${viewport.width}`);
        await agenda.openMyAgenda(lang === 'en' ? 'My agenda' : '我的议程');
        const mine = new MyAgendaPage(page);
        await mine.waitForCount(2);
        await page.evaluate(async () => {
          await document.fonts.ready;
        });
        await shot(mine, `my-agenda-${lang}-${viewport.width}`);
        await expectNoAxeViolations(page);
      });
    }
  }
});
