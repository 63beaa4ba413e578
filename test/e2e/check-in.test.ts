// Check-in in real Chromium: staff on a 390 px phone name their door, search a participant and check them in with
// one tap; an organiser's counts on a laptop change without a reload; both pages axe-clean. Screenshots of the
// door page at 390 and 1280 px in English and Chinese go to screenshots/check-in-<lang>-<width>.png (gitignored).
// What a card shows and does, offline too: check-in-cards.test.ts.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkIns, events, registrationCategories } from '../../src/db/schema/index.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { findCategoryIds } from '../factories/registrations.ts';
import { createTicketHolder } from '../factories/ticket-holders.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SignedInPages } from './pages/signed-in-pages.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let eventId: string;
let staff: TestUser;
let organiser: TestUser;
/** Amara Okafor's ticket, scanned while the network is down. */
let okaforTicket: string;
/** Lukas Berg's ticket, scanned and confirmed on the phone. */
let bergTicket: string;
/** Ana Silva's and Minho Kim's tickets, read one after the other by a barcode scanner that types. */
let wedgeTickets: string[];
/** A ticket of the Belt and Road sub-forum, shown at the conference's door. */
let otherEventTicket: string;
/** Nora Lind's ticket: checked in, undone, and typed again at once. */
let lindTicket: string;
let pages: SignedInPages;

beforeAll(async () => {
  b = await startBrowserApp();
  await mkdir(OUT_DIR, { recursive: true });
  const [conference] = await b.testApp.db.select({ id: events.id }).from(events).where(eq(events.slug, b.demo.conference!.slug));
  eventId = conference!.id;
  const { GUEST: guestId, MEDIA: mediaId } = await findCategoryIds(b.testApp.db, eventId, ['GUEST', 'MEDIA']);
  await createTicketHolder(b.testApp.db, { eventId, categoryId: guestId, status: 'confirmed', familyName: 'Wang', givenName: 'Fang', nameZh: '王芳', organisation: '清华大学' });
  okaforTicket = (await createTicketHolder(b.testApp.db, { eventId, categoryId: guestId, status: 'confirmed', familyName: 'Okafor', givenName: 'Amara', organisation: 'University of Lagos' })).ticketCode;
  await createTicketHolder(b.testApp.db, { eventId, categoryId: mediaId, status: 'pending', familyName: 'Rossi', givenName: 'Marco', organisation: 'RAI' });
  bergTicket = (await createTicketHolder(b.testApp.db, { eventId, categoryId: guestId, status: 'confirmed', familyName: 'Berg', givenName: 'Lukas', nameZh: '贝格', organisation: 'TU Berlin' })).ticketCode;
  const [forum] = await b.testApp.db.select({ id: events.id }).from(events).where(eq(events.slug, b.demo['belt-and-road']!.slug));
  const [forumGuests] = await b.testApp.db.insert(registrationCategories).values({ eventId: forum!.id, code: 'DOORTEST', name: { en: 'Guest' } }).returning();
  otherEventTicket = (await createTicketHolder(b.testApp.db, { eventId: forum!.id, categoryId: forumGuests!.id, status: 'confirmed', familyName: 'Elsewhere', givenName: 'Eva' })).ticketCode;
  wedgeTickets = [];
  for (const [familyName, givenName] of [['Silva', 'Ana'], ['Kim', 'Minho']] as const) {
    wedgeTickets.push((await createTicketHolder(b.testApp.db, { eventId, categoryId: guestId, status: 'confirmed', familyName, givenName, organisation: 'KAIST' })).ticketCode);
  }
  lindTicket = (await createTicketHolder(b.testApp.db, { eventId, categoryId: guestId, status: 'confirmed', familyName: 'Lind', givenName: 'Nora', organisation: 'Lund University' })).ticketCode;
  staff = await createUser(b.testApp.db, { name: 'Liu Yang', roles: [[eventId, 'checkin']] });
  organiser = await createUser(b.testApp.db, { name: 'Chen Jie', roles: [[eventId, 'organiser']] });
  pages = new SignedInPages(b, staff);
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

describe('checking in at the door', () => {
  it('staff on a phone search a participant and check them in; the organiser’s counts change without reload', async () => {
    // The organiser watches the doors from the event’s page, and from the door page on a laptop.
    const dashboard = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.desktop });
    await new SignInPage(dashboard).signIn(organiser);
    await dashboard.goto(`/admin/events/${eventId}`);
    const panel = dashboard.getByRole('region', { name: 'Checked in so far' });
    const total = panel.locator('[data-count-total="checkedIn"]');
    expect(await total.textContent()).toBe('0');
    await expectNoAxeViolations(dashboard);
    const desk = await (await b.newContext({ locale: 'en-GB', ...VIEWPORTS.desktop })).newPage();
    await new SignInPage(desk).signIn(organiser);
    await desk.goto(`/admin/events/${eventId}/check-in`);
    const deskTotal = desk.locator('[data-count-total="checkedIn"]');
    expect(await deskTotal.textContent()).toBe('0');

    const phone = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.phone });
    await new SignInPage(phone).signIn(staff);
    await phone.goto(`/admin/events/${eventId}/check-in`);
    await phone.getByLabel('Door or desk').fill('North entrance');
    await phone.getByRole('button', { name: 'Use these settings' }).click();
    await phone.getByText('Door: North entrance').first().waitFor();
    await phone.getByLabel('Name, e-mail or ticket code').fill('wang');
    await phone.getByRole('button', { name: 'Find', exact: true }).click();
    const card = phone.getByRole('article', { name: 'Fang Wang' });
    await card.waitFor();
    expect(await card.textContent()).toContain('清华大学');
    await expectNoAxeViolations(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await card.getByRole('button', { name: 'Check in' }).click();
    // The card becomes the notice of her admission, in its place, and takes the focus (the button went with the card).
    const notice = phone.locator('.notice--success', { hasText: 'Fang Wang' });
    await notice.waitFor();
    expect(await notice.locator('.notice__title').textContent()).toBe('Checked in');
    expect(await notice.textContent()).toContain('North entrance');
    expect(await notice.evaluate((node) => node === document.activeElement)).toBe(true);
    await expectNoAxeViolations(phone);

    // Both poll their counts: no reload.
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe('1');
    expect(await panel.locator('[data-count="checkedIn"]').first().textContent()).toBe('1');
    await dashboard.screenshot({ path: `${OUT_DIR}admin-event-door-counts-en-1280.png`, fullPage: true });
    await expect.poll(() => deskTotal.textContent(), { timeout: 15_000 }).toBe('1');
  });

  it('a scanned ticket shows its card; once confirmed, the notice says whom the door let in', async () => {
    const phone = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.phone });
    await new SignInPage(phone).signIn(staff);
    await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('South gate')}`);
    await phone.getByLabel('Ticket code (typed, or from a barcode scanner)').fill(bergTicket);
    await phone.keyboard.press('Enter');
    const card = phone.locator('article.ticket-card', { hasText: 'Lukas Berg' });
    expect(await card.textContent()).toContain('TU Berlin');
    await card.getByRole('button', { name: 'Check in' }).click();
    const notice = phone.locator('.notice--success');
    await notice.getByText('Lukas Berg 贝格').waitFor();
    expect(await notice.textContent()).toContain('South gate');
    // Said once: in the notice's title, not again in the status line above it.
    expect(await notice.locator('.notice__title').textContent()).toBe('Checked in');
    expect(await phone.locator('[data-status]').textContent()).toBe('');
    expect(await phone.locator('.notice__person span').getAttribute('lang')).toBe('zh-CN');
    await expectNoAxeViolations(phone);
  });

  it('a barcode scanner that types reads one ticket after another: each opens its card, and its Enter admits nobody', async () => {
    const phone = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.phone });
    await new SignInPage(phone).signIn(staff);
    await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('Scanner desk')}`);
    const field = phone.getByLabel('Ticket code (typed, or from a barcode scanner)');
    await field.focus();
    // The scanner types the code and Enter, as fast as it can.
    await phone.keyboard.type(`${wedgeTickets[0]}\n`, { delay: 5 });
    await phone.locator('article.ticket-card', { hasText: 'Ana Silva' }).waitFor();
    expect(await field.evaluate((input) => input === document.activeElement)).toBe(true);
    await phone.keyboard.type(`${wedgeTickets[1]}\n`, { delay: 5 });
    await phone.locator('article.ticket-card', { hasText: 'Minho Kim' }).waitFor();
    expect(await phone.locator('article.ticket-card', { hasText: 'Ana Silva' }).count()).toBe(0);
    // Even with the focus on the button (a camera scan puts it there), the next code goes to the field.
    await phone.getByRole('button', { name: 'Check in' }).focus();
    await phone.keyboard.type(`${wedgeTickets[0]}\n`, { delay: 5 });
    await phone.locator('article.ticket-card', { hasText: 'Ana Silva' }).waitFor();
    const admitted = await b.testApp.db.select().from(checkIns).where(eq(checkIns.eventId, eventId));
    expect(admitted.filter((row) => row.door === 'Scanner desk')).toEqual([]);
    // Another event’s ticket: the card says so in its heading, and its warning starts with "Warning:" for screen readers.
    await phone.keyboard.type(`${otherEventTicket}\n`, { delay: 5 });
    const other = phone.locator('article.ticket-card', { hasText: 'another event' });
    await other.waitFor();
    expect(await other.getByRole('heading').textContent()).toBe('Ticket for another event');
    expect(await other.locator('li[data-warning="other-event"]').textContent()).toMatch(/^Warning: This ticket is for another event: /);
  });

  it('the same code typed again at once after an Undo opens its card again: only the camera leaves out repeats', async () => {
    const phone = await pages.open(VIEWPORTS.phone);
    await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('Repeat desk')}`);
    const field = phone.getByLabel('Ticket code (typed, or from a barcode scanner)');
    const card = phone.locator('article.ticket-card', { hasText: 'Nora Lind' });
    await field.fill(lindTicket);
    await phone.keyboard.press('Enter');
    await card.getByRole('button', { name: 'Check in' }).click();
    await phone.locator('.notice--success').getByRole('button', { name: 'Undo' }).click();
    await phone.getByText('Check-in undone.').waitFor();
    // Within the 4 seconds the camera's guard would leave the code out.
    await field.fill(lindTicket);
    await phone.keyboard.press('Enter');
    await card.getByRole('button', { name: 'Check in' }).waitFor({ timeout: 3000 });
    // A barcode scanner that types sends it once more, within the camera's repeat guard too: its card again, fresh.
    await card.evaluate((node) => node.setAttribute('data-seen', ''));
    await field.focus();
    await phone.keyboard.type(`${lindTicket}\n`, { delay: 5 });
    await phone.locator('article.ticket-card:not([data-seen])', { hasText: 'Nora Lind' }).waitFor({ timeout: 3000 });
    expect(await b.testApp.db.select({ undoneAt: checkIns.undoneAt }).from(checkIns).where(eq(checkIns.door, 'Repeat desk'))).toEqual([{ undoneAt: expect.any(Date) }]);
  });

  it('keeps a scan made while the network is down and sends it, once, when it is back', async () => {
    // A phone set to Berlin time: the door still says times in the event's zone (Beijing time).
    const phone = await pages.open({ ...VIEWPORTS.phone, timezoneId: 'Europe/Berlin' });
    await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('East hall')}`);
    await phone.context().setOffline(true);
    // A barcode scanner types the code and Enter into the code field.
    await phone.getByLabel('Ticket code (typed, or from a barcode scanner)').fill(okaforTicket.toLowerCase());
    await phone.keyboard.press('Enter');
    await phone.getByText('No connection: the scan is kept on this device and sent when the network is back.').waitFor();
    await phone.getByText('Scans waiting to be sent: 1').waitFor();
    expect(await b.testApp.db.select().from(checkIns).where(eq(checkIns.door, 'East hall'))).toEqual([]);
    // The counts say they are stale instead of standing still silently, and say it no more once they refresh.
    const stale = phone.locator('[data-counts-stale]');
    await expect.poll(() => stale.isVisible(), { timeout: 20_000 }).toBe(true);
    const staleText = (await stale.textContent())!;
    expect(staleText).toMatch(/^The counts cannot be refreshed right now \(no connection\?\): these are from \d\d:\d\d \(Beijing time\)\.$/);
    const beijing = (at: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    expect([beijing(Date.now()), beijing(Date.now() - 60_000)]).toContain(/(\d\d:\d\d)/.exec(staleText)![1]);
    await expectNoAxeViolations(phone);
    await phone.context().setOffline(false);
    await expect.poll(() => stale.isHidden(), { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await b.testApp.db.select().from(checkIns).where(eq(checkIns.door, 'East hall'))).length, { timeout: 20_000 }).toBe(1);
    const [row] = await b.testApp.db.select().from(checkIns).where(eq(checkIns.door, 'East hall'));
    expect(row!.clientId).toMatch(/^[0-9a-f-]{36}$/);
    // The queue is empty and nothing was refused: the box is hidden again, and the line no longer says no connection.
    await expect.poll(() => phone.locator('[data-queue]').isHidden(), { timeout: 20_000 }).toBe(true);
    expect(await phone.locator('[data-status]').textContent()).toBe('Connection back: every scan kept on this device has been sent.');

    // Offline again, a ticket already used (Lukas Berg came in at the South gate): sent later, it is refused, listed,
    // and the list can be cleared.
    await phone.context().setOffline(true);
    await phone.getByLabel('Ticket code (typed, or from a barcode scanner)').fill(bergTicket);
    await phone.keyboard.press('Enter');
    await phone.getByText('Scans waiting to be sent: 1').waitFor();
    await phone.context().setOffline(false);
    const refused = phone.locator('[data-conflicts] li');
    await expect.poll(() => refused.count(), { timeout: 20_000 }).toBe(1);
    expect(await refused.first().textContent()).toMatch(/^Lukas Berg: Already checked in at .*South gate/);
    await phone.getByRole('button', { name: 'Clear this list' }).click();
    expect(await phone.locator('[data-queue]').isHidden()).toBe(true);
    // The focus goes back to the ticket field, not lost with the button.
    expect(await phone.evaluate(() => document.activeElement?.id)).toBe('check-in-code');
    expect(await phone.evaluate(() => Object.entries(localStorage).filter(([key, value]) => key.startsWith('fd-check-in-conflicts:') && value !== '[]'))).toEqual([]);
  });

  it('says a sign-in that ended, and keeps nothing, instead of taking it for a network down; a long QR code is an unknown ticket', async () => {
    const phone = await b.newPage({ locale: 'en-GB', ...VIEWPORTS.phone });
    await new SignInPage(phone).signIn(staff);
    await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('West hall')}`);
    const field = phone.getByLabel('Ticket code (typed, or from a barcode scanner)');
    // A QR code that is no ticket at all, longer than any ticket: the card says so.
    await field.fill(`https://example.org/${'x'.repeat(400)}`);
    await phone.keyboard.press('Enter');
    const unknown = phone.locator('article.ticket-card', { hasText: 'Unknown ticket' });
    await unknown.waitFor();
    // The field is cleared for the next scan; the card says what was read (as ticket codes are, in capitals), cut short.
    expect(await unknown.locator('.ticket-card__meta').textContent()).toBe(`Code read: ${`HTTPS://EXAMPLE.ORG/${'X'.repeat(400)}`.slice(0, 40)}…`);
    // The session ends (signed out elsewhere, expired): the next scan says so and is not kept as an admission.
    await phone.context().clearCookies();
    await field.fill(okaforTicket);
    await phone.keyboard.press('Enter');
    await phone.getByText('Not sent: your sign-in has ended, or this account may not check people in here. Sign in again, then scan again.').waitFor();
    expect(await phone.locator('[data-queue]').isHidden()).toBe(true);
    expect(await phone.evaluate(() => Object.entries(localStorage).filter(([key, value]) => key.startsWith('fd-check-in-queue:') && value !== '[]'))).toEqual([]);
    expect(await b.testApp.db.select().from(checkIns).where(eq(checkIns.door, 'West hall'))).toEqual([]);
  });

  it('shows the door page at phone and laptop width in English and Chinese', async () => {
    for (const [locale, lang] of [['en-GB', 'en'], ['zh-CN', 'zh-CN']] as const) {
      // One sign-in per language (sign-ins are rate-limited per address), both widths in it.
      const page = await b.newPage({ locale, ...VIEWPORTS.phone });
      await new SignInPage(page).signIn(staff);
      for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
        await page.setViewportSize(viewport);
        const res = await page.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent(lang === 'en' ? 'North entrance' : '北门')}&q=o`);
        expect(res?.status()).toBe(200);
        // The door page itself, not the sign-in page it would send a signed-out browser to.
        expect(new URL(page.url()).pathname).toBe(`/admin/events/${eventId}/check-in`);
        await page.evaluate(async () => {
          await document.fonts.ready;
        });
        await page.screenshot({ path: `${OUT_DIR}check-in-${lang}-${viewport.width}.png`, fullPage: true });
        await expectNoAxeViolations(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        // A door name of 60 characters with no space, and a long code typed into the search, wrap too.
        const door = 'Registration-desk-at-the-north-entrance-of-Hall-B-by-lift-30';
        await page.goto(`/admin/events/${eventId}/check-in?door=${door}&q=${'X'.repeat(60)}`);
        expect(await page.locator('.check-in__setup summary').textContent()).toContain(door);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `long door name at ${viewport.width}px`).toBeLessThanOrEqual(viewport.width);
      }
      await page.context().close();
    }
  });
});
