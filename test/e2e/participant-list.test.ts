// The participant list in a real browser, both languages, phone and laptop width: counts on top, the filters (a
// choice question chosen), the table with checkboxes and the bulk panel; an organiser ticks two people and approves
// them, sees the result page, is asked once more before rejecting a third (and goes back), and opens one
// registration's history. Screenshots to screenshots/participants-*; axe clean.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationQuestions, registrationSettings } from '../../src/db/schema/index.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { createEvent, wallTime } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { signedInBrowserCookies, type BrowserCookies } from '../helpers/sign-in.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let eventId: string;
let dinnerId: string;
let cookies: BrowserCookies;

const PEOPLE: [string, string, string | null, 'en' | 'zh-CN', 'GUEST' | 'DIPLO', string][] = [
  ['Wang', 'Fang', '王芳', 'zh-CN', 'GUEST', 'yes'],
  ['Rossi', 'Giulia', null, 'en', 'DIPLO', 'no'],
  ['Zhang', 'Wei', '张伟', 'zh-CN', 'DIPLO', 'yes'],
  ['Müller', 'Jonas', null, 'en', 'DIPLO', 'yes'],
  ['Okafor', 'Chidi', null, 'en', 'GUEST', 'no'],
];

beforeAll(async () => {
  b = await startBrowserApp({ seed: false });
  const t = b.testApp;
  t.clock.set('2027-03-01T02:00:00Z');
  await mkdir(OUT_DIR, { recursive: true });
  const event = await createEvent(t.db, { slug: 'zgc-forum-2027', title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛' }, startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-21 18:00') });
  eventId = event.id;
  await t.db.insert(registrationSettings).values({ eventId, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00'), capacity: 4 });
  const categories = await t.db
    .insert(registrationCategories)
    .values([
      { eventId, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' }, position: 0 },
      { eventId, code: 'DIPLO', name: { en: 'Diplomat', 'zh-CN': '外交官' }, requiresApproval: true, position: 1 },
    ])
    .returning();
  const [dinner] = await t.db.insert(registrationQuestions).values({ eventId, kind: 'yes-no', label: { en: 'Will you join the dinner?', 'zh-CN': '是否参加晚宴？' } }).returning();
  dinnerId = dinner!.id;
  for (const [i, [familyName, givenName, nameZh, locale, code, answer]] of PEOPLE.entries()) {
    const values: RegistrationValues = {
      categoryId: categories.find((c) => c.code === code)!.id, email: `${givenName.toLowerCase()}.${familyName.toLowerCase().replace('ü', 'u')}@example.org`, familyName, givenName, nameZh,
      organisation: 'Tsinghua University', jobTitle: null, country: locale === 'zh-CN' ? 'CN' : 'IT', mobile: '+8613800138000', dietary: null, interpretationNeeds: null,
      residence: 'other', idType: null, idNumber: null, nationality: 'IT', answers: { [dinnerId]: answer }, sessionIds: [], locale,
    };
    await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, values, { actor: { actorId: null, requestId: null }, formToken: `participants-e2e-token-${String(i).padStart(8, '0')}`, consentVersion: '2026-11' });
  }
  const organiser = await createUser(t.db, { roles: [[eventId, 'organiser']] });
  cookies = await signedInBrowserCookies(t, organiser, b.baseUrl);
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

describe('participant list', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      it(`${lang} at ${viewport.width}px: list, bulk approve, result and history, axe clean`, async () => {
        const context = await b.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN', ...viewport });
        await context.addCookies(cookies);
        const page = await context.newPage();
        const shot = async (name: string) => {
          await page.evaluate(async () => {
            await document.fonts.ready;
          });
          await page.screenshot({ path: `${OUT_DIR}participants-${name}-${lang}-${viewport.width}.png`, fullPage: true });
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
          await expectNoAxeViolations(page);
        };

        expect((await page.goto(`/admin/events/${eventId}/registrations?question=${dinnerId}`))?.status()).toBe(200);
        await shot('list');
        if (viewport === VIEWPORTS.desktop && lang === 'zh-CN') {
          // Short Chinese labels in the narrow columns stay on one line ("外交官", "未签到"), not broken between characters.
          const lineCounts = await page.locator('table td.keep-words, table th.keep-words').evaluateAll((cells) =>
            cells.map((cell) => {
              const range = document.createRange();
              range.selectNodeContents(cell);
              return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
            }),
          );
          expect(lineCounts.length).toBeGreaterThan(0);
          expect(Math.max(...lineCounts), lang).toBe(1);
        }

        // Without JavaScript's help: tick two people awaiting approval and approve them.
        const select = (name: string) => page.getByRole('checkbox', { name: lang === 'en' ? `Select ${name}` : `选择${name}` });
        await select('Giulia Rossi').check();
        await select('Wei Zhang').check();
        await page.getByLabel(lang === 'en' ? 'Action' : '操作', { exact: true }).selectOption('approve');
        await page.getByRole('button', { name: lang === 'en' ? 'Apply' : '执行' }).click();
        // The result page keeps the list's filter in its address, for its link back.
        await page.waitForURL(/\/registrations\/bulk\/[0-9a-f-]{36}(\?[^/]*)?$/);
        // Each test runs on the same event: the first approves them, the others find them already decided.
        await expect.poll(() => page.getByTestId('bulk-done').textContent()).toMatch(lang === 'en' ? /approved with a seat|not awaiting approval/ : /已通过并获得名额|不在待审核状态/);
        await shot('result');

        // Rejecting asks once more, naming the person and the message; Back returns with the same tick, nothing done.
        await page.goto(`/admin/events/${eventId}/registrations`);
        await select('Jonas Müller').check();
        await page.getByLabel(lang === 'en' ? 'Action' : '操作', { exact: true }).selectOption('reject');
        await page.getByLabel(lang === 'en' ? 'Message for approval or rejection' : '审核结果附言').fill(lang === 'en' ? 'The hall is full.\nWe hope to see you next year.' : '会场已满。\n期待明年再见。');
        await page.getByRole('button', { name: lang === 'en' ? 'Apply' : '执行' }).click();
        await page.getByRole('heading', { name: lang === 'en' ? 'Reject 1 registration?' : '确定拒绝 1 份报名？' }).waitFor();
        await shot('reject-confirm');
        await page.getByRole('button', { name: lang === 'en' ? 'Back to the list' : '返回列表' }).click();
        await page.waitForURL(/\/registrations\/bulk$/);
        expect(await select('Jonas Müller').isChecked()).toBe(true);

        await page.goto(`/admin/events/${eventId}/registrations`);
        await page.getByRole('link', { name: 'Giulia Rossi' }).click();
        await page.getByRole('heading', { name: lang === 'en' ? 'History' : '记录' }).waitFor();
        await shot('detail');
      });
    }
  }
});
