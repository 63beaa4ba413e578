// The personal agenda: the browser's stars shown by day, the e-mail link that keeps them on every device (a neutral
// answer for any address, a single-use link), the stars API the page's script syncs with (CSRF, ids of this event’s
// published agenda only), and the private calendar feed of the starred sessions.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokens, agendaSessions, personalAgendas, registrationCategories, sessionBookings } from '../../src/db/schema/index.ts';
import { issueAccessToken } from '../../src/features/access-tokens/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { csrfTokenIn, hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let other: EventRow;
const ids = { keynote: '', panel: '', dinner: '', elsewhere: '' };
const SLUG = 'zgc-forum-2026';
const PAGE = `/events/${SLUG}/my-agenda`;

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, {
    slug: SLUG,
    status: 'published',
    title: { en: 'Zhongguancun Forum', 'zh-CN': '中关村论坛' },
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-19 00:00'),
  });
  other = await createEvent(t.db, { slug: 'other-forum-2026', status: 'published', startsAt: wallTime('2026-09-17 00:00'), endsAt: wallTime('2026-09-19 00:00') });
  const { rooms } = await createVenueWithRooms(t.db, event.id, [300]);
  const add = async (eventId: string, values: Omit<typeof agendaSessions.$inferInsert, 'eventId'>) => (await t.db.insert(agendaSessions).values({ eventId, ...values }).returning())[0]!.id;
  ids.keynote = await add(event.id, { type: 'keynote', title: { en: 'Opening keynote', 'zh-CN': '开幕主旨演讲' }, roomId: rooms[0]!.id, startsAt: wallTime('2026-09-17 09:00'), endsAt: wallTime('2026-09-17 09:45') });
  ids.panel = await add(event.id, { type: 'panel', title: { en: 'Panel on technology transfer' }, startsAt: wallTime('2026-09-18 14:00'), endsAt: wallTime('2026-09-18 15:00') });
  ids.dinner = await add(event.id, { type: 'networking', title: { en: 'Welcome dinner' }, startsAt: wallTime('2026-09-17 19:00'), endsAt: wallTime('2026-09-17 21:00') });
  ids.elsewhere = await add(other.id, { type: 'keynote', title: { en: 'Someone else’s keynote' }, startsAt: wallTime('2026-09-17 09:00'), endsAt: wallTime('2026-09-17 10:00') });
  for (const e of [event, other]) {
    const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[e.id, 'organiser']] }));
    const res = await organiser.submit(`/admin/events/${e.id}/agenda`, {}, `/admin/events/${e.id}/agenda/publish`);
    expect(res.statusCode).toBe(303);
  }
});
afterAll(async () => t?.close());

const linkIn = (text: string | undefined) => {
  const m = new RegExp(`http://forumdesk\\.test(${PAGE}/confirm/[A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!m) throw new Error(`no confirmation link in:\n${JSON.stringify(text)}`);
  return m[1]!;
};

/** Fills in the "keep my agenda" form on `page` as a person would (after a few seconds), and sends it. */
async function askForLink(agent: HttpAgent, email: string, page = PAGE) {
  const form = await agent.get(page);
  expect(form.statusCode).toBe(200);
  t.clock.advance({ seconds: 3 });
  return agent.post(`${PAGE}/keep`, { ...hiddenFields(form.body, `${PAGE}/keep`), email });
}

async function confirm(agent: HttpAgent, link: string) {
  const page = await agent.get(link);
  expect(page.statusCode).toBe(200);
  return agent.post(link, hiddenFields(page.body, link));
}

const stored = async () => t.db.select().from(personalAgendas).where(eq(personalAgendas.eventId, event.id));

function postStars(agent: HttpAgent, body: unknown, csrf?: string) {
  return agent.app.inject({
    method: 'POST',
    url: `${PAGE}/stars`,
    remoteAddress: agent.remoteAddress,
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie: agent.cookieHeader, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    payload: JSON.stringify(body),
  });
}

const dataCsrf = (html: string) => /data-csrf="([^"]+)"/.exec(html)![1]!;

describe('the personal agenda page from the browser’s stars', () => {
  it('shows the starred sessions of the published agenda by day in the event’s zone, with a link to un-star each', async () => {
    const res = await new HttpAgent(t.app).get(`${PAGE}?s=${ids.panel},nonsense,${ids.keynote.toUpperCase()},${ids.elsewhere},${ids.panel}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>My agenda</h1>');
    expect(res.body).toContain('All times are in Beijing time.');
    expect(res.body.match(/<h2 id="day-\d">[^<]*<\/h2>/g)).toEqual(['<h2 id="day-0">17 Sep 2026</h2>', '<h2 id="day-1">18 Sep 2026</h2>']);
    expect(res.body).toContain('<time datetime="2026-09-17T01:00:00.000Z">09:00</time>–<time datetime="2026-09-17T01:45:00.000Z">09:45</time>');
    // Each title leads to its session's page, as on the agenda.
    expect(res.body).toContain(`<h3 class="session-card__title"><a href="/events/${SLUG}/sessions/${ids.keynote}">Opening keynote</a></h3>`);
    expect(res.body).toContain('Panel on technology transfer');
    expect(res.body).not.toContain('Welcome dinner');
    expect(res.body).not.toContain('Someone else’s keynote');
    expect(res.body).toContain(`data-shown="${ids.keynote},${ids.panel}"`);
    expect(res.body).toContain(`<a href="${PAGE}?s&#x3D;${ids.panel}" data-unstar="${ids.keynote}">Remove “Opening keynote” from my agenda</a>`);
    expect(res.body).toContain(`<input type="hidden" name="s" value="${ids.keynote},${ids.panel}">`);
    expect(res.body).toContain('<script type="module" src="/static/js/stars.js"></script>');
  });

  it('shows the times in the zone the reader chose on the agenda, a session past midnight there with “+1 day”', async () => {
    // 19:00–21:00 in Beijing is 23:00–01:00 in Auckland (UTC+12 in September).
    const res = await new HttpAgent(t.app).get(`${PAGE}?s=${ids.dinner},${ids.keynote}&tz=Pacific%2FAuckland`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<p class="zone-notice" title="Pacific/Auckland">Times are shown in Auckland time, the zone you chose. The event itself runs on Beijing time.</p>');
    expect(res.body).toContain(`<a href="${PAGE}?s&#x3D;${ids.keynote}%2C${ids.dinner}" data-zone-choice="event">`);
    expect(res.body.match(/<h2 id="day-\d">[^<]*<\/h2>/g)).toEqual(['<h2 id="day-0">17 Sep 2026</h2>']);
    expect(res.body).toContain('<time datetime="2026-09-17T11:00:00.000Z">23:00</time>–<time datetime="2026-09-17T13:00:00.000Z">01:00</time> <span class="day-offset" title="ends the next day">+1 day</span>');
    // Un-starring keeps the zone and this browser's stars; the time-zone page leads back here (the stars, kept by
    // this browser, come back with its script, as whenever the address lacks them).
    expect(res.body).toContain(`<a href="${PAGE}?s&#x3D;${ids.dinner}&amp;tz&#x3D;Pacific%2FAuckland" data-unstar="${ids.keynote}">`);
    expect(res.body).toContain(`<a class="zone-control__change" href="/events/${SLUG}/time-zone?return&#x3D;%2Fevents%2F${SLUG}%2Fmy-agenda&amp;tz&#x3D;Pacific%2FAuckland">Change time zone</a>`);
    expect(res.body).not.toContain('All times are shown in each event’s own time zone.');
    // In the event’s zone, the same dinner ends the day it starts.
    const beijing = await new HttpAgent(t.app).get(`${PAGE}?s=${ids.dinner}`);
    expect(beijing.body).toContain('<time datetime="2026-09-17T11:00:00.000Z">19:00</time>–<time datetime="2026-09-17T13:00:00.000Z">21:00</time></p>');
    expect(beijing.body).toContain('All times are shown in each event’s own time zone.');
  });

  it('says there is nothing yet without stars, in the reader’s language', async () => {
    const res = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(PAGE);
    expect(res.body).toContain('您还没有收藏任何场次。');
    expect(res.body).toContain('在我的所有设备上保留议程');
  });

  it('is 404 for a draft or unknown event', async () => {
    const draft = await createEvent(t.db, { slug: 'draft-forum-mine', status: 'draft' });
    expect((await new HttpAgent(t.app).get(`/events/${draft.slug}/my-agenda`)).statusCode).toBe(404);
    expect((await new HttpAgent(t.app).get('/events/nothing-here/my-agenda')).statusCode).toBe(404);
  });
});

describe('keeping the agenda on every device', () => {
  let phone: HttpAgent;
  let secret = '';

  it('answers with the same neutral page for any address, and mails a link', async () => {
    const laptop = new HttpAgent(t.app);
    const res = await askForLink(laptop, '  Wang.Fang@Example.ORG ', `${PAGE}?s=${ids.keynote}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Check your mail</h1>');
    expect(res.body).toContain('If wang.fang@example.org can receive mail, a link to keep your agenda is on its way.');
    const unknown = await askForLink(new HttpAgent(t.app), 'nobody.at.all@unknown.example');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('If nobody.at.all@unknown.example can receive mail, a link to keep your agenda is on its way.');
    const mail = await t.mail.waitForTo('wang.fang@example.org');
    expect(mail.subject).toBe('Keep your agenda for Zhongguancun Forum');
    expect(mail.text).toContain('The link works once, within 24 hours.');
    expect(await stored()).toEqual([]);

    // Opened on the phone: it keeps the stars the laptop sent, and binds the phone.
    phone = new HttpAgent(t.app);
    const link = linkIn(mail.text);
    const page = await phone.get(link);
    expect(page.body).toContain('Keep your agenda for Zhongguancun Forum on this device, linked to wang.fang@example.org.');
    const done = await phone.post(link, hiddenFields(page.body, link));
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${PAGE}?notice=confirmed`);
    const cookie = done.cookies.find((c) => c.name === 'fd_my_agenda')!;
    expect({ path: cookie.path, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }).toEqual({ path: PAGE, httpOnly: true, sameSite: 'Lax' });
    const [row] = await stored();
    expect(row).toMatchObject({ email: 'wang.fang@example.org', sessionIds: [ids.keynote] });
    expect(row!.feedSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    secret = row!.feedSecret;

    const mine = await phone.follow(done);
    expect(mine.body).toContain('Your agenda is now kept on this device.');
    expect(mine.body).toContain('Your agenda is kept for wang.fang@example.org');
    // The address not to share is the subscription link, not the e-mail address just above.
    expect(mine.body).toContain('Do not share this subscription link: anyone who has it sees your agenda.');
    expect(mine.body).toContain(`href="webcal://forumdesk.test${PAGE}/${secret}.ics?lang&#x3D;en"`);
    expect(mine.body).toContain(`href="http://forumdesk.test${PAGE}/${secret}.ics?lang&#x3D;en" download`);
    expect(mine.body).toContain('Opening keynote');
    // Once kept, the server's stars are shown, not the address's.
    expect((await phone.get(`${PAGE}?s=${ids.dinner}`)).body).not.toContain('Welcome dinner');
  });

  it('uses the link only once, and only for its event', async () => {
    await askForLink(new HttpAgent(t.app), 'once.only@example.org');
    const link = linkIn((await t.mail.waitForTo('once.only@example.org')).text);
    expect((await new HttpAgent(t.app).get(link.replace(SLUG, other.slug))).statusCode).toBe(404);
    const first = new HttpAgent(t.app);
    expect((await confirm(first, link)).statusCode).toBe(303);
    const second = new HttpAgent(t.app);
    const again = await second.get(link);
    expect(again.statusCode).toBe(410);
    expect((await second.post(link, { _csrf: csrfTokenIn((await second.get(PAGE)).body) })).statusCode).toBe(410);
    expect(second.cookies.has('fd_my_agenda')).toBe(false);
  });

  it('says in its mail, in both languages, that the link works once and how to keep the agenda on another device', async () => {
    await askForLink(new HttpAgent(t.app), 'mail.words@example.org');
    const en = (await t.mail.waitForTo('mail.words@example.org')).text ?? '';
    expect(en).toContain(
      'Open the link below to keep your agenda for Zhongguancun Forum on the device where you open it. The link works only once: to keep your agenda on another device too, open “My agenda” on that device and ask for a new link with this address. Every device then shows the same agenda.',
    );
    expect(en).not.toContain('again from this mail');
    // Asking for a link is no participation in the event: the footer says why the mail came.
    expect(en).toContain('You receive this message because you asked for a link to keep your agenda for an event run with Forum Desk.');
    expect(en).not.toContain('because of your participation');
    await askForLink(new HttpAgent(t.app, { lang: 'zh-CN' }), 'mail.words.zh@example.org');
    const zh = (await t.mail.waitForTo('mail.words.zh@example.org')).text ?? '';
    expect(zh).toContain('打开下方链接，即可在打开它的设备上保存您的中关村论坛议程。此链接仅可使用一次：如需在其他设备上也保存议程，请在该设备上打开“我的议程”页面，用此邮箱重新申请链接。之后各设备将显示相同的议程。');
    expect(zh).not.toContain('从此邮件打开');
    expect(zh).toContain('您收到此邮件，是因为您为通过 Forum Desk 举办的活动申请了保存议程的链接。');
    // The link opens in the language it was asked in, and the agenda it leads to stays in it.
    const link = `${linkIn(zh)}?lang=zh-CN`;
    expect(zh).toContain(`http://forumdesk.test${link}`);
    const browser = new HttpAgent(t.app);
    const page = await browser.get(link);
    expect(page.body).toContain('<html lang="zh-CN"');
    expect(page.body).toContain('在此设备上保存您的中关村论坛议程，关联邮箱 mail.words.zh@example.org。');
    const done = await browser.post(link, hiddenFields(page.body, link));
    expect([done.statusCode, done.headers.location]).toEqual([303, `${PAGE}?notice=confirmed&lang=zh-CN`]);
  });

  it('refuses an address that is not one, writing nothing', async () => {
    const res = await askForLink(new HttpAgent(t.app), 'not an address');
    expect(res.statusCode).toBe(422);
    // Worded as on the registration form, which the same person fills in.
    expect(res.body).toContain('Enter an e-mail address such as name@example.com.');
    const zh = await askForLink(new HttpAgent(t.app, { lang: 'zh-CN' }), 'not an address');
    expect(zh.statusCode).toBe(422);
    expect(zh.body).toContain('请填写有效的电子邮箱，如 name@example.com。');
  });

  it('syncs stars through the JSON API with the page’s CSRF token, for this event’s published sessions only', async () => {
    const page = await phone.get(PAGE);
    // Linked to an address, it shows that address and the private feed: never kept by the browser.
    expect(page.headers['cache-control']).toBe('no-store');
    const csrf = dataCsrf(page.body);
    const ok = await postStars(phone, { add: [ids.panel, ids.dinner], remove: [ids.keynote] }, csrf);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ sessionIds: [ids.panel, ids.dinner] });

    const before = await stored();
    const refused = [
      [{ add: [ids.elsewhere], remove: [] }, 422],
      [{ add: ['01900000-0000-7000-8000-000000000000'], remove: [] }, 422],
      [{ add: [ids.keynote, 'nonsense'], remove: [] }, 422],
      [{ add: [], remove: [ids.elsewhere] }, 422],
      [{ add: 'all', remove: [] }, 422],
    ] as const;
    for (const [body, status] of refused) {
      const res = await postStars(phone, body, csrf);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
    expect((await postStars(phone, { add: [ids.keynote], remove: [] })).statusCode).toBe(403);
    expect((await postStars(phone, { add: [ids.keynote], remove: [] }, `${csrf.slice(0, -4)}AAAA`)).statusCode).toBe(403);
    // A browser that never confirmed has no agenda to sync to.
    const stranger = new HttpAgent(t.app);
    const strangerCsrf = csrfTokenIn((await stranger.get(PAGE)).body);
    expect((await postStars(stranger, { add: [ids.keynote], remove: [] }, strangerCsrf)).statusCode).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it('gives the agenda pages’ script where and with which token to sync, only to a browser that confirmed', async () => {
    const res = await phone.get(`${PAGE}/sync`, { accept: 'application/json' });
    expect([res.statusCode, res.headers['cache-control']]).toEqual([200, 'private, no-store']);
    const { url, csrf } = res.json() as { url: string; csrf: string };
    expect(url).toBe(`${PAGE}/stars`);
    const ok = await postStars(phone, { add: [], remove: [] }, csrf);
    expect([ok.statusCode, ok.json()]).toEqual([200, { sessionIds: [ids.panel, ids.dinner] }]);
    const stranger = await new HttpAgent(t.app).get(`${PAGE}/sync`, { accept: 'application/json' });
    expect([stranger.statusCode, stranger.headers['content-type']]).toEqual([404, 'application/problem+json; charset=utf-8']);
  });

  it('un-stars without the script too, back on the page in the zone and language it was read in', async () => {
    const page = await phone.get(`${PAGE}?tz=Europe%2FRome&lang=zh-CN`);
    const action = /<form class="session-card__unstar" method="post" action="([^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    expect(action).toBe(`${PAGE}/unstar?tz=Europe%2FRome&lang=zh-CN`);
    const res = await phone.post(action, { ...hiddenFields(page.body, `${PAGE}/unstar`), sessionId: ids.dinner });
    expect([res.statusCode, res.headers.location]).toEqual([303, `${PAGE}?tz=Europe%2FRome&lang=zh-CN`]);
    expect((await stored()).find((r) => r.email === 'wang.fang@example.org')!.sessionIds).toEqual([ids.panel]);
  });

  it('serves the private feed with only the starred sessions; an unknown secret is 404', async () => {
    const res = await new HttpAgent(t.app).get(`${PAGE}/${secret}.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    // Saved as what it is, never under its secret.
    expect(res.headers['content-disposition']).toBe(`inline; filename="${SLUG}-my-agenda.ics"`);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Zhongguancun Forum – my agenda');
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.map((v) => [v.getFirstPropertyValue('uid'), v.getFirstPropertyValue('summary'), (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()])).toEqual([
      [`${ids.panel}@forumdesk.test`, 'Panel on technology transfer', '2026-09-18T06:00:00.000Z'],
    ]);
    expect((await new HttpAgent(t.app).get(`${PAGE}/${'A'.repeat(43)}.ics`)).statusCode).toBe(404);
    expect((await new HttpAgent(t.app).get(`/events/${other.slug}/my-agenda/${secret}.ics`)).statusCode).toBe(404);
  });

  it('finds the same agenda when the address confirms on another device', async () => {
    await askForLink(new HttpAgent(t.app), 'wang.fang@example.org');
    const mails = async () => {
      for (let i = 0; i < 50 && t.mail.to('wang.fang@example.org').length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      return t.mail.to('wang.fang@example.org');
    };
    const link = linkIn((await mails())[1]!.text);
    const tablet = new HttpAgent(t.app);
    await confirm(tablet, link);
    const rows = (await stored()).filter((r) => r.email === 'wang.fang@example.org');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.feedSecret).toBe(secret);
    expect((await tablet.get(PAGE)).body).toContain('Panel on technology transfer');
  });

  it('limits link requests per address', async () => {
    const agent = new HttpAgent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await askForLink(agent, `rate.${i}@example.org`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('carried by a registration', () => {
  it('opens the address’s agenda on this device from the manage link, with no other mail; a cancelled registration cannot', async () => {
    const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant' } }).returning();
    const [guest, gone] = await createRegistrations(t.db, event.id, category!.id, [{ email: 'chen.jie@example.org' }, { email: 'cancelled.guest@example.org', status: 'cancelled' }]);
    const manage = async (id: string) => `/registrations/manage/${(await issueAccessToken(t.db, t.clock, { purpose: 'manage-registration', subject: id, ttlSeconds: 3600 })).token}`;
    const base = await manage(guest!.id);
    const laptop = new HttpAgent(t.app);
    const page = await laptop.get(base);
    expect(page.body).toContain('<h2 id="my-agenda-heading">Your personal agenda</h2>');
    const mailsBefore = t.mail.to('chen.jie@example.org').length;
    const opened = await laptop.submit(base, {}, `${base}/my-agenda`);
    expect([opened.statusCode, opened.headers.location]).toEqual([303, `${PAGE}?notice=registration`]);
    const [row] = (await stored()).filter((r) => r.email === 'chen.jie@example.org');
    expect(row!.sessionIds).toEqual([]);
    const agenda = await laptop.follow(opened);
    expect(agenda.body).toContain('Your agenda is now kept on this device with your registration.');
    expect(agenda.body).toContain('chen.jie@example.org');
    // The browser's stars go to the address's agenda, as after a mailed link.
    const synced = await postStars(laptop, { add: [ids.keynote], remove: [] }, dataCsrf(agenda.body));
    expect(synced.json()).toEqual({ sessionIds: [ids.keynote] });
    // A second device opens the same agenda, and the feed is the same.
    const phone2 = new HttpAgent(t.app);
    await phone2.submit(base, {}, `${base}/my-agenda`);
    expect((await stored()).filter((r) => r.email === 'chen.jie@example.org').map((r) => [r.id, r.feedSecret])).toEqual([[row!.id, row!.feedSecret]]);
    expect((await phone2.get(PAGE)).body).toContain('Opening keynote');
    expect(t.mail.to('chen.jie@example.org').length).toBe(mailsBefore);

    // The data download lists it; deleting the registration deletes it.
    const data = JSON.parse((await laptop.get(`${base}/data.json`)).body);
    expect(data.personalAgenda).toEqual({ starredSessionIds: [ids.keynote], createdAt: row!.createdAt.toISOString(), updatedAt: expect.any(String) });

    const cancelledBase = await manage(gone!.id);
    const cancelled = new HttpAgent(t.app);
    expect((await cancelled.get(cancelledBase)).body).not.toContain('my-agenda-heading');
    const before = await stored();
    // The form is not shown: sent anyway (with the page's token), it is refused and writes nothing.
    const csrf = hiddenFields((await cancelled.get(cancelledBase)).body, `${cancelledBase}/delete`);
    expect((await cancelled.post(`${cancelledBase}/my-agenda`, csrf)).statusCode).toBe(409);
    expect(await stored()).toEqual(before);

    // An earlier, cancelled registration of the same address deleted: the active one still carries the agenda.
    const [earlier] = await createRegistrations(t.db, event.id, category!.id, [{ email: 'chen.jie@example.org', status: 'cancelled' }]);
    const earlierBase = await manage(earlier!.id);
    const old = new HttpAgent(t.app);
    await old.get(earlierBase);
    expect((await old.submit(earlierBase, { confirm: 'yes' }, `${earlierBase}/delete`)).statusCode).toBe(303);
    expect((await stored()).filter((r) => r.email === 'chen.jie@example.org')).toHaveLength(1);

    const erased = await laptop.submit(base, { confirm: 'yes' }, `${base}/delete`);
    expect(erased.statusCode).toBe(303);
    expect((await stored()).filter((r) => r.email === 'chen.jie@example.org')).toEqual([]);
  });
});

describe('the sessions a registration booked', () => {
  it('are on the address’s agenda and in its feed while booked, marked as booked, not to be un-starred', async () => {
    const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'VISIT', name: { en: 'Visitor' } }).returning();
    const [visitor] = await createRegistrations(t.db, event.id, category!.id, [{ email: 'ana.silva@example.org' }]);
    await t.db.insert(sessionBookings).values({ registrationId: visitor!.id, sessionId: ids.dinner });
    const base = `/registrations/manage/${(await issueAccessToken(t.db, t.clock, { purpose: 'manage-registration', subject: visitor!.id, ttlSeconds: 3600 })).token}`;
    const phone = new HttpAgent(t.app);
    await phone.get(base);
    await phone.submit(base, {}, `${base}/my-agenda`);
    const page = await phone.get(PAGE);
    const cards = page.body.split('<li class="session-card').slice(1);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toContain('Welcome dinner');
    expect(cards[0]).toMatch(/<span class="badge badge--reg-confirmed">Booked<\/span>\s+<span class="muted">You booked it with your registration; change it through your registration’s link\.<\/span>/);
    expect(cards[0]).not.toContain('data-unstar');
    // Starring adds to it; the booking is no star.
    const synced = await postStars(phone, { add: [ids.keynote], remove: [] }, dataCsrf(page.body));
    expect(synced.json()).toEqual({ sessionIds: [ids.keynote] });
    const [row] = (await stored()).filter((r) => r.email === 'ana.silva@example.org');
    const feed = async () => {
      const calendar = new ICAL.Component(ICAL.parse((await new HttpAgent(t.app).get(`${PAGE}/${row!.feedSecret}.ics`)).body));
      return calendar.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('summary'));
    };
    expect(await feed()).toEqual(['Opening keynote', 'Welcome dinner']);
    const zh = await phone.get(`${PAGE}?lang=zh-CN`);
    expect(zh.body).toMatch(/<span class="badge badge--reg-confirmed">已预约<\/span>\s+<span class="muted">已随报名预约；如需更改，请使用报名链接。<\/span>/);

    // Cancelled, the registration books nothing any more: the star stays, the booking leaves page and feed.
    expect((await phone.submit(base, { confirm: 'yes' }, `${base}/cancel`)).statusCode).toBe(303);
    expect(await feed()).toEqual(['Opening keynote']);
    expect((await phone.get(PAGE)).body).not.toContain('Welcome dinner');
  });
});

describe('fuzzing the link form and the stars API', () => {
  const linkTokens = async () => (await t.db.select().from(accessTokens).where(eq(accessTokens.purpose, 'my-agenda'))).length;

  it('refuses anything that is not an address with 422, whatever the starred ids say, and issues no link', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }).map((text) => text.replaceAll('@', '')), fc.string({ maxLength: 400 }), async (email, starIds) => {
        const agent = new HttpAgent(t.app);
        const form = await agent.get(PAGE);
        t.clock.advance({ seconds: 3 });
        const before = await linkTokens();
        const res = await agent.post(`${PAGE}/keep`, { ...hiddenFields(form.body, `${PAGE}/keep`), email, s: starIds });
        expect(res.statusCode).toBe(422);
        expect(await linkTokens()).toBe(before);
      }),
      { numRuns: 20 },
    );
  });

  it('applies a change exactly when every id belongs, as a model says, and writes nothing otherwise', async () => {
    const agent = new HttpAgent(t.app);
    await askForLink(agent, 'model.check@example.org');
    await confirm(agent, linkIn((await t.mail.waitForTo('model.check@example.org')).text));
    const csrf = dataCsrf((await agent.get(PAGE)).body);
    const published = [ids.keynote, ids.panel, ids.dinner];
    const anyId = fc.oneof(fc.constantFrom(...published), fc.constant(ids.elsewhere), fc.uuid(), fc.string({ maxLength: 40 }));
    const row = async () => (await stored()).find((r) => r.email === 'model.check@example.org')!;
    await fc.assert(
      fc.asyncProperty(fc.array(anyId, { maxLength: 6 }), fc.array(anyId, { maxLength: 6 }), async (add, remove) => {
        const was = (await row()).sessionIds;
        const ok = add.every((id) => published.includes(id)) && remove.every((id) => published.includes(id) || was.includes(id));
        const res = await postStars(agent, { add, remove }, csrf);
        expect(res.statusCode, res.body).toBe(ok ? 200 : 422);
        const expected = ok ? [...new Set([...was, ...add])].filter((id) => !remove.includes(id)) : was;
        expect((await row()).sessionIds).toEqual(expected);
        if (ok) expect(res.json()).toEqual({ sessionIds: expected });
      }),
      { numRuns: 60 },
    );
  });
});
