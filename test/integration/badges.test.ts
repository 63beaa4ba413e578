// Badges: one person’s badge at once (organisers and check-in staff), a PDF of the participant list as filtered made
// in the background with progress (organisers only), read back as a person would — the text with pdftotext, the
// pages with pdfinfo, and the QR code scanned from the rendered page, which must be the confirmation mail's ticket.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, badgeJobs, registrationCategories, registrationSettings } from '../../src/db/schema/index.ts';
import { renderBadgesPdf } from '../../src/features/badges/badge-pdf.ts';
import { CjkFontMissingError, locateCjkFont } from '../../src/features/badges/cjk-font.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { pdfPages, pdfText, scanQr } from '../helpers/pdf.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createRegistrations, type RegistrationRow } from '../factories/registrations.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let otherEvent: EventRow;
let organiser: HttpAgent;
let staff: HttpAgent;
let speaker: HttpAgent;
let otherOrganiser: HttpAgent;
let guestCategory: string;
let pressCategory: string;
let zhang: RegistrationRow;
let pending: RegistrationRow;

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { slug: 'sip-forum-2027', status: 'published', title: { en: 'Suzhou Industrial Park Forum', 'zh-CN': '苏州工业园区论坛' }, startsAt: wallTime('2027-05-18 09:00'), endsAt: wallTime('2027-05-18 18:00') });
  otherEvent = await createEvent(t.db, { slug: 'hangzhou-ai-2027', title: { en: 'Hangzhou AI Forum' } });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-01-01 00:00'), closesAt: wallTime('2027-05-17 00:00') });
  const [guest, press] = await t.db
    .insert(registrationCategories)
    .values([
      { eventId: event.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' }, colour: '#0b3d91' },
      { eventId: event.id, code: 'PRESS', name: { en: 'Press', 'zh-CN': '媒体' }, colour: '#f2c94c', position: 1 },
    ])
    .returning();
  guestCategory = guest!.id;
  pressCategory = press!.id;
  zhang = (await createRegistrations(t.db, event.id, guestCategory, [{ givenName: 'Wei', familyName: 'Zhang', nameZh: '张伟', organisation: 'Tsinghua University', email: 'zhang.wei@tsinghua.example.cn' }]))[0]!;
  pending = (await createRegistrations(t.db, event.id, guestCategory, [{ givenName: 'Lena', familyName: 'Vogel', organisation: 'Fraunhofer IPA', status: 'pending' }]))[0]!;
  // 200 confirmed press badges for the batch, and one confirmed at the other event.
  await createRegistrations(t.db, event.id, pressCategory, Array.from({ length: 200 }, (_, i) => ({ givenName: 'Min', familyName: `Reporter${String(i).padStart(3, '0')}`, nameZh: `记者${i}`, organisation: 'Xinhua News Agency' })));
  const [otherCategory] = await t.db.insert(registrationCategories).values({ eventId: otherEvent.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  await createRegistrations(t.db, otherEvent.id, otherCategory!.id, [{ givenName: 'Jun', familyName: 'Li' }]);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  staff = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
  speaker = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'speaker']] }));
  otherOrganiser = await signedInAgent(t, await createUser(t.db, { roles: [[otherEvent.id, 'organiser']] }));
});
afterAll(async () => t.close());

const badgeUrl = (registrationId: string, layout = 'a6') => `/admin/events/${event.id}/registrations/${registrationId}/badge?layout=${layout}`;
const badgesPage = (query = '') => `/admin/events/${event.id}/badges${query}`;
const jobCount = async () => (await t.db.select({ n: count() }).from(badgeJobs))[0]!.n;

async function startJob(as: HttpAgent, fields: Record<string, string>, query = '') {
  const page = await as.get(badgesPage(query));
  return as.post(badgesPage(), { ...hiddenFields(page.body, `/admin/events/${event.id}/badges`), ...fields });
}

describe('one person’s badge', () => {
  it('prints the Latin and Chinese names, the organisation and the category, with a QR code that scans as the ticket', async () => {
    const res = await organiser.get(badgeUrl(zhang.id));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdfPages(pdf)).toBe(1);
    const lines = pdfText(pdf).split('\n').map((line) => line.trim()).filter(Boolean);
    expect(lines).toEqual(['Suzhou Industrial Park Forum · 苏州工业园区论坛', 'Wei Zhang', '张伟', 'Tsinghua University', 'Guest · 嘉宾']);
    const qr = scanQr(pdf, 1);
    // The same secret the confirmation mail's QR code carries (registration.ticketCode), at least 25 mm wide.
    expect(qr?.text).toBe(zhang.ticketCode);
    expect(qr!.sideMm).toBeGreaterThanOrEqual(25);
  });

  it('fits on an A4 label sheet too, one page, still scannable at 25 mm', async () => {
    const res = await organiser.get(badgeUrl(zhang.id, 'a4-8'));
    expect(res.statusCode).toBe(200);
    expect(pdfPages(res.rawPayload)).toBe(1);
    expect(pdfText(res.rawPayload)).toContain('张伟');
    const qr = scanQr(res.rawPayload, 1);
    expect(qr?.text).toBe(zhang.ticketCode);
    expect(qr!.sideMm).toBeGreaterThanOrEqual(25);
  });

  it('refuses an unknown layout and a registration that is not confirmed, saying why', async () => {
    const layout = await organiser.get(badgeUrl(zhang.id, 'a5-landscape'));
    expect(layout.statusCode).toBe(400);
    expect(layout.body).toContain('Choose a layout: A6 cards or the A4 label sheet of 8.');
    const notConfirmed = await organiser.get(badgeUrl(pending.id));
    expect(notConfirmed.statusCode).toBe(409);
    expect(notConfirmed.body).toContain('Only confirmed registrations get a badge: their QR code is the ticket.');
  });

  it('is open to check-in staff (they reprint lost badges), refused to speakers (403) and to other events’ organisers (404)', async () => {
    expect((await staff.get(badgeUrl(zhang.id))).statusCode).toBe(200);
    expect((await speaker.get(badgeUrl(zhang.id))).statusCode).toBe(403);
    expect((await otherOrganiser.get(badgeUrl(zhang.id))).statusCode).toBe(404);
    // Another event’s registration through this event’s address is unknown here.
    const [stranger] = await createRegistrations(t.db, otherEvent.id, (await t.db.select().from(registrationCategories).where(eq(registrationCategories.eventId, otherEvent.id)))[0]!.id, [{}]);
    expect((await organiser.get(badgeUrl(stranger!.id))).statusCode).toBe(404);
  });

  it('is offered on the registration page of a confirmed registration only', async () => {
    const confirmed = await organiser.get(`/admin/events/${event.id}/registrations/${zhang.id}`);
    expect(confirmed.body).toContain(`action="/admin/events/${event.id}/registrations/${zhang.id}/badge"`);
    const notYet = await organiser.get(`/admin/events/${event.id}/registrations/${pending.id}`);
    expect(notYet.body).not.toContain('/badge"');
  });
});

describe('badges of the participant list', () => {
  it('links from the list with its filter, and counts the confirmed participants the filter finds', async () => {
    const list = await organiser.get(`/admin/events/${event.id}/registrations?category=${pressCategory}&sort=name`);
    expect(list.body).toContain(`<a href="/admin/events/${event.id}/badges?category&#x3D;${pressCategory}&amp;sort&#x3D;name">Print badges</a>`);
    const page = await organiser.get(badgesPage(`?category=${pressCategory}&sort=name`));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('200 confirmed participants match the participant list’s filter and get a badge.');
    // Everyone confirmed: the 200 and Wei Zhang, not the pending registration nor the other event’s.
    expect((await organiser.get(badgesPage())).body).toContain('201 confirmed participants get a badge.');
  });

  it('makes 200 badges in the background with visible progress, then offers the PDF: 25 A4 sheets', async () => {
    const res = await startJob(organiser, { layout: 'a4-8' }, `?category=${pressCategory}&sort=name`);
    expect(res.statusCode).toBe(303);
    const jobPage = String(res.headers.location);
    const jobId = jobPage.split('/').at(-1)!;
    expect(jobPage).toBe(`/admin/events/${event.id}/badges/jobs/${jobId}`);
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          const progress = (await organiser.get(`/api${jobPage}`)).json() as { status: string; done: number; total: number; downloadUrl: string | null };
          expect(progress.total).toBe(200);
          seen.push(progress.done);
          return progress.status;
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe('done');
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((done) => done > 0 && done < 200)).toBe(true);
    expect(seen.at(-1)).toBe(200);

    const page = await organiser.get(jobPage);
    expect(page.body).toContain('The PDF is ready.');
    expect(page.body).toContain(`href="${jobPage}/pdf"`);
    // Finished: no self-reload for browsers without JavaScript.
    expect(page.body).not.toContain('http-equiv="refresh"');
    const download = await organiser.get(`${jobPage}/pdf`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe('attachment; filename="sip-forum-2027-badges-a4-8-200.pdf"');
    expect(pdfPages(download.rawPayload)).toBe(25);
    const text = pdfText(download.rawPayload);
    expect(text).toContain('Min Reporter000');
    expect(text).toContain('记者199');
    expect(text).toContain('Xinhua News Agency');
    expect(text).not.toContain('Wei Zhang');
    // Sorted by name, as the list was: the first label of the first sheet is Reporter000, the last sheet ends with 199.
    expect(text.indexOf('Reporter000')).toBeLessThan(text.indexOf('Reporter001'));

    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'badges.print'), eq(auditLog.targetId, jobId)));
    expect(audit?.after).toEqual({ layout: 'a4-8', total: 200, filter: { category: pressCategory, sort: 'name' } });
  });

  it('prints one A6 page per badge; the same form sent twice makes one job', async () => {
    const form = await organiser.get(badgesPage('?q=Reporter00&sort=name'));
    const fields: Record<string, string> = { ...hiddenFields(form.body, `/admin/events/${event.id}/badges`), layout: 'a6' };
    expect(fields.formToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const before = await jobCount();
    const res = await organiser.post(badgesPage(), fields);
    expect(res.statusCode).toBe(303);
    const jobPage = String(res.headers.location);
    const again = await organiser.post(badgesPage(), fields);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(jobPage);
    expect(await jobCount()).toBe(before + 1);
    await expect.poll(async () => ((await organiser.get(`/api${jobPage}`)).json() as { status: string }).status, { timeout: 30_000 }).toBe('done');
    const pdf = (await organiser.get(`${jobPage}/pdf`)).rawPayload;
    expect(pdfPages(pdf)).toBe(10);
  });

  it('shows progress that reloads itself without JavaScript while the job waits, and refuses the PDF until it is ready', async () => {
    const [job] = await t.db
      .insert(badgeJobs)
      .values({ eventId: event.id, layout: 'a6', status: 'running', registrationIds: [zhang.id, zhang.id], total: 2, done: 1, expiresAt: new Date(t.clock.now().getTime() + 3_600_000) })
      .returning();
    const page = await organiser.get(`/admin/events/${event.id}/badges/jobs/${job!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<noscript><meta http-equiv="refresh" content="3"></noscript>');
    expect(page.body).toContain('1 of 2 badges drawn');
    const early = await organiser.get(`/admin/events/${event.id}/badges/jobs/${job!.id}/pdf`);
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('The PDF is not ready yet.');
  });

  it('refuses an unknown layout and a filter that finds no one, with the reason, writing nothing', async () => {
    const before = await jobCount();
    const layout = await startJob(organiser, { layout: 'poster' });
    expect(layout.statusCode).toBe(422);
    expect(layout.body).toContain('Choose a layout: A6 cards or the A4 label sheet of 8.');
    const none = await startJob(organiser, { layout: 'a6', q: 'nobody-is-called-this' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('No confirmed participant matches this filter, so there is no badge to print.');
    // Only pending registrations match: still no one to print.
    const pendingOnly = await startJob(organiser, { layout: 'a6', status: 'pending' });
    expect(pendingOnly.statusCode).toBe(422);
    expect(await jobCount()).toBe(before);
  });

  it('is refused to check-in staff (403) and to another event’s organiser (404), pages, JSON and downloads alike', async () => {
    const [job] = await t.db.select({ id: badgeJobs.id }).from(badgeJobs).where(and(eq(badgeJobs.eventId, event.id), eq(badgeJobs.status, 'done'))).limit(1);
    const urls = [badgesPage(), `/admin/events/${event.id}/badges/jobs/${job!.id}`, `/api/admin/events/${event.id}/badges/jobs/${job!.id}`, `/admin/events/${event.id}/badges/jobs/${job!.id}/pdf`];
    for (const url of urls) {
      expect((await staff.get(url)).statusCode, url).toBe(403);
      expect((await otherOrganiser.get(url)).statusCode, url).toBe(404);
    }
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await staff.get('/account')).body)![1]!;
    expect((await staff.post(badgesPage(), { _csrf: csrf, layout: 'a6' })).statusCode).toBe(403);
    // The other event’s organiser cannot reach this event’s job through their own event either.
    const ownEventUrl = `/admin/events/${otherEvent.id}/badges/jobs/${job!.id}/pdf`;
    expect((await otherOrganiser.get(ownEventUrl)).statusCode).toBe(404);
  });

  it('deletes the PDF a day later: the job page then says so (410)', async () => {
    const [job] = await t.db.select({ id: badgeJobs.id }).from(badgeJobs).where(eq(badgeJobs.status, 'done')).limit(1);
    // As if a day had passed (moving the clock would also end the organiser's session).
    await t.db.update(badgeJobs).set({ expiresAt: new Date(t.clock.now().getTime() - 60_000) }).where(eq(badgeJobs.id, job!.id));
    const res = await organiser.get(`/admin/events/${event.id}/badges/jobs/${job!.id}/pdf`);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('This badge PDF has been deleted because it held personal data for a day.');
    // The daily privacy sweep deletes the row and its PDF.
    await t.jobs.boss.send(QUEUES.privacyRetention, {});
    await expect.poll(async () => (await t.db.select({ id: badgeJobs.id }).from(badgeJobs).where(eq(badgeJobs.id, job!.id))).length, { timeout: 40_000, interval: 500 }).toBe(0);
  });
});

describe('the badge’s lines', () => {
  const badge = { latinName: 'Fatima Zahra Benali', chineseName: null, organisation: 'Technopark Casablanca', categoryName: 'Participant', categoryColour: '#1d4ed8', ticketCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567' };
  const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');

  it('balance a title that wraps, on A6 and on labels: no word is left alone on the last line', async () => {
    const title = 'World Conference of Science Parks and Areas of Innovation 2027';
    for (const layout of ['a6', 'a4-8'] as const) {
      const text = lines(pdfText(await renderBadgesPdf([{ ...badge, eventTitle: title }], layout)));
      const first = text.findIndex((line) => line.startsWith('World Conference'));
      expect(`${text[first]} ${text[first + 1]}`, layout).toBe(title);
      // Without balancing the A6 card had "2027" alone on its second line.
      expect(text[first + 1]!.split(' ').length, layout).toBeGreaterThanOrEqual(3);
    }
  });

  it('print a name typed in Chinese characters family name first, and once: not "伟 王" with "王伟" under it', async () => {
    const [wang] = await createRegistrations(t.db, event.id, guestCategory, [{ givenName: '伟', familyName: '王', nameZh: '王伟', organisation: '苏州大学' }]);
    const text = lines(pdfText((await organiser.get(badgeUrl(wang!.id))).rawPayload));
    expect(text).toEqual(['Suzhou Industrial Park Forum · 苏州工业园区论坛', '王伟', '苏州大学', 'Guest · 嘉宾']);
  });

  it('set a bilingual title too long for one line language by language, neither cut nor split across the other', async () => {
    const title = 'World Conference of Science Parks and Areas of Innovation 2027 · 2027世界科技园区与创新区域大会';
    for (const layout of ['a6', 'a4-8'] as const) {
      const text = lines(pdfText(await renderBadgesPdf([{ ...badge, eventTitle: title }], layout)));
      // The English in two balanced lines, then the Chinese on its own (before: "… Innovation / 2027 · 2027世界…").
      expect(text.slice(0, 3), layout).toEqual(['World Conference of Science', 'Parks and Areas of Innovation 2027', '2027世界科技园区与创新区域大会']);
    }
    // A long Chinese title on a label keeps all its words over two lines, instead of being cut with an ellipsis.
    const long = lines(pdfText(await renderBadgesPdf([{ ...badge, eventTitle: 'Belt and Road Science and Technology Innovation Cooperation Forum · “一带一路”科技创新合作论坛暨2027中关村论坛平行论坛' }], 'a4-8')));
    expect(long.slice(0, 4).join('')).toBe('Belt and Road Science and TechnologyInnovation Cooperation Forum“一带一路”科技创新合作论坛暨2027中关村论坛平行论坛');
  });

  it('leave a Chinese title at the full width, where a narrower line would cut a word in two', async () => {
    const title = '“一带一路”科技创新合作论坛暨2027中关村论坛平行论坛';
    const text = lines(pdfText(await renderBadgesPdf([{ ...badge, eventTitle: title }], 'a4-8')));
    const first = text.findIndex((line) => line.startsWith('“一带一路”'));
    expect(text[first]).toBe('“一带一路”科技创新合作论坛暨2027中关村论坛');
    expect(text[first + 1]).toBe('平行论坛');
  });
});

describe('the CJK font', () => {
  it('is found on this machine, and its absence is explained with how to install it', () => {
    expect(locateCjkFont().regular.face).toBe('NotoSansCJKsc-Regular');
    expect(() => locateCjkFont({ directories: ['/nonexistent'], fontconfig: false })).toThrow(CjkFontMissingError);
    expect(() => locateCjkFont({ directories: ['/nonexistent'], fontconfig: false })).toThrow('install it with `sudo apt-get install fonts-noto-cjk`');
  });
});
