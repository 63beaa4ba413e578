// The speaker portal in real Chromium, in Chinese: a speaker signs in through the mailed link, completes the profile
// and uploads a photo on a phone; the pages are axe-clean. Screenshots at 390 and 1280 px go to screenshots/
// (gitignored) for review.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, events, sessionPeople, speakerPhotos, speakerProfiles, speakers } from '../../src/db/schema/index.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import { publishAgenda } from '../../src/features/agenda/publish.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { speakerLinkFor } from '../helpers/speaker-portal.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SpeakerPortalPage } from './pages/speaker-portal-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));
const EMAIL = 'amina.diallo@univ.example.sn';

let b: BrowserApp;
let eventId: string;
let speakerId: string;
let parentId: string | null;
let organiser: TestUser;

beforeAll(async () => {
  b = await startBrowserApp();
  const db = b.testApp.db;
  // A speaker on the Belt and Road sub-forum's first session, known to the organisers by name and address only.
  const [event] = await db.select({ id: events.id, parentId: events.parentId }).from(events).where(eq(events.slug, b.demo['belt-and-road']!.slug));
  const [session] = await db.select({ id: agendaSessions.id }).from(agendaSessions).where(eq(agendaSessions.eventId, event!.id)).orderBy(asc(agendaSessions.startsAt)).limit(1);
  const [speaker] = await db.insert(speakers).values({ eventId: event!.id, name: { en: 'Amina Diallo' }, country: 'SN', email: EMAIL }).returning();
  await db.insert(sessionPeople).values({ sessionId: session!.id, speakerId: speaker!.id, role: 'speaker', status: 'accepted', position: 9 });
  [eventId, speakerId, parentId] = [event!.id, speaker!.id, event!.parentId];
  organiser = await createUser(db, { name: '刘洋 Liu Yang', totp: true, roles: [[event!.parentId!, 'organiser']] });
  await mkdir(OUT_DIR, { recursive: true });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

async function signIn(portal: SpeakerPortalPage): Promise<void> {
  const seen = b.testApp.mail.to(EMAIL).length;
  await portal.goto('/speaker');
  await portal.waitForHeading('登录嘉宾服务平台');
  b.testApp.clock.advance({ seconds: 3 });
  await portal.askForLink(EMAIL);
  await portal.openLink(await speakerLinkFor(b.testApp, EMAIL, seen));
}

const shot = (portal: SpeakerPortalPage, name: string) => portal.page.screenshot({ path: `${OUT_DIR}${name}.png`, fullPage: true });

describe('speaker portal', () => {
  it('a speaker signs in by the mailed link, completes the profile in Chinese and uploads a photo, on a phone', async () => {
    const portal = new SpeakerPortalPage(await b.newPage({ locale: 'zh-CN', ...VIEWPORTS.phone }));
    await portal.goto('/speaker/sign-in');
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-sign-in-zh-390');
    await signIn(portal);
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-home-zh-390');

    await portal.openProfile();
    await portal.field('中文姓名').fill('阿米娜·迪亚洛');
    await portal.field('中文职务').fill('教授、研究中心主任');
    await portal.field('英文职务').fill('Professor and Director of the Research Centre');
    await portal.field('中文单位名称').fill('达喀尔谢赫·安达·迪奥普大学');
    await portal.field('英文单位名称').fill('Cheikh Anta Diop University of Dakar');
    await portal.field('中文简介').fill('阿米娜·迪亚洛长期从事可再生能源与农村电气化研究。\n\n她主持多项中非科技合作项目。');
    await portal.field('英文简介').fill('Amina Diallo works on renewable energy and rural electrification.');
    await portal.field('时区').selectOption('Europe/Paris');
    await portal.field('同传需求').fill('我将用法语或英语发言，需要中文同传。');
    await portal.saveProfile();
    await expectNoAxeViolations(portal.page);

    const photo = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#2d6a8f' } }).jpeg().toBuffer();
    await portal.uploadPhoto({ name: '照片.jpg', mimeType: 'image/jpeg', buffer: photo });
    await portal.photo.waitFor();
    expect(await portal.photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(400);
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-profile-zh-390');

    const [profile] = await b.testApp.db.select().from(speakerProfiles).where(eq(speakerProfiles.email, EMAIL));
    expect(profile!.bio).toEqual({ en: 'Amina Diallo works on renewable energy and rural electrification.', 'zh-CN': '阿米娜·迪亚洛长期从事可再生能源与农村电气化研究。\n\n她主持多项中非科技合作项目。' });
    expect(profile!.timeZone).toBe('Europe/Paris');
    const [entry] = await b.testApp.db.select().from(speakers).where(eq(speakers.email, EMAIL));
    expect(entry!.name).toEqual({ en: 'Amina Diallo', 'zh-CN': '阿米娜·迪亚洛' });
    expect(await b.testApp.db.select({ email: speakerPhotos.email }).from(speakerPhotos)).toEqual([{ email: EMAIL }]);

    // Back on the sessions page: the time in her own zone too.
    await portal.page.getByRole('navigation', { name: '嘉宾服务平台页面' }).getByRole('link', { name: '我的议程' }).click();
    await portal.page.getByText('您所在时区的时间').first().waitFor();
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-home-zone-zh-390');
  });

  it('reads well on a desktop, axe-clean', async () => {
    const portal = new SpeakerPortalPage(await b.newPage({ locale: 'zh-CN', ...VIEWPORTS.desktop }));
    await signIn(portal);
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-home-zh-1280');
    await portal.openProfile();
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-profile-zh-1280');
  });

  it('shows organisers how complete the profile is, and the profile itself, axe-clean', async () => {
    const portal = new SpeakerPortalPage(await b.newPage({ locale: 'zh-CN', ...VIEWPORTS.phone }));
    await new SignInPage(portal.page).signIn(organiser, () => {
      const value = totpCode(organiser.totpSecret!, b.testApp.clock.now());
      b.testApp.clock.advance({ seconds: 30 });
      return value;
    });
    await portal.goto(`/admin/events/${eventId}/speakers`);
    await portal.waitForHeading('演讲嘉宾');
    const link = portal.main.getByRole('link', { name: '已完成 85% — 阿米娜·迪亚洛' });
    await expectNoAxeViolations(portal.page);
    await Promise.all([portal.page.waitForURL(`**/speakers/${speakerId}/portal`), link.click()]);
    await portal.waitForHeading('阿米娜·迪亚洛');
    await portal.main.getByText('我将用法语或英语发言，需要中文同传。').waitFor();
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-admin-portal-zh-390');
  });

  it('shows the published photo and bio on the public speaker pages, axe-clean', async () => {
    const published = await publishAgenda(b.testApp.db, b.testApp.clock, { actorId: null, requestId: null }, { id: eventId, parentId: parentId });
    expect(published.blockedBy).toBeUndefined();
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const site = new SpeakerPortalPage(await b.newPage({ locale: 'zh-CN', ...viewport }));
      await site.goto(`/events/${b.demo['belt-and-road']!.slug}/speakers/${speakerId}`);
      await site.waitForHeading('阿米娜·迪亚洛');
      await site.page.getByRole('img', { name: '阿米娜·迪亚洛的照片' }).waitFor();
      await site.main.getByText('她主持多项中非科技合作项目。').waitFor();
      await expectNoAxeViolations(site.page);
      await shot(site, `speaker-public-zh-${viewport.width}`);
      await site.goto(`/events/${b.demo['belt-and-road']!.slug}/speakers`);
      await expectNoAxeViolations(site.page);
      await shot(site, `speaker-list-public-zh-${name === 'phone' ? 390 : 1280}`);
    }
  });
});
