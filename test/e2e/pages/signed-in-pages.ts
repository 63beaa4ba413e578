// Pages signed in as one user: the first page in each language signs in through the real form, later ones start
// with its session cookie (sign-ins are rate-limited per address, and a file of browser tests opens many pages).
// Example: const pages = new SignedInPages(b, staff); const phone = await pages.open({ locale: 'zh-CN', ...VIEWPORTS.phone });
import type { Cookie, Page } from 'playwright-core';
import type { BrowserApp, PageOptions } from '../../helpers/browser.ts';
import type { TestUser } from '../../factories/users.ts';
import { SignInPage } from './sign-in-page.ts';

export class SignedInPages {
  readonly app: BrowserApp;
  readonly user: TestUser;
  readonly #cookies = new Map<string, Cookie[]>();

  constructor(app: BrowserApp, user: TestUser) {
    this.app = app;
    this.user = user;
  }

  /** A page in a fresh context (closed by the app's closeContexts), signed in. */
  async open(options: PageOptions = {}): Promise<Page> {
    const locale = options.locale ?? 'en-GB';
    const context = await this.app.newContext(options);
    const page = await context.newPage();
    const cookies = this.#cookies.get(locale);
    if (cookies) {
      await context.addCookies(cookies);
      return page;
    }
    await new SignInPage(page).signIn(this.user);
    this.#cookies.set(locale, await context.cookies());
    return page;
  }
}
