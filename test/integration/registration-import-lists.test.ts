// Guest lists as organisers really send them: a title above the headings (merged across the top in Excel, or a
// line in a CSV), a heading row the organiser picks, countries as people write them, names that are no names, and
// the mails the guests then get — saying the organisers registered them, in the guest's own language.
import { eq, inArray } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationImports, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { importGuestList, importPath, selectedMapping, uploadGuestList, waitForImport } from '../helpers/import-guests.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { csvBytes, xlsxBytes } from '../helpers/spreadsheets.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let organiserZh: HttpAgent;
const categories: Record<string, string> = {};

const HEADINGS = ['邮箱', '姓', '名', '中文姓名', '单位', '国家', '手机'];

const guestsOf = (emails: string[]) => t.db.select().from(registrations).where(inArray(registrations.email, emails));

/** The mail to `address`, once it has arrived. */
async function mailTo(address: string): Promise<ParsedMail> {
  await expect.poll(() => t.mail.to(address).length, { timeout: 30_000 }).toBe(1);
  return t.mail.to(address)[0]!;
}

/** Uploads a file and returns the mapping page's address and the page. */
async function uploaded(agent: HttpAgent, filename: string, bytes: Buffer) {
  const res = await uploadGuestList(agent, event.id, { filename, bytes });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  const location = String(res.headers.location);
  return { location, importId: location.split('/').pop()!, page: await agent.get(location) };
}

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { slug: 'pujiang-forum', title: { en: 'Pujiang Innovation Forum', 'zh-CN': '浦江创新论坛' }, startsAt: wallTime('2027-06-10 09:00'), endsAt: wallTime('2027-06-10 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-06-09 00:00'), capacity: 500 });
  for (const [code, name, capacity, position] of [
    ['VIP', { en: 'Invited guest (VIP)', 'zh-CN': '特邀嘉宾（VIP）' }, 50, 0],
    ['GUEST', { en: 'Guest', 'zh-CN': '嘉宾' }, null, 1],
  ] as const) {
    const [row] = await t.db.insert(registrationCategories).values({ eventId: event.id, code, name, capacity, position }).returning();
    categories[code] = row!.id;
  }
  const user = await createUser(t.db, { roles: [[event.id, 'organiser']] });
  organiser = await signedInAgent(t, user);
  organiserZh = await signedInAgent(t, user, { lang: 'zh-CN' });
}, 60_000);
afterAll(async () => t?.close());

describe('a workbook with a title merged above the headings', () => {
  it('maps every column from the headings on row 2, also the one right of the merge, and imports the guests with mails in their language', async () => {
    const bytes = await xlsxBytes(
      [
        ['2027浦江创新论坛特邀嘉宾名单'],
        HEADINGS,
        ['wang.fang@fudan.example.cn', 'Wang', 'Fang', '王芳', '复旦大学', '中国大陆', '13800138000'],
        ['john.smith@mit.example.edu', 'Smith', 'John', '', 'MIT', 'U.S.A.', '+1 617 555 0123'],
        ['emma.jones@ucl.example.ac.uk', 'Jones', 'Emma', '', 'UCL', 'England', '+44 7911 123456'],
      ],
      '嘉宾',
      ['A1:F1'],
    );
    const { row, mappingPage } = await importGuestList(t, organiser, event.id, { filename: '特邀嘉宾.xlsx', bytes }, { categoryId: categories.VIP!, status: 'confirmed', sendMail: true });
    expect(selectedMapping(mappingPage.body)).toMatchObject({ map_email: '0', map_familyName: '1', map_givenName: '2', map_nameZh: '3', map_organisation: '4', map_country: '5', map_mobile: '6' });
    expect(mappingPage.body).toContain('<option value="2" selected>Row 2: 邮箱, 姓, 名, 中文姓名 …</option>');
    expect(mappingPage.body).toContain('<option value="1">Row 1: 2027浦江创新论坛特邀嘉宾名单</option>');
    expect(mappingPage.body).toContain('<input type="hidden" name="headerRow" value="2">');
    expect(mappingPage.body).toContain('特邀嘉宾.xlsx: 3 rows.');
    expect([row.state, row.headerRow, row.totalRows, row.importedRows, row.problems]).toEqual(['done', 2, 3, 3, []]);
    const guests = await guestsOf(['wang.fang@fudan.example.cn', 'john.smith@mit.example.edu', 'emma.jones@ucl.example.ac.uk']);
    expect(guests.map((g) => [g.email, g.country, g.mobile, g.locale, g.status]).sort()).toEqual([
      ['emma.jones@ucl.example.ac.uk', 'GB', '+447911123456', 'en', 'confirmed'],
      ['john.smith@mit.example.edu', 'US', '+16175550123', 'en', 'confirmed'],
      ['wang.fang@fudan.example.cn', 'CN', '+8613800138000', 'zh-CN', 'confirmed'],
    ]);

    // The organisers registered them: the mail says so, with the ticket, the calendar file and the private link.
    const wang = guests.find((g) => g.familyName === 'Wang')!;
    const zh = await mailTo('wang.fang@fudan.example.cn');
    expect(zh.subject).toBe('浦江创新论坛：主办方已为您报名——您的电子票');
    expect(zh.text).toContain(`浦江创新论坛主办方诚邀您出席，并已代您完成报名，您的参会名额已确认。如无法出席，请通过下方链接取消报名。入场时请出示下方票号。\n\n票号：${wang.ticketCode}\n`);
    expect(zh.text).not.toContain('您已成功报名');
    expect(zh.text).toMatch(/查看或修改我的报名：\nhttp:\/\/[^\n]+\/registrations\/manage\/[\w-]+\n/);
    expect(zh.attachments.map((a) => a.filename).sort()).toEqual(['event.ics', 'ticket.png']);
    const smith = guests.find((g) => g.familyName === 'Smith')!;
    const en = await mailTo('john.smith@mit.example.edu');
    expect(en.subject).toBe('Pujiang Innovation Forum: the organisers have registered you — your ticket');
    expect(en.text).toContain(
      `The organisers of Pujiang Innovation Forum have invited you and registered you on your behalf: your place is confirmed. If you cannot come, please cancel through the link below. At the entrance, show the ticket code below.\n\nTicket code: ${smith.ticketCode}\n`,
    );
    expect(en.text).not.toContain('Your registration for');
    expect(en.text).toMatch(/See or change my registration:\nhttp:\/\/[^\n]+\/registrations\/manage\/[\w-]+\n/);
    expect(en.attachments.map((a) => a.filename).sort()).toEqual(['event.ics', 'ticket.png']);
  });
});

describe('a CSV with a title line, and the heading row chosen by the organiser', () => {
  it('shows the file from another heading row on request, refuses a row that cannot hold headings, and imports from the chosen one', async () => {
    const file = csvBytes([
      ['E-mail', 'Family name', 'Given name', 'Chinese name', 'Organisation', 'Country', 'Mobile'],
      HEADINGS,
      ['chen.jing@sjtu.example.cn', 'Chen', 'Jing', '陈静', '上海交通大学', 'PRC', '13600136000'],
      ['lee.minho@kaist.example.kr', 'Lee', 'Minho', '', 'KAIST', 'South Korea', '+82 10 1234 5678'],
    ]);
    const { location, importId, page } = await uploaded(organiser, 'two-headings.csv', file);
    // Both rows look like headings: the first is taken, and the page offers the others.
    expect(page.body).toContain('<option value="1" selected>Row 1: E-mail, Family name, Given name, Chinese name …</option>');
    expect(page.body).toContain('two-headings.csv: 3 rows.');
    const fromRow2 = await organiser.get(`${location}?headerRow=2`);
    expect(fromRow2.statusCode).toBe(200);
    expect(fromRow2.body).toContain('<option value="2" selected>Row 2: 邮箱, 姓, 名, 中文姓名 …</option>');
    expect(fromRow2.body).toContain('<input type="hidden" name="headerRow" value="2">');
    expect(fromRow2.body).toContain('two-headings.csv: 2 rows.');
    expect(fromRow2.body).toContain('<th scope="col">A: 邮箱</th>');
    expect(selectedMapping(fromRow2.body)).toMatchObject({ map_email: '0', map_familyName: '1', map_nameZh: '3', map_mobile: '6' });
    // A row number that is no choice shows the row found.
    expect((await organiser.get(`${location}?headerRow=77`)).body).toContain('<option value="1" selected>');
    const form = { ...hiddenFields(fromRow2.body, location), ...selectedMapping(fromRow2.body), categoryId: categories.GUEST!, status: 'pending', defaultLocale: 'en', sendMail: 'yes' };
    const refused = await organiser.post(location, { ...form, headerRow: '4' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<a href="#field-headerRow">Headings: Choose one of the first rows of the file as the row of headings.</a>');
    expect((await t.db.select().from(registrationImports).where(eq(registrationImports.id, importId)))[0]!.state).toBe('uploaded');
    expect((await organiser.post(location, form)).statusCode).toBe(303);
    const row = await waitForImport(t, importId);
    expect([row.state, row.headerRow, row.headers, row.totalRows, row.importedRows]).toEqual(['done', 2, HEADINGS, 2, 2]);
    const guests = await guestsOf(['chen.jing@sjtu.example.cn', 'lee.minho@kaist.example.kr']);
    expect(guests.map((g) => [g.email, g.country, g.locale, g.status]).sort()).toEqual([
      ['chen.jing@sjtu.example.cn', 'CN', 'zh-CN', 'pending'],
      ['lee.minho@kaist.example.kr', 'KR', 'en', 'pending'],
    ]);

    // Awaiting approval: registered by the organisers, with the private link but no ticket yet.
    const zh = await mailTo('chen.jing@sjtu.example.cn');
    expect(zh.subject).toBe('浦江创新论坛：主办方已为您报名，正在审核');
    expect(zh.text).toContain('浦江创新论坛主办方诚邀您出席，并已代您完成报名。您的报名尚待主办方审核，审核结果将通过邮件通知您。如无法出席，请通过下方链接取消报名。\n');
    expect(zh.text).not.toContain('感谢您报名');
    expect(zh.text).toContain('/registrations/manage/');
    expect(zh.attachments).toEqual([]);
    const en = await mailTo('lee.minho@kaist.example.kr');
    expect(en.subject).toBe('Pujiang Innovation Forum: the organisers have registered you — awaiting approval');
    expect(en.text).toContain('The organisers of Pujiang Innovation Forum have invited you and registered you on your behalf. Your registration awaits their approval; we will mail you their answer. If you cannot come, please cancel through the link below.\n');
    expect(en.text).not.toContain('Thank you for registering');
    expect(en.text).toContain('/registrations/manage/');
    expect(en.attachments).toEqual([]);
  });
});

describe('the mapping page in Chinese', () => {
  it('names a category once, writes mails to the rest in English unless told otherwise, and shows each sample row’s mail language', async () => {
    const file = csvBytes([
      ['邮箱', '姓', '名', '中文姓名', '单位', '国家', '手机', '语言'],
      ['zhao.lei@pku.example.cn', 'Zhao', 'Lei', '赵磊', '北京大学', '中国', '13700137000', ''],
      ['anna.berg@kth.example.se', 'Berg', 'Anna', '', 'KTH', 'Sweden', '+46 70 123 45 67', ''],
      ['tan.wei@nus.example.sg', 'Tan', 'Wei', '', 'NUS', 'Singapore', '+65 8123 4567', '中文'],
    ]);
    const { page } = await uploaded(organiserZh, '名单.csv', file);
    expect(page.body).toMatch(/>特邀嘉宾（VIP） · 已占 \d+\/50 个名额<\/option>/);
    expect(page.body).not.toContain('（VIP）（VIP）');
    expect(page.body).toContain('>嘉宾（GUEST）</option>');
    expect(page.body).toContain('<option value="en" selected>English</option>');
    expect(page.body).toContain('<th scope="col">邮件语言</th>');
    const languages = [...page.body.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(languages).toEqual([['2', '中文'], ['3', '按下方所选'], ['4', '中文']]);
    expect(page.body).toContain('<td>赵磊</td>');
  });
});

describe('names that are not names', () => {
  it('refuses a formula or a name without a letter, row by row, in the organiser’s language, and writes nothing', async () => {
    const file = csvBytes([
      ['E-mail', 'Family name', 'Given name', 'Organisation', 'Country', 'Mobile'],
      ['ok.guest@example.de', 'Becker', 'Lena', 'TU Berlin', 'Deutschland', '+49 1512 3456789'],
      ['evil@example.org', '=HYPERLINK("http://evil.example/")', '+1', 'Evil Corp', 'USA', '+1 617 555 0199'],
      ['at@example.org', '@Smith', '123', 'Corp', 'UK', '+44 7911 123457'],
    ]);
    const before = (await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).length;
    const { row, page } = await importGuestList(t, organiser, event.id, { filename: 'names.csv', bytes: file }, { categoryId: categories.GUEST!, status: 'pending' });
    expect(row.state).toBe('rejected');
    expect(row.problems).toEqual([
      { row: 3, field: 'familyName', key: 'registrationImport.problems.notAName' },
      { row: 3, field: 'givenName', key: 'registrationImport.problems.notAName' },
      { row: 4, field: 'familyName', key: 'registrationImport.problems.notAName' },
      { row: 4, field: 'givenName', key: 'registrationImport.problems.notAName' },
    ]);
    // Handlebars writes '=' as '&#x3D;'.
    expect(page.body).toContain('Not a name: a name has letters, and does not begin with &#x3D;, + or @ (a spreadsheet would run it as a formula). Write the guest’s name as on their passport.');
    const zh = await organiserZh.get(`${importPath(event.id)}/${row.id}`);
    expect(zh.body).toContain('不是姓名：姓名须包含字母或文字，且不能以 &#x3D;、+ 或 @ 开头（电子表格会将其当作公式执行）。请按护照填写嘉宾姓名。');
    const report = await organiser.get(`${importPath(event.id)}/${row.id}/report.csv`);
    expect(report.body.split('\r\n')[1]).toBe('3,Family name,B: Family name,"Not a name: a name has letters, and does not begin with =, + or @ (a spreadsheet would run it as a formula). Write the guest’s name as on their passport."');
    expect((await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).length).toBe(before);
  });
});
