// The participant export in a real browser, without JavaScript of its own: from the filtered list to the export page
// (both languages, phone and laptop width, axe clean), then ticking columns and downloading the workbook the browser
// saves. Screenshots to screenshots/participant-export-*.
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationSettings } from '../../src/db/schema/index.ts';
import { submitRegistration } from '../../src/features/registration/service.ts';
import { createEvent, wallTime } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { signedInBrowserCookies, type BrowserCookies } from '../helpers/sign-in.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let listPath: string;
let organiserCookies: BrowserCookies;

beforeAll(async () => {
  b = await startBrowserApp({ seed: false });
  const t = b.testApp;
  t.clock.set('2027-03-01T02:00:00Z');
  await mkdir(OUT_DIR, { recursive: true });
  const event = await createEvent(t.db, { slug: 'pujiang-forum-2027', title: { en: 'Pujiang Innovation Forum 2027', 'zh-CN': '2027浦江创新论坛' }, startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-21 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00') });
  const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' } }).returning();
  for (const [i, [familyName, givenName, nameZh, email, country]] of [
    ['Zhang', 'Wei', '张伟', 'zhang.wei@fudan.example.cn', 'CN'],
    ['Rossi', 'Giulia', null, 'giulia.rossi@polimi.example.it', 'IT'],
  ].entries()) {
    await submitRegistration(
      { db: t.db, clock: t.clock, mail: t.app.mail },
      event,
      { categoryId: category!.id, email: email!, familyName: familyName!, givenName: givenName!, nameZh: nameZh ?? null, organisation: 'Fudan University', jobTitle: null, country: country!, mobile: '+8613800138000', dietary: null, interpretationNeeds: null, residence: 'mainland', idType: null, idNumber: null, nationality: null, answers: {}, sessionIds: [], locale: 'en' },
      { actor: { actorId: null, requestId: null }, formToken: `export-e2e-form-token-${String(i).padStart(6, '0')}`, consentVersion: '2026-11' },
    );
  }
  listPath = `/admin/events/${event.id}/registrations?country=CN`;
  const organiser = await createUser(t.db, { roles: [[event.id, 'organiser']] });
  organiserCookies = await signedInBrowserCookies(t, organiser, b.baseUrl);
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

describe('the export page', () => {
  for (const lang of ['en', 'zh-CN']) {
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      it(`${lang} at ${viewport.width}px: reached from the filtered list, axe clean`, async () => {
        const context = await b.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN', ...viewport });
        await context.addCookies(organiserCookies);
        const page = await context.newPage();
        expect((await page.goto(listPath))?.status()).toBe(200);
        await page.getByRole('link', { name: lang === 'en' ? 'Export this list (CSV or Excel)' : '导出此名单（CSV 或 Excel）' }).click();
        await page.getByRole('heading', { level: 1, name: lang === 'en' ? 'Export participants' : '导出参会者' }).waitFor();
        expect(new URL(page.url()).searchParams.get('country')).toBe('CN');
        await page.screenshot({ path: `${OUT_DIR}participant-export-${lang}-${viewport.width}.png`, fullPage: true });
        await expectNoAxeViolations(page);
        // Nothing wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      });
    }
  }

  it('downloads the chosen columns of the filtered list as a workbook', async () => {
    const context = await b.newContext({ ...VIEWPORTS.phone, locale: 'en-GB' });
    await context.addCookies(organiserCookies);
    const page = await context.newPage();
    await page.goto(listPath);
    await page.getByRole('link', { name: 'Export this list (CSV or Excel)' }).click();
    for (const label of ['Given name', 'Organisation', 'Job title', 'Country or region (code)', 'Mobile', 'Category', 'Status']) await page.getByRole('checkbox', { name: label, exact: true }).uncheck();
    await page.getByRole('radio', { name: 'Excel workbook (.xlsx)' }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('pujiang-forum-2027-participants-2027-03-01.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ['Family name', 'Name in Chinese', 'E-mail', 'Registered (Beijing time)'],
      ['Zhang', '张伟', 'zhang.wei@fudan.example.cn', new Date('2027-03-01T10:00:00Z')],
    ]);
  });
});
