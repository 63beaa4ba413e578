// A door's cards in real Chromium, on a 390 px phone: a search card's Check in while the network is down keeps the
// door page and the admission (sent when the network is back), and the search and Undo say they need the network; a
// ticket already used says "do not admit again", with Undo small and only at the door that admitted it, soon after.
// Each card state is photographed in English and Chinese to screenshots/check-in-card-<state>-<lang>-390.png
// (gitignored).
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkIns, events } from '../../src/db/schema/index.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { findCategoryIds } from '../factories/registrations.ts';
import { createTicketHolder } from '../factories/ticket-holders.ts';
import { createUser } from '../factories/users.ts';
import { SignedInPages } from './pages/signed-in-pages.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let eventId: string;
let pages: SignedInPages;
/** Astrid Nyberg and Oskar Dahl (Chalmers), checked in from their search cards while the network is down. */
let nybergId: string;
let dahlId: string;
/** Per language: a confirmed person whose card goes through every state. */
const cardPeople: Record<'en' | 'zh-CN', { name: string; id: string; ticket: string }> = {} as never;
/** Marco Rossi's ticket: awaiting approval. */
let pendingTicket: string;

beforeAll(async () => {
  b = await startBrowserApp();
  await mkdir(OUT_DIR, { recursive: true });
  const [conference] = await b.testApp.db.select({ id: events.id }).from(events).where(eq(events.slug, b.demo.conference!.slug));
  eventId = conference!.id;
  const { GUEST: guestId, MEDIA: mediaId } = await findCategoryIds(b.testApp.db, eventId, ['GUEST', 'MEDIA']);
  const holder = (familyName: string, givenName: string, organisation: string, nameZh?: string) =>
    createTicketHolder(b.testApp.db, { eventId, categoryId: guestId, status: 'confirmed', familyName, givenName, organisation, ...(nameZh ? { nameZh } : {}) });
  nybergId = (await holder('Nyberg', 'Astrid', 'Chalmers University of Technology')).id;
  dahlId = (await holder('Dahl', 'Oskar', 'Chalmers University of Technology')).id;
  const moreau = await holder('Moreau', 'Claire', 'Université Paris-Saclay');
  const tang = await holder('Tang', 'Yue', '浙江大学', '唐悦');
  cardPeople.en = { name: 'Claire Moreau', id: moreau.id, ticket: moreau.ticketCode };
  cardPeople['zh-CN'] = { name: 'Yue Tang', id: tang.id, ticket: tang.ticketCode };
  pendingTicket = (await createTicketHolder(b.testApp.db, { eventId, categoryId: mediaId, status: 'pending', familyName: 'Rossi', givenName: 'Marco', organisation: 'RAI' })).ticketCode;
  pages = new SignedInPages(b, await createUser(b.testApp.db, { name: 'Liu Yang', roles: [[eventId, 'checkin']] }));
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

describe('a door’s cards', () => {
  it('offline, Check in on a search card keeps the door page and the admission, sent when the network is back; the search and Undo say they need the network', async () => {
    const phone = await pages.open({ locale: 'zh-CN', ...VIEWPORTS.phone });
    await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('西门')}&q=Chalmers`);
    const nyberg = phone.getByRole('article', { name: 'Astrid Nyberg' });
    const dahl = phone.getByRole('article', { name: 'Oskar Dahl' });
    await nyberg.waitFor();
    const doorPage = phone.url();
    await phone.context().setOffline(true);
    await nyberg.getByRole('button', { name: '确认签到' }).click();
    // The card becomes "not sent yet", on the door page still; the admission waits on this device.
    const kept = phone.locator('.notice--warning', { hasText: 'Astrid Nyberg' });
    await kept.waitFor();
    expect(await kept.locator('p:not(.notice__title)').textContent()).toBe('尚未发送：已保存在本设备，网络恢复后自动发送。');
    await phone.getByText('待发送的扫码记录：1').waitFor();
    expect(phone.url()).toBe(doorPage);
    // Oskar Dahl too; meanwhile the east gate, still online, lets her in.
    await dahl.getByRole('button', { name: '确认签到' }).click();
    await phone.getByText('待发送的扫码记录：2').waitFor();
    await b.testApp.db.insert(checkIns).values({ eventId, registrationId: dahlId, door: '东门', checkedInAt: b.testApp.clock.now() });
    // The search needs the server: it says so, and the page stays, its scanner and queue with it.
    await phone.getByLabel('姓名、电子邮箱或票号').fill('Nyberg');
    await phone.getByRole('button', { name: '查找', exact: true }).click();
    await phone.getByText('搜索需要网络，目前网络不可用。请改为扫码或在上方输入票号：这些签到会保存在本设备，网络恢复后自动发送。').waitFor();
    expect(phone.url()).toBe(doorPage);
    await expectNoAxeViolations(phone);
    expect(await b.testApp.db.select().from(checkIns).where(eq(checkIns.door, '西门'))).toEqual([]);
    await phone.screenshot({ path: `${OUT_DIR}check-in-card-queued-zh-CN-390.png`, fullPage: true });

    await phone.context().setOffline(false);
    // His card now says he is in; hers, sent later, says she already was, at the east gate, and the list says why.
    const done = phone.locator('.notice--success', { hasText: 'Astrid Nyberg' });
    await done.waitFor({ timeout: 20_000 });
    expect(await done.locator('.notice__title').textContent()).toBe('已签到');
    const rows = await b.testApp.db.select().from(checkIns).where(eq(checkIns.door, '西门'));
    expect(rows.map((r) => r.registrationId)).toEqual([nybergId]);
    const refused = phone.getByRole('article', { name: 'Oskar Dahl' });
    expect(await refused.locator('.ticket-card__stop').textContent()).toBe('已签到，请勿重复放行');
    expect(await refused.getByRole('button').count()).toBe(0);
    const conflict = (await phone.locator('[data-conflicts] li').first().textContent())!;
    expect(conflict).toMatch(/^Oskar Dahl：已于\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间）在东门签到。$/);
    expect(await phone.locator('[data-status]').textContent()).toBe('网络已恢复：本设备保存的扫码记录已全部发送。');
    await phone.getByRole('button', { name: '清空此列表' }).click();
    // An undo is not kept for later: offline, it says it needs the network, in place, and the admission stands.
    await phone.context().setOffline(true);
    await done.getByRole('button', { name: '撤销' }).click();
    await done.getByRole('alert').filter({ hasText: '网络中断：撤销签到需要网络，请在网络恢复后重试。' }).waitFor();
    expect(phone.url()).toBe(doorPage);
    expect((await b.testApp.db.select().from(checkIns).where(eq(checkIns.door, '西门'))).map((r) => r.undoneAt)).toEqual([null]);
    await phone.context().setOffline(false);
    // Online again, the search is the plain form it always was.
    await phone.getByRole('button', { name: '查找', exact: true }).click();
    await phone.waitForURL(/q=Nyberg/);
    await phone.getByRole('article', { name: 'Astrid Nyberg' }).waitFor();
  });

  it('shows each state of a card at 390 px in English and Chinese: a ticket already used says "do not admit again", and Undo is small and only at its own door', async () => {
    const words = {
      en: { code: 'Ticket code (typed, or from a barcode scanner)', confirm: 'Check in', stop: 'Already checked in — do not admit again', undo: 'Undo this check-in', admitted: 'Checked in', undone: 'Check-in undone.' },
      'zh-CN': { code: '票号（手动输入或使用扫码枪）', confirm: '确认签到', stop: '已签到，请勿重复放行', undo: '撤销此次签到', admitted: '已签到', undone: '签到已撤销。' },
    } as const;
    for (const [locale, lang] of [['en-GB', 'en'], ['zh-CN', 'zh-CN']] as const) {
      const w = words[lang];
      const person = cardPeople[lang];
      const phone = await pages.open({ locale, ...VIEWPORTS.phone });
      const shoot = async (state: string) => {
        await phone.evaluate(async () => { await document.fonts.ready; });
        await phone.locator('[data-scanner]').screenshot({ path: `${OUT_DIR}check-in-card-${state}-${lang}-390.png` });
      };
      const type = async (ticket: string) => {
        await phone.getByLabel(w.code).fill(ticket);
        await phone.keyboard.press('Enter');
      };
      const card = phone.getByRole('article', { name: person.name });
      await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('East gate')}`);
      await type(person.ticket);
      await card.getByRole('button', { name: w.confirm }).waitFor();
      await shoot('ok');
      await card.getByRole('button', { name: w.confirm }).click();
      await phone.locator('.notice--success .notice__title').filter({ hasText: w.admitted }).waitFor();
      await shoot('admitted');
      // The same ticket again at this door, at once: do not admit, and Undo as a small link after everything else.
      await type(person.ticket);
      await card.locator('.ticket-card__stop').waitFor();
      expect(await card.locator('h3').first().textContent()).toBe(w.stop);
      expect(await card.getByRole('button').count()).toBe(1);
      expect(await card.getByRole('button', { name: w.undo }).getAttribute('class')).toBe('link-button');
      await expectNoAxeViolations(phone);
      await shoot('repeat-here');
      // At a second door: the same heading, when and where, and no button at all.
      await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('West gate')}`);
      await type(person.ticket);
      await card.locator('.ticket-card__stop').waitFor();
      expect(await card.locator('h3').first().textContent()).toBe(w.stop);
      expect(await card.locator('.ticket-card__when').textContent()).toContain('East gate');
      expect(await card.getByRole('button').count()).toBe(0);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
      await shoot('repeat-elsewhere');
      // Marco Rossi is awaiting approval: a warning, no button.
      await type(pendingTicket);
      await phone.locator('li[data-warning="pending"]').waitFor();
      await shoot('pending');
      // Back at the east gate, its own admission is undone from the card.
      await phone.goto(`/admin/events/${eventId}/check-in?door=${encodeURIComponent('East gate')}`);
      await type(person.ticket);
      await card.getByRole('button', { name: w.undo }).click();
      await phone.locator('.notice .notice__title').filter({ hasText: w.undone }).waitFor();
      await shoot('undone');
      expect(await b.testApp.db.select({ undoneAt: checkIns.undoneAt }).from(checkIns).where(eq(checkIns.registrationId, person.id))).toEqual([{ undoneAt: expect.any(Date) }]);
      await phone.context().close();
    }
  });
});
