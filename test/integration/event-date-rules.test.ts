// Dates that must agree, refused where they are entered with a message at the field, nothing written: a sub-forum
// within its forum’s dates (created or changed), a forum not shortened past its sub-forums, registration closing no
// later than the event ends (from either side); the edge itself is accepted. A category with more seats than the whole
// event is allowed (the event’s seats still cap) and the set-up page warns about it.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, events, registrationCategories, registrationSettings } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let forum: EventRow;
let finance: EventRow;
let youth: EventRow;
let organiser: HttpAgent;
let organiserZh: HttpAgent;

const beijing = (local: string) => wallTime(local);
const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const iso = (d: Date) => d.toISOString();

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set('2027-03-01T00:00:00Z');
  forum = await createEvent(t.db, {
    slug: 'belt-and-road-forum-2027',
    title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' },
    startsAt: beijing('2027-09-17 09:00'),
    endsAt: beijing('2027-09-18 18:00'),
  });
  finance = await createEvent(t.db, { kind: 'sub-forum', parentId: forum.id, slug: 'green-finance-2027', title: { en: 'Green Finance Sub-forum', 'zh-CN': '绿色金融分论坛' }, startsAt: beijing('2027-09-17 14:00'), endsAt: beijing('2027-09-17 17:00') });
  youth = await createEvent(t.db, { kind: 'sub-forum', parentId: forum.id, slug: 'youth-innovation-2027', title: { en: 'Youth Innovation Sub-forum', 'zh-CN': '青年创新分论坛' }, startsAt: beijing('2027-09-18 09:00'), endsAt: beijing('2027-09-18 12:00') });
  // Their team is the forum’s.
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }));
  organiserZh = await signedInAgent(t, await createUser(t.db, { roles: [[forum.id, 'organiser']] }), { lang: 'zh-CN' });
});
afterAll(async () => t?.close());

function eventFields(event: EventRow, change: Record<string, string>): Record<string, string> {
  return { titleEn: event.title.en ?? '', titleZh: event.title['zh-CN'] ?? '', summaryEn: '', summaryZh: '', descriptionEn: '', descriptionZh: '', timezone: event.timezone, startsAt: '', endsAt: '', status: event.status, contactEmail: '', ...change };
}
const edit = (agent: HttpAgent, event: EventRow, change: Record<string, string>) => agent.submit(`/admin/events/${event.id}/edit`, eventFields(event, change), `/admin/events/${event.id}`);
const rowOf = async (id: string) => (await t.db.select().from(events).where(eq(events.id, id)))[0]!;
const updatesOf = (id: string) => t.db.select().from(auditLog).where(and(eq(auditLog.eventId, id), eq(auditLog.action, 'event.update')));

/** Refused at one field with a message starting so (in the summary and at the field), 422, event and audit unchanged. */
async function expectRefused(agent: HttpAgent, event: EventRow, change: Record<string, string>, field: string, message: string) {
  const before = await rowOf(event.id);
  const audits = (await updatesOf(event.id)).length;
  const res = await edit(agent, event, change);
  expect(res.statusCode).toBe(422);
  const body = decode(res.body);
  expect(body).toContain(`<a href="#field-${field}">${message}`);
  expect(body).toContain(`<p class="field__error" id="field-${field}-error"><span class="visually-hidden">`);
  expect(await rowOf(event.id)).toEqual(before);
  expect(await updatesOf(event.id)).toHaveLength(audits);
}

describe('a sub-forum within its forum', () => {
  it.each([
    [{ startsAt: '2027-09-17T08:59', endsAt: '2027-09-17T17:00' }, 'startsAt', 'A sub-forum cannot start before its forum: Belt and Road Innovation Forum starts on 17 Sep 2027, 09:00 (Beijing time, UTC+8). Choose a later start, or change the forum’s dates first.'],
    [{ startsAt: '2027-09-18T14:00', endsAt: '2027-09-18T18:01' }, 'endsAt', 'A sub-forum cannot end after its forum: Belt and Road Innovation Forum ends on 18 Sep 2027, 18:00 (Beijing time, UTC+8). Choose an earlier end, or change the forum’s dates first.'],
    // Moved wholly after the forum: its end is what lies outside.
    [{ startsAt: '2027-09-20T09:00', endsAt: '2027-09-20T12:00' }, 'endsAt', 'A sub-forum cannot end after its forum: Belt and Road Innovation Forum ends on 18 Sep 2027, 18:00 (Beijing time, UTC+8). Choose an earlier end, or change the forum’s dates first.'],
  ])('refuses a move to %j', async (change, field, message) => {
    await expectRefused(organiser, finance, change, field, message);
  });

  it('says so in Chinese', async () => {
    await expectRefused(organiserZh, finance, { startsAt: '2027-09-16T14:00', endsAt: '2027-09-16T17:00' }, 'startsAt', '分论坛不能早于所属论坛开始：一带一路创新论坛的开始时间为2027年9月17日 09:00（北京时间）。请选择更晚的开始时间，或先修改论坛的日期。');
  });

  it('accepts the forum\'s own start and end, compared as instants also in another zone', async () => {
    expect((await edit(organiser, finance, { startsAt: '2027-09-17T09:00', endsAt: '2027-09-18T18:00' })).statusCode).toBe(303);
    expect([iso((await rowOf(finance.id)).startsAt), iso((await rowOf(finance.id)).endsAt)]).toEqual(['2027-09-17T01:00:00.000Z', '2027-09-18T10:00:00.000Z']);
    // 10:00 in Tokyo is 09:00 in Beijing: still the forum’s start. One minute earlier is not.
    const moved = await rowOf(finance.id);
    await expectRefused(organiser, moved, { timezone: 'Asia/Tokyo', startsAt: '2027-09-17T09:59', endsAt: '2027-09-18T19:00' }, 'startsAt', 'A sub-forum cannot start before its forum');
    expect((await edit(organiser, moved, { timezone: 'Asia/Tokyo', startsAt: '2027-09-17T10:00', endsAt: '2027-09-18T19:00' })).statusCode).toBe(303);
    expect(await rowOf(finance.id)).toMatchObject({ timezone: 'Asia/Tokyo', startsAt: new Date('2027-09-17T01:00:00Z'), endsAt: new Date('2027-09-18T10:00:00Z') });
    // Back to Beijing time for the forum tests.
    expect((await edit(organiser, await rowOf(finance.id), { timezone: 'Asia/Shanghai', startsAt: '2027-09-17T14:00', endsAt: '2027-09-17T17:00' })).statusCode).toBe(303);
  });
});

describe('a forum around its sub-forums', () => {
  it('cannot start after one of them', async () => {
    await expectRefused(organiser, forum, { startsAt: '2027-09-17T14:30', endsAt: '2027-09-18T18:00' }, 'startsAt', 'A sub-forum of this forum starts earlier: Green Finance Sub-forum. A forum cannot start after its sub-forums: choose an earlier start, or change the sub-forum’s dates first.');
  });

  it('cannot end before them, and names each', async () => {
    await expectRefused(organiser, forum, { startsAt: '2027-09-17T09:00', endsAt: '2027-09-17T16:00' }, 'endsAt', 'Sub-forums of this forum end later: Green Finance Sub-forum and Youth Innovation Sub-forum. A forum cannot end before its sub-forums: choose a later end, or change their dates first.');
    await expectRefused(organiserZh, forum, { startsAt: '2027-09-17T09:00', endsAt: '2027-09-17T16:00' }, 'endsAt', '本论坛的分论坛结束得更晚：绿色金融分论坛和青年创新分论坛。论坛不能早于其分论坛结束：请选择更晚的结束时间，或先修改分论坛的日期。');
  });

  it('may shrink to exactly their span', async () => {
    const res = await edit(organiser, forum, { startsAt: '2027-09-17T14:00', endsAt: '2027-09-18T12:00' });
    expect(res.statusCode).toBe(303);
    expect([iso((await rowOf(forum.id)).startsAt), iso((await rowOf(forum.id)).endsAt)]).toEqual(['2027-09-17T06:00:00.000Z', '2027-09-18T04:00:00.000Z']);
    expect((await edit(organiser, await rowOf(forum.id), { startsAt: '2027-09-17T09:00', endsAt: '2027-09-18T18:00' })).statusCode).toBe(303);
  });
});

describe('creating a sub-forum', () => {
  const form = { titleEn: 'Digital Silk Road Sub-forum', titleZh: '数字丝绸之路分论坛', slug: 'digital-silk-road-2027', kind: 'sub-forum', timezone: 'Asia/Shanghai', startDate: '2027-09-17', endDate: '2027-09-18', ownerEmail: 'zhou.min@example.cn' };
  let admin: HttpAgent;
  beforeAll(async () => {
    admin = await signedInAgent(t, await createUser(t.db, { isAdmin: true, totp: true }));
  });

  it.each([
    [{ startDate: '2027-09-16' }, 'startDate'],
    [{ endDate: '2027-09-19' }, 'endDate'],
  ])('refuses days outside the forum\'s: %j', async (change, field) => {
    const count = (await t.db.select().from(events)).length;
    const res = await admin.submit('/admin/events/new', { ...form, parentId: forum.id, ...change }, '/admin/events');
    expect(res.statusCode).toBe(422);
    expect(decode(res.body)).toContain(`<a href="#field-${field}">A sub-forum takes place within its forum’s days: Belt and Road Innovation Forum runs 17–18 Sep 2027. Choose days within those.</a>`);
    expect((await t.db.select().from(events)).length).toBe(count);
  });

  it('asks once before a sub-forum runs in another zone than its forum, then takes it', async () => {
    const count = (await t.db.select().from(events)).length;
    const elsewhere = { ...form, slug: 'silk-road-rome-2027', parentId: forum.id, timezone: 'Europe/Rome' };
    const asked = await admin.submit('/admin/events/new', elsewhere, '/admin/events');
    expect(asked.statusCode).toBe(422);
    expect(decode(asked.body)).toContain('<a href="#field-timezone">Its forum runs in Beijing time (Asia/Shanghai). Enter that zone, or tick the box below if this sub-forum is held elsewhere.</a>');
    expect(decode(asked.body)).toContain('<input type="checkbox" name="otherZone" value="yes"> <span>This sub-forum is held elsewhere, in Europe/Rome</span>');
    expect((await t.db.select().from(events)).length).toBe(count);
    const taken = await admin.submit('/admin/events/new', { ...elsewhere, otherZone: 'yes', startDate: '2027-09-17', endDate: '2027-09-17' }, '/admin/events');
    expect(taken.statusCode, decode(taken.body).slice(0, 3000)).toBe(303);
    const [created] = await t.db.select().from(events).where(eq(events.slug, 'silk-road-rome-2027'));
    expect(created!.timezone).toBe('Europe/Rome');
  });

  it('takes the forum\'s days, its times starting as the forum\'s', async () => {
    const res = await admin.submit('/admin/events/new', { ...form, parentId: forum.id }, '/admin/events');
    expect(res.statusCode).toBe(303);
    const [created] = await t.db.select().from(events).where(eq(events.slug, 'digital-silk-road-2027'));
    // Whole days would be 17 Sep 00:00 to 19 Sep 00:00; the forum runs 09:00 to 18:00.
    expect(created).toMatchObject({ kind: 'sub-forum', parentId: forum.id, startsAt: beijing('2027-09-17 09:00'), endsAt: beijing('2027-09-18 18:00') });
    const oneDay = await admin.submit('/admin/events/new', { ...form, slug: 'digital-silk-road-day-2', parentId: forum.id, startDate: '2027-09-18', endDate: '2027-09-18' }, '/admin/events');
    expect(oneDay.statusCode).toBe(303);
    const [second] = await t.db.select().from(events).where(eq(events.slug, 'digital-silk-road-day-2'));
    expect([second!.startsAt, second!.endsAt]).toEqual([beijing('2027-09-18 00:00'), beijing('2027-09-18 18:00')]);
  });
});

describe('registration closing by the end of the event', () => {
  let expo: EventRow;
  let agent: HttpAgent;
  const SETTINGS = { opensAt: '2027-06-01T09:00', closesAt: '2027-10-20T18:00', capacity: '300', waitlist: 'on' };
  const settingsOf = async () => (await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, expo.id)))[0];

  beforeAll(async () => {
    expo = await createEvent(t.db, { slug: 'hi-tech-expo-2027', kind: 'conference', title: { en: 'Hi-Tech Expo Forum', 'zh-CN': '高交会论坛' }, startsAt: beijing('2027-10-20 09:00'), endsAt: beijing('2027-10-20 18:00') });
    agent = await signedInAgent(t, await createUser(t.db, { roles: [[expo.id, 'organiser']] }));
  });

  it('refuses a closing time after the event has ended, in both languages, and writes nothing', async () => {
    for (const [who, message] of [
      [agent, 'Registration must close by the time the event ends, 20 Oct 2027, 18:00 (Beijing time, UTC+8). Choose an earlier closing time, or change the event’s dates first.'],
      [await signedInAgent(t, await createUser(t.db, { roles: [[expo.id, 'organiser']] }), { lang: 'zh-CN' }), '报名截止时间不能晚于活动结束时间（2027年10月20日 18:00（北京时间））。请选择更早的截止时间，或先修改活动日期。'],
    ] as const) {
      const res = await who.submit(`/admin/events/${expo.id}/registration`, { ...SETTINGS, closesAt: '2027-10-20T18:01' });
      expect(res.statusCode).toBe(422);
      expect(decode(res.body)).toContain(`<a href="#field-closesAt">${message}</a>`);
      expect(await settingsOf()).toBeUndefined();
    }
  });

  it('accepts closing as the event ends', async () => {
    const res = await agent.submit(`/admin/events/${expo.id}/registration`, SETTINGS);
    expect(res.statusCode).toBe(303);
    expect((await settingsOf())!.closesAt).toEqual(beijing('2027-10-20 18:00'));
  });

  it('refuses an event end before registration closes, and accepts the same end', async () => {
    await expectRefused(agent, expo, { startsAt: '2027-10-20T09:00', endsAt: '2027-10-20T17:59' }, 'endsAt', 'Registration closes on 20 Oct 2027, 18:00 (Beijing time, UTC+8), after this end. Choose a later end, or first close registration earlier (Registration set-up).');
    expect((await edit(agent, expo, { startsAt: '2027-10-20T10:00', endsAt: '2027-10-20T18:00' })).statusCode).toBe(303);
  });

  it('lets dates already at odds stand when the dates are not what changes', async () => {
    // Set before the rule existed: registration closing a day after the event.
    await t.db.update(registrationSettings).set({ closesAt: beijing('2027-10-21 18:00') }).where(eq(registrationSettings.eventId, expo.id));
    const current = await rowOf(expo.id);
    expect((await edit(agent, current, { titleEn: 'Hi-Tech Expo Innovation Forum', startsAt: '2027-10-20T10:00', endsAt: '2027-10-20T18:00' })).statusCode).toBe(303);
    await expectRefused(agent, await rowOf(expo.id), { startsAt: '2027-10-20T10:00', endsAt: '2027-10-20T18:30' }, 'endsAt', 'Registration closes on 21 Oct 2027, 18:00 (Beijing time, UTC+8), after this end.');
  });
});

describe('a category with more seats than the event', () => {
  it('is saved, and the set-up page says the event’s seats still limit it', async () => {
    const event = await createEvent(t.db, { slug: 'seats-forum-2027', startsAt: beijing('2027-11-10 09:00'), endsAt: beijing('2027-11-10 18:00') });
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
    const setup = `/admin/events/${event.id}/registration`;
    expect((await agent.submit(setup, { opensAt: '2027-09-01T09:00', closesAt: '2027-11-09T18:00', capacity: '300', waitlist: 'on' })).statusCode).toBe(303);
    for (const [code, capacity] of [['GUEST', '500'], ['VIP', '300'], ['MEDIA', '']] as const) {
      const res = await agent.submit(`${setup}/categories/new`, { code, nameEn: code, nameZh: '', capacity, visibility: 'public' }, `${setup}/categories`);
      expect(res.statusCode).toBe(303);
    }
    expect((await t.db.select({ capacity: registrationCategories.capacity }).from(registrationCategories).where(eq(registrationCategories.eventId, event.id))).map((c) => c.capacity)).toEqual([500, 300, null]);
    const page = decode((await agent.get(setup)).body);
    const warning = '<span class="setup-warning">More seats than the whole event’s 300: the event’s seats still limit registrations.</span>';
    expect(page.split(warning)).toHaveLength(2);
    expect(page.indexOf(warning)).toBeGreaterThan(page.indexOf('<span class="code-text">GUEST</span>'));
    expect(page.indexOf(warning)).toBeLessThan(page.indexOf('<span class="code-text">VIP</span>'));
    const zh = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }), { lang: 'zh-CN' });
    expect(decode((await zh.get(setup)).body)).toContain('<span class="setup-warning">名额多于整个活动的 300 个：报名人数仍以活动总名额为上限。</span>');
    // Without a limit for the whole event there is nothing to warn about.
    expect((await agent.submit(setup, { opensAt: '2027-09-01T09:00', closesAt: '2027-11-09T18:00', capacity: '', waitlist: 'on' })).statusCode).toBe(303);
    expect((await agent.get(setup)).body).not.toContain('setup-warning">More seats');
  });
});
