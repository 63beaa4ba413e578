// What participants read in their registration mails, in English and Chinese: the organiser's decision message with
// its paragraphs, the venue, the ticket code in the text part, the way back after a cancellation, and calendar files
// that name the organiser and take the event out of the calendar again after a cancellation.
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, events, registrationCategories, registrations, registrationSettings, venues } from '../../src/db/schema/index.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { publishAgendaAsIs } from '../factories/agenda.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let guestId: string;
let vipId: string;
let visitId: string;

const person = (categoryId: string, email: string, familyName: string, locale: 'en' | 'zh-CN', sessionIds: string[] = []): RegistrationValues => ({
  categoryId, email, familyName, givenName: 'Ana', nameZh: null, organisation: 'Universidad de Chile', jobTitle: null, country: 'CL', mobile: '+56912345678',
  dietary: null, interpretationNeeds: null, residence: 'other', idType: 'passport', idNumber: 'P1234567', nationality: 'CL', answers: {}, sessionIds, locale,
});

let tokens = 0;
async function registerDirectly(categoryId: string, email: string, familyName: string, locale: 'en' | 'zh-CN', sessionIds: string[] = []) {
  tokens += 1;
  await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, person(categoryId, email, familyName, locale, sessionIds), {
    actor: { actorId: null, requestId: null },
    formToken: `mails-token-${String(tokens).padStart(12, '0')}`,
    consentVersion: '2026-11',
  });
  const [row] = await t.db.select().from(registrations).where(eq(registrations.email, email));
  return row!;
}

/** The HTML part without the styles juice inlined, so tests read the markup. */
const markup = (mail: ParsedMail) => String(mail.html).replace(/ style="[^"]*"/g, '');

/** The `n`th mail (from 1) to `address` with `subject`, once it has arrived. */
async function nthMailTo(address: string, subject: string, n: number): Promise<ParsedMail> {
  const matching = () => t.mail.to(address).filter((m) => m.subject === subject);
  await expect.poll(() => matching().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(n);
  return matching()[n - 1]!;
}
const mailTo = (address: string, subject: string) => nthMailTo(address, subject, 1);

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set('2027-03-01T02:00:00Z');
  event = await createEvent(t.db, {
    slug: 'zgc-mails-2027',
    status: 'published',
    title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛' },
    startsAt: wallTime('2027-04-20 09:00'),
    endsAt: wallTime('2027-04-22 18:00'),
    contactEmail: 'forum@zgc.example.org',
  });
  await t.db.insert(venues).values({ eventId: event.id, name: { en: 'Zhongguancun Exhibition Center', 'zh-CN': '中关村展示中心' }, address: { en: '1 Zhongguancun East Road, Beijing', 'zh-CN': '北京市中关村东路1号' } });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00'), capacity: 500 });
  const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' }, position: 0 }).returning();
  const [vip] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'DIPLO', name: { en: 'Diplomat', 'zh-CN': '外交官' }, requiresApproval: true, position: 1 }).returning();
  guestId = guest!.id;
  vipId = vip!.id;
  const [visit] = await t.db
    .insert(agendaSessions)
    .values({ eventId: event.id, type: 'site-visit', title: { en: 'Technical visit A: Zhongguancun Science City', 'zh-CN': '技术参观A线：中关村科学城' }, capacity: 20, startsAt: wallTime('2027-04-22 09:00'), endsAt: wallTime('2027-04-22 12:30') })
    .returning();
  visitId = visit!.id;
  await publishAgendaAsIs(t.db, event);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t.close());

async function approve(ids: string[], message: string) {
  const page = `/admin/events/${event.id}/registrations/approvals`;
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await organiser.get(page)).body)![1]!;
  const res = await organiser.post(page, { _csrf: csrf, decision: 'approve', message, ids });
  expect(res.statusCode).toBe(200);
}

describe('the organiser’s decision message', () => {
  it('keeps its paragraphs and line breaks in the HTML, escaped, and quotes every line in the text', async () => {
    const ana = await registerDirectly(vipId, 'ana.rojas@embassy.example.cl', 'Rojas', 'en');
    const li = await registerDirectly(vipId, 'li.na@embassy.example.cn', 'Li', 'zh-CN');
    await approve([ana.id, li.id], 'Dear guests,\r\nthe day starts at 9:00.\r\n\r\n<b>Bring</b> your passport.');

    const en = await mailTo('ana.rojas@embassy.example.cl', 'Zhongguancun Forum 2027: your registration is approved — your ticket');
    expect(markup(en)).toContain('<blockquote class="quote"><p>Dear guests,<br>the day starts at 9:00.</p><p>&lt;b&gt;Bring&lt;/b&gt; your passport.</p></blockquote>');
    expect(en.text).toContain('\n\n> Dear guests,\n> the day starts at 9:00.\n>\n> <b>Bring</b> your passport.\n\nTicket code: ');

    const zh = await mailTo('li.na@embassy.example.cn', '2027中关村论坛：报名已通过审核，您的电子票');
    expect(markup(zh)).toContain('<blockquote class="quote"><p>Dear guests,<br>the day starts at 9:00.</p><p>&lt;b&gt;Bring&lt;/b&gt; your passport.</p></blockquote>');
    expect(zh.text).toContain('\n\n> Dear guests,\n> the day starts at 9:00.\n>\n> <b>Bring</b> your passport.\n\n票号：');
  });
});

/** The first VEVENT of an .ics attachment, read by ical.js, and the calendar's METHOD. */
function calendarOf(mail: ParsedMail, filename = 'event.ics') {
  const attachment = mail.attachments.find((a) => a.filename === filename);
  expect(attachment, `${filename} in “${mail.subject}”`).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(attachment!.content.toString('utf8')));
  // The attachment's Content-Type header as sent, with its parameters (charset, method, name).
  const header = attachment!.headers.get('content-type') as { value: string; params: Record<string, string> };
  return { method: calendar.getFirstPropertyValue('method'), vevent: calendar.getFirstSubcomponent('vevent')!, contentType: attachment!.contentType, contentTypeHeader: header };
}

describe('the calendar file', () => {
  it('names the event as ORGANIZER, reached at its contact address, else at the address its mail comes from', async () => {
    await registerDirectly(guestId, 'chidi.okafor@example.ng', 'Okafor', 'en');
    const { method, vevent, contentTypeHeader } = calendarOf(await mailTo('chidi.okafor@example.ng', 'You are registered for Zhongguancun Forum 2027: your ticket'));
    expect(method).toBe('PUBLISH');
    // RFC 6047: the part names the file's METHOD; and its charset, for strict clients reading Chinese text.
    expect(contentTypeHeader).toEqual({ value: 'text/calendar', params: { charset: 'utf-8', method: 'PUBLISH', name: 'event.ics' } });
    const organizer = vevent.getFirstProperty('organizer')!;
    expect([organizer.getFirstValue(), organizer.getParameter('cn')]).toEqual(['mailto:forum@zgc.example.org', 'Zhongguancun Forum 2027']);

    await registerDirectly(guestId, 'wang.fang@example.cn', 'Wang', 'zh-CN');
    const zh = calendarOf(await mailTo('wang.fang@example.cn', '2027中关村论坛报名成功：您的电子票')).vevent.getFirstProperty('organizer')!;
    expect([zh.getFirstValue(), zh.getParameter('cn')]).toEqual(['mailto:forum@zgc.example.org', '2027中关村论坛']);

    await t.db.update(events).set({ contactEmail: null }).where(eq(events.id, event.id));
    try {
      await registerDirectly(guestId, 'amara.diallo@example.sn', 'Diallo', 'en');
      const { vevent: without } = calendarOf(await mailTo('amara.diallo@example.sn', 'You are registered for Zhongguancun Forum 2027: your ticket'));
      // RFC 5546 wants an ORGANIZER in a PUBLISH: the sender's address stands in for the missing contact.
      const fallback = without.getFirstProperty('organizer')!;
      expect([fallback.getFirstValue(), fallback.getParameter('cn')]).toEqual(['mailto:no-reply@forumdesk.localhost', 'Zhongguancun Forum 2027']);
    } finally {
      await t.db.update(events).set({ contactEmail: 'forum@zgc.example.org' }).where(eq(events.id, event.id));
    }
  });
});

const manageLinkIn = (text: string) => /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;

async function cancelThroughLink(link: string) {
  const agent = new HttpAgent(t.app);
  const res = await agent.submit(`/registrations/manage/${link}`, { confirm: 'yes' }, `/registrations/manage/${link}/cancel`);
  expect(res.statusCode).toBe(303);
}

describe('cancelling', () => {
  it('mails a calendar file that cancels the event the confirmation added, and a new registration outranks it again', async () => {
    const address = 'olu.adeyemi@example.ng';
    const registered = 'You are registered for Zhongguancun Forum 2027: your ticket';
    const cancelled = 'Zhongguancun Forum 2027: your registration is cancelled';
    // SEQUENCE counts seconds since 2026 (twice; a cancellation's one more), so it only grows, whatever is erased.
    const seconds = () => Math.floor((t.clock.now().getTime() - Date.UTC(2026, 0, 1)) / 1000);
    const registeredAt = seconds();
    await registerDirectly(guestId, address, 'Adeyemi', 'en');
    const first = await nthMailTo(address, registered, 1);
    const added = calendarOf(first);
    expect([added.method, added.vevent.getFirstPropertyValue('sequence'), added.vevent.getFirstPropertyValue('status')]).toEqual(['PUBLISH', 2 * registeredAt, null]);
    const uid = added.vevent.getFirstPropertyValue('uid');
    expect(uid).toBe(`event-${event.id}@forumdesk.test`);

    t.clock.advance({ minutes: 5 });
    const cancelledAt = seconds();
    await cancelThroughLink(manageLinkIn(first.text!));
    const cancellation = await nthMailTo(address, cancelled, 1);
    const removed = calendarOf(cancellation);
    expect(removed.contentType).toBe('text/calendar');
    expect(removed.contentTypeHeader).toEqual({ value: 'text/calendar', params: { charset: 'utf-8', method: 'CANCEL', name: 'event.ics' } });
    expect(cancellation.attachments.map((a) => a.filename)).toEqual(['event.ics']);
    expect([removed.method, removed.vevent.getFirstPropertyValue('uid'), removed.vevent.getFirstPropertyValue('sequence'), removed.vevent.getFirstPropertyValue('status')]).toEqual(['CANCEL', uid, 2 * cancelledAt + 1, 'CANCELLED']);
    expect((removed.vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(event.startsAt.toISOString());
    expect(removed.vevent.getFirstProperty('organizer')!.getFirstValue()).toBe('mailto:forum@zgc.example.org');
    expect(cancellation.text).toContain('\n\nIf you had added the event to your calendar, the attached event.ics file takes it out again.\n\n');
    expect(markup(cancellation)).toContain('<p class="muted">If you had added the event to your calendar, the attached event.ics file takes it out again.</p>');

    // Registering again: the new files outrank the cancellation, the next cancellation outranks them.
    t.clock.advance({ minutes: 5 });
    const againAt = seconds();
    await registerDirectly(guestId, address, 'Adeyemi', 'en');
    const second = await nthMailTo(address, registered, 2);
    expect([calendarOf(second).vevent.getFirstPropertyValue('uid'), calendarOf(second).vevent.getFirstPropertyValue('sequence')]).toEqual([uid, 2 * againAt]);
    expect(2 * againAt).toBeGreaterThan(2 * cancelledAt + 1);
    const link = manageLinkIn(second.text!);
    const download = await new HttpAgent(t.app).get(`/registrations/manage/${link}/event.ics`);
    expect(new ICAL.Component(ICAL.parse(download.body)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(2 * againAt);
    t.clock.advance({ minutes: 5 });
    const lastAt = seconds();
    await cancelThroughLink(link);
    const again = calendarOf(await nthMailTo(address, cancelled, 2));
    expect([again.method, again.vevent.getFirstPropertyValue('sequence'), again.vevent.getFirstPropertyValue('status')]).toEqual(['CANCEL', 2 * lastAt + 1, 'CANCELLED']);
  });

  it('says so in Chinese to a Chinese participant', async () => {
    const address = 'zhao.lei@example.cn';
    await registerDirectly(guestId, address, 'Zhao', 'zh-CN');
    await cancelThroughLink(manageLinkIn((await mailTo(address, '2027中关村论坛报名成功：您的电子票')).text!));
    const cancellation = await mailTo(address, '2027中关村论坛：您的报名已取消');
    const { method, vevent, contentTypeHeader } = calendarOf(cancellation);
    expect([method, vevent.getFirstPropertyValue('summary'), vevent.getFirstPropertyValue('status')]).toEqual(['CANCEL', '2027中关村论坛', 'CANCELLED']);
    expect(contentTypeHeader.params).toEqual({ charset: 'utf-8', method: 'CANCEL', name: 'event.ics' });
    expect(cancellation.text).toContain('\n\n如您曾将本活动添加到日历，可用附件 event.ics 将其移除。\n\n');
  });
});

describe('what the ticket mails say', () => {
  it('offers the text reader the ticket code, not a QR code, lists sessions with a dash and names the venue', async () => {
    const row = await registerDirectly(guestId, 'kwame.mensah@example.gh', 'Mensah', 'en', [visitId]);
    const mail = await mailTo('kwame.mensah@example.gh', 'You are registered for Zhongguancun Forum 2027: your ticket');
    expect(mail.text).toContain(`Your registration for Zhongguancun Forum 2027 is confirmed. At the entrance, show the ticket code below.\n\nTicket code: ${row.ticketCode}\n`);
    // Not "QR" alone: a random ticket code or manage link may hold those two letters.
    expect(mail.text).not.toMatch(/QR code/i);
    expect(mail.text).toContain('\nYour sessions:\n- Technical visit A: Zhongguancun Science City — 22 Apr 2027, 09:00–12:30 (Beijing time)\n');
    expect(mail.text).toContain('\nDates: 20–22 Apr 2027\nVenue: Zhongguancun Exhibition Center, 1 Zhongguancun East Road, Beijing\n');
    const html = markup(mail);
    expect(html).toContain('<p>Your registration for Zhongguancun Forum 2027 is confirmed. Show the QR code below at the entrance.</p>');
    expect(html).toContain('<p><span class="label">Venue</span><br>Zhongguancun Exhibition Center, 1 Zhongguancun East Road, Beijing</p>');
  });

  it('says the same in Chinese, with the venue in Chinese', async () => {
    const row = await registerDirectly(guestId, 'zhou.min@example.cn', 'Zhou', 'zh-CN', [visitId]);
    const mail = await mailTo('zhou.min@example.cn', '2027中关村论坛报名成功：您的电子票');
    expect(mail.text).toContain(`您已成功报名2027中关村论坛。入场时请出示下方票号。\n\n票号：${row.ticketCode}\n`);
    expect(mail.text).not.toContain('二维码');
    expect(mail.text).toContain('\n您预约的场次：\n- 技术参观A线：中关村科学城——2027年4月22日 09:00–12:30（北京时间）\n');
    expect(mail.text).toContain('\n场馆：中关村展示中心，北京市中关村东路1号\n');
    const html = markup(mail);
    expect(html).toContain('<p>您已成功报名2027中关村论坛。入场时请出示下方二维码。</p>');
    expect(html).toContain('<p><span class="label">场馆</span><br>中关村展示中心，北京市中关村东路1号</p>');
  });

  it('names the venue in the approval mail too', async () => {
    const ana = await registerDirectly(vipId, 'sofia.vega@embassy.example.cl', 'Vega', 'en');
    await approve([ana.id], '');
    const mail = await mailTo('sofia.vega@embassy.example.cl', 'Zhongguancun Forum 2027: your registration is approved — your ticket');
    expect(mail.text).toContain('The organisers have approved your registration for Zhongguancun Forum 2027. At the entrance, show the ticket code below.\n');
    expect(mail.text).toContain('\nVenue: Zhongguancun Exhibition Center, 1 Zhongguancun East Road, Beijing\n');
  });
});

describe('the cancellation mail', () => {
  it('gives the registration link while registration is open, in both languages', async () => {
    await registerDirectly(guestId, 'nia.okoro@example.ng', 'Okoro', 'en');
    await cancelThroughLink(manageLinkIn((await mailTo('nia.okoro@example.ng', 'You are registered for Zhongguancun Forum 2027: your ticket')).text!));
    const mail = await mailTo('nia.okoro@example.ng', 'Zhongguancun Forum 2027: your registration is cancelled');
    expect(mail.text).toContain('Your registration for Zhongguancun Forum 2027 is cancelled and your seat has been given up.\n\nDates: 20–22 Apr 2027\n\nRegistration is still open, so you can register again.\n\nRegister again:\nhttp://forumdesk.test/events/zgc-mails-2027/register\n');
    expect(markup(mail)).toContain('<p>Registration is still open, so you can register again.</p>\n<p><a class="button" href="http://forumdesk.test/events/zgc-mails-2027/register">Register again</a></p>');

    await registerDirectly(guestId, 'sun.li@example.cn', 'Sun', 'zh-CN');
    await cancelThroughLink(manageLinkIn((await mailTo('sun.li@example.cn', '2027中关村论坛报名成功：您的电子票')).text!));
    const zh = await mailTo('sun.li@example.cn', '2027中关村论坛：您的报名已取消');
    expect(zh.text).toContain('您对2027中关村论坛的报名已取消，名额已释放。\n\n日期：2027年4月20日至22日\n\n报名仍在开放，您可以重新报名。\n\n重新报名：\nhttp://forumdesk.test/events/zgc-mails-2027/register\n');
  });

  it('offers no way back once registration has closed', async () => {
    await registerDirectly(guestId, 'lena.berg@example.se', 'Berg', 'en');
    const link = manageLinkIn((await mailTo('lena.berg@example.se', 'You are registered for Zhongguancun Forum 2027: your ticket')).text!);
    t.clock.set('2027-04-16T02:00:00Z');
    try {
      await cancelThroughLink(link);
      const mail = await mailTo('lena.berg@example.se', 'Zhongguancun Forum 2027: your registration is cancelled');
      expect(mail.text).toContain('Your registration for Zhongguancun Forum 2027 is cancelled and your seat has been given up.\n\nDates: 20–22 Apr 2027\n\nIf you had added');
      expect(mail.text).not.toContain('/register');
      expect(mail.html).not.toContain('/register');
    } finally {
      t.clock.set('2027-03-01T02:00:00Z');
    }
  });
});
