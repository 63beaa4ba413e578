// The pieces of the guest list import that need no database: the CSV reader, the file reader's encodings and
// refusals, the column guess from English and Chinese headings, and the row check — with fuzzing for the readers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declaredUnpackedSize, readImportFile } from '../../src/features/registration/import-file.ts';
import { headerRowChoice, headerRowChoices } from '../../src/features/registration/import-header-row.ts';
import { guessMapping, headerKey, readMappingForm } from '../../src/features/registration/import-mapping.ts';
import { checkImportRow, guestLanguage } from '../../src/features/registration/import-rows.ts';
import { readCsv } from '../../src/lib/csv-read.ts';
import { toCsv } from '../../src/lib/csv.ts';
import { csvBytes, encodeGbk, xlsxBytes, zipBytes } from '../helpers/spreadsheets.ts';

const category = { id: '01900000-0000-7000-8000-0000000000aa', code: 'GUEST', name: { en: 'Guest' }, invitationOnly: true, requiresApproval: false, full: false };

describe('readCsv', () => {
  it('reads quotes, doubled quotes, line breaks inside quotes, CRLF and LF rows, and finds the separator', () => {
    expect(readCsv('a,"b ""c""",\r\n"x\r\ny",z,\n')).toEqual({ rows: [['a', 'b "c"', ''], ['x\r\ny', 'z', '']] });
    expect(readCsv('邮箱;姓\n"li@example.cn";李')).toEqual({ rows: [['邮箱', '姓'], ['li@example.cn', '李']] });
    expect(readCsv('a\tb\r\n1\t2')).toEqual({ rows: [['a', 'b'], ['1', '2']] });
    // Excel leaves a quote inside an unquoted value as it is.
    expect(readCsv('a,5" disk\r\n')).toEqual({ rows: [['a', '5" disk']] });
  });

  it('says where a quoted value never closes, or text follows a closing quote', () => {
    expect(readCsv('a,b\r\n1,"2\r\n3,4\r\n')).toEqual({ problem: 'unclosed-quote', line: 2 });
    expect(readCsv('a,b\r\n"1"2,3\r\n')).toEqual({ problem: 'text-after-quote', line: 2 });
  });

  it('reads back any table lib/csv.ts writes, cell for cell (fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (table) => {
        const width = table[0]!.length;
        const rows = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const text = toCsv(rows).slice(1);
        const read = readCsv(text);
        expect('rows' in read).toBe(true);
        // What toCsv made inert (a leading apostrophe) the file reader strips again; here the raw reader keeps it.
        if ('rows' in read) expect(read.rows).toEqual(rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on any text, and either reads rows or names a line inside the text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '"', ',', ';', '\t', '\r', '\n', '李', ' ') , maxLength: 60 }), (text) => {
        const read = readCsv(text);
        if ('problem' in read) expect(read.line).toBeGreaterThanOrEqual(1);
        else expect(Array.isArray(read.rows)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('readImportFile', () => {
  const rows = [['邮箱', '手机'], ['li@example.cn', "'+8613800138000"]];

  it('reads UTF-8 with and without a byte order mark, and GBK as GB18030, the same', async () => {
    const expected = {
      ok: true, format: 'csv', headerRow: 1, headers: ['邮箱', '手机'], rows: [{ row: 2, cells: ['li@example.cn', '+8613800138000'] }],
      firstRows: [{ row: 1, cells: ['邮箱', '手机'] }, { row: 2, cells: ['li@example.cn', '+8613800138000'] }],
    };
    expect(await readImportFile(csvBytes(rows), 'a.csv')).toEqual({ ...expected, encoding: 'utf-8' });
    expect(await readImportFile(csvBytes(rows, { encoding: 'utf-8' }), 'a.csv')).toEqual({ ...expected, encoding: 'utf-8' });
    expect(await readImportFile(csvBytes(rows, { encoding: 'gbk' }), 'a.csv')).toEqual({ ...expected, encoding: 'gb18030' });
  });

  it('refuses a BOM followed by text that is not UTF-8, and leaves out blank rows but keeps row numbers', async () => {
    expect(await readImportFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encodeGbk('邮箱\r\n李\r\n')]), 'a.csv')).toEqual({ ok: false, problem: 'encoding' });
    const read = await readImportFile(Buffer.from('E-mail\r\n\r\n,\r\nli@example.cn\r\n'), 'a.csv');
    expect(read.ok && read.rows).toEqual([{ row: 4, cells: ['li@example.cn'] }]);
  });

  const HEADINGS = ['邮箱', '姓', '名', '中文姓名', '单位', '国家', '手机'];
  const WANG = ['wang.fang@example.cn', 'Wang', 'Fang', '王芳', '清华大学', '中国', '13800138000'];
  const LI = ['li.na@example.cn', 'Li', 'Na', '李娜', '', 'CN', '13912345678'];

  it('finds the headings below a title line in a CSV, with or without the commas Excel writes after it', async () => {
    for (const title of [['2027中关村论坛特邀嘉宾名单'], ['2027中关村论坛特邀嘉宾名单', '', '', '', '', '', '']]) {
      const read = await readImportFile(csvBytes([title, HEADINGS, WANG, LI]), 'guests.csv');
      expect(read.ok && [read.headerRow, read.headers, read.rows.map((r) => r.row)]).toEqual([2, HEADINGS, [3, 4]]);
    }
    // A title and a line of who made the list, then a blank line.
    const two = await readImportFile(csvBytes([['2027年特邀嘉宾名单'], ['制表：国际合作处', '2027-01-05'], [], HEADINGS, WANG]), 'guests.csv');
    expect(two.ok && [two.headerRow, two.headers, two.rows]).toEqual([4, HEADINGS, [{ row: 5, cells: WANG }]]);
    expect(two.ok && two.firstRows.map((r) => r.row)).toEqual([1, 2, 4, 5]);
  });

  it('reads the separator of the headings, not of a title line above them', async () => {
    const text = ['2027年特邀嘉宾名单', HEADINGS.join(';'), WANG.join(';'), ''].join('\r\n');
    const read = await readImportFile(Buffer.from(text, 'utf8'), 'guests.csv');
    expect(read.ok && [read.headerRow, read.headers, read.rows[0]!.cells]).toEqual([2, HEADINGS, WANG]);
    expect(readCsv('Title, with a comma\r\na;b;c\r\n1;2;3')).toEqual({ rows: [['Title, with a comma'], ['a', 'b', 'c'], ['1', '2', '3']] });
  });

  it('finds the headings below a title merged across the top of a workbook, and offers every column, also those right of the merge', async () => {
    const bytes = await xlsxBytes([['2027中关村论坛特邀嘉宾名单'], HEADINGS, WANG, LI], '嘉宾', ['A1:F1']);
    const read = await readImportFile(bytes, 'guests.xlsx');
    expect(read.ok && [read.headerRow, read.headers, read.rows]).toEqual([2, HEADINGS, [{ row: 3, cells: WANG }, { row: 4, cells: LI }]]);
    // The title is in its first cell only, as the sheet shows it.
    expect(read.ok && read.firstRows[0]).toEqual({ row: 1, cells: ['2027中关村论坛特邀嘉宾名单', '', '', '', '', '', ''] });
    // Asked for row 1, the title heads column A and the rest have no heading.
    const titled = await readImportFile(bytes, 'guests.xlsx', 1);
    expect(titled.ok && [titled.headerRow, titled.headers, titled.rows.map((r) => r.row)]).toEqual([1, ['2027中关村论坛特邀嘉宾名单', '', '', '', '', '', ''], [2, 3, 4]]);
    expect(await readImportFile(bytes, 'guests.xlsx', 4)).toEqual({ ok: false, problem: 'no-rows' });
    expect(await readImportFile(bytes, 'guests.xlsx', 9)).toEqual({ ok: false, problem: 'no-header' });
  });

  it('keeps the text of a cell merged down over the rows below it (one organisation for several guests)', async () => {
    const bytes = await xlsxBytes([HEADINGS, WANG, LI], '嘉宾', ['E2:E3']);
    const read = await readImportFile(bytes, 'guests.xlsx');
    expect(read.ok && read.rows.map((r) => r.cells[4])).toEqual(['清华大学', '清华大学']);
  });

  it('gives a column without a heading, right of the last one, a place of its own', async () => {
    const read = await readImportFile(csvBytes([HEADINGS.slice(0, 6), WANG]), 'guests.csv');
    expect(read.ok && read.headers).toEqual([...HEADINGS.slice(0, 6), '']);
  });

  it('offers the first rows as heading rows, each with its headings, first data rows and count', async () => {
    const read = await readImportFile(csvBytes([['2027年特邀嘉宾名单'], HEADINGS, WANG, LI]), 'guests.csv');
    if (!read.ok) throw new Error(read.problem);
    const stored = { headerRow: read.headerRow, headers: read.headers, sample: read.firstRows, totalRows: read.rows.length };
    expect(headerRowChoices(stored)).toEqual([
      { row: 1, headers: ['2027年特邀嘉宾名单', '', '', '', '', '', ''], samples: [{ row: 2, cells: HEADINGS }, { row: 3, cells: WANG }, { row: 4, cells: LI }], totalRows: 3 },
      { row: 2, headers: HEADINGS, samples: [{ row: 3, cells: WANG }, { row: 4, cells: LI }], totalRows: 2 },
      { row: 3, headers: WANG, samples: [{ row: 4, cells: LI }], totalRows: 1 },
    ]);
    expect(headerRowChoice(stored, '2')?.totalRows).toBe(2);
    for (const nonsense of ['4', '0', '-1', 'x', '', undefined, '2.5']) expect(headerRowChoice(stored, nonsense), String(nonsense)).toBeUndefined();
    // An upload kept before heading rows were found: its sample holds data rows only.
    const older = { headerRow: 1, headers: HEADINGS, sample: [{ row: 2, cells: WANG }, { row: 3, cells: LI }], totalRows: 2 };
    expect(headerRowChoices(older).map((c) => [c.row, c.totalRows])).toEqual([[1, 2], [2, 1]]);
  });

  it('refuses a workbook whose zip declares more than 200 MB unpacked, before unpacking it', async () => {
    const bomb = zipBytes('xl/worksheets/sheet1.xml', '<x/>');
    // The central directory's "uncompressed size" of the one file, set to 300 MB.
    bomb.writeUInt32LE(300 * 1024 * 1024, bomb.length - 22 - 46 - 'xl/worksheets/sheet1.xml'.length + 24);
    expect(declaredUnpackedSize(bomb)).toBe(300 * 1024 * 1024);
    expect(await readImportFile(bomb, 'bomb.xlsx')).toEqual({ ok: false, problem: 'too-large', vars: { mb: 10 } });
    expect(declaredUnpackedSize(zipBytes('a.txt', 'hello'))).toBe(5);
  });

  it('never throws on random bytes under any name, and refuses or reads (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('a.csv', 'a.xlsx', 'a.txt', '名单'), async (bytes, name) => {
        const read = await readImportFile(Buffer.from(bytes), name);
        if (read.ok) expect(read.rows.length).toBeGreaterThan(0);
        else expect(typeof read.problem).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('guessMapping', () => {
  it('maps English and Chinese headings, whatever their case, spaces and punctuation', () => {
    expect(guessMapping(['E-mail', 'Family name', 'Given name', 'Organisation', 'Country', 'Mobile'])).toEqual({ email: 0, familyName: 1, givenName: 2, organisation: 3, country: 4, mobile: 5 });
    expect(guessMapping(['姓', '名', '中文姓名', '邮箱', '单位', '职务', '国家/地区', '手机号码', '国籍', '饮食要求'])).toEqual({
      familyName: 0, givenName: 1, nameZh: 2, email: 3, organisation: 4, jobTitle: 5, country: 6, mobile: 7, nationality: 8, dietary: 9,
    });
    expect(guessMapping([' EMAIL ADDRESS * ', 'Last Name', 'First Name', 'Company', 'Country / Region', 'Phone'])).toEqual({ email: 0, familyName: 1, givenName: 2, organisation: 3, country: 4, mobile: 5 });
    // Headings as databases and scripts write them.
    expect(guessMapping(['email', 'family_name', 'given_name', 'name_zh', 'organisation', 'country', 'mobile'])).toEqual({ email: 0, familyName: 1, givenName: 2, nameZh: 3, organisation: 4, country: 5, mobile: 6 });
  });

  it('uses the form’s own labels in both languages, and partial headings when nothing matches exactly', () => {
    expect(guessMapping(['E-mail address', 'Family name (surname)', 'Given name(s)', 'Name in Chinese characters', 'Mobile number', 'Where do you live?'])).toEqual({
      email: 0, familyName: 1, givenName: 2, nameZh: 3, mobile: 4, residence: 5,
    });
    expect(guessMapping(['手机（含区号）', '工作单位及部门', '备注'])).toEqual({ mobile: 0, organisation: 1 });
  });

  it('gives each column to one field and each field one column', () => {
    expect(guessMapping(['Email', 'E-mail', '邮箱'])).toEqual({ email: 0 });
    expect(headerKey(' Ｅ－ｍａｉｌ ')).toBe('email');
  });

  it('checks the organiser’s mapping: required fields, known columns, no column twice', () => {
    expect(readMappingForm({ map_email: '0', map_familyName: '1', map_givenName: '2', map_organisation: '3', map_country: '4', map_mobile: '5' }, 6)).toEqual({
      mapping: { email: 0, familyName: 1, givenName: 2, organisation: 3, country: 4, mobile: 5 },
      errors: {},
    });
    const { errors } = readMappingForm({ map_email: '9', map_familyName: '1', map_givenName: '1', map_organisation: 'x', map_country: '' }, 6);
    expect(errors).toEqual({
      map_email: { key: 'registrationImport.errors.mapColumn', label: 'registrationImport.fields.email' },
      map_givenName: { key: 'registrationImport.errors.mapTwice', label: 'registrationImport.fields.givenName' },
      map_organisation: { key: 'registrationImport.errors.mapColumn', label: 'registrationImport.fields.organisation' },
      map_country: { key: 'registrationImport.errors.mapRequired', label: 'registrationImport.fields.country' },
      map_mobile: { key: 'registrationImport.errors.mapRequired', label: 'registrationImport.fields.mobile' },
    });
  });
});

describe('checkImportRow', () => {
  const mapping = { email: 0, familyName: 1, givenName: 2, organisation: 3, country: 4, mobile: 5, residence: 6, dietary: 7, interpretation: 8, language: 9 };
  const check = (cells: string[]) => checkImportRow(7, cells, mapping, { category, defaultLocale: 'en' });

  it('reads labels and names as the form shows them, and keeps everything else exactly', () => {
    expect(check([' Chen.Jing@SIP.example.cn', 'Chen', 'Jing', '苏州工业园区管委会', '中国', '13800138000', '', 'Vegetarian', '英译中', 'zh']).values).toMatchObject({
      email: 'chen.jing@sip.example.cn', country: 'CN', mobile: '+8613800138000', residence: 'mainland', dietary: 'vegetarian', interpretationNeeds: 'en-to-zh', locale: 'zh-CN', nationality: null,
    });
    expect(check(['a@example.hk', 'Chan', 'Tai Man', 'HKUST', 'HK', '+852 5123 4567', '', 'no nuts', 'other: Cantonese', 'English']).values).toMatchObject({
      residence: 'hk-mo-tw', dietary: 'other: no nuts', interpretationNeeds: 'other: Cantonese', locale: 'en',
    });
  });

  it('reports every problem of a row by field, once each', () => {
    expect(check(['', '', 'x'.repeat(101), '', 'Atlantis', '', 'Moon', '', '', 'Klingon']).problems).toEqual([
      { row: 7, field: 'country', key: 'registrationImport.problems.country' },
      { row: 7, field: 'residence', key: 'registrationImport.problems.required' },
      { row: 7, field: 'language', key: 'registrationImport.problems.language' },
      { row: 7, field: 'familyName', key: 'registrationImport.problems.required' },
      { row: 7, field: 'givenName', key: 'registration.errors.tooLong', vars: { max: 100 } },
      { row: 7, field: 'organisation', key: 'registrationImport.problems.required' },
      { row: 7, field: 'email', key: 'registrationImport.problems.required' },
      { row: 7, field: 'mobile', key: 'registrationImport.problems.required' },
    ]);
  });

  it('writes mails in the language column’s language, else Chinese for a Chinese name or China, Hong Kong, Macao, Taiwan, else the organiser’s choice', () => {
    const withName = { ...mapping, nameZh: 10 };
    const row = (country: string, language: string, nameZh = '') => ['x@example.org', 'Wang', 'Fang', 'Org', country, '+44 7911 123456', 'other', '', '', language, nameZh];
    const localeOf = (cells: string[], defaultLocale: 'en' | 'zh-CN' = 'en') => checkImportRow(7, cells, withName, { category, defaultLocale }).values?.locale;
    for (const written of ['en', 'EN', 'English', 'english', '英文', '英语', 'en-GB', 'en_US', 'Ｅｎｇｌｉｓｈ']) expect(localeOf(row('CN', written, '王芳')), written).toBe('en');
    for (const written of ['zh', 'zh-CN', 'zh_CN', 'ZH-cn', 'zh-Hans', 'zh-TW', '中文', 'Chinese', '简体中文', '繁體中文', '汉语']) expect(localeOf(row('GB', written)), written).toBe('zh-CN');
    expect(localeOf(row('GB', '', '王芳'))).toBe('zh-CN');
    for (const country of ['CN', '中国', 'Hong Kong', '澳门', 'Taiwan']) expect(localeOf(row(country, '')), country).toBe('zh-CN');
    expect(localeOf(row('GB', ''))).toBe('en');
    expect(localeOf(row('GB', ''), 'zh-CN')).toBe('zh-CN');
    expect(localeOf(row('Singapore', ''))).toBe('en');
    expect(guestLanguage(row('CN', ''), withName)).toEqual({ from: 'chinese', locale: 'zh-CN' });
    expect(guestLanguage(row('CN', 'English'), withName)).toEqual({ from: 'column', locale: 'en' });
    expect(guestLanguage(row('GB', ''), withName)).toEqual({ from: 'default' });
    expect(guestLanguage(row('GB', 'Klingon'), withName)).toEqual({ from: 'unknown' });
    // Without a language column, the same rule.
    expect(guestLanguage(['x@example.org', 'Li', 'Na', 'Org', 'US', '', '', '', '', '', '李娜'], { ...withName, language: undefined })).toEqual({ from: 'chinese', locale: 'zh-CN' });
  });

  it('refuses names a spreadsheet would run as formulas, or without a letter, once per name', () => {
    const names = (familyName: string, givenName: string) => check(['x@example.org', familyName, givenName, 'Org', 'GB', '+44 7911 123456', '', '', '', '']);
    expect(names('=HYPERLINK("http://evil.example/")', '+1').problems).toEqual([
      { row: 7, field: 'familyName', key: 'registrationImport.problems.notAName' },
      { row: 7, field: 'givenName', key: 'registrationImport.problems.notAName' },
    ]);
    for (const bad of ['=1+1', '+Smith', '@Smith', ' =cmd', '＝SUM(A1)', '123', '-', '—', '…', '+1', '🙂']) expect(names(bad, 'Anna').problems, bad).toEqual([{ row: 7, field: 'familyName', key: 'registrationImport.problems.notAName' }]);
    // Too long and no name: said once, as no name.
    expect(names('=' + 'x'.repeat(120), 'Anna').problems).toEqual([{ row: 7, field: 'familyName', key: 'registrationImport.problems.notAName' }]);
    for (const good of ['O’Brien', 'Nguyễn', 'Ольга', 'Müller-Lüdenscheidt', 'de la Cruz', 'Smith 2nd', 'A.']) expect(names(good, 'Anna').problems, good).toEqual([]);
  });

  it('never throws on any cells, and gives values only without problems (fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { minLength: 0, maxLength: 12 }), (cells) => {
        const checked = check(cells);
        expect(checked.values === undefined).toBe(checked.problems.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
