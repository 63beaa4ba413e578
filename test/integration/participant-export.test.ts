// Organisers export the participant list as they filtered it, to CSV or Excel, choosing the columns: files parsed back
// with exact values (Chinese included), formula-like cells made inert in both formats, headers in the organiser's
// language, document numbers masked unless an owner asks for them in full (each one audited), check-in staff refused.
import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, eventRoles, registrationCategories, registrationQuestions, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { participantCsv, participantXlsx } from '../../src/features/registration/participant-export-files.ts';
import { exportColumnsOf, participantExportRows, type ExportContext } from '../../src/features/registration/participant-export-columns.ts';
import { participantExportTable } from '../../src/features/registration/participant-export.ts';
import { submitRegistration, type RegistrationRow, type RegistrationValues } from '../../src/features/registration/service.ts';
import { createFieldCipher } from '../../src/lib/field-cipher.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { parseCsv } from '../helpers/csv.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let owner: TestUser;
let organiser: HttpAgent;
let organiserZh: HttpAgent;
let staff: HttpAgent;
const categories: Record<string, string> = {};
const questions: Record<string, string> = {};

const NOW = '2027-03-01T02:00:00.000Z';
/** 11010519491231002X as an organiser without the reveal right sees it. */
const MASKED_ID = `${'•'.repeat(14)}002X`;

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(NOW);
  event = await createEvent(t.db, { slug: 'pujiang-forum-2027', title: { en: 'Pujiang Innovation Forum 2027', 'zh-CN': '2027浦江创新论坛' }, startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-21 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00') });
  const [guest, vip] = await t.db
    .insert(registrationCategories)
    .values([
      { eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' }, position: 0 },
      { eventId: event.id, code: 'VIP', name: { en: 'Invited guest', 'zh-CN': '特邀嘉宾' }, requiresApproval: true, position: 1 },
    ])
    .returning();
  categories.guest = guest!.id;
  categories.vip = vip!.id;
  const [visit, message, topics] = await t.db
    .insert(registrationQuestions)
    .values([
      { eventId: event.id, kind: 'single', label: { en: 'Site visit', 'zh-CN': '参观路线' }, options: [{ value: 'lab', label: { en: 'Zhangjiang lab', 'zh-CN': '张江实验室' } }, { value: 'port', label: { en: 'Yangshan port', 'zh-CN': '洋山港' } }], position: 0 },
      { eventId: event.id, kind: 'text', label: { en: 'Message to the organisers', 'zh-CN': '给主办方的留言' }, position: 1 },
      { eventId: event.id, kind: 'multiple', label: { en: 'Topics', 'zh-CN': '关注领域' }, options: [{ value: 'ai', label: { en: 'AI', 'zh-CN': '人工智能' } }, { value: 'bio', label: { en: 'Biotech', 'zh-CN': '生物医药' } }], position: 2 },
    ])
    .returning();
  questions.visit = visit!.id;
  questions.message = message!.id;
  questions.topics = topics!.id;
  const [tour] = await t.db
    .insert(agendaSessions)
    .values({ eventId: event.id, type: 'site-visit', title: { en: 'Zhangjiang lab tour', 'zh-CN': '张江实验室参观' }, capacity: 30, startsAt: wallTime('2027-04-21 14:00'), endsAt: wallTime('2027-04-21 16:00') })
    .returning();

  const cipher = createFieldCipher(t.config);
  const register = async (values: Partial<RegistrationValues> & { email: string }, options: { sensitive?: boolean } = {}) => {
    await submitRegistration(
      { db: t.db, clock: t.clock, mail: t.app.mail },
      event,
      {
        categoryId: categories.guest!, familyName: 'Zhang', givenName: 'Wei', nameZh: null, organisation: 'Fudan University', jobTitle: null, country: 'CN', mobile: '+8613800138000',
        dietary: null, interpretationNeeds: null, residence: 'mainland', idType: null, idNumber: null, nationality: null, answers: {}, sessionIds: [], locale: 'en',
        ...values,
      },
      { actor: { actorId: null, requestId: null }, formToken: `export-token-${values.email.replace(/[^a-z]/g, '').padEnd(12, 'x')}`, consentVersion: '2026-11', sensitiveConsent: options.sensitive ?? false, cipher },
    );
    t.clock.advance({ hours: 1 });
  };
  // 10:00, 11:00 and 12:00 in Shanghai.
  await register(
    {
      email: 'zhang.wei@fudan.example.cn', nameZh: '张伟', jobTitle: 'Professor', dietary: 'vegetarian', interpretationNeeds: 'zh-to-en', idType: 'national-id', idNumber: '11010519491231002X',
      answers: { [visit!.id]: 'lab', [message!.id]: '感谢邀请，期待交流！', [topics!.id]: ['ai', 'bio'] }, sessionIds: [tour!.id],
    },
    { sensitive: true },
  );
  await register(
    {
      email: 'marco.rossi@polimi.example.it', categoryId: categories.vip!, familyName: 'Rossi', givenName: 'Marco', organisation: '+39 Politecnico di Milano', jobTitle: '-Head of lab', country: 'IT', mobile: '+393123456789',
      residence: 'other', nationality: 'IT', idType: 'passport', idNumber: 'YA1234567', dietary: 'other: no nuts, please', answers: { [visit!.id]: 'port', [message!.id]: 'He said "ciao"\r\nand left' },
    },
    { sensitive: true },
  );
  await register({ email: 'injection@example.org', familyName: '@SUM(A1:A9)', givenName: '=1+1', nameZh: '=王芳', organisation: '-2+3', answers: { [message!.id]: '=HYPERLINK("http://evil.example","click")' } });

  owner = await createUser(t.db, { roles: [[event.id, 'owner']], totp: true });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  organiserZh = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }), { lang: 'zh-CN' });
  staff = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
});
afterAll(async () => t?.close());

const ALL_FOR_ORGANISERS = ['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'nationality', 'email', 'mobile', 'category', 'status', 'createdAt', 'sessions', 'dietary', 'interpretation', 'consentProcessing', 'consentSensitive', 'consentCrossBorder', 'idType', 'idNumber'];

function downloadUrl(params: { format?: string; columns: string[]; filter?: Record<string, string> }) {
  const search = new URLSearchParams(params.filter ?? {});
  if (params.format) search.set('format', params.format);
  for (const column of params.columns) search.append('columns', column);
  return `/admin/events/${event.id}/registrations/export/download?${search}`;
}

function csvOf(body: Buffer): string[][] {
  const text = body.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parseCsv(text.slice(1));
}

/** The sheet's rows as values (null for an empty cell), with each cell's type and number format for the checks. */
async function xlsxOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: (string | Date | null)[][] = [];
  const cells: ExcelJS.Cell[] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: (string | Date | null)[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      cells.push(cell);
      values.push(cell.value === null || cell.value === undefined ? null : (cell.value as string | Date));
    }
    rows.push(values);
  });
  return { name: sheet.name, rows, cells };
}

describe('the CSV file', () => {
  it('holds every column an organiser may choose, exact values in the list’s order, formula-like cells made inert, numbers masked', async () => {
    const res = await organiser.get(downloadUrl({ format: 'csv', columns: [...ALL_FOR_ORGANISERS, `question.${questions.visit}`, `question.${questions.message}`, `question.${questions.topics}`], filter: { sort: 'oldest' } }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="pujiang-forum-2027-participants-2027-03-01.csv"');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(csvOf(res.rawPayload)).toEqual([
      [
        'Family name', 'Given name', 'Name in Chinese', 'Organisation', 'Job title', 'Country or region (code)', 'Nationality (code)', 'E-mail', 'Mobile', 'Category', 'Status', 'Registered (Beijing time)',
        'Booked sessions', 'Dietary needs', 'Interpretation needs', 'Consent: processing', 'Consent: identity document', 'Consent: sharing abroad', 'Identity document', 'Document number (masked)',
        'Site visit', 'Message to the organisers', 'Topics',
      ],
      [
        'Zhang', 'Wei', '张伟', 'Fudan University', 'Professor', 'CN', '', 'zhang.wei@fudan.example.cn', "'+8613800138000", 'Participant', 'Confirmed', '2027-03-01 10:00:00',
        'Zhangjiang lab tour', 'Vegetarian', 'Chinese into English', 'Yes', 'Yes', 'No', 'Resident identity card', MASKED_ID,
        'Zhangjiang lab', '感谢邀请，期待交流！', 'AI; Biotech',
      ],
      [
        'Rossi', 'Marco', '', "'+39 Politecnico di Milano", "'-Head of lab", 'IT', 'IT', 'marco.rossi@polimi.example.it', "'+393123456789", 'Invited guest', 'Awaiting approval', '2027-03-01 11:00:00',
        '', 'no nuts, please', '', 'Yes', 'Yes', 'No', 'Passport', '•••••4567',
        'Yangshan port', 'He said "ciao"\r\nand left', '',
      ],
      [
        "'@SUM(A1:A9)", "'=1+1", "'=王芳", "'-2+3", '', 'CN', '', 'injection@example.org', "'+8613800138000", 'Participant', 'Confirmed', '2027-03-01 12:00:00',
        '', '', '', 'Yes', 'No', 'No', '', '',
        '', `'=HYPERLINK("http://evil.example","click")`, '',
      ],
    ]);
    // The quotes and the line break inside a cell are written as RFC 4180 asks.
    expect(res.rawPayload.toString('utf8')).toContain('"He said ""ciao""\r\nand left"');
  });

  it('has only the rows the list’s filter shows, and only the columns chosen, in the form’s order', async () => {
    const pending = csvOf((await organiser.get(downloadUrl({ format: 'csv', columns: ['email', 'familyName'], filter: { status: 'pending' } }))).rawPayload);
    expect(pending).toEqual([['Family name', 'E-mail'], ['Rossi', 'marco.rossi@polimi.example.it']]);
    const searched = csvOf((await organiser.get(downloadUrl({ format: 'csv', columns: ['nameZh'], filter: { q: '张伟' } }))).rawPayload);
    expect(searched).toEqual([['Name in Chinese'], ['张伟']]);
    const guests = csvOf((await organiser.get(downloadUrl({ format: 'csv', columns: ['familyName', 'status'], filter: { category: categories.guest!, sort: 'name' } }))).rawPayload);
    expect(guests).toEqual([['Family name', 'Status'], ["'@SUM(A1:A9)", 'Confirmed'], ['Zhang', 'Confirmed']]);
    const nobody = csvOf((await organiser.get(downloadUrl({ format: 'csv', columns: ['familyName'], filter: { country: 'FR' } }))).rawPayload);
    expect(nobody).toEqual([['Family name']]);
  });

  it('is in Chinese for a Chinese-speaking organiser: headers, statuses, categories, choices and questions', async () => {
    const res = await organiserZh.get(downloadUrl({ format: 'csv', columns: ['familyName', 'nameZh', 'category', 'status', 'createdAt', 'sessions', 'dietary', 'consentSensitive', 'idType', `question.${questions.visit}`, `question.${questions.topics}`], filter: { sort: 'oldest' } }));
    expect(csvOf(res.rawPayload)).toEqual([
      ['姓', '中文姓名', '参会身份', '状态', '报名时间（北京时间）', '已预约场次', '饮食需求', '同意：身份证件号码', '证件类型', '参观路线', '关注领域'],
      ['Zhang', '张伟', '参会嘉宾', '已确认', '2027-03-01 10:00:00', '张江实验室参观', '素食', '是', '居民身份证', '张江实验室', '人工智能；生物医药'],
      ['Rossi', '', '特邀嘉宾', '待审核', '2027-03-01 11:00:00', '', 'no nuts, please', '是', '护照', '洋山港', ''],
      ["'@SUM(A1:A9)", "'=王芳", '参会嘉宾', '已确认', '2027-03-01 12:00:00', '', '', '否', '', '', ''],
    ]);
  });
});

describe('the Excel file', () => {
  it('has a header row, every value as a plain text cell (formulas never run) and the registration time as a real date', async () => {
    const res = await organiser.get(downloadUrl({ format: 'xlsx', columns: ['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'mobile', 'createdAt', 'idNumber', `question.${questions.message}`], filter: { sort: 'oldest' } }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="pujiang-forum-2027-participants-2027-03-01.xlsx"');
    const sheet = await xlsxOf(res.rawPayload);
    expect(sheet.name).toBe('Participants');
    expect(sheet.rows).toEqual([
      ['Family name', 'Given name', 'Name in Chinese', 'Organisation', 'Job title', 'Mobile', 'Registered (Beijing time)', 'Document number (masked)', 'Message to the organisers'],
      ['Zhang', 'Wei', '张伟', 'Fudan University', 'Professor', '+8613800138000', new Date('2027-03-01T10:00:00Z'), MASKED_ID, '感谢邀请，期待交流！'],
      ['Rossi', 'Marco', null, '+39 Politecnico di Milano', '-Head of lab', '+393123456789', new Date('2027-03-01T11:00:00Z'), '•••••4567', 'He said "ciao"\nand left'],
      ['@SUM(A1:A9)', '=1+1', '=王芳', '-2+3', null, '+8613800138000', new Date('2027-03-01T12:00:00Z'), null, '=HYPERLINK("http://evil.example","click")'],
    ]);
    // Strings stay strings, formatted as Text so editing one does not make it a formula; the date is a date.
    const filled = sheet.cells.filter((cell) => cell.value !== null && cell.value !== undefined);
    expect(filled.filter((cell) => cell.type === ExcelJS.ValueType.Formula)).toEqual([]);
    expect(new Set(filled.filter((cell) => !(cell.value instanceof Date)).map((cell) => [cell.type, cell.numFmt].join(' ')))).toEqual(new Set([`${ExcelJS.ValueType.String} @`]));
    expect(new Set(filled.filter((cell) => cell.value instanceof Date).map((cell) => cell.numFmt))).toEqual(new Set(['yyyy-mm-dd hh:mm:ss']));
    expect(sheet.cells[0]!.font?.bold).toBe(true);
  });

  it('is in Chinese for a Chinese-speaking organiser, sheet name included', async () => {
    const sheet = await xlsxOf((await organiserZh.get(downloadUrl({ format: 'xlsx', columns: ['familyName', 'status', `question.${questions.message}`], filter: { status: 'confirmed', sort: 'oldest' } }))).rawPayload);
    expect(sheet.name).toBe('参会者');
    expect(sheet.rows).toEqual([
      ['姓', '状态', '给主办方的留言'],
      ['Zhang', '已确认', '感谢邀请，期待交流！'],
      ['@SUM(A1:A9)', '已确认', '=HYPERLINK("http://evil.example","click")'],
    ]);
  });
});

describe('identity document numbers', () => {
  const fullExports = () => t.db.select().from(auditLog).where(eq(auditLog.action, 'registration.identity.export'));

  it('are offered in full only to owners; an organiser asking for them is refused and nothing is audited', async () => {
    const page = await organiser.get(`/admin/events/${event.id}/registrations/export`);
    expect(page.body).toContain('value="idNumber"');
    expect(page.body).not.toContain('value="idNumberFull"');
    const refused = await organiser.get(downloadUrl({ format: 'csv', columns: ['familyName', 'idNumberFull'] }));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Only the event’s owners and administrators may export full identity document numbers. Choose the masked number instead.');
    expect(await fullExports()).toEqual([]);
  });

  it('are written in full for an owner, with one audit row per number in the file and one for the export', async () => {
    const asOwner = await signedInAgent(t, owner);
    const page = await asOwner.get(`/admin/events/${event.id}/registrations/export?status=confirmed`);
    expect(page.body).toContain('<label><input type="checkbox" name="columns" value="idNumberFull"> Document number (full)</label>');
    const res = await asOwner.get(downloadUrl({ format: 'xlsx', columns: ['familyName', 'idType', 'idNumber', 'idNumberFull'], filter: { sort: 'oldest' } }));
    expect(res.statusCode).toBe(200);
    expect((await xlsxOf(res.rawPayload)).rows).toEqual([
      ['Family name', 'Identity document', 'Document number (masked)', 'Document number (full)'],
      ['Zhang', 'Resident identity card', MASKED_ID, '11010519491231002X'],
      ['Rossi', 'Passport', '•••••4567', 'YA1234567'],
      ['@SUM(A1:A9)', null, null, null],
    ]);
    const [zhang, rossi] = await Promise.all(['zhang.wei@fudan.example.cn', 'marco.rossi@polimi.example.it'].map(async (email) => (await t.db.select().from(registrations).where(eq(registrations.email, email)))[0]!));
    const audits = await fullExports();
    expect(audits.map((a) => ({ actorId: a.actorId, eventId: a.eventId, targetType: a.targetType, targetId: a.targetId, after: a.after })).sort((a, b) => a.targetId!.localeCompare(b.targetId!))).toEqual(
      [
        { actorId: owner.id, eventId: event.id, targetType: 'registration', targetId: zhang!.id, after: { idType: 'national-id', format: 'xlsx' } },
        { actorId: owner.id, eventId: event.id, targetType: 'registration', targetId: rossi!.id, after: { idType: 'passport', format: 'xlsx' } },
      ].sort((a, b) => a.targetId.localeCompare(b.targetId)),
    );
    const [summary] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'registration.export'), eq(auditLog.actorId, owner.id)));
    expect(summary).toMatchObject({ eventId: event.id, targetType: 'event', targetId: event.id, after: { format: 'xlsx', columns: ['familyName', 'idType', 'idNumber', 'idNumberFull'], rows: 3 } });
  });
});

describe('the export page and refusals', () => {
  it('is linked from the list with its filter, keeps the filter in the form and ticks the usual columns', async () => {
    const list = await organiser.get(`/admin/events/${event.id}/registrations?q=fudan&status=confirmed&sort=name`);
    const href = `/admin/events/${event.id}/registrations/export?q=fudan&status=confirmed&sort=name`;
    // As Handlebars escapes an address: = and & as entities.
    expect(list.body).toContain(`<p class="table-actions"><a href="/admin/events/${event.id}/registrations/export?q&#x3D;fudan&amp;status&#x3D;confirmed&amp;sort&#x3D;name">Export this list (CSV or Excel)</a></p>`);
    const page = await organiser.get(href);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Registrations in the file: 1, as filtered on the list.');
    expect(page.body).toContain(`<form class="form" method="get" action="/admin/events/${event.id}/registrations/export/download" novalidate>`);
    expect(page.body).toContain('<input type="hidden" name="q" value="fudan"><input type="hidden" name="status" value="confirmed"><input type="hidden" name="sort" value="name">');
    const ticked = [...page.body.matchAll(/name="columns" value="([^"]+)" checked/g)].map((m) => m[1]);
    expect(ticked).toEqual(['familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'email', 'mobile', 'category', 'status', 'createdAt']);
    expect(page.body).toContain(`<label><input type="checkbox" name="columns" value="question.${questions.visit}"> Site visit</label>`);
    expect(page.body).toContain('<label><input type="radio" name="format" value="csv" checked> CSV (UTF-8, opens in Excel)</label>');
  });

  it('refuses check-in staff, the page and the file alike', async () => {
    expect((await staff.get(`/admin/events/${event.id}/registrations/export`)).statusCode).toBe(403);
    expect((await staff.get(downloadUrl({ format: 'csv', columns: ['familyName'] }))).statusCode).toBe(403);
    const anonymous = await new HttpAgent(t.app).get(downloadUrl({ format: 'csv', columns: ['familyName'] }));
    expect(anonymous.statusCode).toBe(303);
  });

  it('answers unknown columns or formats with 400 and a clear message, no columns with the form again; nothing exported or audited', async () => {
    const before = (await t.db.select().from(auditLog).where(inArray(auditLog.action, ['registration.export', 'registration.identity.export']))).length;
    const unknown = await organiser.get(downloadUrl({ format: 'csv', columns: ['familyName', 'password', 'question.00000000-0000-7000-8000-000000000000'] }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('There is no column called password, question.00000000-0000-7000-8000-000000000000. Open the export page again and choose from its list.');
    const problem = await organiser.get(downloadUrl({ format: 'pdf', columns: ['familyName'] }), { accept: 'application/json' });
    expect(problem.statusCode).toBe(400);
    expect(problem.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(problem.body)).toMatchObject({ status: 400, detail: 'Choose the file format: csv or xlsx.' });
    expect((await organiser.get(downloadUrl({ columns: ['familyName'] }))).statusCode).toBe(400);
    const zh = await organiserZh.get(downloadUrl({ format: 'xls', columns: ['familyName'] }));
    expect(zh.body).toContain('请选择文件格式：csv 或 xlsx。');
    const none = await organiser.get(downloadUrl({ format: 'xlsx', columns: [], filter: { status: 'pending' } }));
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('<a href="#field-columns">Choose at least one column.</a>');
    expect(none.body).toContain('<input type="hidden" name="status" value="pending">');
    expect(none.body).toContain('<label><input type="radio" name="format" value="xlsx" checked> Excel workbook (.xlsx)</label>');
    // Too many or too long names are refused by the route's schema.
    expect((await organiser.get(downloadUrl({ format: 'csv', columns: ['x'.repeat(81)] }))).statusCode).toBe(400);
    expect((await t.db.select().from(auditLog).where(inArray(auditLog.action, ['registration.export', 'registration.identity.export']))).length).toBe(before);
  });
});

describe('the rows as a function', () => {
  it('gives the same header and rows as the file, for a caller holding registration ids (an import read back)', async () => {
    const ids = (await t.db.select({ id: registrations.id }).from(registrations).where(eq(registrations.eventId, event.id)).orderBy(registrations.createdAt)).map((r) => r.id);
    const columns = exportColumnsOf(['familyName', 'nameZh', 'status', 'createdAt', 'idNumber', `question.${questions.topics}`], [{ id: questions.topics!, kind: 'multiple', label: { en: 'Topics' }, help: {}, options: [{ value: 'ai', label: { en: 'AI' } }, { value: 'bio', label: { en: 'Biotech' } }], required: false, categoryIds: [], fileTypes: [], fileMaxBytes: null }], false).columns!;
    expect(await participantExportTable(t.db, createFieldCipher(t.config), event, ids, columns, 'en')).toEqual([
      ['Family name', 'Name in Chinese', 'Status', 'Registered (Beijing time)', 'Document number (masked)', 'Topics'],
      ['Zhang', '张伟', 'Confirmed', new Date('2027-03-01T02:00:00Z'), MASKED_ID, 'AI; Biotech'],
      ['Rossi', '', 'Awaiting approval', new Date('2027-03-01T03:00:00Z'), '•••••4567', ''],
      ['@SUM(A1:A9)', '=王芳', 'Confirmed', new Date('2027-03-01T04:00:00Z'), '', ''],
    ]);
    await expect(participantExportTable(t.db, createFieldCipher(t.config), event, ids, exportColumnsOf(['idNumberFull'], [], true).columns!, 'en')).rejects.toThrow('full document numbers');
  });
});

describe('the download address, fuzzed', () => {
  it('never fails: any columns and format give the file, a 400 saying what is wrong, a 403 or the form again', async () => {
    const known = [...ALL_FOR_ORGANISERS, `question.${questions.visit}`, `question.${questions.topics}`];
    const column = fc.oneof(fc.constantFrom(...known, 'idNumberFull', 'question.', 'FAMILYNAME'), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
    const format = fc.oneof(fc.constantFrom('csv', 'xlsx', 'CSV', 'xls', ''), fc.string({ maxLength: 6 }));
    await fc.assert(
      fc.asyncProperty(fc.array(column, { maxLength: 6 }), format, async (columns, format) => {
        const res = await organiser.get(downloadUrl({ format, columns, filter: { sort: 'oldest' } }));
        if (format !== 'csv' && format !== 'xlsx') expect([res.statusCode, res.body]).toEqual([400, expect.stringContaining('Choose the file format: csv or xlsx.')]);
        else if (columns.includes('idNumberFull')) expect(res.statusCode).toBe(403);
        else if (columns.some((c) => !known.includes(c))) expect([res.statusCode, res.body]).toEqual([400, expect.stringContaining('There is no column called')]);
        else if (columns.length === 0) expect(res.statusCode).toBe(422);
        else {
          expect(res.statusCode).toBe(200);
          if (format === 'csv') expect(csvOf(res.rawPayload)[0]).toHaveLength(new Set(columns).size);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('rows for any text', () => {
  const base = { id: '0193a8a0-0000-7000-8000-000000000001', eventId: '0193a8a0-0000-7000-8000-000000000002', categoryId: '0193a8a0-0000-7000-8000-000000000003', createdAt: new Date(NOW) } as RegistrationRow;
  const context: ExportContext = { locale: 'en', timezone: 'Asia/Shanghai', categories: new Map() };
  const question = { id: '0193a8a0-0000-7000-8000-000000000004', kind: 'text' as const, label: { en: 'Note' }, help: {}, options: [], required: false, categoryIds: [], fileTypes: [], fileMaxBytes: null };
  const columns = exportColumnsOf(['organisation', 'familyName', `question.${question.id}`], [question], false).columns!;
  const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('=1+1', '+86', '-1', '@A1', '\t=x', '\r=x', '"', ',', '\r\n', ' lead', "'quoted"));
  const rowOf = (organisation: string, familyName: string, note: string) =>
    participantExportRows([{ registration: { ...base, organisation, familyName, answers: { [question.id]: note } } }], columns, context);
  const read = async (stream: NodeJS.ReadableStream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  };
  /** What a cell reads back as from the CSV: an apostrophe before what a spreadsheet would run as a formula. */
  const neutralised = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

  it('round-trips through the CSV: every string back as written, formula-like ones behind an apostrophe', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, async (organisation, familyName, note) => {
        const csv = csvOf(await read(participantCsv(['A', 'B', 'C'], (async function* () { yield rowOf(organisation, familyName, note); })(), 'Asia/Shanghai')));
        expect(csv).toEqual([['A', 'B', 'C'], [neutralised(familyName), neutralised(organisation), neutralised(note)]]);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips through the workbook as plain text, exactly (bar control characters XML cannot hold, and CR as LF)', async () => {
    const xmlSafe = (value: string) => value.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g, '').replace(/\r\n?/g, '\n');
    await fc.assert(
      fc.asyncProperty(text, text, text, async (organisation, familyName, note) => {
        const sheet = await xlsxOf(await read(participantXlsx('Sheet', ['A', 'B', 'C'], new Set(), (async function* () { yield rowOf(organisation, familyName, note); })(), 'Asia/Shanghai')));
        // A row whose three cells are all empty has no cells in the sheet, so it reads back as absent.
        expect([0, 1, 2].map((column) => sheet.rows[1]?.[column] ?? '')).toEqual([familyName, organisation, note].map(xmlSafe));
      }),
      { numRuns: 40, examples: [['', '', ''], ['\x01', '', '\x7f']] },
    );
  });
});

describe('a long list', () => {
  // Three batches (EXPORT_BATCH_SIZE is 500): every row once and in the list's order across the batch boundaries.
  // 20,000 rows take the same path; see the README for what that costs.
  it('exports every registration once and in order, read in batches, in both formats', async () => {
    const COUNT = 1201;
    const long = await createEvent(t.db, { slug: 'zgc-forum-2027-long' });
    const [category] = await t.db.insert(registrationCategories).values({ eventId: long.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' } }).returning();
    await t.db.insert(registrations).values(
      Array.from({ length: COUNT }, (_, n) => ({
        eventId: long.id, categoryId: category!.id, status: 'confirmed' as const, holdsSeat: true, email: `p${String(n).padStart(5, '0')}@example.cn`, familyName: `王${n}`, givenName: '=1+1', organisation: '中关村', country: 'CN',
        mobile: '+8613800138000', residence: 'mainland' as const, locale: 'zh-CN', ticketCode: `TICKET${String(n).padStart(26, '0')}`, consentAt: new Date(NOW), consentVersion: '2026-11', createdAt: new Date(Date.parse(NOW) + n * 1000),
      })),
    );
    await t.db.insert(eventRoles).values({ eventId: long.id, userId: owner.id, role: 'owner' });
    const asOwner = await signedInAgent(t, owner);
    const url = (format: string) => `/admin/events/${long.id}/registrations/export/download?sort=oldest&format=${format}&columns=email&columns=familyName&columns=givenName&columns=createdAt`;
    const csv = csvOf((await asOwner.get(url('csv'))).rawPayload);
    expect(csv).toHaveLength(COUNT + 1);
    expect(csv[1]).toEqual(['王0', "'=1+1", 'p00000@example.cn', '2027-03-01 10:00:00']);
    expect(csv.slice(1).map((row) => row[2])).toEqual(Array.from({ length: COUNT }, (_, n) => `p${String(n).padStart(5, '0')}@example.cn`));
    const sheet = await xlsxOf((await asOwner.get(url('xlsx'))).rawPayload);
    expect(sheet.rows).toHaveLength(COUNT + 1);
    expect(sheet.rows[COUNT]).toEqual(['王1200', '=1+1', 'p01200@example.cn', new Date('2027-03-01T10:20:00Z')]);
    expect(sheet.rows.slice(1).map((row) => row[2])).toEqual(csv.slice(1).map((row) => row[2]));
  });
});
