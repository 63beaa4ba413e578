// Speakers in real Chromium, in Chinese: an organiser invites a speaker to a session through the form; the speaker
// opens the mailed invitation on a phone, accepts, lands in the portal signed in, completes the profile and uploads
// a photo; later the speaker signs in by the portal's own mailed link. Every page is axe-clean. Screenshots at 390
// and 1280 px go to screenshots/ (gitignored) for review.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, events, sessionPeople, speakerInvitations, speakerPhotos, speakerProfiles, speakers } from '../../src/db/schema/index.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import { publishAgenda } from '../../src/features/agenda/publish.ts';
import { createUser, type TestUser } from '../factories/users.ts';
import { mailedLinkFor, speakerLinkFor } from '../helpers/speaker-portal.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SpeakerPortalPage } from './pages/speaker-portal-page.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));
const EMAIL = 'amina.diallo@univ.example.sn';

let b: BrowserApp;
let eventId: string;
let sessionId: string;
let speakerId: string;
let parentId: string | null;
let organiser: TestUser;

beforeAll(async () => {
  b = await startBrowserApp();
  const db = b.testApp.db;
  // A speaker on the Belt and Road sub-forum’s first session, known to the organisers by name and address only.
  const [event] = await db.select({ id: events.id, parentId: events.parentId }).from(events).where(eq(events.slug, b.demo['belt-and-road']!.slug));
  const [session] = await db.select({ id: agendaSessions.id }).from(agendaSessions).where(eq(agendaSessions.eventId, event!.id)).orderBy(asc(agendaSessions.startsAt)).limit(1);
  const [speaker] = await db.insert(speakers).values({ eventId: event!.id, name: { en: 'Amina Diallo' }, country: 'SN', email: EMAIL }).returning();
  [eventId, sessionId, speakerId, parentId] = [event!.id, session!.id, speaker!.id, event!.parentId];
  organiser = await createUser(db, { name: '刘洋 Liu Yang', totp: true, roles: [[event!.parentId!, 'organiser']] });
  await mkdir(OUT_DIR, { recursive: true });
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

async function signIn(portal: SpeakerPortalPage): Promise<void> {
  const seen = b.testApp.mail.to(EMAIL).length;
  await portal.goto('/speaker');
  await portal.waitForHeading('登录演讲嘉宾平台');
  b.testApp.clock.advance({ seconds: 3 });
  await portal.askForLink(EMAIL);
  await portal.openLink(await speakerLinkFor(b.testApp, EMAIL, seen));
}

/** An organiser's browser, signed in with the second factor. */
async function organiserPage(viewport: { width: number; height: number }): Promise<SpeakerPortalPage> {
  const page = new SpeakerPortalPage(await b.newPage({ locale: 'zh-CN', ...viewport }));
  await new SignInPage(page.page).signIn(organiser, () => {
    const value = totpCode(organiser.totpSecret!, b.testApp.clock.now());
    b.testApp.clock.advance({ seconds: 30 });
    return value;
  });
  return page;
}

/** The path of the accept link in the newest invitation mailed to `email` (waits for it). */
const invitationLinkFor = (email: string, seen: number) =>
  mailedLinkFor(b.testApp, email, seen, /http:\/\/forumdesk\.test(\/speaker-invitations\/[A-Za-z0-9_-]{43}\?answer=accept&lang=[a-zA-Z-]+)/);

const shot = (portal: SpeakerPortalPage, name: string) => portal.page.screenshot({ path: `${OUT_DIR}${name}.png`, fullPage: true });

describe('speaker portal', () => {
  it('an organiser invites a speaker; on a phone the speaker accepts, completes the profile in Chinese and uploads a photo', async () => {
    const desk = await organiserPage(VIEWPORTS.desktop);
    await desk.goto(`/admin/events/${eventId}/speakers/invitations/new?speakerId=${speakerId}&sessionId=${sessionId}`);
    await desk.waitForHeading('发出邀请');
    await expectNoAxeViolations(desk.page);
    await desk.field('附言').fill('阿米娜教授，诚邀您在开幕环节分享非洲农村电气化的经验。');
    await desk.field('邮件语言').selectOption('zh-CN');
    await shot(desk, 'speaker-invite-form-zh-1280');
    const seen = b.testApp.mail.to(EMAIL).length;
    await desk.page.getByRole('button', { name: '发送邀请' }).click();
    await desk.page.getByRole('status').first().waitFor();
    await expectNoAxeViolations(desk.page);
    await shot(desk, 'speaker-invitations-zh-1280');
    expect(await b.testApp.db.select({ status: sessionPeople.status }).from(sessionPeople).where(eq(sessionPeople.speakerId, speakerId))).toEqual([{ status: 'invited' }]);

    const portal = new SpeakerPortalPage(await b.newPage({ locale: 'zh-CN', ...VIEWPORTS.phone }));
    await portal.goto(await invitationLinkFor(EMAIL, seen));
    await portal.waitForHeading('您的邀请');
    await portal.main.getByText('阿米娜教授，诚邀您在开幕环节分享非洲农村电气化的经验。').waitFor();
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-invitation-zh-390');
    await portal.page.getByRole('button', { name: '接受邀请' }).click();
    await portal.waitForHeading('我的场次');
    await portal.page.getByRole('status').filter({ hasText: '感谢您接受邀请。' }).waitFor();
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-home-zh-390');
    expect(await b.testApp.db.select({ status: sessionPeople.status }).from(sessionPeople).where(eq(sessionPeople.speakerId, speakerId))).toEqual([{ status: 'accepted' }]);
    expect(await b.testApp.db.select({ answer: speakerInvitations.answer }).from(speakerInvitations).where(eq(speakerInvitations.speakerId, speakerId))).toEqual([{ answer: 'accepted' }]);

    await portal.openProfile();
    await portal.field('中文姓名').fill('阿米娜·迪亚洛');
    await portal.field('中文职务').fill('教授、研究中心主任');
    await portal.field('英文职务').fill('Professor and Director of the Research Centre');
    await portal.field('中文单位名称').fill('达喀尔谢赫·安达·迪奥普大学');
    await portal.field('英文单位名称').fill('Cheikh Anta Diop University of Dakar');
    await portal.field('中文简介').fill('阿米娜·迪亚洛长期从事可再生能源与农村电气化研究。\n\n她主持多项中非科技合作项目。');
    await portal.field('英文简介').fill('Amina Diallo works on renewable energy and rural electrification.');
    await portal.field('时区').selectOption({ label: '巴黎' });
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
    await portal.page.getByRole('navigation', { name: '演讲嘉宾平台页面' }).getByRole('link', { name: '我的场次' }).click();
    await portal.page.getByText('您所在时区的时间').first().waitFor();
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-home-zone-zh-390');
  });

  it('signs in later by the portal’s own mailed link, and reads well on a desktop, axe-clean', async () => {
    const portal = new SpeakerPortalPage(await b.newPage({ locale: 'zh-CN', ...VIEWPORTS.desktop }));
    await portal.goto('/speaker/sign-in');
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-sign-in-zh-1280');
    await signIn(portal);
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-home-zh-1280');
    await portal.openProfile();
    await expectNoAxeViolations(portal.page);
    await shot(portal, 'speaker-profile-zh-1280');
  });

  it('shows organisers how complete the profile is, and the profile itself, axe-clean', async () => {
    const portal = await organiserPage(VIEWPORTS.phone);
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
