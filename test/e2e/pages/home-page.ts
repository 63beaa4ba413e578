// Page object for the home page: the list of upcoming events as cards, each opened by its title.
// Example: const home = new HomePage(page); await home.open(); await home.openEvent('Zhongguancun Forum 2027');
import type { Locator } from 'playwright-core';
import { SitePage } from './site-page.ts';

export class HomePage extends SitePage {
  async open(): Promise<void> {
    await this.goto('/');
  }

  /** Event cards are articles named by their title. */
  get eventCards(): Locator {
    return this.main.getByRole('article');
  }

  eventCard(title: string): Locator {
    return this.main.getByRole('article', { name: title, exact: true });
  }

  async eventTitles(): Promise<string[]> {
    const titles = await this.eventCards.getByRole('heading', { level: 2 }).allInnerTexts();
    return titles.map((t) => t.trim());
  }

  /** Clicks the event’s title link and waits for its page. */
  async openEvent(title: string, slug: string): Promise<void> {
    await this.eventCard(title).getByRole('heading', { level: 2 }).getByRole('link', { name: title, exact: true }).click();
    await this.page.waitForURL(`**/events/${slug}`);
  }
}
