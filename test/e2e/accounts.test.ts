// Staff accounts in real Chromium: a demo administrator's first sign-in with two-factor set-up, an owner managing
// the team, and the account pages in both languages at phone and laptop width, checked by axe-core.
// Screenshots go to screenshots/account-<page>-<lang>-<width>.png (gitignored) for reviewing the design.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventRoles, events, invitationCodes, registrationCategories, registrationQuestions, registrations, registrationSettings, rooms, tracks, venues } from '../../src/db/schema/index.ts';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SitePage } from './pages/site-page.ts';

/** Each walk signs in and checks 28 pages with axe: on two busy cores that takes more than a minute. */
const PAGE_WALK_TIMEOUT_MS = 240_000;
const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
let owner: TestUser;
let zgcId: string;
/** A registration category of the demo forum, for the screenshot of its form. */
let mediaCategoryId: string;
/** A venue, room and track of the forum, for their edit pages. */
const zgcIds = { venue: '', room: '', track: '' };

beforeAll(async () => {
  b = await startBrowserApp();
  await mkdir(OUT_DIR, { recursive: true });
  const [zgc] = await b.testApp.db.select({ id: events.id, startsAt: events.startsAt }).from(events).where(eq(events.slug, b.demo.zgc!.slug));
  zgcId = zgc!.id;
  await seedRegistration(zgcId, zgc!.startsAt);
  owner = await createUser(b.testApp.db, { name: '王芳 Wang Fang', totp: true, roles: [[zgcId, 'owner']] });
  const [place] = await b.testApp.db.select({ venue: venues.id, room: rooms.id }).from(rooms).innerJoin(venues, eq(venues.id, rooms.venueId)).where(eq(venues.eventId, zgcId)).limit(1);
  // Two tracks, so the tracks page shows its move up / move down buttons.
  const [track] = await b.testApp.db
    .insert(tracks)
    .values([
      { eventId: zgcId, name: { en: 'Artificial intelligence', 'zh-CN': '人工智能' }, colour: '#8250df', position: 0 },
      { eventId: zgcId, name: { en: 'Life sciences', 'zh-CN': '生命科学' }, colour: '#1a7f37', position: 1 },
    ])
    .returning({ id: tracks.id });
  Object.assign(zgcIds, { venue: place!.venue, room: place!.room, track: track!.id });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

/** A registration set-up as an organiser would have it a few weeks before the forum, for the screenshots. */
async function seedRegistration(eventId: string, startsAt: Date) {
  const db = b.testApp.db;
  const day = 24 * 3600 * 1000;
  await db.insert(registrationSettings).values({ eventId, opensAt: new Date(b.testApp.clock.now().getTime() - 14 * day), closesAt: new Date(startsAt.getTime() - 2 * day), capacity: 800, taken: 463 });
  const categories = await db
    .insert(registrationCategories)
    .values([
      { eventId, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会者' }, capacity: 600, taken: 412, position: 0 },
      { eventId, code: 'MEDIA', name: { en: 'Media', 'zh-CN': '媒体' }, capacity: 40, taken: 38, requiresApproval: true, position: 1 },
      { eventId, code: 'VIP', name: { en: 'Invited guest', 'zh-CN': '特邀嘉宾' }, capacity: 60, taken: 13, visibility: 'hidden', invitationOnly: true, position: 2 },
    ])
    .returning();
  const [, media, vip] = categories;
  mediaCategoryId = media!.id;
  await db.insert(registrationQuestions).values([
    {
      eventId,
      kind: 'single',
      label: { en: 'Which site visit would you like to join?', 'zh-CN': '您希望参加哪项参观活动？' },
      options: [
        { value: 'science-park', label: { en: 'Zhongguancun Science Park', 'zh-CN': '中关村科技园' } },
        { value: 'lab', label: { en: 'Quantum computing lab', 'zh-CN': '量子计算实验室' } },
      ],
      required: true,
      position: 0,
    },
    { eventId, kind: 'file', label: { en: 'Press card', 'zh-CN': '记者证' }, categoryIds: [media!.id], fileTypes: ['application/pdf', 'image/jpeg'], fileMaxBytes: 5 * 1024 * 1024, required: true, position: 1 },
    { eventId, kind: 'yes-no', label: { en: 'Will you attend the welcome dinner?', 'zh-CN': '您是否出席欢迎晚宴？' }, position: 2 },
  ]);
  await db.insert(invitationCodes).values([
    { eventId, categoryId: vip!.id, code: 'VIP-7KQ2-M9XD', maxUses: 1, used: 1, bypassApproval: true },
    { eventId, categoryId: vip!.id, code: 'VIP-H4TW-3NPE', maxUses: 5, used: 2, bypassApproval: true, expiresAt: new Date(startsAt.getTime() - 3 * day) },
    { eventId, categoryId: vip!.id, code: 'VIP-R8ZC-6YKA', maxUses: 1, used: 0, bypassApproval: true },
    { eventId, categoryId: media!.id, code: 'MEDIA-2QXV-J5BF', maxUses: 10, used: 4 },
  ]);
  // Two journalists awaiting approval, for the approvals page.
  for (const [i, [family, given, nameZh, organisation, country]] of [
    ['Zhang', 'Wei', '张伟', 'Xinhua News Agency', 'CN'],
    ['Dubois', 'Claire', null, 'Agence France-Presse', 'FR'],
  ].entries()) {
    await db.insert(registrations).values({
      eventId, categoryId: media!.id, status: 'pending', email: `journalist${i}@press.example.org`, familyName: family!, givenName: given!, nameZh, organisation: organisation!,
      country: country!, mobile: country === 'CN' ? '+8613800138000' : '+33612345678', residence: country === 'CN' ? 'mainland' : 'other', nationality: country === 'CN' ? null : country,
      locale: country === 'CN' ? 'zh-CN' : 'en', ticketCode: `PRESSTICKET${i}ABCDEFGHIJKLMNOPQRSTU`, consentAt: b.testApp.clock.now(), consentVersion: '2026-11',
    });
  }
}

const code = (secret: string) => () => {
  const value = totpCode(secret, b.testApp.clock.now());
  // Each code is accepted once; the next use needs the next 30-second step.
  b.testApp.clock.advance({ seconds: 30 });
  return value;
};

async function shoot(site: SitePage, name: string, lang: string, width: number): Promise<void> {
  await site.page.evaluate(async () => {
    await document.fonts.ready;
  });
  await site.page.screenshot({ path: `${OUT_DIR}account-${name}-${lang}-${width}.png`, fullPage: true });
}

describe('first sign-in of an administrator', () => {
  it('requires two-factor set-up, shows recovery codes once, then opens the organiser area', async () => {
    const admin = await createUser(b.testApp.db, { isAdmin: true });
    const site = new SitePage(await b.newPage({ locale: 'en-GB' }));
    const signIn = new SignInPage(site.page);
    await signIn.open('/admin');
    await expectNoAxeViolations(site.page);
    await signIn.submitPassword(admin.email, admin.password);
    expect(new URL(site.page.url()).pathname).toBe('/account/two-factor');
    await site.waitForHeading('Two-factor sign-in');
    await expect(site.page.getByRole('img', { name: 'QR code to add Forum Desk to your authenticator app' }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(site.page);
    const secret = (await site.page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    await site.page.getByRole('textbox', { name: /^Code/ }).fill(totpCode(secret, b.testApp.clock.now()));
    await Promise.all([site.page.waitForNavigation(), site.page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()]);
    await site.waitForHeading('Your recovery codes');
    expect(await site.main.getByRole('listitem').count()).toBe(10);
    await expectNoAxeViolations(site.page);
    await site.page.getByRole('link', { name: 'I have kept my codes' }).click();
    await site.waitForHeading('All events');
    expect(await site.main.getByRole('link', { name: b.demo.zgc!.title.en! }).isVisible()).toBe(true);
  });
});

describe('an owner manages the team', () => {
  it('adds a colleague with a role through the form, sees the error for a bad address, and finds it in the audit log', async () => {
    const site = new SitePage(await b.newPage({ locale: 'en-GB' }));
    await new SignInPage(site.page).signIn(owner, code(owner.totpSecret!));
    await site.goto(`/admin/events/${zgcId}/team`);
    await site.page.getByLabel('E-mail address').fill('not-an-address');
    await Promise.all([site.page.waitForNavigation(), site.page.getByRole('button', { name: 'Add and send the invitation' }).click()]);
    expect(await site.page.getByRole('alert').innerText()).toContain('Enter an e-mail address such as name@example.org.');
    await expectNoAxeViolations(site.page);
    await site.page.getByLabel('E-mail address').fill('zhang.wei@zgc-forum.example.cn');
    await site.page.getByLabel('Name').fill('张伟');
    await site.page.getByLabel('Role', { exact: true }).selectOption('checkin');
    await Promise.all([site.page.waitForNavigation(), site.page.getByRole('button', { name: 'Add and send the invitation' }).click()]);
    expect(await site.page.getByRole('status').innerText()).toBe('The invitation was sent.');
    expect(await site.main.getByRole('cell', { name: '张伟 · zhang.wei@zgc-forum.example.cn' }).isVisible()).toBe(true);
    await site.goto(`/admin/events/${zgcId}/audit`);
    expect(await site.main.getByRole('cell', { name: /Added to the team/ }).count()).toBe(1);
  });
});

describe('the team of a sub-forum', () => {
  it('explains a role of their own below the forum’s and refuses a new one, beside the field, in both languages', async () => {
    const [sub] = await b.testApp.db.select({ id: events.id }).from(events).where(eq(events.slug, b.demo['belt-and-road']!.slug));
    const colleague = await createUser(b.testApp.db, { name: '陈洁', roles: [[zgcId, 'organiser']] });
    // Made before the team page refused such a row: the forum's higher role counts, and the page says so.
    await b.testApp.db.insert(eventRoles).values({ eventId: sub!.id, userId: colleague.id, role: 'checkin' });
    const forum = b.demo.zgc!.title;
    for (const [locale, lang, ui] of [
      ['en-GB', 'en', { email: 'E-mail address', role: 'Role', submit: 'Add and send the invitation', note: 'Check-in staff here; Organiser through the forum, and that higher role is the one that counts.', refusal: `陈洁 is Organiser on the forum “${forum.en}”, and so Organiser here too: a sub-forum can give a forum’s team a higher role, never a lower one. Choose Organiser or a higher role, or ask an owner of the forum to change their role there.` }],
      ['zh-CN', 'zh-CN', { email: '电子邮箱', role: '角色', submit: '添加并发送邀请', note: '在此为签到人员；通过所属论坛为组织者，以权限更高的后者为准。', refusal: `陈洁在论坛${forum['zh-CN']}中是组织者，因此在此也是组织者：分论坛只能为论坛团队成员设置更高的角色，不能降低。请选择组织者或更高的角色，或请论坛负责人在论坛团队中更改其角色。` }],
    ] as const) {
      const site = new SitePage(await b.newPage({ locale, ...VIEWPORTS.phone }));
      await new SignInPage(site.page).signIn(owner, code(owner.totpSecret!));
      await site.goto(`/admin/events/${sub!.id}/team`);
      // The note is the role select's description, so a screen reader says it with the role.
      expect(await site.main.getByRole('combobox', { name: colleague.email, description: ui.note }).count()).toBe(1);
      await site.page.getByLabel(ui.email).fill(colleague.email);
      await site.page.getByLabel(ui.role, { exact: true }).selectOption('jury');
      await Promise.all([site.page.waitForNavigation(), site.page.getByRole('button', { name: ui.submit }).click()]);
      expect(await site.page.getByRole('alert').innerText()).toContain(ui.refusal);
      // In the summary and beside the role field.
      expect(await site.main.getByText(ui.refusal).count()).toBe(2);
      await expectNoAxeViolations(site.page);
      await shoot(site, 'team-sub-forum-refused', lang, VIEWPORTS.phone.width);
    }
  });
});

describe('approvals', () => {
  it('ticks a whole group in place with the script, keeping the message typed', async () => {
    const site = new SitePage(await b.newPage({ locale: 'en-GB' }));
    await new SignInPage(site.page).signIn(owner, code(owner.totpSecret!));
    const path = `/admin/events/${zgcId}/registrations/approvals`;
    await site.goto(path);
    await site.page.getByLabel('Message to include in the mail').fill('Welcome to the press centre.');
    await site.page.getByRole('link', { name: 'Tick all 2' }).click();
    await site.page.getByRole('link', { name: 'Untick all' }).waitFor();
    expect(await site.main.locator('input[name="ids"]:checked').count()).toBe(2);
    expect(new URL(site.page.url()).pathname + new URL(site.page.url()).search).toBe(path);
    expect(await site.page.getByLabel('Message to include in the mail').inputValue()).toBe('Welcome to the press centre.');
    await site.page.getByRole('link', { name: 'Untick all' }).click();
    expect(await site.main.locator('input[name="ids"]:checked').count()).toBe(0);
  });
});

describe('account pages, both languages, phone and laptop', () => {
  for (const [locale, lang] of [
    ['en-GB', 'en'],
    ['zh-CN', 'zh-CN'],
  ] as const) {
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      it(`${lang} at ${viewport.width}px: no axe violations, screenshots written`, async () => {
        const site = new SitePage(await b.newPage({ locale, ...viewport }));
        await site.goto('/sign-in');
        await shoot(site, 'sign-in', lang, viewport.width);
        await site.goto('/sign-in/link');
        await expectNoAxeViolations(site.page);
        await shoot(site, 'link-request', lang, viewport.width);
        await new SignInPage(site.page).signIn(owner, code(owner.totpSecret!));
        for (const [name, path] of [
          ['admin', '/admin'],
          ['event', `/admin/events/${zgcId}`],
          ['team', `/admin/events/${zgcId}/team`],
          ['audit', `/admin/events/${zgcId}/audit`],
          ['agenda', `/admin/events/${zgcId}/agenda`],
          ['agenda-new', `/admin/events/${zgcId}/agenda/new`],
          ['agenda-grid', `/admin/events/${zgcId}/agenda/grid`],
          ['speakers', `/admin/events/${zgcId}/speakers`],
          ['speaker-invitations', `/admin/events/${zgcId}/speakers/invitations`],
          ['speaker-invite', `/admin/events/${zgcId}/speakers/invitations/new`],
          ['agenda-invites', `/admin/events/${zgcId}/agenda/invites`],
          ['agenda-reminders', `/admin/events/${zgcId}/agenda/reminders`],
          ['tracks', `/admin/events/${zgcId}/tracks`],
          ['event-edit', `/admin/events/${zgcId}/edit`],
          ['venues', `/admin/events/${zgcId}/venues`],
          ['registration', `/admin/events/${zgcId}/registration`],
          ['registration-category', `/admin/events/${zgcId}/registration/categories/${mediaCategoryId}/edit`],
          ['registration-question', `/admin/events/${zgcId}/registration/questions/new`],
          ['registration-codes', `/admin/events/${zgcId}/registration/codes`],
          ['registration-preview', `/admin/events/${zgcId}/registration/preview`],
          ['approvals', `/admin/events/${zgcId}/registrations/approvals`],
          ['participants', `/admin/events/${zgcId}/registrations`],
          ['venue-edit', `/admin/events/${zgcId}/venues/${zgcIds.venue}/edit`],
          ['room-edit', `/admin/events/${zgcId}/rooms/${zgcIds.room}/edit`],
          ['track-edit', `/admin/events/${zgcId}/tracks/${zgcIds.track}/edit`],
          ['account', '/account'],
        ] as const) {
          const response = await site.page.goto(path);
          expect(response?.status(), path).toBe(200);
          await expectNoAxeViolations(site.page);
          await shoot(site, name, lang, viewport.width);
        }
      }, PAGE_WALK_TIMEOUT_MS);
    }
  }
});
