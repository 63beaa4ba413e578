// The family and given names are the passport's, in Latin letters (or another alphabet a passport prints): Chinese
// characters, kana or hangul typed into them are refused with a message saying to write the pinyin there and the
// characters in the Chinese-name field — on the form, on the participant's manage page and in an organiser's import.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrations } from '../../src/db/schema/index.ts';
import { issueAccessToken } from '../../src/features/access-tokens/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { importGuestList, importPath } from '../helpers/import-guests.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { csvBytes } from '../helpers/spreadsheets.ts';
import { createConferenceRegistration } from '../factories/conference-registration.ts';
import type { EventRow } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let guestId: string;
const FORM = '/events/iasp-2027/register';

const MESSAGES = {
  en: {
    familyName: 'Write the family name in Latin letters, as in the passport (in pinyin for a Chinese name, e.g. Wang), and put any Chinese characters in “Name in Chinese characters”.',
    givenName: 'Write the given name in Latin letters, as in the passport (in pinyin for a Chinese name, e.g. Fang), and put any Chinese characters in “Name in Chinese characters”.',
  },
  'zh-CN': {
    familyName: '请按护照用拉丁字母填写姓（中文姓名请填拼音，如 Wang），汉字请填入“中文姓名”一栏。',
    givenName: '请按护照用拉丁字母填写名（中文姓名请填拼音，如 Fang），汉字请填入“中文姓名”一栏。',
  },
} as const;
const ERROR_PREFIX = { en: 'Error:', 'zh-CN': '错误：' } as const;
type Lang = keyof typeof MESSAGES;

beforeAll(async () => {
  t = await buildTestApp({ env: { FORM_MIN_SECONDS: '0' } });
  t.clock.set('2027-03-01T02:00:00Z');
  const conference = await createConferenceRegistration(t.db);
  event = conference.event;
  guestId = conference.category.id;
}, 60_000);
afterAll(async () => t?.close());

const person = (over: Record<string, string> = {}) => ({
  categoryId: guestId,
  familyName: 'Wang',
  givenName: 'Fang',
  nameZh: '',
  organisation: 'Tsinghua University',
  jobTitle: 'Professor',
  country: 'CN',
  email: 'wang.fang@tsinghua.example.cn',
  mobileCountry: 'CN',
  mobile: '138 0013 8000',
  dietary: 'vegetarian',
  interpretation: 'zh-to-en',
  residence: 'mainland',
  consent: 'yes',
  ...over,
});

async function register(lang: Lang, fields: Record<string, string>) {
  const agent = new HttpAgent(t.app, { lang });
  const page = await agent.get(FORM);
  return agent.post(FORM, { ...hiddenFields(page.body, FORM), ...fields });
}

const rowsOf = (email: string) => t.db.select().from(registrations).where(eq(registrations.email, email));
const summaryLink = (field: string, message: string) => `<li><a href="#field-${field}">${message}</a></li>`;
const fieldError = (lang: Lang, field: string, message: string) => `<p class="field__error" id="field-${field}-error"><span class="visually-hidden">${ERROR_PREFIX[lang]} </span>${message}</p>`;

describe('the registration form', () => {
  it.each(['en', 'zh-CN'] as const)('refuses a name in Chinese characters in %s, with everything typed kept and nothing written', async (lang) => {
    const email = `wang.wei.${lang}@tsinghua.example.cn`;
    const res = await register(lang, person({ familyName: '王', givenName: '伟', email }));
    expect(res.statusCode).toBe(422);
    for (const field of ['familyName', 'givenName'] as const) {
      expect(res.body).toContain(summaryLink(field, MESSAGES[lang][field]));
      expect(res.body).toContain(fieldError(lang, field, MESSAGES[lang][field]));
    }
    const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(res.body)![0];
    expect([...summary.matchAll(/href="#field-([^"]+)"/g)].map((m) => m[1])).toEqual(['familyName', 'givenName']);
    // Everything typed comes back, the refused names too, to be corrected in place.
    for (const [name, value] of [['familyName', '王'], ['givenName', '伟'], ['organisation', 'Tsinghua University'], ['jobTitle', 'Professor'], ['email', email], ['mobile', '138 0013 8000']]) {
      expect(res.body, name).toMatch(new RegExp(`<input class="field__input" id="field-${name}" name="${name}"[^>]* value="${value}"`));
    }
    expect(res.body).toContain('<option value="vegetarian" selected>');
    expect(res.body).toContain('<option value="zh-to-en" selected>');
    expect(res.body).toContain('<input type="radio" name="residence" value="mainland" checked>');
    expect(await rowsOf(email)).toEqual([]);
  });

  it('refuses kana, hangul, CJK punctuation and full-width letters in one name, and takes the other', async () => {
    for (const [familyName, email] of [['ワタナベ', 'kana@example.jp'], ['김', 'hangul@example.kr'], ['Wang。', 'stop@example.cn'], ['Ｗａｎｇ', 'fullwidth@example.cn'], ['Wang\u3000Li', 'space@example.cn']]) {
      const res = await register('en', person({ familyName: familyName!, email: email! }));
      expect(res.statusCode, familyName).toBe(422);
      const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(res.body)![0];
      expect(summary, familyName).toBe(`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">\n  <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>\n  <ul>\n    ${summaryLink('familyName', MESSAGES.en.familyName)}\n  </ul>`);
      expect(await rowsOf(email!)).toEqual([]);
    }
  });

  it('takes accented Latin, both apostrophes, hyphens, spaces and other alphabets as typed, with the Chinese name beside them', async () => {
    const people = [
      ['Nguyễn', 'O’Brien', '', 'nguyen@example.vn'],
      ["O'Brien", 'Mary-Kate', '', 'obrien@example.ie'],
      ['García Müller', 'José', '', 'garcia@example.es'],
      ['Иванов', 'Пётр', '', 'ivanov@example.ru'],
      ['Παπαδόπουλος', 'Νίκος', '', 'papadopoulos@example.gr'],
      ['الهاشمي', 'محمد', '', 'alhashemi@example.jo'],
      ['Wang', 'Fang', '王芳', 'fang.wang@example.cn'],
    ] as const;
    for (const [familyName, givenName, nameZh, email] of people) {
      const res = await register('en', person({ familyName, givenName, nameZh, email }));
      expect(res.statusCode, `${familyName} ${res.body.slice(0, 300)}`).toBe(303);
      const [row] = await rowsOf(email);
      expect([row!.familyName, row!.givenName, row!.nameZh]).toEqual([familyName, givenName, nameZh || null]);
    }
  });
});

describe('the manage page', () => {
  /** A registration from before the rule, with its Chinese name in the Latin fields, and its manage link. */
  async function storedWithChineseName(email: string) {
    const [row] = await createRegistrations(t.db, event.id, guestId, [{ familyName: '王', givenName: '伟', nameZh: null, email }]);
    const { token } = await issueAccessToken(t.db, t.clock, { purpose: 'manage-registration', subject: row!.id, ttlSeconds: 3600 });
    return { id: row!.id, base: `/registrations/manage/${token}` };
  }
  const details = (over: Record<string, string>) => ({ familyName: 'Wang', givenName: 'Wei', nameZh: '', organisation: 'Tsinghua University', jobTitle: '', mobileCountry: 'CN', mobile: '13800138000', dietary: 'none', interpretation: 'none', ...over });
  const namesOf = async (id: string) => {
    const [row] = await t.db.select().from(registrations).where(eq(registrations.id, id));
    return [row!.familyName, row!.givenName, row!.nameZh];
  };

  it.each(['en', 'zh-CN'] as const)('refuses a name in Chinese characters in %s, keeping what was typed and changing nothing', async (lang) => {
    const { id, base } = await storedWithChineseName(`manage.${lang.toLowerCase()}@tsinghua.example.cn`);
    const agent = new HttpAgent(t.app, { lang });
    const res = await agent.submit(base, details({ familyName: '王', givenName: 'Wei', nameZh: '王伟', organisation: 'Peking University' }), `${base}/details`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(summaryLink('familyName', MESSAGES[lang].familyName));
    expect(res.body).toContain(fieldError(lang, 'familyName', MESSAGES[lang].familyName));
    expect(res.body).not.toContain('id="field-givenName-error"');
    expect(res.body).toMatch(/<input class="field__input" id="field-familyName" name="familyName"[^>]* value="王"/);
    expect(res.body).toMatch(/<input class="field__input" id="field-nameZh" name="nameZh"[^>]* value="王伟"/);
    expect(res.body).toMatch(/<input class="field__input" id="field-organisation" name="organisation"[^>]* value="Peking University"/);
    expect(await namesOf(id)).toEqual(['王', '伟', null]);
  });

  it('takes the names in Latin letters with the Chinese characters in their own field', async () => {
    const { id, base } = await storedWithChineseName('manage.fixed@tsinghua.example.cn');
    const res = await new HttpAgent(t.app).submit(base, details({ familyName: 'Nguyễn', givenName: 'O’Brien', nameZh: '王伟' }), `${base}/details`);
    expect([res.statusCode, res.headers.location]).toEqual([303, `${base}?done=details`]);
    expect(await namesOf(id)).toEqual(['Nguyễn', 'O’Brien', '王伟']);
  });
});

describe('the guest import', () => {
  const HEADERS = ['E-mail', 'Family name', 'Given name', 'Chinese name', 'Organisation', 'Country', 'Mobile'];

  it('names the row and field of a name in Chinese characters with the form’s message, in the organiser’s language, importing nothing', async () => {
    const organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
    const before = (await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).length;
    const file = csvBytes([
      HEADERS,
      ['nguyen.hoa@example.vn', 'Nguyễn', 'O’Brien', '', 'Hoa Lac Hi-Tech Park', 'VN', '+84 912 300 014'],
      ['li.na@ustc.example.cn', '李', 'Na', '', 'USTC', 'CN', '13912345678'],
      ['zhang.wei@pku.example.cn', 'Zhang', '伟', '', 'PKU', 'CN', '13812345678'],
    ]);
    const { row, page } = await importGuestList(t, organiser, event.id, { filename: 'guests.csv', bytes: file }, { categoryId: guestId, status: 'confirmed' });
    expect(row.state).toBe('rejected');
    expect(row.problems).toEqual([
      { row: 3, field: 'familyName', key: 'registration.errors.latinName.familyName' },
      { row: 4, field: 'givenName', key: 'registration.errors.latinName.givenName' },
    ]);
    const tableRow = (lang: Lang, n: number, field: string, column: string, message: string) => {
      const label = lang === 'en' ? { row: 'Row', field: 'Detail', column: 'Column', problem: 'Problem' } : { row: '行', field: '信息', column: '列', problem: '问题' };
      return `<tr><td data-label="${label.row}">${n}</td><td data-label="${label.field}">${field}</td><td data-label="${label.column}">${column}</td><td data-label="${label.problem}">${message}</td></tr>`;
    };
    expect(page.body).toContain(tableRow('en', 3, 'Family name', 'B: Family name', MESSAGES.en.familyName));
    expect(page.body).toContain(tableRow('en', 4, 'Given name(s)', 'C: Given name', MESSAGES.en.givenName));
    organiser.lang = 'zh-CN';
    const zh = await organiser.get(`${importPath(event.id)}/${row.id}`);
    expect(zh.body).toContain(tableRow('zh-CN', 3, '姓', 'B：Family name', MESSAGES['zh-CN'].familyName));
    expect(zh.body).toContain(tableRow('zh-CN', 4, '名', 'C：Given name', MESSAGES['zh-CN'].givenName));
    const report = await organiser.get(`${importPath(event.id)}/${row.id}/report.csv`);
    expect(report.body.split('\r\n').slice(1, 3)).toEqual([`3,姓,B：Family name,${MESSAGES['zh-CN'].familyName}`, `4,名,C：Given name,${MESSAGES['zh-CN'].givenName}`]);
    expect((await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).length).toBe(before);

    // The same list with its names corrected: pinyin in the name columns, the characters in the Chinese-name column.
    const corrected = csvBytes([
      HEADERS,
      ['nguyen.hoa@example.vn', 'Nguyễn', 'O’Brien', '', 'Hoa Lac Hi-Tech Park', 'VN', '+84 912 300 014'],
      ['li.na@ustc.example.cn', 'Li', 'Na', '李娜', 'USTC', 'CN', '13912345678'],
    ]);
    const done = await importGuestList(t, organiser, event.id, { filename: 'guests.csv', bytes: corrected }, { categoryId: guestId, status: 'confirmed' });
    expect([done.row.state, done.row.problems]).toEqual(['done', []]);
    const names = async (email: string) => (await rowsOf(email)).map((r) => [r.familyName, r.givenName, r.nameZh]);
    expect(await names('nguyen.hoa@example.vn')).toEqual([['Nguyễn', 'O’Brien', null]]);
    expect(await names('li.na@ustc.example.cn')).toEqual([['Li', 'Na', '李娜']]);
  });
});
