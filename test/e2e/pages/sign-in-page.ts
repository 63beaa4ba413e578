// Page object for signing in through the real forms: password, then the authenticator code when one is set up.
// Works in either language: it reads <html lang> and uses that language's labels.
// Example: await new SignInPage(page).signIn(user, () => totpCode(user.totpSecret!, clock.now()));
import type { Page } from 'playwright-core';

const LABELS = {
  en: { email: 'E-mail address', password: 'Password', signIn: 'Sign in', code: 'Code', continue: 'Continue' },
  'zh-CN': { email: '电子邮箱', password: '密码', signIn: '登录', code: '验证码', continue: '继续' },
} as const;

export class SignInPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async labels() {
    const lang = await this.page.evaluate(() => document.documentElement.lang);
    return LABELS[lang === 'zh-CN' ? 'zh-CN' : 'en'];
  }

  async open(next?: string): Promise<void> {
    await this.page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  }

  /** Fills e-mail and password and submits; waits for whatever page comes next. */
  async submitPassword(email: string, password: string): Promise<void> {
    const l = await this.labels();
    await this.page.getByLabel(l.email).fill(email);
    await this.page.getByLabel(l.password).fill(password);
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('main').getByRole('button', { name: l.signIn, exact: true }).click()]);
  }

  /** Enters an authenticator or recovery code on the second step. */
  async submitCode(code: string): Promise<void> {
    const l = await this.labels();
    await this.page.getByLabel(l.code).fill(code);
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('button', { name: l.continue }).click()]);
  }

  /** The whole sign-in, from the form to the first page after it. */
  async signIn(user: { email: string; password: string; totpSecret: string | null }, code?: () => string): Promise<void> {
    await this.open();
    await this.submitPassword(user.email, user.password);
    if (new URL(this.page.url()).pathname === '/sign-in/two-factor') {
      if (!code) throw new Error('the account asks for a code, and none was given');
      await this.submitCode(code());
    }
  }
}
