// Full-page screenshots of the public pages in both languages at phone and laptop width, for reviewing the design.
// Written to screenshots/<page>-<lang>-<width>.png (gitignored); the run fails only if a page does not render.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;

beforeAll(async () => {
  b = await startBrowserApp();
  await mkdir(OUT_DIR, { recursive: true });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

const pages = [
  { name: 'home', status: 200, path: () => '/' },
  // A forum with a sub-forum and a venue with several rooms.
  { name: 'event', status: 200, path: () => `/events/${b.demo.zgc!.slug}` },
  { name: 'sub-forum', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}` },
  { name: 'agenda', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}/agenda` },
  // The five-day demo conference: strands with colours, visits, parallel sessions, interpretation.
  { name: 'conference-agenda', status: 200, path: () => `/events/${b.demo.conference!.slug}/agenda` },
  { name: 'conference-agenda-by-track', status: 200, path: () => `/events/${b.demo.conference!.slug}/agenda?view=track` },
  { name: 'not-found', status: 404, path: () => '/events/no-such-event' },
];

describe('screenshots', () => {
  for (const { name, status, path } of pages) {
    for (const lang of ['en', 'zh-CN']) {
      for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
        it(`${name}, ${lang}, ${viewport.width}px`, async () => {
          const page = await b.newPage({ locale: lang === 'en' ? 'en-GB' : 'zh-CN', ...viewport });
          const response = await page.goto(path());
          expect(response?.status()).toBe(status);
          await page.evaluate(async () => {
            await document.fonts.ready;
          });
          await page.screenshot({ path: `${OUT_DIR}${name}-${lang}-${viewport.width}.png`, fullPage: true });
          await expectNoAxeViolations(page);
        });
      }
    }
  }
});
