// Page object for the speaker portal in Chinese: asking for the sign-in link, the link's confirmation, the speaker's
// sessions and the profile form with the photo upload, through labels and roles as a speaker would use them.
// Example: const portal = new SpeakerPortalPage(page); await portal.askForLink('amina@example.org'); await portal.openLink(path)
import type { Locator, Page } from 'playwright-core';
import { SitePage } from './site-page.ts';

export class SpeakerPortalPage extends SitePage {
  constructor(page: Page) {
    super(page);
  }

  async askForLink(email: string): Promise<void> {
    await this.page.getByLabel('电子邮箱').fill(email);
    await this.page.getByRole('button', { name: '发送登录链接' }).click();
    await this.waitForHeading('请查收邮件');
  }

  /** Opens the mailed link and presses the button: the portal's sessions page follows. */
  async openLink(path: string): Promise<void> {
    await this.page.goto(path);
    await this.page.getByRole('button', { name: '登录', exact: true }).click();
    await this.waitForHeading('我的场次');
  }

  async openProfile(): Promise<void> {
    await this.page.getByRole('navigation', { name: '演讲嘉宾平台页面' }).getByRole('link', { name: '我的资料' }).click();
    await this.waitForHeading('我的资料');
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async saveProfile(): Promise<void> {
    await this.page.getByRole('button', { name: '保存资料' }).click();
    await this.page.getByRole('status').filter({ hasText: '个人资料已保存。' }).waitFor();
  }

  async uploadPhoto(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.field('照片文件').setInputFiles(file);
    await this.page.getByRole('button', { name: '上传照片' }).click();
    await this.page.getByRole('status').filter({ hasText: '照片已保存。' }).waitFor();
  }

  get photo(): Locator {
    return this.page.getByRole('img', { name: '您当前的照片' });
  }
}
