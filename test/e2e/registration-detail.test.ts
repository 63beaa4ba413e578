// The organiser's page of one registration in a real browser, both languages, phone and laptop width: a person with
// a category, two booked sessions (one checked in to), dietary and interpretation needs, answers, a check-in at a named
// door and a change they made themselves, as the help desk sees it, and the organiser's pages to correct the details and
// to cancel. Screenshots to screenshots/registration-{detail,edit,cancel}-*; nothing wider than the screen; axe clean.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrations } from '../../src/db/schema/index.ts';
import { checkIn } from '../../src/features/check-in/service.ts';
import { updateDetails } from '../../src/features/registration/manage.ts';
import { submitRegistration } from '../../src/features/registration/service.ts';
import { createConferenceRegistration } from '../factories/conference-registration.ts';
import { createUser } from '../factories/users.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { signedInBrowserCookies, type BrowserCookies } from '../helpers/sign-in.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let detailPath: string;
let cookies: BrowserCookies;

beforeAll(async () => {
  b = await startBrowserApp({ seed: false });
  const t = b.testApp;
  t.clock.set('2027-03-01T02:00:00Z');
  await mkdir(OUT_DIR, { recursive: true });
  const { event, category: guest, sessions: { visit, workshop }, questions: { heard, dinner, notes } } = await createConferenceRegistration(t.db);
  const participant = { actorId: null, requestId: '0193a0b2-7c1d-7e3f-8a4b-5c6d7e8f9a0b' };
  await submitRegistration(
    { db: t.db, clock: t.clock, mail: t.app.mail },
    event,
    {
      categoryId: guest.id, email: 'amara.okafor@lagos-innovation.example.ng', familyName: 'Okafor', givenName: 'Amara', nameZh: null, organisation: 'Lagos Innovation Hub', jobTitle: 'Director of International Partnerships',
      country: 'NG', mobile: '+2348031234567', dietary: 'other: No nuts, please; a vegetarian meal at the gala dinner', interpretationNeeds: 'en-to-zh', residence: 'other', idType: null, idNumber: null, nationality: 'NG',
      answers: { [heard.id]: 'embassy', [dinner.id]: 'yes', [notes.id]: 'Arriving from Shanghai Pudong on the 19th.\nWill bring two colleagues to the visit if seats are left.' }, sessionIds: [visit.id, workshop.id], locale: 'en',
    },
    { actor: participant, formToken: 'registration-detail-e2e-token-0001', consentVersion: '2026-11' },
  );
  const [row] = await t.db.select().from(registrations);
  await updateDetails({ db: t.db, clock: t.clock, mail: t.app.mail }, participant, row!, { familyName: 'Okafor', givenName: 'Amara', nameZh: null, organisation: 'Lagos Innovation Hub', jobTitle: 'Director of International Partnerships', dietary: row!.dietary, interpretationNeeds: 'en-to-zh', mobile: '+2348037654321' });
  const staff = await createUser(t.db, { email: 'liu.yang@iasp.example.org', name: 'Liu Yang', roles: [[event.id, 'checkin']] });
  t.clock.set('2027-04-20T00:42:00Z');
  await checkIn(t.db, t.clock, { eventId: event.id, sessionId: null }, { presented: { registrationId: row!.id }, door: 'North entrance, hall B', actor: { actorId: staff.id, requestId: null }, clientId: null });
  t.clock.set('2027-04-21T05:55:00Z');
  await checkIn(t.db, t.clock, { eventId: event.id, sessionId: visit.id }, { presented: { registrationId: row!.id }, door: 'Bus 1', actor: { actorId: staff.id, requestId: null }, clientId: null });
  detailPath = `/admin/events/${event.id}/registrations/${row!.id}`;
  const organiser = await createUser(t.db, { roles: [[event.id, 'organiser']] });
  cookies = await signedInBrowserCookies(t, organiser, b.baseUrl);
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

describe('registration detail', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      it(`${lang} at ${viewport.width}px: check-in, sessions, needs, answers and history, axe clean`, async () => {
        const context = await b.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN', ...viewport });
        await context.addCookies(cookies);
        const page = await context.newPage();
        expect((await page.goto(detailPath))?.status()).toBe(200);
        await page.getByRole('heading', { name: lang === 'en' ? 'Check-in' : '签到', exact: true }).waitFor();
        await expect.poll(() => page.getByText(lang === 'en' ? 'at North entrance, hall B by Liu Yang' : '入口：North entrance, hall B；经办人：Liu Yang').count()).toBe(1);
        await page.evaluate(async () => {
          await document.fonts.ready;
        });
        await page.screenshot({ path: `${OUT_DIR}registration-detail-${lang}-${viewport.width}.png`, fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await expectNoAxeViolations(page);

        // The organiser's two actions, each to its own page: correcting the details, and cancelling (asked once more).
        await page.getByRole('link', { name: lang === 'en' ? 'Correct details' : '更正信息' }).click();
        await page.getByRole('heading', { name: lang === 'en' ? 'Correct the registration' : '更正报名信息', level: 1 }).waitFor();
        expect(await page.getByLabel(lang === 'en' ? 'Family name (surname)' : '姓（拼音或外文）').inputValue()).toBe('Okafor');
        await page.screenshot({ path: `${OUT_DIR}registration-edit-${lang}-${viewport.width}.png`, fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await expectNoAxeViolations(page);
        await page.goto(detailPath);
        await page.getByRole('link', { name: lang === 'en' ? 'Cancel registration' : '取消报名', exact: true }).click();
        await page.getByRole('button', { name: lang === 'en' ? 'Cancel the registration' : '取消该报名' }).waitFor();
        await page.screenshot({ path: `${OUT_DIR}registration-cancel-${lang}-${viewport.width}.png`, fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await expectNoAxeViolations(page);
      });
    }
  }
});
