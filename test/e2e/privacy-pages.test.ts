// The privacy pages in a real browser, both languages, phone and laptop width: the registration form's notice and
// consents (an event that shares abroad), the participant's manage page with their consents, and the owner's
// registration page before and after revealing the number. Screenshots to screenshots/privacy-*; axe must be clean.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationSettings } from '../../src/db/schema/index.ts';
import { issueAccessToken } from '../../src/features/access-tokens/service.ts';
import { submitRegistration } from '../../src/features/registration/service.ts';
import { createFieldCipher } from '../../src/lib/field-cipher.ts';
import { createEvent, wallTime } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { signedInBrowserCookies, type BrowserCookies } from '../helpers/sign-in.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let formPath: string;
let managePath: string;
let detailPath: string;
let ownerCookies: BrowserCookies;

beforeAll(async () => {
  b = await startBrowserApp({ seed: false, env: { FORM_MIN_SECONDS: '0' } });
  const t = b.testApp;
  t.clock.set('2027-03-01T02:00:00Z');
  await mkdir(OUT_DIR, { recursive: true });
  const event = await createEvent(t.db, { slug: 'sino-italian-week-2027', title: { en: 'Sino-Italian Innovation Week 2027', 'zh-CN': '2027中意创新周' }, contactEmail: 'privacy@sino-italian.example.cn', startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-21 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00'), controllerName: 'Sino-Italian Innovation Week Secretariat', sharesAbroad: true, abroadRecipient: 'Technopolis Milano S.r.l.' });
  const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' } }).returning();
  await submitRegistration(
    { db: t.db, clock: t.clock, mail: t.app.mail },
    event,
    { categoryId: category!.id, email: 'giulia.rossi@polimi.example.it', familyName: 'Rossi', givenName: 'Giulia', nameZh: null, organisation: 'Politecnico di Milano', jobTitle: 'Researcher', country: 'IT', mobile: '+393123456789', dietary: null, interpretationNeeds: null, residence: 'other', idType: 'passport', idNumber: 'YA1234567', nationality: 'IT', answers: {}, sessionIds: [], locale: 'en' },
    { actor: { actorId: null, requestId: null }, formToken: 'privacy-pages-form-token-0000001', consentVersion: '2026-11', sensitiveConsent: true, crossBorderConsent: true, cipher: createFieldCipher(t.config) },
  );
  const registration = (await t.database.execute(`select id from registrations where email = 'giulia.rossi@polimi.example.it'`))[0] as { id: string };
  const link = await issueAccessToken(t.db, t.clock, { purpose: 'manage-registration', subject: registration.id, ttlSeconds: 86_400 * 60 });
  formPath = `/events/${event.slug}/register`;
  managePath = `/registrations/manage/${link.token}`;
  detailPath = `/admin/events/${event.id}/registrations/${registration.id}`;
  const owner = await createUser(t.db, { roles: [[event.id, 'owner']], totp: true });
  ownerCookies = await signedInBrowserCookies(t, owner, b.baseUrl);
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

describe('privacy pages', () => {
  for (const lang of ['en', 'zh-CN']) {
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      it(`${lang} at ${viewport.width}px: form, manage page and the owner's page, axe clean`, async () => {
        const context = await b.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN', ...viewport });
        const page = await context.newPage();
        const shot = async (name: string) => {
          await page.evaluate(async () => {
            await document.fonts.ready;
          });
          await page.screenshot({ path: `${OUT_DIR}privacy-${name}-${lang}-${viewport.width}.png`, fullPage: true });
          await expectNoAxeViolations(page);
        };

        expect((await page.goto(formPath))?.status()).toBe(200);
        await page.getByText('Technopolis Milano S.r.l.').first().waitFor();
        await shot('form');

        expect((await page.goto(managePath))?.status()).toBe(200);
        await shot('manage');
        // The identity form sent with a wrong number and without its consent: both errors, in the summary too.
        const identity = page.locator('section[aria-labelledby="identity-heading"]');
        await identity.getByRole('textbox', { name: lang === 'en' ? /^Document number/ : /^证件号码/ }).fill('YA12');
        await Promise.all([page.waitForNavigation(), identity.getByRole('button', { name: lang === 'en' ? 'Save my identity document' : '保存证件信息' }).click()]);
        expect(await page.locator('#field-consentSensitive .field__error').innerText()).toContain(lang === 'en' ? 'Tick this box to let us keep your document number' : '请勾选此项以同意保存您的证件号码');
        expect(await page.locator('#field-idNumber-error').isVisible()).toBe(true);
        // The summary's link to the consent leads the focus into its checkbox, ready to tick.
        await page.locator('.error-summary a[href="#field-consentSensitive"]').click();
        expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('consentSensitive');
        await shot('manage-identity-errors');

        await context.addCookies(ownerCookies);
        expect((await page.goto(detailPath))?.status()).toBe(200);
        await shot('detail');
        await page.getByRole('button', { name: lang === 'en' ? 'Show the full number' : '显示完整号码' }).click();
        expect(await page.getByTestId('id-number').textContent()).toBe('YA1234567');
        await shot('revealed');
      });
    }
  }
});
