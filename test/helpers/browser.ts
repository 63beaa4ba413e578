// The app on a real local port with demo data, and headless Debian Chromium to drive it, for the e2e tests.
// Example: const b = await startBrowserApp(); const page = await b.newPage({ locale: 'zh-CN', width: 390 }); … await b.close();
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildDemoEvents } from '../../src/db/seed/demo-events.ts';
import { seedDemoData } from '../../src/db/seed/demo.ts';
import { buildTestApp, type TestApp, type TestAppOptions } from './build-test-app.ts';

export type DemoEvent = ReturnType<typeof buildDemoEvents>[number];

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Widths the public pages are checked at: a common phone and a laptop. */
export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

/** WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface PageOptions {
  /** Browser language, sent as Accept-Language and used by Intl (default 'en-GB'). */
  locale?: string;
  width?: number;
  height?: number;
  /** The device's time zone (default Asia/Shanghai, the demo events' own). */
  timezoneId?: string;
}

export interface BrowserApp {
  /** http://127.0.0.1:<port>, no trailing slash. */
  baseUrl: string;
  testApp: TestApp;
  browser: Browser;
  /** The seeded demo events by key ('zgc', 'belt-and-road', 'conference' …), dated for the test clock; empty without seed. */
  demo: Record<string, DemoEvent>;
  /** A fresh context (own cookies) with the given language and viewport. */
  newContext(options?: PageOptions): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Closes every open context, so each test starts without cookies or pages (call in afterEach). */
  closeContexts(): Promise<void>;
  /** Closes every context, the browser, the server and the database. */
  close(): Promise<void>;
}

export interface BrowserAppOptions extends TestAppOptions {
  /** Seed the demo events (default true). */
  seed?: boolean;
}

export async function startBrowserApp(options: BrowserAppOptions = {}): Promise<BrowserApp> {
  const testApp = await buildTestApp(options);
  const seeded = options.seed ?? true;
  let browser: Browser | undefined;
  try {
    if (seeded) await seedDemoData(testApp.db, testApp.clock);
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const address = testApp.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the app did not report a TCP port');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const contexts = new Set<BrowserContext>();
    const launched = browser;
    const newContext = async ({ locale = 'en-GB', width = VIEWPORTS.desktop.width, height = VIEWPORTS.desktop.height, timezoneId = 'Asia/Shanghai' }: PageOptions = {}) => {
      const context = await launched.newContext({ baseURL: baseUrl, locale, viewport: { width, height }, timezoneId });
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      return context;
    };
    const closeContexts = async () => {
      await Promise.all([...contexts].map((c) => c.close().catch(() => {})));
    };
    const demo = seeded ? Object.fromEntries(buildDemoEvents(testApp.clock.now()).map((e) => [e.key, e])) : {};
    return {
      baseUrl,
      testApp,
      browser,
      demo,
      newContext,
      newPage: async (pageOptions) => (await newContext(pageOptions)).newPage(),
      closeContexts,
      close: async () => {
        await closeContexts();
        await launched.close();
        await testApp.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => {});
    await testApp.close();
    throw error;
  }
}

/** Fails with every WCAG 2.x A/AA violation axe-core finds on the page: rule, help text and the elements. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (violations.length === 0) return;
  const report = violations
    .map((v) => {
      const targets = v.nodes.map((n) => `    ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`);
      return `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n  ${v.helpUrl}\n${targets.join('\n')}`;
    })
    .join('\n');
  throw new Error(`axe found ${violations.length} accessibility violation(s) on ${page.url()}:\n${report}`);
}
