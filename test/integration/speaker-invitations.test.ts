// Speaker invitations end to end: an organiser invites people to sessions with a role and a message; the mail they
// receive (real SMTP, parsed) names the sessions in the event’s zone and carries accept/decline links; the link's page
// changes nothing, its buttons do (signing the person in as a speaker); accepting after publication brings the
// calendar invitation; declined people stay off the public pages; reminders at most once a day; organisers only.
import { and, eq, sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, sessionPeople, speakerInvitations, speakerInvitationSessions, speakers, speakerShares } from '../../src/db/schema/index.ts';
import { speakerEmail } from '../../src/features/speaker-portal/identity.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiserUser: TestUser;
let organiser: HttpAgent;
const session = { keynote: '', panel: '', closing: '', cancelled: '' };
const person = { liNa: '', noEmail: '' };
const SLUG = 'belt-and-road-invitations';
const LINK = /http:\/\/forumdesk\.test\/speaker-invitations\/([A-Za-z0-9_-]{43})\?answer=(accept|decline)&lang=(en|zh-CN)/g;

beforeAll(async () => {
  t = await buildTestApp({
    // Who the session belongs to, as the portal will read it.
    extend: (app) => void app.get('/test/speaker', async (request) => ({ email: speakerEmail(request) ?? null })),
  });
  event = await createEvent(t.db, { slug: SLUG, title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' } });
  const { rooms } = await createVenueWithRooms(t.db, event.id, [300, 120]);
  const add = async (title: Record<string, string>, from: string, to: string, roomId: string | null, status: 'scheduled' | 'cancelled' = 'scheduled') =>
    (await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'keynote', title, startsAt: wallTime(from), endsAt: wallTime(to), roomId, status }).returning())[0]!.id;
  session.keynote = await add({ en: 'Opening keynote', 'zh-CN': '开幕主旨演讲' }, '2027-03-27 09:00', '2027-03-27 09:45', rooms[0]!.id);
  session.panel = await add({ en: 'Panel: green corridors', 'zh-CN': '圆桌：绿色走廊' }, '2027-03-27 14:00', '2027-03-27 15:00', rooms[1]!.id);
  session.closing = await add({ en: 'Closing remarks', 'zh-CN': '闭幕致辞' }, '2027-03-27 17:00', '2027-03-27 17:30', null);
  session.cancelled = await add({ en: 'Site visit' }, '2027-03-27 16:00', '2027-03-27 17:00', null, 'cancelled');
  const speaker = async (values: Omit<typeof speakers.$inferInsert, 'eventId'>) => (await t.db.insert(speakers).values({ eventId: event.id, ...values }).returning())[0]!.id;
  person.liNa = await speaker({ name: { en: 'Li Na', 'zh-CN': '李娜' }, email: 'li.na@example.org', organisation: { en: 'Tsinghua University' } });
  person.noEmail = await speaker({ name: { en: 'Marco Rossi' } });
  organiserUser = await createUser(t.db, { name: 'Zhou Min', roles: [[event.id, 'organiser']] });
  organiser = await signedInAgent(t, organiserUser);
});
afterAll(async () => t?.close());

const page = () => `/admin/events/${event.id}/speakers/invitations`;
const formPage = () => `${page()}/new`;

/** The invite form as an organiser fills it in. */
function inviteFields(fields: { speakerId?: string; nameEn?: string; nameZh?: string; email?: string; sessions: [string, string][]; message?: string; locale?: string }) {
  return {
    speakerId: fields.speakerId ?? '',
    nameEn: fields.nameEn ?? '',
    nameZh: fields.nameZh ?? '',
    email: fields.email ?? '',
    session: fields.sessions.map(([id]) => id),
    ...Object.fromEntries(fields.sessions.map(([id, role]) => [`role-${id}`, role])),
    message: fields.message ?? '',
    locale: fields.locale ?? '',
  };
}

async function invite(fields: Parameters<typeof inviteFields>[0], as = organiser) {
  const form = await as.get(formPage());
  expect(form.statusCode).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  return as.post(page(), { _csrf: csrf, ...inviteFields(fields) });
}

/** Waits until no invitation run and no delivery is left waiting, so "no new mail" can be asserted. */
const settled = () => jobsSettled(t.db);

async function linksIn(mail: ParsedMail) {
  const found = [...mail.text!.matchAll(LINK)].map((m) => ({ url: m[0], token: m[1]!, answer: m[2]!, lang: m[3]! }));
  expect(found.map((f) => f.answer)).toEqual(['accept', 'decline']);
  expect(found[0]!.token).toBe(found[1]!.token);
  const hrefs = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));
  expect(hrefs).toEqual(expect.arrayContaining(found.map((f) => f.url)));
  return { token: found[0]!.token, lang: found[0]!.lang, accept: found[0]!.url.replace('http://forumdesk.test', ''), decline: found[1]!.url.replace('http://forumdesk.test', '') };
}

const peopleOf = async (sessionId: string) =>
  (await t.db.select({ speakerId: sessionPeople.speakerId, role: sessionPeople.role, status: sessionPeople.status }).from(sessionPeople).where(eq(sessionPeople.sessionId, sessionId))).sort((a, b) =>
    a.speakerId.localeCompare(b.speakerId),
  );
const auditActions = async (action: string) => t.db.select().from(auditLog).where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, action)));
const postWithPageToken = async (agent: HttpAgent, pageUrl: string, action: string, fields: Record<string, string> = {}) => {
  const res = await agent.get(pageUrl);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!;
  return agent.post(action, { _csrf: csrf, ...fields });
};

describe('speaker invitations', () => {
  let liNaLinks: Awaited<ReturnType<typeof linksIn>>;
  let wangLinks: Awaited<ReturnType<typeof linksIn>>;
  let firstInvitation = '';

  it('an organiser invites someone from the speaker list to two sessions; the mail names who, what, when (zone named), where and the message', async () => {
    const res = await invite({ speakerId: person.liNa, sessions: [[session.keynote, 'speaker'], [session.panel, 'moderator']], message: 'Dear Professor Li,\nwe would be <b>delighted</b> & honoured.' });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    expect(res.headers.location).toBe(page());
    const mail = await t.mail.waitForTo('li.na@example.org');
    expect(mail.subject).toBe('Invitation to take part in Belt and Road Innovation Forum');
    expect(mail.to).toMatchObject({ value: [{ address: 'li.na@example.org', name: 'Li Na' }] });
    expect(mail.text).toContain('Zhou Min, on behalf of the organisers of Belt and Road Innovation Forum, would be honoured to have you on the programme');
    expect(mail.text).toContain('Session: Opening keynote\nYour role: Speaker\nTime: 27 Mar 2027, 09:00–09:45 (Beijing time)\nPlace: Room 301, China National Convention Center');
    expect(mail.text).toContain('Session: Panel: green corridors\nYour role: Moderator\nTime: 27 Mar 2027, 14:00–15:00 (Beijing time)\nPlace: Room 302, China National Convention Center');
    expect(mail.text).toContain('Dear Professor Li,\nwe would be <b>delighted</b> & honoured.');
    expect(mail.html).toContain('we would be &lt;b&gt;delighted&lt;/b&gt; &amp; honoured.');
    expect(mail.html).not.toContain('<b>delighted</b>');
    liNaLinks = await linksIn(mail);
    expect(liNaLinks.lang).toBe('en');

    const [row] = await t.db.select().from(speakerInvitations).where(eq(speakerInvitations.speakerId, person.liNa));
    expect(row).toMatchObject({ eventId: event.id, invitedBy: organiserUser.id, locale: 'en', message: 'Dear Professor Li,\nwe would be <b>delighted</b> & honoured.', answer: null, answeredAt: null, remindedAt: null });
    expect(row!.sentAt).toEqual(t.clock.now());
    firstInvitation = row!.id;
    const lines = await t.db.select({ sessionId: speakerInvitationSessions.sessionId, role: speakerInvitationSessions.role }).from(speakerInvitationSessions).where(eq(speakerInvitationSessions.invitationId, row!.id));
    expect(lines.sort((a, b) => a.role.localeCompare(b.role))).toEqual([{ sessionId: session.panel, role: 'moderator' }, { sessionId: session.keynote, role: 'speaker' }]);
    expect(await peopleOf(session.keynote)).toEqual([{ speakerId: person.liNa, role: 'speaker', status: 'invited' }]);
    expect(await peopleOf(session.panel)).toEqual([{ speakerId: person.liNa, role: 'moderator', status: 'invited' }]);
    const [audit] = await auditActions('speaker-invitation.send');
    expect(audit).toMatchObject({ actorId: organiserUser.id, targetType: 'speaker-invitation', targetId: row!.id });
  });

  it('a new person with a Chinese name only: a speaker entry is created and the mail is in Chinese', async () => {
    const res = await invite({ nameZh: '王伟', email: ' Wang.Wei@Example.CN ', sessions: [[session.panel, 'panelist']] });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const [created] = await t.db.select().from(speakers).where(eq(speakers.email, 'wang.wei@example.cn'));
    expect(created).toMatchObject({ eventId: event.id, name: { 'zh-CN': '王伟' } });
    expect(await auditActions('speaker.create')).toHaveLength(1);
    const mail = await t.mail.waitForTo('wang.wei@example.cn');
    expect(mail.subject).toBe('诚邀您参加一带一路创新论坛');
    expect(mail.text).toContain('尊敬的王伟：');
    expect(mail.text).toContain('Zhou Min谨代表一带一路创新论坛主办方，诚挚邀请您参与以下场次。');
    expect(mail.text).toContain('场次：圆桌：绿色走廊\n您的角色：对话嘉宾\n时间：2027年3月27日 14:00–15:00（北京时间）\n地点：302会议室，国家会议中心');
    wangLinks = await linksIn(mail);
    expect(wangLinks.lang).toBe('zh-CN');
  });

  it('an address already on the list is that person: no second entry, whatever name was typed', async () => {
    const before = await t.db.select().from(speakers).where(eq(speakers.eventId, event.id));
    const res = await invite({ nameEn: 'Nina Li', email: 'LI.NA@example.org', sessions: [[session.closing, 'host']], locale: 'zh-CN' });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    expect(await t.db.select().from(speakers).where(eq(speakers.eventId, event.id))).toHaveLength(before.length);
    expect(await peopleOf(session.closing)).toEqual([{ speakerId: person.liNa, role: 'host', status: 'invited' }]);
    await t.mail.waitFor(3);
    const second = t.mail.to('li.na@example.org')[1]!;
    expect(second.subject).toBe('诚邀您参加一带一路创新论坛');
  });

  it('bad input comes back with messages beside the fields, and nothing is written or sent', async () => {
    const count = async () => (await t.db.execute(sql`select (select count(*) from speaker_invitations)::int as i, (select count(*) from session_people)::int as p, (select count(*) from speakers)::int as s, (select count(*) from audit_log)::int as a, (select count(*) from messages)::int as m`)) as unknown;
    const before = JSON.stringify(await count());
    const cases: [Parameters<typeof inviteFields>[0], string[]][] = [
      [{ email: 'not-an-address', nameEn: 'Someone', sessions: [] }, ['Enter an e-mail address such as name@example.org.', 'Tick at least one session.']],
      [{ email: 'new.person@example.org', sessions: [[session.keynote, 'keynote-speaker']] }, ['Give the person’s name in English, in Chinese or both.', 'Choose a role for “Opening keynote”: speaker, moderator, panelist or host.']],
      [{ speakerId: person.noEmail, sessions: [[session.keynote, 'speaker']] }, ['This person has no e-mail address. Add one on the speaker list, then invite them.']],
      [{ speakerId: person.liNa, sessions: [[session.cancelled, 'speaker']], message: 'x'.repeat(2001) }, ['“Site visit” is cancelled', 'This is too long: use at most 2000 characters.']],
      [{ email: '', sessions: [['01900000-0000-7000-8000-000000000000', 'speaker']], locale: 'fr' }, ['Enter the e-mail address the invitation should go to.', 'One of the ticked sessions is not on this event', 'Choose English, Chinese or automatic for the language of the mail.']],
    ];
    for (const [fields, messages] of cases) {
      const res = await invite(fields);
      expect(res.statusCode, res.body.slice(0, 500)).toBe(422);
      expect(res.body).toContain('There is a problem');
      for (const message of messages) expect(res.body).toContain(message);
      if (fields.message) expect(res.body).toContain('x'.repeat(2001));
    }
    expect(JSON.stringify(await count())).toBe(before);
  });

  it('the link opens a page with the sessions and both buttons, and changes nothing', async () => {
    const visitor = new HttpAgent(t.app);
    const res = await visitor.get(liNaLinks.accept);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Li Na, you are invited to take part in the sessions below.');
    expect(res.body).toContain('Opening keynote');
    expect(res.body).toContain('Panel: green corridors');
    expect(res.body).toContain('27 Mar 2027, 09:00–09:45 (Beijing time)');
    expect(res.body).toContain(`action="/speaker-invitations/${liNaLinks.token}/accept"`);
    expect(res.body).toContain(`action="/speaker-invitations/${liNaLinks.token}/decline"`);
    expect(res.body).toContain('we would be &lt;b&gt;delighted&lt;/b&gt;');
    expect(await peopleOf(session.keynote)).toEqual([{ speakerId: person.liNa, role: 'speaker', status: 'invited' }]);
    expect((await visitor.get('/test/speaker')).json()).toEqual({ email: null });
  });

  it('the organiser sees each session\'s people as invited, a week later as no answer', async () => {
    let res = await organiser.get(page());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('badge--invitation-invited');
    expect(res.body).not.toContain('badge--invitation-no-answer');
    // Put on a session through the session form, without a mail: not invited yet.
    await t.db.insert(sessionPeople).values({ sessionId: session.keynote, speakerId: person.noEmail, role: 'host', status: 'invited', position: 5 });
    res = await organiser.get(page());
    expect(res.body).toContain('badge--invitation-not-sent');
    expect(res.body).toContain('Not invited yet');
    t.clock.advance({ days: 7 });
    organiser = await signedInAgent(t, organiserUser);
    res = await organiser.get(page());
    expect(res.body).toContain('badge--invitation-no-answer');
    expect(res.body).toContain('>No answer</span>');
  });

  it('the agenda is published; accepting marks every session accepted, signs the person in, goes to /speaker and brings the calendar invitation', async () => {
    const published = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
    expect(published.statusCode).toBe(303);
    await settled();
    const mailsBefore = t.mail.to('li.na@example.org').length;
    const speakerBrowser = new HttpAgent(t.app);
    const res = await postWithPageToken(speakerBrowser, liNaLinks.accept, `/speaker-invitations/${liNaLinks.token}/accept`);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect(res.headers.location).toBe('/speaker');
    const portal = await speakerBrowser.follow(res);
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain('Thank you for accepting. Your sessions are below');
    expect(portal.body).toContain('Opening keynote');
    expect((await speakerBrowser.get('/test/speaker')).json()).toEqual({ email: 'li.na@example.org' });
    expect(await peopleOf(session.keynote)).toEqual(
      [{ speakerId: person.liNa, role: 'speaker', status: 'accepted' }, { speakerId: person.noEmail, role: 'host', status: 'invited' }].sort((a, b) => a.speakerId.localeCompare(b.speakerId)),
    );
    expect(await peopleOf(session.panel)).toContainEqual({ speakerId: person.liNa, role: 'moderator', status: 'accepted' });
    // The closing session belongs to the second invitation, still open.
    expect(await peopleOf(session.closing)).toEqual([{ speakerId: person.liNa, role: 'host', status: 'invited' }]);
    const [row] = await t.db.select().from(speakerInvitations).where(eq(speakerInvitations.id, firstInvitation));
    expect(row).toMatchObject({ answer: 'accepted', answeredAt: t.clock.now(), declineReason: null });
    const [audit] = await auditActions('speaker-invitation.accept');
    expect(audit).toMatchObject({ actorId: null, targetId: row!.id });
    // Accepting at her address confirms she speaks here: the event's team sees her portal profile from now on.
    expect(await t.db.select().from(speakerShares).where(eq(speakerShares.email, 'li.na@example.org'))).toEqual([{ email: 'li.na@example.org', eventId: event.id, via: 'invitation', createdAt: t.clock.now() }]);
    await settled();
    const calendar = t.mail.to('li.na@example.org').slice(mailsBefore);
    expect(calendar.map((m) => m.subject).sort()).toEqual(['Calendar invitation: Opening keynote', 'Calendar invitation: Panel: green corridors']);
    // The same link shows the answer now.
    const again = await new HttpAgent(t.app).get(liNaLinks.accept);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('You accepted on');
  });

  it('someone who accepted a session cannot be invited to it again; the session form links to inviting', async () => {
    const res = await invite({ speakerId: person.liNa, sessions: [[session.keynote, 'host']] });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This person has already accepted “Opening keynote”. Untick it, or change their role on the session form.');
    expect(await peopleOf(session.keynote)).toContainEqual({ speakerId: person.liNa, role: 'speaker', status: 'accepted' });
    const form = await organiser.get(`/admin/events/${event.id}/agenda/${session.keynote}/edit`);
    expect(form.body).toContain(`href="/admin/events/${event.id}/speakers/invitations/new?sessionId=${session.keynote}"`);
    const prefilled = await organiser.get(`${formPage()}?sessionId=${session.keynote}&speakerId=${person.liNa}`);
    expect(prefilled.body).toContain(`<input type="checkbox" name="session" value="${session.keynote}" checked>`);
    expect(prefilled.body).toContain(`<option value="${person.liNa}" selected>`);
  });

  it('declining with a reason: the sessions are declined, the person is signed in, and they never show publicly', async () => {
    const browser = new HttpAgent(t.app, { lang: 'zh-CN' });
    const tooLong = await postWithPageToken(browser, wangLinks.decline, `/speaker-invitations/${wangLinks.token}/decline`, { reason: '忙'.repeat(501) });
    expect(tooLong.statusCode).toBe(422);
    expect(await peopleOf(session.panel)).toContainEqual(expect.objectContaining({ status: 'invited', role: 'panelist' }));
    const res = await postWithPageToken(browser, wangLinks.decline, `/speaker-invitations/${wangLinks.token}/decline`, { reason: '当天在日内瓦出差。' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/speaker-invitations/${wangLinks.token}`);
    expect((await browser.get('/test/speaker')).json()).toEqual({ email: 'wang.wei@example.cn' });
    const [wang] = await t.db.select().from(speakers).where(eq(speakers.email, 'wang.wei@example.cn'));
    expect(await peopleOf(session.panel)).toContainEqual({ speakerId: wang!.id, role: 'panelist', status: 'declined' });
    const [row] = await t.db.select().from(speakerInvitations).where(eq(speakerInvitations.speakerId, wang!.id));
    expect(row).toMatchObject({ answer: 'declined', declineReason: '当天在日内瓦出差。' });
    expect(await auditActions('speaker-invitation.decline')).toHaveLength(1);
    const shown = await browser.follow(res);
    expect(shown.body).toContain('您已于');
    // The organiser sees the answer and the reason, and that the published agenda still lists him.
    const status = await organiser.get(page());
    expect(status.body).toContain('当天在日内瓦出差。');
    expect(status.body).toContain('Still on the published agenda: publish again');
    // Published again: he is on no public page.
    const published = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
    expect(published.statusCode).toBe(303);
    const visitor = new HttpAgent(t.app, { lang: 'zh-CN' });
    const agenda = await visitor.get(`/events/${SLUG}/agenda`);
    expect(agenda.statusCode).toBe(200);
    expect(agenda.body).toContain('李娜');
    expect(agenda.body).not.toContain('王伟');
    expect((await visitor.get(`/events/${SLUG}/sessions/${session.panel}`)).body).not.toContain('王伟');
    expect((await visitor.get(`/events/${SLUG}/speakers`)).body).not.toContain('王伟');
    expect((await visitor.get(`/events/${SLUG}/speakers/${wang!.id}`)).statusCode).toBe(404);
    expect((await visitor.get(`/api/events/${SLUG}/speakers`)).body).not.toContain('王伟');
  });

  it('the same link changes the answer: declining after accepting takes the sessions out of the calendar', async () => {
    const before = t.mail.to('li.na@example.org').length;
    const res = await postWithPageToken(new HttpAgent(t.app), liNaLinks.accept, `/speaker-invitations/${liNaLinks.token}/decline`, { reason: '' });
    expect(res.statusCode).toBe(303);
    expect(await peopleOf(session.panel)).toContainEqual({ speakerId: person.liNa, role: 'moderator', status: 'declined' });
    const [row] = await t.db.select().from(speakerInvitations).where(eq(speakerInvitations.id, firstInvitation));
    expect(row).toMatchObject({ answer: 'declined', declineReason: null });
    // Declining everything takes her profile back from the event's team.
    expect(await t.db.select().from(speakerShares).where(eq(speakerShares.email, 'li.na@example.org'))).toEqual([]);
    await settled();
    expect(t.mail.to('li.na@example.org').slice(before).map((m) => m.subject).sort()).toEqual(['Cancelled: Opening keynote', 'Cancelled: Panel: green corridors']);
    // And back: accepted again, the calendar gets new invitations.
    const again = await postWithPageToken(new HttpAgent(t.app), liNaLinks.accept, `/speaker-invitations/${liNaLinks.token}/accept`);
    expect(again.headers.location).toBe('/speaker');
    expect((await t.db.select().from(speakerShares).where(eq(speakerShares.email, 'li.na@example.org'))).map((r) => r.eventId)).toEqual([event.id]);
    await settled();
    expect(t.mail.to('li.na@example.org').slice(before + 2).map((m) => m.subject).sort()).toEqual(['Calendar invitation: Opening keynote', 'Calendar invitation: Panel: green corridors']);
  });

  it('a reminder goes out at most once a day, with a new link; an answered invitation has nothing to remind', async () => {
    const [open] = await t.db.select().from(speakerInvitations).where(and(eq(speakerInvitations.speakerId, person.liNa), sql`${speakerInvitations.answer} is null`));
    const remind = `${page()}/${open!.id}/remind`;
    let res = await postWithPageToken(organiser, page(), remind);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    await settled();
    const reminder = t.mail.to('li.na@example.org').at(-1)!;
    expect(reminder.subject).toBe('提醒：诚邀您参加一带一路创新论坛');
    expect(reminder.text).toContain('我们尚未收到您的答复，特此再次发送邀请。');
    const links = await linksIn(reminder);
    const [after] = await t.db.select().from(speakerInvitations).where(eq(speakerInvitations.id, open!.id));
    expect(after!.remindedAt).toEqual(t.clock.now());
    expect(after!.tokenId).not.toBe(open!.tokenId);
    expect(await auditActions('speaker-invitation.remind')).toHaveLength(1);
    t.clock.advance({ hours: 23 });
    organiser = await signedInAgent(t, organiserUser);
    const messages = t.mail.messages.length;
    res = await postWithPageToken(organiser, page(), remind);
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('A reminder or the invitation went out less than 24 hours ago.');
    expect(res.body, res.body.slice(res.body.indexOf('notice--danger'), res.body.indexOf('notice--danger') + 400)).toContain('you can send the next reminder from 3 Dec 2026, 10:00 (Beijing time, UTC+8).');
    await settled();
    expect(t.mail.messages).toHaveLength(messages);
    expect(await auditActions('speaker-invitation.remind')).toHaveLength(1);
    // Both the old and the new link open the invitation.
    expect((await new HttpAgent(t.app).get(links.accept)).statusCode).toBe(200);
    const [answered] = await t.db.select().from(speakerInvitations).where(eq(speakerInvitations.answer, 'accepted'));
    res = await postWithPageToken(organiser, page(), `${page()}/${answered!.id}/remind`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('This invitation has been answered; there is nothing to remind.');
  });

  it('a link stops answering once the entry’s address is changed: it cannot answer, sign in or share for the new one', async () => {
    const reminder = t.mail.to('li.na@example.org').filter((m) => m.subject?.startsWith('提醒')).at(-1)!;
    const links = await linksIn(reminder);
    await t.db.update(speakers).set({ email: 'someone.else@example.org' }).where(eq(speakers.id, person.liNa));
    try {
      expect((await new HttpAgent(t.app).get(links.accept)).statusCode).toBe(410);
      const res = await postWithPageToken(new HttpAgent(t.app), '/speaker/sign-in', `/speaker-invitations/${links.token}/accept`);
      expect(res.statusCode).toBe(410);
      expect(await t.db.select().from(speakerShares).where(eq(speakerShares.email, 'someone.else@example.org'))).toEqual([]);
    } finally {
      await t.db.update(speakers).set({ email: 'li.na@example.org' }).where(eq(speakers.id, person.liNa));
    }
    // Back at the address it was mailed to, the link opens again.
    expect((await new HttpAgent(t.app).get(links.accept)).statusCode).toBe(200);
  });

  it('an unknown link is 404 and an expired one 410, each saying what to do', async () => {
    const visitor = new HttpAgent(t.app);
    let res = await visitor.get(`/speaker-invitations/${'A'.repeat(43)}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('This invitation link is not valid.');
    res = await visitor.get('/speaker-invitations/short');
    expect(res.statusCode).toBe(404);
    t.clock.advance({ days: 31 });
    res = await visitor.get(liNaLinks.accept);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('This invitation link has expired. Please ask the organisers to send you a reminder with a new link.');
    const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get(`/speaker-invitations/${liNaLinks.token}`);
    expect(zh.body).toContain('此邀请链接已过期。');
  });

  it('only people who may edit the event: others get 403 and nothing is sent', async () => {
    const desk = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
    expect((await desk.get(page())).statusCode).toBe(403);
    expect((await desk.get(formPage())).statusCode).toBe(403);
    const home = await desk.get('/admin');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1] ?? '';
    const messages = t.mail.messages.length;
    const res = await desk.post(page(), { _csrf: csrf, ...inviteFields({ speakerId: person.liNa, sessions: [[session.keynote, 'speaker']] }) });
    expect(res.statusCode).toBe(403);
    const stranger = await signedInAgent(t, await createUser(t.db, {}));
    expect((await stranger.get(page())).statusCode).toBe(404);
    await settled();
    expect(t.mail.messages).toHaveLength(messages);
  });
});
