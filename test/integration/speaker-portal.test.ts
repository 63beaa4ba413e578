// The speaker portal end to end over HTTP: sign-in by mailed link (no enumeration), the speaker's sessions in the
// event’s zone and their own, the profile form (applied to every entry with the address), and what organisers see.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokens, auditLog, events, sessionPeople, speakerProfiles, speakers } from '../../src/db/schema/index.ts';
import { publishAgenda } from '../../src/features/agenda/publish.ts';
import { supportedTimeZones } from '../../src/lib/time-zones.ts';
import { createForumAgenda } from '../factories/agenda.ts';
import { createEvent, beijingTime } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { askForSpeakerLink, signedInSpeaker, speakerLinkFor } from '../helpers/speaker-portal.ts';
import { forgetUnlistedShares, shareWithEvent } from '../../src/features/speaker-portal/shares.ts';

let t: TestApp;
let event: Awaited<ReturnType<typeof createEvent>>;
let other: Awaited<ReturnType<typeof createEvent>>;
let agenda: Awaited<ReturnType<typeof createForumAgenda>>;

describe('name changes and the published agenda', () => {
  it('tells the speaker, in both languages, that a new name shows publicly once the organisers publish again, while the bio shows at once', async () => {
    await publishAgenda(t.db, t.clock, { actorId: null, requestId: null }, event);
    const marco = await signedInSpeaker(t, 'marco.rossi@example.org', { lang: 'zh-CN' });
    const page = `/events/${event.slug}/speakers/${agenda.people.marco.id}`;
    const heading = async () => /<h1>(.*?)<\/h1>/s.exec((await new HttpAgent(t.app, { lang: 'zh-CN' }).get(page)).body)![1]!;
    expect(await heading()).not.toContain('马可·罗西');
    const before = await marco.get('/speaker/profile');
    expect(before.body).toContain('以下信息将在主办方下次发布议程后显示在公开议程和演讲嘉宾页面上。个人简介、照片和显示选项的修改则立即生效。');
    expect(before.body).not.toContain('等待主办方发布');

    const saved = await marco.submit('/speaker/profile', {
      ...Object.fromEntries(Object.keys(profileFields()).map((k) => [k, ''])),
      nameEn: 'Marco Rossi',
      nameZh: '马可·罗西',
      organisationEn: 'Politecnico di Milano',
      country: 'IT',
      bioZh: '罗西教授研究技术转移。',
      publishOrganisation: 'on',
      publishCountry: 'on',
      publishBio: 'on',
    });
    expect(saved.statusCode).toBe(303);
    // The bio is read live; the name comes from the published agenda, like on the sessions beside it.
    const publicPage = (await new HttpAgent(t.app, { lang: 'zh-CN' }).get(page)).body;
    expect(publicPage).toContain('罗西教授研究技术转移。');
    expect(await heading()).not.toContain('马可·罗西');
    for (const path of ['/speaker/profile', '/speaker']) {
      const res = await marco.get(path);
      expect(res.body).toContain('<p class="notice__title">等待主办方发布</p>');
      expect(res.body).toContain('<p>公开议程和演讲嘉宾页面上仍显示主办方上次发布时的姓名、职务、单位和国家或地区。主办方重新发布议程后，您的修改才会显示。</p>');
    }
    const en = await marco.get('/speaker/profile', { 'accept-language': 'en' });
    expect(en.body).toContain('<p class="notice__title">Waiting for the organisers to publish</p>');
    expect(en.body).toContain('<p>The public agenda and speaker pages still show your name, job title, organisation and country as the organisers last published them. Your changes appear there once they publish the agenda again.</p>');

    // An event taken off the site will not be published again: no notice waits for it.
    await t.db.update(events).set({ status: 'archived' }).where(eq(events.id, event.id));
    expect((await marco.get('/speaker/profile')).body).not.toContain('等待主办方发布');
    await t.db.update(events).set({ status: 'published' }).where(eq(events.id, event.id));

    await publishAgenda(t.db, t.clock, { actorId: null, requestId: null }, event);
    expect(await heading()).toContain('马可·罗西');
    expect((await marco.get('/speaker/profile')).body).not.toContain('等待主办方发布');
  });
});

const LI_NA = 'li.na@example.org';
const profileFields = (overrides: Record<string, string> = {}) => ({
  nameEn: 'Li Na',
  nameZh: '李娜',
  titleEn: 'Director',
  titleZh: '主任',
  organisationEn: 'Zhongguancun Science Park',
  organisationZh: '中关村科技园区',
  country: 'CN',
  bioEn: 'Li Na leads the park’s international office.\n\nShe was a researcher before.',
  bioZh: '李娜负责园区国际合作办公室。',
  timeZone: 'Europe/Rome',
  travelNeeds: 'Arrives 16 September; needs a visa letter.',
  interpretationNeeds: 'Speaks Chinese; needs English interpretation for questions.',
  publishTitle: 'on',
  publishOrganisation: 'on',
  publishBio: 'on',
  publishPhoto: 'on',
  ...overrides,
});

beforeAll(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_ALLOW_LIST: '10.0.0.0/8' } });
  event = await createEvent(t.db, { slug: 'portal-forum-2026', title: { en: 'Belt and Road Science Forum', 'zh-CN': '一带一路科技论坛' }, startsAt: beijingTime('2026-09-17 09:00'), endsAt: beijingTime('2026-09-18 18:00') });
  agenda = await createForumAgenda(t.db, event.id);
  other = await createEvent(t.db, { slug: 'portal-forum-autumn', title: { en: 'Autumn Forum', 'zh-CN': '秋季论坛' }, timezone: 'Europe/Rome', startsAt: beijingTime('2026-10-20 15:00'), endsAt: beijingTime('2026-10-20 23:00') });
  await t.db.insert(speakers).values({ eventId: other.id, name: { en: 'Li Na (old)' }, email: LI_NA });
  // Li Na and Marco confirmed they speak at the forum (as by accepting its invitation), not yet at the autumn forum.
  for (const email of [LI_NA, 'marco.rossi@example.org']) await shareWithEvent(t.db, email, event.id, 'invitation', t.clock.now());
});
afterAll(() => t.close());

describe('signing in by mailed link', () => {
  it('answers the same for a known and an unknown address, and mails only the known one', async () => {
    const agent = new HttpAgent(t.app);
    const unknown = await askForSpeakerLink(t, agent, 'nobody@example.org');
    const known = await askForSpeakerLink(t, agent, 'Li.Na@Example.org ');
    expect(unknown.statusCode).toBe(200);
    expect(known.statusCode).toBe(200);
    const sentence = (email: string) => `If ${email} is on a speaker list, a sign-in link is on its way. It works once, within 30 minutes.`;
    expect(unknown.body).toContain(sentence('nobody@example.org'));
    expect(known.body).toContain(sentence(LI_NA));
    expect(unknown.body.replace('nobody@example.org', LI_NA).replace(/name="_csrf" value="[^"]*"/g, '')).toBe(known.body.replace(/name="_csrf" value="[^"]*"/g, ''));
    const link = await speakerLinkFor(t, LI_NA);
    const mail = t.mail.to(LI_NA).at(-1)!;
    expect(mail.subject).toBe('Your sign-in link for the speaker portal');
    expect(t.mail.to('nobody@example.org')).toEqual([]);
    const tokens = await t.db.select({ subject: accessTokens.subject }).from(accessTokens).where(eq(accessTokens.purpose, 'speaker-sign-in'));
    expect(tokens.map((r) => r.subject)).toContain(LI_NA);
    expect(tokens.map((r) => r.subject)).not.toContain('nobody@example.org');

    // A mail scanner opening the link does not use it up; the button does, once.
    expect((await new HttpAgent(t.app).get(link)).statusCode).toBe(200);
    const confirm = await agent.get(link);
    expect(confirm.body).toContain('Press the button to sign in with this link. It works once.');
    const res = await agent.submit(link, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/speaker');
    expect((await agent.get('/speaker')).statusCode).toBe(200);
    const reused = await new HttpAgent(t.app).get(link);
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('<a class="button" href="/speaker/sign-in">Ask for a new sign-in link</a>');
  });

  it('returns to the portal page asked for, never to another site', async () => {
    const away = await new HttpAgent(t.app).get('/speaker/profile');
    expect(away.statusCode).toBe(303);
    expect(away.headers.location).toBe('/speaker/sign-in?next=%2Fspeaker%2Fprofile');
    for (const [next, expected] of [['/speaker/profile', '/speaker/profile'], ['//evil.example/speaker', '/speaker'], ['/admin', '/speaker']] as const) {
      const agent = new HttpAgent(t.app);
      const seen = t.mail.to(LI_NA).length;
      await askForSpeakerLink(t, agent, LI_NA, next);
      const res = await agent.submit(await speakerLinkFor(t, LI_NA, seen), {});
      expect(res.headers.location).toBe(expected);
    }
  });

  it('signs out of the portal', async () => {
    const agent = await signedInSpeaker(t, LI_NA);
    const home = await agent.get('/speaker');
    const res = await agent.post('/speaker/sign-out', hiddenFields(home.body, '/speaker/sign-out'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/speaker/sign-in');
    expect((await agent.get('/speaker')).statusCode).toBe(303);
  });
});

describe('the speaker’s sessions', () => {
  it('lists each event and session with role, answer, room and time in the event’s zone and their own', async () => {
    await t.db.update(sessionPeople).set({ status: 'accepted' }).where(eq(sessionPeople.sessionId, agenda.sessions.opening.id));
    await t.db.update(sessionPeople).set({ status: 'declined' }).where(eq(sessionPeople.sessionId, agenda.sessions.roundtable.id));
    const agent = await signedInSpeaker(t, LI_NA);
    let page = (await agent.get('/speaker')).body;
    expect(page).toContain('<h2 id="event-' + event.id + '">Belt and Road Science Forum</h2>');
    expect(page).toContain('<h3 class="portal-session__title">Opening ceremony</h3>');
    expect(page).toContain('<span class="badge badge--kind">Host</span>');
    expect(page).toContain('<span class="badge badge--answer-accepted">Accepted</span>');
    expect(page).toContain('<span class="badge badge--answer-declined">Declined</span>');
    expect(page).toContain('17 Sep 2026, 09:00–09:30<br><span class="muted">Beijing time (UTC+8)</span>');
    expect(page).not.toContain('In your time zone');
    expect(page).toContain('Autumn Forum');
    // Declined: shown, but no upload form.
    expect(page).not.toContain(`action="/speaker/sessions/${agenda.sessions.roundtable.id}/slides"`);
    expect(page).toContain(`action="/speaker/sessions/${agenda.sessions.opening.id}/slides"`);

    await agent.submit('/speaker/profile', profileFields());
    page = (await agent.get('/speaker')).body;
    expect(page).toContain('<dt>In your time zone</dt><dd>17 Sep 2026, 03:00–03:30<br><span class="muted">Rome time (UTC+2)</span>');
  });

  it('adds no second line when the speaker’s zone is the event’s by another name (Asia/Kolkata, Asia/Calcutta)', async () => {
    const agent = await signedInSpeaker(t, LI_NA);
    await agent.submit('/speaker/profile', profileFields({ timeZone: 'Asia/Kolkata' }));
    expect((await agent.get('/speaker')).body).toContain('<dt>In your time zone</dt><dd>17 Sep 2026, 06:30–07:00');
    await t.db.update(events).set({ timezone: 'Asia/Calcutta' }).where(eq(events.id, event.id));
    try {
      const page = (await agent.get('/speaker')).body;
      expect(page).toContain('17 Sep 2026, 06:30–07:00');
      expect(page).not.toContain('In your time zone');
    } finally {
      await t.db.update(events).set({ timezone: 'Asia/Shanghai' }).where(eq(events.id, event.id));
      await agent.submit('/speaker/profile', profileFields());
    }
  });
});

describe('a speaker with a staff account', () => {
  it('opens the portal from their event page while signed in, without a mailed link', async () => {
    const user = await createUser(t.db, { email: LI_NA, roles: [[event.id, 'speaker']] });
    const agent = await signedInAgent(t, user);
    const eventPage = await agent.get(`/admin/events/${event.id}`);
    expect(eventPage.body).toContain('<li><a href="/speaker">Speaker portal<span>your sessions, invitations, profile and slides</span></a></li>');
    expect(eventPage.body).not.toContain('The pages for your role open here as they become available.');
    const portal = await agent.get('/speaker');
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain('<h3 class="portal-session__title">Opening ceremony</h3>');
  });
});

describe('the profile form', () => {
  it('saves to every speaker entry with the address, and keeps the person’s own fields once', async () => {
    const agent = await signedInSpeaker(t, LI_NA);
    const form = await agent.get('/speaker/profile');
    expect(form.body).toContain('What you enter here is used for all 2 of your events.');
    const res = await agent.submit('/speaker/profile', profileFields({ titleEn: 'Director-General', publishCountry: '' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/speaker/profile');
    const rows = await t.db.select().from(speakers).where(eq(speakers.email, LI_NA));
    expect(rows.map((r) => [r.eventId, r.name, r.title, r.country])).toEqual(
      expect.arrayContaining([
        [event.id, { en: 'Li Na', 'zh-CN': '李娜' }, { en: 'Director-General', 'zh-CN': '主任' }, 'CN'],
        [other.id, { en: 'Li Na', 'zh-CN': '李娜' }, { en: 'Director-General', 'zh-CN': '主任' }, 'CN'],
      ]),
    );
    const [profile] = await t.db.select().from(speakerProfiles).where(eq(speakerProfiles.email, LI_NA));
    expect(profile).toMatchObject({
      bio: { en: 'Li Na leads the park’s international office.\n\nShe was a researcher before.', 'zh-CN': '李娜负责园区国际合作办公室。' },
      timeZone: 'Europe/Rome',
      travelNeeds: 'Arrives 16 September; needs a visa letter.',
      publishTitle: true,
      publishCountry: false,
      publishBio: true,
    });
    const audits = await t.db.select({ action: auditLog.action, targetId: auditLog.targetId }).from(auditLog).where(eq(auditLog.action, 'speaker.profile'));
    expect(audits.map((a) => a.targetId)).toEqual(expect.arrayContaining(rows.map((r) => r.id)));
    const again = await agent.get('/speaker/profile');
    expect(again.body).toContain('Your profile is saved.');
    expect(again.body).toContain('value="Director-General"');
    expect(again.body).toContain('<option value="Europe/Rome" title="Europe/Rome" selected>Rome</option>');
    // The bio comes back exactly as kept: no indentation creeps into its lines on the way.
    expect(again.body).toContain('lang="en" maxlength="1500" aria-describedby="field-bioEn-hint">Li Na leads the park’s international office.\n\nShe was a researcher before.</textarea>');
  });

  it('shows field errors on bad input and changes nothing', async () => {
    const agent = await signedInSpeaker(t, LI_NA);
    const before = await t.db.select().from(speakers).where(eq(speakers.email, LI_NA));
    const [profileBefore] = await t.db.select().from(speakerProfiles).where(eq(speakerProfiles.email, LI_NA));
    const res = await agent.submit('/speaker/profile', profileFields({ nameEn: ' ', nameZh: '', country: 'XX', timeZone: 'Mars/Olympus', bioZh: '长'.repeat(1501) }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<li><a href="#field-nameEn">Enter your name in English or in Chinese.</a></li>');
    expect(res.body).toContain('<li><a href="#field-country">Choose a country or region from the list.</a></li>');
    expect(res.body).toContain('<li><a href="#field-timeZone">Choose a time zone from the list.</a></li>');
    expect(res.body).toContain('<li><a href="#field-bioZh">This is too long: use at most 1500 characters.</a></li>');
    // What was typed stays in the form.
    expect(res.body).toContain('Li Na leads the park’s international office.');
    expect(await t.db.select().from(speakers).where(eq(speakers.email, LI_NA))).toEqual(before);
    expect((await t.db.select().from(speakerProfiles).where(eq(speakerProfiles.email, LI_NA)))[0]).toEqual(profileBefore);
  });

  it('keeps the zone by its current IANA name, shows one saved under an older name as chosen, and names the zone groups in Chinese', async () => {
    const agent = await signedInSpeaker(t, LI_NA, { lang: 'zh-CN' });
    await t.db.update(speakerProfiles).set({ timeZone: 'Asia/Calcutta' }).where(eq(speakerProfiles.email, LI_NA));
    const form = await agent.get('/speaker/profile');
    // Cities in Chinese where the table has them, in pinyin order, then the rest by their English names.
    expect(form.body).toContain('<option value="Asia/Ho_Chi_Minh">胡志明市</option><option value="Asia/Kuala_Lumpur">吉隆坡</option><option value="Asia/Kolkata" title="Asia/Kolkata" selected>加尔各答</option><option value="Asia/Karachi">卡拉奇</option>');
    expect(form.body).toContain('<option value="Asia/Jerusalem">耶路撒冷</option><option value="Asia/Aden">Aden</option><option value="Asia/Amman">Amman</option>');
    expect(form.body).toContain('<optgroup label="UTC"><option value="UTC">协调世界时（UTC）</option></optgroup>');
    expect(form.body).not.toContain('Asia/Calcutta');
    expect([...form.body.matchAll(/<optgroup label="([^"]+)">/g)].map((m) => m[1])).toEqual(['非洲', '美洲', '南极洲', '北极', '亚洲', '大西洋', '澳大利亚', '欧洲', '印度洋', '太平洋', 'UTC']);
    expect((await agent.submit('/speaker/profile', profileFields({ timeZone: 'Asia/Saigon' }))).statusCode).toBe(303);
    expect((await t.db.select({ timeZone: speakerProfiles.timeZone }).from(speakerProfiles).where(eq(speakerProfiles.email, LI_NA)))[0]).toEqual({ timeZone: 'Asia/Ho_Chi_Minh' });
    expect((await agent.submit('/speaker/profile', profileFields())).statusCode).toBe(303);
  });

  it('offers every zone the server knows, not only the agenda picker’s common ones, and keeps one chosen (Europe/Stockholm)', async () => {
    const agent = await signedInSpeaker(t, LI_NA);
    const form = await agent.get('/speaker/profile');
    const offered = [...form.body.matchAll(/<option value="([A-Z][^"]*\/[^"]+|UTC)"/g)].map((m) => m[1]!);
    expect(new Set(offered)).toEqual(supportedTimeZones());
    expect(offered).toEqual(expect.arrayContaining(['Europe/Stockholm', 'America/Vancouver', 'Asia/Kathmandu', 'Atlantic/Reykjavik', 'Indian/Maldives']));
    expect((await agent.submit('/speaker/profile', profileFields({ timeZone: 'Europe/Stockholm' }))).statusCode).toBe(303);
    const chosen = (await agent.get('/speaker/profile')).body;
    expect(chosen).toContain('<option value="Europe/Sofia">Sofia</option><option value="Europe/Stockholm" title="Europe/Stockholm" selected>Stockholm</option><option value="Europe/Tallinn">Tallinn</option>');
    expect(chosen).toContain('<option value="America/North_Dakota/New_Salem">New Salem</option><option value="America/New_York">New York</option>');
    expect((await t.db.select({ timeZone: speakerProfiles.timeZone }).from(speakerProfiles).where(eq(speakerProfiles.email, LI_NA)))[0]).toEqual({ timeZone: 'Europe/Stockholm' });
    // Still validated: a name that is no zone is refused.
    expect((await agent.submit('/speaker/profile', profileFields({ timeZone: 'Europe/Atlantis' }))).statusCode).toBe(422);
    expect((await agent.submit('/speaker/profile', profileFields())).statusCode).toBe(303);
  });
});

describe('what organisers see', () => {
  it('shows completeness on the speakers page and the profile with needs on the speaker’s portal page', async () => {
    const admin = await createUser(t.db, { isAdmin: true, totp: true });
    const staff = await signedInAgent(t, admin);
    const list = await staff.get(`/admin/events/${event.id}/speakers`);
    expect(list.statusCode).toBe(200);
    // Li Na: both names, title, organisation, country, both bios; no photo; no slides for the opening (1 session wanted).
    expect(list.body).toContain(`<a href="/admin/events/${event.id}/speakers/${agenda.people.liNa.id}/portal">71% complete<span class="visually-hidden"> — Li Na</span></a><br><span class="muted">Slides: 0 of 1</span>`);
    // Wang Wei: Chinese name and country only; his one session was declined, so no slides are wanted: 1 of 6.
    expect(list.body).toContain(`<a href="/admin/events/${event.id}/speakers/${agenda.people.wangWei.id}/portal">16% complete<span class="visually-hidden"> — 王伟</span></a></td>`);
    const portal = await staff.get(`/admin/events/${event.id}/speakers/${agenda.people.liNa.id}/portal`);
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain('Arrives 16 September; needs a visa letter.');
    expect(portal.body).toContain('<li>Country or region: hidden</li>');
    expect(portal.body).toContain('<span class="checklist__state">Missing:</span> photo');
    // Wang Wei's name is written in Chinese only: the checklist names the English one as missing, not both.
    const wang = await staff.get(`/admin/events/${event.id}/speakers/${agenda.people.wangWei.id}/portal`);
    expect(wang.body).toContain('<span class="checklist__state">Missing:</span> name in English</li>');
    expect(wang.body).not.toContain('name in Chinese and English');
    const wangZh = await staff.get(`/admin/events/${event.id}/speakers/${agenda.people.wangWei.id}/portal?lang=zh-CN`);
    expect(wangZh.body).toContain('<span class="checklist__state">待补充：</span>英文姓名</li>');
  });

  it('shows another event’s team nothing of the profile until the person confirms they speak there', async () => {
    // The autumn forum's organisers typed Li Na's address into their list: her needs and bio stay hers.
    const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
    const [entry] = await t.db.select().from(speakers).where(eq(speakers.eventId, other.id));
    const before = await organiser.get(`/admin/events/${other.id}/speakers/${entry!.id}/portal`);
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('visa letter');
    expect(before.body).toContain('<p class="empty-state__title">Not shared with this event yet</p>');
    expect((await organiser.get(`/admin/events/${other.id}/speakers`)).body).not.toContain('71% complete');
    // Her portal offers to share it with that event, and says the forum already sees it.
    const li = await signedInSpeaker(t, LI_NA);
    const home = await li.get('/speaker');
    expect(home.body).toContain('<p class="muted">Your profile (biography, photo, needs) is shared with this event’s organisers.</p>');
    expect(home.body).toContain(`<form method="post" action="/speaker/events/${other.id}/share" class="form--inline portal-share">`);
    const shared = await li.submit('/speaker', {}, `/speaker/events/${other.id}/share`);
    expect([shared.statusCode, shared.headers.location]).toEqual([303, `/speaker#event-${other.id}`]);
    expect((await li.follow(shared)).body).toContain('Your profile is now shared with the event’s organisers.');
    const after = await organiser.get(`/admin/events/${other.id}/speakers/${entry!.id}/portal`);
    expect(after.body).toContain('Arrives 16 September; needs a visa letter.');
    // And she can take it back.
    const withdrawn = await li.submit('/speaker', {}, `/speaker/events/${other.id}/unshare`);
    expect((await li.follow(withdrawn)).body).toContain('Your profile is no longer shared with the event’s organisers.');
    expect((await organiser.get(`/admin/events/${other.id}/speakers/${entry!.id}/portal`)).body).not.toContain('visa letter');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.eventId, other.id));
    expect(audit.filter((a) => a.action.startsWith('speaker.') && a.action.endsWith('share')).map((a) => [a.action, a.targetId])).toEqual([['speaker.share', entry!.id], ['speaker.unshare', entry!.id]]);
    // Shared, but nothing filled in yet: said so, not "has not opened the portal".
    const [newcomer] = await t.db.insert(speakers).values({ eventId: other.id, name: { en: 'Ana Silva' }, email: 'ana.silva@example.org' }).returning();
    await shareWithEvent(t.db, 'ana.silva@example.org', other.id, 'portal', t.clock.now());
    const empty = await organiser.get(`/admin/events/${other.id}/speakers/${newcomer!.id}/portal`);
    expect(empty.body).toContain('<p class="empty-state__title">Shared with this event; nothing filled in yet (biography, photo, needs).</p>');
    expect(empty.body).toContain('<h2 id="completeness-heading">Their profile</h2>');
    expect(empty.body).toContain('On the speaker list, but not on any session yet.');
    // A share of an address no entry of the event lists any more is dropped by the daily privacy run.
    await shareWithEvent(t.db, 'gone@example.org', other.id, 'portal', t.clock.now());
    expect(await forgetUnlistedShares(t.db)).toBe(1);
    // An event that does not list her address cannot be shared with.
    const stranger = await createEvent(t.db, { slug: 'portal-stranger-forum' });
    expect((await li.submit('/speaker', {}, `/speaker/events/${stranger.id}/share`)).statusCode).toBe(404);
  });
});

describe('public speaker pages', () => {
  it('show only the published fields, and the bio as text', async () => {
    const agent = await signedInSpeaker(t, LI_NA);
    await agent.submit('/speaker/profile', profileFields({ bioEn: 'Builds <script>alert(1)</script> bridges.\n\nSecond paragraph.', publishOrganisation: '', publishCountry: '' }));
    await publishAgenda(t.db, t.clock, { actorId: null, requestId: null }, event);
    const page = await new HttpAgent(t.app).get(`/events/${event.slug}/speakers/${agenda.people.liNa.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dt>Title</dt>');
    expect(page.body).not.toContain('Zhongguancun Science Park');
    expect(page.body).not.toContain('<dt>Country</dt>');
    expect(page.body).toContain('<div class="prose" lang="en"><p>Builds &lt;script&gt;alert(1)&lt;/script&gt; bridges.</p><p>Second paragraph.</p></div>');
    const list = await new HttpAgent(t.app).get(`/events/${event.slug}/speakers`);
    expect(list.body).not.toContain('Zhongguancun Science Park');
    // Marco has no portal profile: what organisers entered stays shown.
    expect(list.body).toContain('Politecnico di Milano');
    // The API says no more than the pages.
    const api = (await new HttpAgent(t.app).get(`/api/events/${event.slug}/speakers`)).json() as { speakers: { id: string; title: object; organisation: object; country: string | null }[] };
    expect(api.speakers.find((p) => p.id === agenda.people.liNa.id)).toMatchObject({ title: { en: 'Director', 'zh-CN': '主任' }, organisation: {}, country: null });
    expect(api.speakers.find((p) => p.id === agenda.people.marco.id)).toMatchObject({ organisation: { en: 'Politecnico di Milano' }, country: 'IT' });
    await agent.submit('/speaker/profile', profileFields({ publishBio: '' }));
    const hidden = await new HttpAgent(t.app).get(`/events/${event.slug}/speakers/${agenda.people.liNa.id}`);
    expect(hidden.body).not.toContain('Builds');
    expect(hidden.body).not.toContain('bio-heading');
  });
});
