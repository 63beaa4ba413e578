// Organisers import invited guests from CSV or XLSX: columns guessed from English or Chinese headings, every row
// checked with the registration form's rules before anything is written, then all rows in one transaction or
// none — with seats, mails, duplicates, encodings and damaged files handled as a person would expect.
import { and, count, eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, registrationCategories, registrationImports, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { toCsv } from '../../src/lib/csv.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { importGuestList, importPath, selectedMapping, uploadGuestList, waitForImport } from '../helpers/import-guests.ts';
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
const registrationCount = async () => (await t.db.select({ n: count() }).from(registrations).where(eq(registrations.eventId, event.id)))[0]!.n;
const counters = async () => {
  const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
  const cats = await t.db.select().from(registrationCategories).where(eq(registrationCategories.eventId, event.id));
  return { event: settings!.taken, ...(Object.fromEntries(cats.map((c) => [c.code, c.taken])) as Record<'GUEST' | 'VIP', number>) };
};

/** Registration mail jobs queued for these registrations (pg-boss keeps them in its own schema). */
const mailJobsFor = async (ids: string[]) =>
  Number((await t.database.execute(`select count(*)::int as n from pgboss.job where name = 'registration.mail' and data->>'registrationId' in (${ids.map((id) => `'${id}'`).join(', ')})`))[0]!.n);

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
    // Each guest’s own history says they came from this list, and by whose hand.
    const wang = rows.find((r) => r.familyName === 'Wang')!;
    const [own] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, wang.id), eq(auditLog.action, 'registration.imported')));
    expect(own!.after).toEqual({ importId: row.id, filename: '嘉宾名单.csv', status: 'confirmed' });
    const detail = await organiser.get(`/admin/events/${event.id}/registrations/${wang.id}`);
    expect(detail.body).toContain('Added from an imported guest list');
    expect(detail.body).toContain('None recorded: added by the organisers (an import), this person has not registered through the form.');
    await expect.poll(() => t.mail.to('wang.fang@tsinghua.example.cn').length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => t.mail.to('hans.muller@fraunhofer.example.de').length, { timeout: 30_000 }).toBe(1);
    expect(t.mail.to('wang.fang@tsinghua.example.cn')[0]!.subject).toContain('中关村论坛');
  });
});

describe('an XLSX list in English', () => {
  it('imports guests awaiting approval without mail, keeping Chinese characters and a national number with its leading zero', async () => {
    const before = await counters();
    const file = await xlsxBytes([
      [...EN_HEADERS, 'Language'],
      ['li.na@ustc.example.cn', 'Li', 'Na', '李娜', '中国科学技术大学', 'Director, 国际合作处', 'China', '+86 139 1234 5678', '', '中文'],
      ['amelia.jones@ucl.example.ac.uk', 'Jones', 'Amelia', '', 'University College London', 'Reader', 'United Kingdom', '07911 123456', 'Halal', 'en'],
    ]);
    const { row, page } = await importGuestList(t, organiser, event.id, { filename: 'guests.xlsx', bytes: file }, { categoryId: categories.GUEST!, status: 'pending' });
    expect(row.problems).toEqual([]);
    expect(row.state).toBe('done');
    expect(row.format).toBe('xlsx');
    expect(page.body).toContain('No mail was sent.');
    const rows = await t.db.select().from(registrations).where(inArray(registrations.email, ['li.na@ustc.example.cn', 'amelia.jones@ucl.example.ac.uk']));
    expect(rows.map((r) => [r.email, r.nameZh, r.organisation, r.jobTitle, r.country, r.mobile, r.dietary, r.status, r.holdsSeat, r.locale]).sort()).toEqual([
      ['amelia.jones@ucl.example.ac.uk', null, 'University College London', 'Reader', 'GB', '+447911123456', 'halal', 'pending', false, 'en'],
      ['li.na@ustc.example.cn', '李娜', '中国科学技术大学', 'Director, 国际合作处', 'CN', '+8613912345678', null, 'pending', false, 'zh-CN'],
    ]);
    expect(await counters()).toEqual(before);
    expect(await mailJobsFor(rows.map((r) => r.id))).toBe(0);
  });
});

describe('a GBK file from Chinese Excel', () => {
  it('is read as GB18030, says so on the mapping page, and imports the Chinese text unchanged', async () => {
    const file = csvBytes(
      [
        ['邮箱', '姓', '名', '姓名', '工作单位', '国家或地区', '手机号码'],
        ['zhao.lei@pku.example.cn', 'Zhao', 'Lei', '赵磊', '北京大学信息科学技术学院', '中国', '13600136000'],
      ],
      { encoding: 'gbk' },
    );
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow();
    const { row, mappingPage } = await importGuestList(t, organiser, event.id, { filename: 'gbk.csv', bytes: file }, { categoryId: categories.GUEST!, status: 'confirmed' });
    expect(mappingPage.body).toContain('It was read as Chinese GBK/GB18030');
    expect(mappingPage.body).toContain('北京大学信息科学技术学院');
    expect(row.encoding).toBe('gb18030');
    expect(row.state).toBe('done');
    const [guest] = await t.db.select().from(registrations).where(eq(registrations.email, 'zhao.lei@pku.example.cn'));
    expect([guest!.nameZh, guest!.organisation, guest!.mobile]).toEqual(['赵磊', '北京大学信息科学技术学院', '+8613600136000']);
  });
});

describe('files that cannot be read', () => {
  const refusals: [string, string, Buffer | (() => Promise<Buffer>), string][] = [
    ['a CSV with an unclosed quote', 'broken.csv', Buffer.from('E-mail,Family name\r\n"a@example.cn,Li\r\nb@example.cn,Wang\r\n'), 'a quoted value that starts on line 2 never ends'],
    ['text after a closing quote', 'broken.csv', Buffer.from('E-mail,Family name\r\n"a@example.cn"x,Li\r\n'), 'The CSV file is damaged on line 2: there is text right after a closing &quot; character.'],
    ['random bytes named .xlsx', 'guests.xlsx', Buffer.from([0x13, 0x37, 0x00, 0xff, 0x42, 0x99, 0x00, 0x01]), 'This file cannot be read as an Excel workbook.'],
    ['a zip that is no workbook', 'guests.xlsx', zipBytes('readme.txt', 'not a workbook'), 'This file cannot be read as an Excel workbook.'],
    ['an old .xls workbook', 'guests.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'This is an old Excel file (.xls).'],
    ['binary data named .csv', 'guests.csv', Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41, 0x42]), 'This does not look like a CSV file.'],
    ['headings without guests', 'guests.csv', csvBytes([EN_HEADERS]), 'The file has headings but no guests.'],
    ['an empty file', 'guests.csv', Buffer.alloc(0), 'The file is empty. Choose your guest list again.'],
    ['no file at all', '', Buffer.alloc(0), 'Choose a CSV or XLSX file to upload.'],
  ];
  for (const [what, filename, bytes, message] of refusals) {
    it(`refuses ${what} with a clear message and writes nothing`, async () => {
      const before = (await t.db.select({ id: registrationImports.id }).from(registrationImports)).length;
      const res = await uploadGuestList(organiser, event.id, { filename, bytes: typeof bytes === 'function' ? await bytes() : bytes });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(message);
      expect((await t.db.select({ id: registrationImports.id }).from(registrationImports)).length).toBe(before);
    });
  }

  it('refuses an upload without the page’s CSRF token, writing nothing', async () => {
    const before = (await t.db.select({ id: registrationImports.id }).from(registrationImports)).length;
    const res = await uploadGuestList(organiser, event.id, { filename: 'guests.csv', bytes: csvBytes([EN_HEADERS, ['x@example.cn', 'Li', 'Lei', '', 'Org', '', 'CN', '13800138000', '']]) }, 'forged-token');
    expect(res.statusCode).toBe(403);
    expect((await t.db.select({ id: registrationImports.id }).from(registrationImports)).length).toBe(before);
  });
});

describe('the mapping step', () => {
  it('asks again for required fields left unmapped or a column used twice, keeping the choices', async () => {
    const res = await uploadGuestList(organiser, event.id, { filename: 'odd.csv', bytes: csvBytes([['Contact', 'Surname', 'Given name', 'Company', 'Country', 'Phone'], ['x@example.cn', 'Li', 'Lei', 'Org', 'CN', '13800138000']]) });
    const location = String(res.headers.location);
    const page = await organiser.get(location);
    expect(selectedMapping(page.body)).toMatchObject({ map_email: '', map_familyName: '1', map_givenName: '2', map_organisation: '3', map_country: '4', map_mobile: '5' });
    const submitted = await organiser.post(location, { ...(await hiddenOf(location)), ...selectedMapping(page.body), map_jobTitle: '1', categoryId: categories.GUEST!, status: 'confirmed', defaultLocale: 'en' });
    expect(submitted.statusCode).toBe(422);
    expect(submitted.body).toContain('Choose the column that holds this detail.');
    expect(submitted.body).toContain('This column is already chosen for another detail.');
    // The error summary names each detail.
    expect(submitted.body).toContain('<a href="#field-map_email">E-mail address: Choose the column that holds this detail.</a>');
    const [row] = await t.db.select().from(registrationImports).where(eq(registrationImports.id, location.split('/').pop()!));
    expect(row!.state).toBe('uploaded');
  });
});

const hiddenOf = async (location: string) => {
  const { hiddenFields } = await import('../helpers/http-agent.ts');
  return hiddenFields((await organiser.get(location)).body, location);
};

describe('problems found before anything is written', () => {
  it('reports duplicates in the file and against registrations, with the rows and nothing imported', async () => {
    const before = (await registrationCount());
    const file = csvBytes([
      EN_HEADERS,
      ['sun.yue@zju.example.cn', 'Sun', 'Yue', '孙悦', '浙江大学', '', 'CN', '13700137000', ''],
      ['SUN.YUE@zju.example.cn ', 'Sun', 'Yue', '孙悦', '浙江大学', '', 'CN', '13700137001', ''],
      ['already@cas.example.cn', 'Zhou', 'Min', '周敏', 'CAS', '', 'CN', '13912345678', ''],
      ['bad-address', '', 'Kim', '', 'KAIST', '', 'Narnia', '12', ''],
    ]);
    const { row, page } = await importGuestList(t, organiser, event.id, { filename: 'dupes.csv', bytes: file }, { categoryId: categories.GUEST!, status: 'confirmed' });
    expect(row.state).toBe('rejected');
    expect(row.file).toBeNull();
    expect(row.problems).toEqual([
      { row: 3, field: 'email', key: 'registrationImport.problems.duplicateInFile', vars: { row: 2 } },
      { row: 4, field: 'email', key: 'registrationImport.problems.alreadyRegistered' },
      { row: 5, field: 'country', key: 'registrationImport.problems.country' },
      { row: 5, field: 'familyName', key: 'registrationImport.problems.required' },
      { row: 5, field: 'email', key: 'registration.errors.email' },
      { row: 5, field: 'mobile', key: 'registrationImport.problems.mobile' },
    ]);
    expect(page.body).toContain('Nothing was imported: 6 problems in 3 rows');
    // Worded for the organiser about the file, not for a participant ("Enter your family name").
    expect(page.body).toContain('Empty: the guest’s record needs this.');
    expect(page.body).toContain('Not a mobile number of the guest’s country or region: write it with its country code, such as +86 138 0013 8000.');
    expect(page.body).not.toContain('Enter your');
    expect(page.body).toContain('The same e-mail address is already on row 2 of this file.');
    expect((await registrationCount())).toBe(before);
    const report = await organiser.get(`${importPath(event.id)}/${row.id}/report.csv`);
    expect(report.body.split('\r\n')[1]).toBe('3,E-mail address,A: E-mail,The same e-mail address is already on row 2 of this file.');
  });

  it('refuses the whole list when the category has too few seats, with the numbers, and takes none', async () => {
    const before = await counters();
    const count = (await registrationCount());
    const file = csvBytes([
      EN_HEADERS,
      ...['a', 'b', 'c'].map((x, i) => [`vip.${x}@embassy.example.fr`, 'Martin', x.toUpperCase(), '', 'Ambassade de France', '', 'FR', `+33 6 12 34 56 7${i}`, '']),
    ]);
    const { row, page } = await importGuestList(t, organiser, event.id, { filename: 'vip.csv', bytes: file }, { categoryId: categories.VIP!, status: 'confirmed', sendMail: true });
    expect(row.state).toBe('failed');
    expect(page.body).toContain('Not enough seats: 3 guests would be confirmed, but only 2 seats are free in this category and event.');
    expect(await counters()).toEqual(before);
    expect((await registrationCount())).toBe(count);
  });

  it('says where to add a category first when the event has none', async () => {
    const bare = await createEvent(t.db, { slug: 'no-categories-yet' });
    const agent = await signedInAgent(t, await createUser(t.db, { roles: [[bare.id, 'organiser']] }));
    const page = await agent.get(`/admin/events/${bare.id}/registrations/import`);
    expect(page.body).toContain(`Imported guests go into a registration category, and this event has none yet. <a href="/admin/events/${bare.id}/registration">Add a category in the registration set-up</a>`);
    expect((await organiser.get(`/admin/events/${event.id}/registrations/import`)).body).not.toContain('has none yet');
  });

  it('says registration is not set up when the event has no settings to count confirmed seats on, and imports them awaiting approval', async () => {
    const bare = await createEvent(t.db, { slug: 'no-registration-yet', status: 'draft', startsAt: wallTime('2027-07-01 09:00'), endsAt: wallTime('2027-07-01 18:00') });
    const [guest] = await t.db.insert(registrationCategories).values({ eventId: bare.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' } }).returning();
    const owner = await signedInAgent(t, await createUser(t.db, { roles: [[bare.id, 'organiser']] }));
    const file = () => csvBytes([EN_HEADERS, ...['a', 'b'].map((x, i) => [`early.${x}@example.kr`, 'Park', x.toUpperCase(), '', 'KAIST', '', 'KR', `+82 10 1234 567${i}`, ''])]);
    const refused = await importGuestList(t, owner, bare.id, { filename: 'early.csv', bytes: file() }, { categoryId: guest!.id, status: 'confirmed' });
    expect(refused.row.state).toBe('failed');
    expect(refused.page.body).toContain('Registration is not set up for this event yet, so it has no seats to confirm 2 guests in.');
    expect(await t.db.select().from(registrations).where(eq(registrations.eventId, bare.id))).toEqual([]);
    const pending = await importGuestList(t, owner, bare.id, { filename: 'early.csv', bytes: file() }, { categoryId: guest!.id, status: 'pending' });
    expect(pending.row.state).toBe('done');
    expect((await t.db.select().from(registrations).where(eq(registrations.eventId, bare.id))).map((r) => r.status)).toEqual(['pending', 'pending']);
  });
});

describe('10,000 rows', () => {
  const SURNAMES = [['Wang', '王'], ['Li', '李'], ['Zhang', '张'], ['Liu', '刘'], ['Chen', '陈']] as const;
  const guestRow = (i: number, prefix: string) => {
    const [latin, han] = SURNAMES[i % SURNAMES.length]!;
    return [`${prefix}.${String(i).padStart(5, '0')}@guests.example.cn`, latin, `Guest${i}`, `${han}嘉宾`, `第${i % 97}研究所`, '', i % 3 === 0 ? 'CN' : '中国', `+86 138${String(i).padStart(8, '0')}`, ''];
  };

  it('reports exactly the rows with problems and writes nothing, in reasonable time', async () => {
    const broken = new Map<number, string>([
      [17, 'email'],
      [2_500, 'familyName'],
      [4_999, 'mobile'],
      [7_321, 'organisation'],
      [9_998, 'country'],
    ]);
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const row = guestRow(i, 'bulk-bad');
      const field = broken.get(i);
      if (field === 'email') row[0] = 'not an address';
      if (field === 'familyName') row[1] = 'x'.repeat(101);
      if (field === 'mobile') row[7] = '+86 12';
      if (field === 'organisation') row[4] = '';
      if (field === 'country') row[6] = 'Atlantis';
      return row;
    });
    const before = (await registrationCount());
    const started = performance.now();
    const { row } = await importGuestList(t, organiser, event.id, { filename: 'big-bad.csv', bytes: csvBytes([EN_HEADERS, ...rows]) }, { categoryId: categories.GUEST!, status: 'confirmed', sendMail: true });
    const seconds = (performance.now() - started) / 1000;
    console.info(`10,000 rows with 5 bad ones checked in ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(120);
    expect(row.state).toBe('rejected');
    // Spreadsheet rows: the header is row 1, so data row i is row i + 2.
    expect(row.problems.map((p) => [p.row, p.field])).toEqual([...broken].map(([i, field]) => [i + 2, field]));
    expect((await registrationCount())).toBe(before);
  }, 180_000);

  it('imports 10,000 valid rows all at once, every seat counted', async () => {
    const before = await counters();
    const count = (await registrationCount());
    const rows = Array.from({ length: 10_000 }, (_, i) => guestRow(i, 'bulk'));
    const started = performance.now();
    const { row, page } = await importGuestList(t, organiser, event.id, { filename: 'big.xlsx', bytes: await xlsxBytes([EN_HEADERS, ...rows]) }, { categoryId: categories.GUEST!, status: 'confirmed' });
    console.info(`10,000 valid rows (XLSX) imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(row.problems).toEqual([]);
    expect(row.state).toBe('done');
    expect(row.importedRows).toBe(10_000);
    expect(page.body).toContain('10,000 guests imported.');
    expect((await registrationCount())).toBe(count + 10_000);
    expect(await counters()).toEqual({ ...before, event: before.event + 10_000, GUEST: before.GUEST + 10_000 });
    const [last] = await t.db.select().from(registrations).where(eq(registrations.email, 'bulk.09999@guests.example.cn'));
    expect([last!.familyName, last!.nameZh, last!.organisation, last!.mobile, last!.country]).toEqual(['Chen', '陈嘉宾', '第8研究所', '+8613800009999', 'CN']);
  }, 180_000);
});

describe('a list written by Forum Desk’s own CSV writer', () => {
  it('imports every value exactly, the inert apostrophe before a +country code taken off again', async () => {
    const csv = toCsv([
      EN_HEADERS,
      ['qian.hui@sjtu.example.cn', 'Qian', 'Hui', '钱慧', '上海交通大学 "致远学院"', '=SUM(A1)', 'CN', '+8613512345678', 'other: 少盐, 少油'],
    ]);
    expect(csv).toContain(",'+8613512345678,");
    const { row } = await importGuestList(t, organiser, event.id, { filename: 'export.csv', bytes: Buffer.from(csv, 'utf8') }, { categoryId: categories.GUEST!, status: 'confirmed' });
    expect(row.state).toBe('done');
    const [guest] = await t.db.select().from(registrations).where(eq(registrations.email, 'qian.hui@sjtu.example.cn'));
    expect([guest!.nameZh, guest!.organisation, guest!.jobTitle, guest!.mobile, guest!.dietary]).toEqual(['钱慧', '上海交通大学 "致远学院"', '=SUM(A1)', '+8613512345678', 'other: 少盐, 少油']);
  });
});

describe('fuzzing the upload and the import', () => {
  const CELLS = ['', ' ', '"', '""', ',', '\r\n', '\u0000', '李', '王芳', 'CN', '中国', 'Atlantis', '+86 138 0013 8000', '13800138000', '0', "'+1", '=1+1', 'a@b.cn', 'x@', 'other:', '\ud800', '👩‍🔬', 'x'.repeat(300)];
  const cell = fc.oneof(fc.constantFrom(...CELLS), fc.string({ maxLength: 20 }));
  const table = fc.array(fc.array(cell, { minLength: 6, maxLength: 9 }), { minLength: 1, maxLength: 6 });

  it('never answers 5xx, and writes no registration unless the whole import is done', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(table.map((rows) => ({ filename: 'fuzz.csv', bytes: csvBytes([EN_HEADERS, ...rows]) })), fc.uint8Array({ maxLength: 400 }).map((b) => ({ filename: 'fuzz.xlsx', bytes: Buffer.from(b) }))), async (file) => {
        const imports = (await t.db.select({ id: registrationImports.id }).from(registrationImports)).length;
        const before = (await registrationCount());
        const uploaded = await uploadGuestList(organiser, event.id, file);
        expect(uploaded.statusCode).toBeLessThan(500);
        if (uploaded.statusCode !== 303) {
          expect(uploaded.statusCode).toBe(422);
          expect((await t.db.select({ id: registrationImports.id }).from(registrationImports)).length).toBe(imports);
          return;
        }
        const location = String(uploaded.headers.location);
        const mapping = await organiser.get(location);
        expect(mapping.statusCode).toBe(200);
        const started = await organiser.post(location, { ...(await hiddenOf(location)), ...selectedMapping(mapping.body), categoryId: categories.GUEST!, status: 'pending', defaultLocale: 'en' });
        expect(started.statusCode).toBeLessThan(500);
        if (started.statusCode !== 303) return expect((await registrationCount())).toBe(before);
        const row = await waitForImport(t, location.split('/').pop()!);
        expect((await organiser.get(location)).statusCode).toBe(200);
        expect((await registrationCount())).toBe(row.state === 'done' ? before + row.importedRows : before);
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
