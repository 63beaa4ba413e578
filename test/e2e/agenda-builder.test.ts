// The agenda builder in real Chromium: an organiser adds a session that clashes with another in the same room, sees
// the conflict on the agenda page and marked on the grid, moves it through the Move form, and publishes; axe-checked.
// Screenshots of the grid go to screenshots/agenda-grid-<lang>-<width>.png (gitignored) for reviewing the design.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema/index.ts';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SitePage } from './pages/site-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let organiser: TestUser;
let eventId: string;
/** The sub-forum’s day, as the forms take it: "2027-…". */
let day: string;

beforeAll(async () => {
  b = await startBrowserApp();
  await mkdir(OUT_DIR, { recursive: true });
  const [event] = await b.testApp.db.select().from(events).where(eq(events.slug, b.demo['belt-and-road']!.slug));
  eventId = event!.id;
  day = DateTime.fromJSDate(event!.startsAt, { zone: event!.timezone }).toISODate()!;
  organiser = await createUser(b.testApp.db, { name: '刘洋 Liu Yang', totp: true, roles: [[event!.parentId!, 'organiser']] });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

const code = () => {
  const value = totpCode(organiser.totpSecret!, b.testApp.clock.now());
  // Each code is accepted once; the next sign-in needs the next 30-second step.
  b.testApp.clock.advance({ seconds: 30 });
  return value;
};

async function signedIn(locale: string, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<SitePage> {
  const site = new SitePage(await b.newPage({ locale, ...viewport }));
  await new SignInPage(site.page).signIn(organiser, code);
  return site;
}

const submit = (site: SitePage, name: string) => Promise.all([site.page.waitForNavigation(), site.page.getByRole('button', { name }).click()]);

describe('building the agenda', () => {
  it('adds a clashing session, sees the conflict listed and marked, moves it, and publishes', async () => {
    const site = await signedIn('en-GB');
    await site.goto(`/admin/events/${eventId}/agenda/grid`);
    await site.waitForHeading('Agenda builder');
    await expectNoAxeViolations(site.page);
    // The + of the room opens the new-session form with the room chosen.
    await Promise.all([site.page.waitForNavigation(), site.main.getByRole('link', { name: 'Add a session in Multi-function Hall' }).click()]);
    await site.waitForHeading('Add a session');
    expect(await site.page.getByLabel('Room').locator('option:checked').innerText()).toBe('Multi-function Hall · ZGC International Innovation Center (400)');
    await site.page.getByLabel('Title in English').fill('Young innovators showcase');
    await site.page.getByLabel('Title in Chinese').fill('青年创新者展示');
    await site.page.getByLabel('Starts').fill(`${day}T09:15`);
    await site.page.getByLabel('Ends').fill(`${day}T09:45`);
    await submit(site, 'Add the session');
    // Back on the grid of that day, the clash is marked on all three sessions.
    await site.waitForHeading('Agenda builder');
    expect(await site.page.getByRole('status').innerText()).toBe('The session was added.');
    expect(await site.main.getByRole('link', { name: 'Conflict', exact: true }).count()).toBe(3);
    expect(await site.main.getByText('2 conflicts must be fixed before publishing.').isVisible()).toBe(true);
    await Promise.all([site.page.waitForNavigation(), site.main.getByRole('link', { name: 'See the list of conflicts' }).click()]);
    await site.waitForHeading('Agenda');
    const hard = site.main.getByRole('region', { name: /conflicts to fix before publishing/ });
    expect(await hard.getByRole('heading').innerText()).toBe('2 conflicts to fix before publishing');
    expect(await hard.getByRole('listitem').filter({ hasText: 'Two sessions in one room at the same time:' }).count()).toBe(2);
    await expectNoAxeViolations(site.page);

    // Publishing is refused while the clash remains.
    await submit(site, 'Publish the agenda');
    expect(await site.page.getByRole('alert').innerText()).toContain('The agenda cannot be published while 2 conflicts remain.');

    await site.goto(`/admin/events/${eventId}/agenda/grid`);
    await expectNoAxeViolations(site.page);
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      await site.page.setViewportSize(viewport);
      expect(await pageOverflow(site), `page overflow at ${viewport.width}px`).toBe(0);
      await shoot(site, `agenda-grid-conflict-en-${viewport.width}`);
    }

    await Promise.all([site.page.waitForNavigation(), site.main.getByRole('link', { name: 'Move Young innovators showcase' }).click()]);
    await site.waitForHeading('Move a session');
    expect(await site.page.getByLabel('Day').inputValue()).toBe(day);
    expect(await site.page.getByLabel('Starts at').inputValue()).toBe('09:15');
    await expectNoAxeViolations(site.page);
    await site.page.getByLabel('Starts at').fill('11:30');
    await submit(site, 'Move the session');
    await site.waitForHeading('Agenda builder');
    expect(await site.page.getByRole('status').innerText()).toBe('The session was moved.');
    expect(await site.main.getByRole('link', { name: 'Conflict', exact: true }).count()).toBe(0);
    expect(await site.main.getByRole('cell', { name: /Young innovators showcase/ }).innerText()).toContain('11:30–12:00');

    // With the script, a session dragged onto a free slot is sent through the same Move form.
    const errors: string[] = [];
    site.page.on('pageerror', (e) => errors.push(e.message));
    const card = site.page.locator('[data-session]', { has: site.page.getByRole('link', { name: 'Young innovators showcase', exact: true }) });
    await Promise.all([site.page.waitForNavigation(), card.dragTo(site.page.locator(`td[data-starts="${day}T12:30"]`).first())]);
    expect(await site.page.getByRole('status').innerText()).toBe('The session was moved.');
    expect(await site.main.getByRole('cell', { name: /Young innovators showcase/ }).innerText()).toContain('12:30–13:00');
    expect(errors).toEqual([]);

    await site.goto(`/admin/events/${eventId}/agenda`);
    await submit(site, 'Publish the agenda');
    expect(await site.page.getByRole('status').innerText()).toBe('A new version of the agenda is published.');
    expect(await site.main.getByText('Version 2 is published, since').isVisible()).toBe(true);
    await expectNoAxeViolations(site.page);
  });
});

/** How far the page scrolls sideways (0: not at all; the grid scrolls inside its own box). */
async function pageOverflow(site: SitePage): Promise<number> {
  const overflow = await site.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow) {
    const wide = await site.page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 6)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    console.log('wider than the page:', wide);
  }
  return overflow;
}

async function shoot(site: SitePage, name: string): Promise<void> {
  await site.page.evaluate(async () => {
    await document.fonts.ready;
  });
  await site.page.screenshot({ path: `${OUT_DIR}${name}.png`, fullPage: true });
}

describe('the grid in both languages, phone and laptop', () => {
  for (const [locale, lang] of [
    ['en-GB', 'en'],
    ['zh-CN', 'zh-CN'],
  ] as const) {
    it(`${lang}: no axe violations, the page never scrolls sideways at 390 px, screenshots written`, async () => {
      const site = await signedIn(locale, VIEWPORTS.phone);
      for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
        await site.page.setViewportSize(viewport);
        const response = await site.page.goto(`/admin/events/${eventId}/agenda/grid`);
        expect(response?.status()).toBe(200);
        await expectNoAxeViolations(site.page);
        expect(await pageOverflow(site), `page overflow at ${viewport.width}px`).toBe(0);
        await shoot(site, `agenda-grid-${lang}-${viewport.width}`);
        const sessionId = await site.page.locator('.grid-session').first().getAttribute('data-session');
        await site.page.goto(`/admin/events/${eventId}/agenda/${sessionId}/move`);
        await expectNoAxeViolations(site.page);
        await shoot(site, `agenda-move-${lang}-${viewport.width}`);
      }
    });
  }
});

describe('the agenda list', () => {
  it('lines up its day tables: every day’s columns start at the same place', async () => {
    const [conference] = await b.testApp.db.select().from(events).where(eq(events.slug, b.demo.conference!.slug));
    const planner = await createUser(b.testApp.db, { name: 'Zhao Lei', roles: [[conference!.id, 'organiser']] });
    for (const locale of ['en-GB', 'zh-CN']) {
      const page = await b.newPage({ locale, ...VIEWPORTS.desktop });
      await new SignInPage(page).signIn(planner);
      await page.goto(`/admin/events/${conference!.id}/agenda`);
      const starts = await page.locator('table.data-table--agenda').evaluateAll((tables) => tables.map((table) => [...table.querySelectorAll('thead th')].map((th) => Math.round(th.getBoundingClientRect().left))));
      expect(starts, locale).toHaveLength(5);
      expect(new Set(starts.map((columns) => columns.join())).size, `${locale}: ${JSON.stringify(starts)}`).toBe(1);
    }
  });
});
