// The public pages in real Chromium: demo events, the language switch and its cookie, keyboard use and axe-core.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { EventPage } from './pages/event-page.ts';
import { HomePage } from './pages/home-page.ts';
import { SitePage } from './pages/site-page.ts';

let b: BrowserApp;
let demo: BrowserApp['demo'];

beforeAll(async () => {
  b = await startBrowserApp();
  demo = b.demo;
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

const title = (key: string, lang: 'en' | 'zh-CN') => demo[key]!.title![lang]!;

describe('home page', () => {
  it('lists the published upcoming demo events, soonest first', async () => {
    const home = new HomePage(await b.newPage({ locale: 'en-GB' }));
    await home.open();
    expect(await home.headingText()).toBe('Upcoming events');
    expect(await home.htmlLang()).toBe('en');
    expect(await home.eventTitles()).toEqual([
      title('roadshow', 'en'),
      title('matchmaking', 'en'),
      title('zgc', 'en'),
      title('conference', 'en'),
    ]);
    expect(await home.main.getByRole('status').innerText()).toBe('4 upcoming events');
    // The published sub-forum is listed under its forum; the draft one is not.
    const zgc = home.eventCard(title('zgc', 'en'));
    expect(await zgc.getByRole('link').allInnerTexts()).toEqual([title('zgc', 'en'), title('belt-and-road', 'en')]);
  });

  it('switches to Chinese with the 中文 link, remembers it after a reload, and switches back', async () => {
    const home = new HomePage(await b.newPage({ locale: 'en-GB' }));
    await home.open();
    await home.switchLanguage('中文');
    await home.waitForHeading('近期活动');
    expect(await home.htmlLang()).toBe('zh-CN');
    expect(new URL(home.page.url()).pathname).toBe('/');
    expect(await home.eventTitles()).toContain(title('zgc', 'zh-CN'));
    const cookies = await home.page.context().cookies();
    expect(cookies.filter((c) => c.name === 'lang').map(({ value, httpOnly, sameSite }) => ({ value, httpOnly, sameSite }))).toEqual([
      { value: 'zh-CN', httpOnly: true, sameSite: 'Lax' },
    ]);

    await home.page.reload();
    expect(await home.headingText()).toBe('近期活动');
    expect(await home.htmlLang()).toBe('zh-CN');

    await home.switchLanguage('English');
    await home.waitForHeading('Upcoming events');
    expect(await home.htmlLang()).toBe('en');
    await home.page.reload();
    expect(await home.headingText()).toBe('Upcoming events');
  });

  it('keeps the reader on the same event page when switching language', async () => {
    const event = new EventPage(await b.newPage({ locale: 'en-GB' }));
    await event.open(demo.zgc!.slug);
    await event.switchLanguage('中文');
    await event.waitForHeading(title('zgc', 'zh-CN'));
    expect(new URL(event.page.url()).pathname).toBe(`/events/${demo.zgc!.slug}`);
  });

  it('opens an event page by clicking its title', async () => {
    const home = new HomePage(await b.newPage({ locale: 'en-GB' }));
    await home.open();
    await home.openEvent(title('zgc', 'en'), demo.zgc!.slug);
    expect(await home.headingText()).toBe(title('zgc', 'en'));
    const event = new EventPage(home.page);
    expect(await event.breadcrumb('Breadcrumb').getByRole('link').allInnerTexts()).toEqual(['All events']);
    expect(await event.section('Sub-forums').getByRole('heading', { level: 3 }).allInnerTexts()).toEqual([title('belt-and-road', 'en')]);
    expect(await event.section('Venues').getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['ZGC International Innovation Center']);
  });
});

describe('keyboard', () => {
  for (const [locale, skip] of [
    ['en-GB', 'Skip to main content'],
    ['zh-CN', '跳到主要内容'],
  ] as const) {
    it(`first Tab focuses the skip link, Enter moves focus to the main content (${locale})`, async () => {
      const site = new SitePage(await b.newPage({ locale, ...VIEWPORTS.phone }));
      await site.goto('/');
      await site.page.keyboard.press('Tab');
      expect(await SitePage.isFocused(site.skipLink(skip))).toBe(true);
      expect(await site.skipLink(skip).isVisible()).toBe(true);
      await site.page.keyboard.press('Enter');
      await site.page.waitForURL('**/#main');
      expect(await SitePage.isFocused(site.main)).toBe(true);
    });
  }
});

describe('accessibility (axe-core, WCAG 2.x A and AA)', () => {
  const pages = [
    { name: 'home', path: () => '/' },
    { name: 'event', path: () => `/events/${demo.zgc!.slug}` },
    { name: 'sub-forum', path: () => `/events/${demo['belt-and-road']!.slug}` },
  ];
  for (const { name, path } of pages) {
    for (const locale of ['en-GB', 'zh-CN']) {
      for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
        it(`${name} page, ${locale}, ${viewport.width}px`, async () => {
          const site = new SitePage(await b.newPage({ locale, ...viewport }));
          await site.goto(path());
          expect(await site.htmlLang()).toBe(locale === 'zh-CN' ? 'zh-CN' : 'en');
          await expectNoAxeViolations(site.page);
        });
      }
    }
  }
});

describe('404 page', () => {
  for (const [locale, lang, heading, home] of [
    ['en-GB', 'en', 'Page not found', 'Go to the list of events'],
    ['zh-CN', 'zh-CN', '找不到该页面', '前往活动列表'],
  ] as const) {
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      it(`renders in ${lang} at ${viewport.width}px with no axe violations`, async () => {
        const site = new SitePage(await b.newPage({ locale, ...viewport }));
        const response = await site.page.goto('/events/no-such-event');
        expect(response?.status()).toBe(404);
        expect(await site.headingText()).toBe(heading);
        expect(await site.htmlLang()).toBe(lang);
        await expectNoAxeViolations(site.page);
        await site.page.getByRole('link', { name: home, exact: true }).click();
        await site.page.waitForURL((url) => url.pathname === '/');
        expect(await site.heading.innerText()).toBe(lang === 'en' ? 'Upcoming events' : '近期活动');
      });
    }
  }
});
