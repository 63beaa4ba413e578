// Organisers import invited guests from CSV or XLSX: columns guessed from English or Chinese headings, every row
// checked with the registration form's rules before anything is written, then all rows in one transaction or
// none — with seats, mails, duplicates, encodings and damaged files handled as a person would expect.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, registrationCategories, registrationImports, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { importGuestList, importPath, selectedMapping, uploadGuestList } from '../helpers/import-guests.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { csvBytes, xlsxBytes, zipBytes } from '../helpers/spreadsheets.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let staff: HttpAgent;
const categories: Record<string, string> = {};

const ZH_HEADERS = ['邮箱', '姓', '名', '中文姓名', '单位', '职务', '国家', '手机', '饮食要求'];
const EN_HEADERS = ['E-mail', 'Family name', 'Given name', 'Chinese name', 'Organisation', 'Job title', 'Country', 'Mobile', 'Dietary needs'];

const eventRegistrations = () => t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
const counters = async () => {
  const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
  const cats = await t.db.select().from(registrationCategories).where(eq(registrationCategories.eventId, event.id));
  return { event: settings!.taken, ...Object.fromEntries(cats.map((c) => [c.code, c.taken])) };
};

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { slug: 'zhongguancun-forum', title: { en: 'Zhongguancun Forum', 'zh-CN': '中关村论坛' }, startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-20 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-04-19 00:00'), capacity: 30_000 });
  for (const [code, name, capacity, position] of [
    ['GUEST', { en: 'Guest', 'zh-CN': '嘉宾' }, null, 0],
    ['VIP', { en: 'VIP', 'zh-CN': '贵宾' }, 2, 1],
  ] as const) {
    const [row] = await t.db.insert(registrationCategories).values({ eventId: event.id, code, name, capacity, position, invitationOnly: code === 'VIP' }).returning();
    categories[code] = row!.id;
  }
  const existing: RegistrationValues = {
    categoryId: categories.GUEST!, email: 'already@cas.example.cn', familyName: 'Zhou', givenName: 'Min', nameZh: '周敏', organisation: 'Chinese Academy of Sciences', jobTitle: null, country: 'CN',
    mobile: '+8613912345678', dietary: null, interpretationNeeds: null, residence: 'mainland', idType: null, idNumber: null, nationality: null, answers: {}, sessionIds: [], locale: 'zh-CN',
  };
  await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, existing, { actor: { actorId: null, requestId: null }, formToken: 'import-test-existing-0000000000', consentVersion: '2026-11' });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  staff = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
}, 60_000);
afterAll(async () => t?.close());

describe('permissions', () => {
  it('refuses check-in staff on every import page, and lets organisers in from the participant list', async () => {
    expect((await staff.get(importPath(event.id))).statusCode).toBe(403);
    expect((await staff.post(importPath(event.id), {})).statusCode).toBe(403);
    const list = await organiser.get(`/admin/events/${event.id}/registrations`);
    expect(list.body).toContain(`<a href="/admin/events/${event.id}/registrations/import">Import guests</a>`);
    const page = await organiser.get(importPath(event.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
  });
});

describe('a CSV list in Chinese', () => {
  it('guesses every column from Chinese headings, imports confirmed guests exactly, takes their seats and mails them', async () => {
    const before = await counters();
    const file = csvBytes([
      ZH_HEADERS,
      ['Wang.Fang@Tsinghua.example.cn', 'Wang', 'Fang', '王芳', '清华大学', '教授', '中国', '138 0013 8000', '素食'],
      ['hans.muller@fraunhofer.example.de', 'Müller', 'Hans', '', 'Fraunhofer-Gesellschaft', '', 'DE', '+49 1512 3456789', 'other: 不吃坚果'],
    ]);
    const { row, page, mappingPage } = await importGuestList(t, organiser, event.id, { filename: '嘉宾名单.csv', bytes: file }, { categoryId: categories.GUEST!, status: 'confirmed', sendMail: true, defaultLocale: 'zh-CN' });
    expect(selectedMapping(mappingPage.body)).toEqual({
      map_email: '0', map_familyName: '1', map_givenName: '2', map_nameZh: '3', map_organisation: '4', map_jobTitle: '5', map_country: '6', map_mobile: '7',
      map_residence: '', map_nationality: '', map_dietary: '8', map_interpretation: '', map_language: '',
    });
    expect(mappingPage.body).toContain('王芳');
    expect(row.state).toBe('done');
    expect(row.importedRows).toBe(2);
    expect(row.file).toBeNull();
    expect(page.body).toContain('2 guests imported.');
    const rows = (await eventRegistrations()).filter((r) => r.consentVersion.startsWith('import'));
    expect(rows.map((r) => [r.email, r.familyName, r.givenName, r.nameZh, r.organisation, r.jobTitle, r.country, r.mobile, r.dietary, r.residence, r.nationality, r.status, r.holdsSeat, r.locale]).sort()).toEqual([
      ['hans.muller@fraunhofer.example.de', 'Müller', 'Hans', null, 'Fraunhofer-Gesellschaft', null, 'DE', '+4915123456789', 'other: 不吃坚果', 'other', 'DE', 'confirmed', true, 'zh-CN'],
      ['wang.fang@tsinghua.example.cn', 'Wang', 'Fang', '王芳', '清华大学', '教授', 'CN', '+8613800138000', 'vegetarian', 'mainland', null, 'confirmed', true, 'zh-CN'],
    ]);
    expect(await counters()).toEqual({ ...before, event: before.event + 2, GUEST: before.GUEST + 2 });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, 'registration.import')));
    expect(audit!.after).toEqual({ filename: '嘉宾名单.csv', rows: 2, status: 'confirmed', categoryId: categories.GUEST, sendMail: true });
    await expect.poll(() => t.mail.to('wang.fang@tsinghua.example.cn').length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => t.mail.to('hans.muller@fraunhofer.example.de').length, { timeout: 30_000 }).toBe(1);
    expect(t.mail.to('wang.fang@tsinghua.example.cn')[0]!.subject).toContain('中关村论坛');
  });
});
