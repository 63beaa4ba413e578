// Page object for one event’s page: breadcrumb, key facts, sub-forums and venues.
// Example: const event = new EventPage(page); await event.open('zgc-forum-2027'); await event.subForumLinks();
import type { Locator } from 'playwright-core';
import { SitePage } from './site-page.ts';

export class EventPage extends SitePage {
  async open(slug: string): Promise<void> {
    await this.goto(`/events/${slug}`);
  }

  breadcrumb(name: string): Locator {
    return this.page.getByRole('navigation', { name, exact: true });
  }

  section(name: string): Locator {
    return this.main.getByRole('region', { name, exact: true });
  }
}
