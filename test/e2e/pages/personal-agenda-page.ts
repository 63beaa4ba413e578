// Page objects for starring sessions on the public agenda and reading the personal agenda.
// Example: const agenda = new AgendaStarsPage(page); await agenda.open(slug); await agenda.star('Opening ceremony');
import type { Locator } from 'playwright-core';
import { SitePage } from './site-page.ts';

/** A Star button's accessible name that starts with `start` and then gives the session's times (or ends there). */
export const starName = (start: string) => new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(, |，|$)`);

export class AgendaStarsPage extends SitePage {
  async open(slug: string): Promise<void> {
    await this.goto(`/events/${slug}/agenda`);
    await this.page.locator('.star-toggle').first().waitFor();
  }

  /** Session titles on the page, in order, as the cards show them. */
  titles(): Promise<string[]> {
    return this.main.locator('li.session-card h3').allInnerTexts();
  }

  /**
   * The star toggle of a session, by its accessible name (`named` as in the locale file, e.g. '收藏“{title}”'), which
   * goes on with the session's day and times: "Star “Opening ceremony”, 26 Mar 2027 09:00–09:30".
   */
  starButton(title: string, named = 'Star “{title}”'): Locator {
    return this.main.getByRole('button', { name: starName(named.replace('{title}', title)) });
  }

  async star(title: string, named?: string): Promise<void> {
    const button = this.starButton(title, named);
    await button.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-pressed') === 'true', await button.elementHandle());
  }

  async openMyAgenda(name = 'My agenda'): Promise<void> {
    await this.main.getByRole('link', { name, exact: true }).click();
    await this.page.waitForURL(/\/my-agenda/);
    await this.page.waitForLoadState('load');
  }
}

export class MyAgendaPage extends SitePage {
  /** Titles of the sessions on the personal agenda. */
  titles(): Promise<string[]> {
    return this.main.locator('li.session-card h3').allInnerTexts();
  }

  /** Waits until the page (after the script's redirect or reload) lists exactly `count` sessions. */
  async waitForCount(count: number): Promise<void> {
    await this.page.waitForFunction((n) => document.querySelectorAll('#my-agenda li.session-card').length === n, count);
  }
}
