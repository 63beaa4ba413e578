// Page object for what every public page shares: header with language switch, skip link, main landmark, heading.
// Example: const site = new SitePage(page); await site.switchLanguage('中文'); await site.waitForHeading('近期活动');
import type { Locator, Page } from 'playwright-core';

export class SitePage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(path);
  }

  get main(): Locator {
    return this.page.getByRole('main');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  skipLink(name: string): Locator {
    return this.page.getByRole('link', { name, exact: true });
  }

  /** Clicks a language link in the header ("中文", "English") and waits until the page is back. */
  async switchLanguage(label: string): Promise<void> {
    const response = this.page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/lang/'));
    await this.page.getByRole('link', { name: label, exact: true }).click();
    await response;
    await this.page.waitForLoadState('load');
  }

  /** Waits until the page's h1 reads exactly `text`. */
  async waitForHeading(text: string): Promise<void> {
    await this.page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
  }

  async headingText(): Promise<string> {
    return (await this.heading.innerText()).trim();
  }

  /** The language the page declares on <html lang>. */
  htmlLang(): Promise<string> {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  /** Whether the locator's element has keyboard focus right now. */
  static isFocused(locator: Locator): Promise<boolean> {
    return locator.evaluate((element) => element === document.activeElement);
  }
}
