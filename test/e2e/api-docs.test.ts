// The API documentation in real Chromium: Swagger UI renders the OpenAPI document under the site's CSP (loosened for
// its own pages only) without a console error or a blocked resource, and an operation opens to show its answers.
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from '../helpers/browser.ts';

let b: BrowserApp;
const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

beforeAll(async () => {
  b = await startBrowserApp({ seed: false });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

describe('/api/docs', () => {
  it('renders every operation without console errors or CSP violations', async () => {
    const page = await b.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP blocked ${e.violatedDirective}: ${e.blockedURI}`));
    });

    await page.goto('/api/docs');
    await expect.poll(() => page.getByRole('heading', { name: /Forum Desk API/ }).count(), { timeout: 20_000 }).toBe(1);
    const operations = page.getByRole('button', { name: /^GET \/api\// });
    await expect.poll(() => operations.count()).toBeGreaterThanOrEqual(7);
    await page.getByRole('button', { name: /^GET \/api\/events\/\{slug\}\/sessions\/\{id\}/ }).first().click();
    await expect.poll(() => page.getByRole('heading', { name: 'Responses' }).count()).toBe(1);
    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: `${OUT_DIR}api-docs-en-1280.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
