// Text longer than a field takes, in the event form, the session form, the speaker's profile and a registration form
// sent as multipart: the form comes back (422) with the field's message in the page's language and everything typed,
// nothing is written; text at the limit is saved; the boxes carry the limit as maxlength; only absurd text meets the
// route's schema, on a page in the reader's language.
import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, events, registrationCategories, registrationQuestions, registrations, registrationSettings, speakerProfiles, speakers } from '../../src/db/schema/index.ts';
import { FORM_TEXT_MAX } from '../../src/lib/form-text.ts';
import { createEvent, createVenueWithRooms, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { multipartBody } from '../helpers/multipart.ts';
import { sessionFormFields } from '../helpers/session-form.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { signedInSpeaker } from '../helpers/speaker-portal.ts';

const SPEAKER = 'wang.fang@example.org';

let t: TestApp;
let event: EventRow;
let roomId: string;
let organiser: HttpAgent;
let speaker: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_ALLOW_LIST: '10.0.0.0/8', FORM_MIN_SECONDS: '0' } });
  event = await createEvent(t.db, { slug: 'limits-forum-2027', title: { en: 'Zhongguancun Forum 2027', 'zh-CN': '2027中关村论坛' } });
  roomId = (await createVenueWithRooms(t.db, event.id, [200])).rooms[0]!.id;
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Wang Fang', 'zh-CN': '王芳' }, email: SPEAKER });
  speaker = await signedInSpeaker(t, SPEAKER);
});
afterAll(() => t.close());

/** Every row the three forms write, and the audit log. */
async function written() {
  const [sessions] = await t.db.select({ n: count() }).from(agendaSessions);
  const [audit] = await t.db.select({ n: count() }).from(auditLog);
  return {
    event: (await t.db.select().from(events).where(eq(events.id, event.id)))[0],
    sessions: sessions!.n,
    profiles: await t.db.select().from(speakerProfiles).where(eq(speakerProfiles.email, SPEAKER)),
    entries: await t.db.select().from(speakers).where(eq(speakers.email, SPEAKER)),
    audit: audit!.n,
  };
}

/** Sends the form as `agent` in `lang` (the language of the page the person is on). */
async function inLanguage(agent: HttpAgent, lang: string, send: () => Promise<LightMyRequestResponse>) {
  const before = agent.lang;
  agent.lang = lang;
  try {
    return await send();
  } finally {
    agent.lang = before;
  }
}

// Limits from 10,000 up are printed with the language's digit grouping.
const grouped = (max: number, locale: string) => (max >= 10_000 ? max.toLocaleString(locale) : String(max));
const MESSAGES = {
  en: (max: number) => `This is too long: use at most ${grouped(max, 'en')} characters.`,
  'zh-CN': (max: number) => `内容过长：最多 ${grouped(max, 'zh-CN')} 个字符。`,
};

/** The message in the error summary (linked to the field) and beside the field. */
function expectFieldError(res: LightMyRequestResponse, field: string, message: string) {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
  expect(res.body).toContain(`<li><a href="#field-${field}">${message}</a></li>`);
  expect(res.body).toMatch(new RegExp(`<p class="field__error" id="field-${field}-error">(<span class="visually-hidden">[^<]*</span>)?${message}</p>`));
  expect(res.body).not.toContain('class="error-page"');
}

const eventFields = {
  titleEn: 'Zhongguancun Forum 2027',
  titleZh: '2027中关村论坛',
  summaryEn: 'Frontier technology and open innovation.',
  summaryZh: '前沿科技与开放创新。',
  descriptionEn: 'Three days of keynotes, roadshows and site visits.',
  descriptionZh: '三天的主旨演讲、项目路演和参观考察。',
  timezone: 'Asia/Shanghai',
  startsAt: '2027-03-27T09:00',
  endsAt: '2027-03-27T17:30',
  status: 'published',
  contactEmail: 'forum@zgc.example.cn',
};
const editEvent = (fields: Record<string, string>) => organiser.submit(`/admin/events/${event.id}/edit`, { ...eventFields, ...fields }, `/admin/events/${event.id}`);

describe('the event form', () => {
  it('gives the description boxes the limit the form checks', async () => {
    const page = await organiser.get(`/admin/events/${event.id}/edit`);
    expect(page.body).toContain('<textarea class="field__input" id="field-descriptionEn" name="descriptionEn" rows="6" maxlength="10000">');
    expect(page.body).toContain('<textarea class="field__input" id="field-descriptionZh" name="descriptionZh" rows="6" maxlength="10000">');
    expect(page.body).toMatch(/name="summaryEn" type="text"[^>]* maxlength="500"/);
  });

  it.each([
    ['en', 'descriptionEn', 'x'.repeat(10_001)],
    ['zh-CN', 'descriptionZh', '长'.repeat(10_001)],
    // Beyond the old schema cap of 20,000, which answered with a bare error page in English.
    ['en', 'descriptionEn', 'Forum '.repeat(4000)],
    ['zh-CN', 'descriptionEn', '中关村论坛'.repeat(5000)],
  ] as const)('in %s, %s one character over (or far over) comes back with the message and the text; nothing saved', async (lang, field, text) => {
    const before = await written();
    const res = await inLanguage(organiser, lang, () => editEvent({ [field]: text }));
    expectFieldError(res, field, MESSAGES[lang](10_000));
    expect(res.body).toContain(`aria-describedby="field-${field}-error">${text}</textarea>`);
    expect(res.body).toContain('name="titleZh" type="text" value="2027中关村论坛"');
    expect(await written()).toEqual(before);
  });

  it('saves a description of exactly 10,000 characters, line breaks counted once as the browser counts them', async () => {
    const en = `${'a'.repeat(4999)}\r\n${'b'.repeat(5000)}`;
    const zh = '长'.repeat(10_000);
    const res = await editEvent({ descriptionEn: en, descriptionZh: zh });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const [row] = await t.db.select().from(events).where(eq(events.id, event.id));
    expect(row!.description).toEqual({ en, 'zh-CN': zh });
  });

  it('answers absurd text, above every form field, with a page in the reader’s language', async () => {
    const before = await written();
    const text = 'x'.repeat(FORM_TEXT_MAX + 1);
    const zh = await inLanguage(organiser, 'zh-CN', () => editEvent({ descriptionEn: text }));
    expect(zh.statusCode).toBe(422);
    expect(zh.body).toContain('<p class="lead">“descriptionEn”中的文字过长：最多 50,000 个字符。请返回删减后重试。</p>');
    expect(zh.body).not.toContain('must NOT');
    const en = await editEvent({ descriptionEn: text });
    expect(en.statusCode).toBe(422);
    expect(en.body).toContain('<p class="lead">The text in “descriptionEn” is too long: at most 50,000 characters. Go back, shorten it and try again.</p>');
    expect(await written()).toEqual(before);
  });
});

const sessionAt = (fields: Record<string, string>) => ({
  ...sessionFormFields({ title: 'Opening keynote', roomId, from: '2027-03-27T09:00', to: '2027-03-27T09:45', people: [] }),
  titleZh: '开幕主旨演讲',
  ...fields,
});
const addSession = (fields: Record<string, string>) => organiser.submit(`/admin/events/${event.id}/agenda/new`, sessionAt(fields), `/admin/events/${event.id}/agenda`);

describe('the session form', () => {
  it('gives the abstract boxes the limit the form checks', async () => {
    const page = await organiser.get(`/admin/events/${event.id}/agenda/new`);
    expect(page.body).toContain('<textarea class="field__input" id="field-abstractEn" name="abstractEn" rows="4" maxlength="5000">');
    expect(page.body).toContain('<textarea class="field__input" id="field-abstractZh" name="abstractZh" rows="4" maxlength="5000">');
  });

  it.each([
    ['en', 'abstractEn', 'x'.repeat(5001)],
    ['zh-CN', 'abstractZh', '长'.repeat(5001)],
    ['zh-CN', 'abstractEn', 'Keynote '.repeat(3000)],
    ['en', 'abstractZh', '开幕主旨演讲'.repeat(4000)],
  ] as const)('in %s, %s over the limit comes back with the message and the text; nothing saved', async (lang, field, text) => {
    const before = await written();
    const res = await inLanguage(organiser, lang, () => addSession({ [field]: text }));
    expectFieldError(res, field, MESSAGES[lang](5000));
    expect(res.body).toContain(`aria-describedby="field-${field}-error">${text}</textarea>`);
    expect(res.body).toContain('name="titleEn" type="text" value="Opening keynote"');
    expect(await written()).toEqual(before);
  });

  it('adds a session whose abstract has exactly 5,000 characters', async () => {
    const before = await written();
    const abstract = '长'.repeat(5000);
    const res = await addSession({ abstractZh: abstract });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect((await written()).sessions).toBe(before.sessions + 1);
    const [row] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.eventId, event.id));
    expect(row!.abstract).toEqual({ 'zh-CN': abstract });
  });
});

const profileFields = {
  nameEn: 'Wang Fang',
  nameZh: '王芳',
  titleEn: 'Professor',
  titleZh: '教授',
  organisationEn: 'Tsinghua University',
  organisationZh: '清华大学',
  country: 'CN',
  bioEn: '',
  bioZh: '',
  timeZone: '',
  travelNeeds: 'Arrives on 26 March.',
  interpretationNeeds: '',
};
const saveProfile = (fields: Record<string, string>) => speaker.submit('/speaker/profile', { ...profileFields, ...fields }, '/speaker/profile');

describe('the speaker profile', () => {
  it('gives the boxes the limits the form checks', async () => {
    const page = await speaker.get('/speaker/profile');
    expect(page.body).toContain('<textarea class="field__input" id="field-travelNeeds" name="travelNeeds" rows="4" maxlength="1000" aria-describedby="field-travelNeeds-hint">');
    expect(page.body).toContain('<textarea class="field__input" id="field-bioZh" name="bioZh" rows="6" lang="zh-CN" maxlength="1500" aria-describedby="field-bioZh-hint">');
  });

  it.each([
    ['en', 'x'.repeat(1001)],
    ['zh-CN', '需要签证邀请函'.repeat(143)],
    // Beyond the old schema cap of 4,096.
    ['zh-CN', '长'.repeat(4097)],
    ['en', 'Visa letter, please. '.repeat(1000)],
  ] as const)('in %s, travel needs over 1,000 characters come back with the message and the text; nothing saved', async (lang, text) => {
    const before = await written();
    const res = await inLanguage(speaker, lang, () => saveProfile({ travelNeeds: text }));
    expectFieldError(res, 'travelNeeds', MESSAGES[lang](1000));
    expect(res.body).toContain(`aria-describedby="field-travelNeeds-hint field-travelNeeds-error">${text}</textarea>`);
    expect(res.body).toContain('name="organisationZh" type="text" value="清华大学"');
    expect(await written()).toEqual(before);
  });

  it('saves travel needs of exactly 1,000 characters', async () => {
    const text = '长'.repeat(1000);
    const res = await saveProfile({ travelNeeds: text });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const [profile] = await t.db.select().from(speakerProfiles).where(eq(speakerProfiles.email, SPEAKER));
    expect(profile!.travelNeeds).toBe(text);
  });
});

describe('the registration form with a file question (sent as multipart)', () => {
  let form: { slug: string; categoryId: string; fileQuestion: string; longQuestion: string };

  beforeAll(async () => {
    const now = t.clock.now().getTime();
    const day = 24 * 3600_000;
    const forum = await createEvent(t.db, { slug: 'limits-registration-2027', startsAt: new Date(now + 30 * day), endsAt: new Date(now + 31 * day) });
    await t.db.insert(registrationSettings).values({ eventId: forum.id, opensAt: new Date(now - day), closesAt: new Date(now + 20 * day), capacity: 100 });
    const [category] = await t.db.insert(registrationCategories).values({ eventId: forum.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会者' } }).returning();
    const [file, long] = await t.db
      .insert(registrationQuestions)
      .values([
        { eventId: forum.id, kind: 'file', label: { en: 'Letter of introduction' }, fileTypes: ['application/pdf'], fileMaxBytes: 1_048_576, position: 0 },
        { eventId: forum.id, kind: 'long-text', label: { en: 'What would you like to discuss?', 'zh-CN': '您希望讨论什么？' }, position: 1 },
      ])
      .returning();
    form = { slug: forum.slug, categoryId: category!.id, fileQuestion: file!.id, longQuestion: long!.id };
  });

  /** Registers `email` in `lang` with `answer` to the long question and no file chosen, as a browser sends it. */
  async function register(lang: string, email: string, answer: string) {
    const agent = new HttpAgent(t.app, { lang });
    const path = `/events/${form.slug}/register`;
    const page = await agent.get(path);
    expect(page.body).toContain(`name="q_${form.longQuestion}" rows="4" maxlength="4000">`);
    const fields = {
      ...hiddenFields(page.body, path),
      categoryId: form.categoryId,
      familyName: 'Haddad',
      givenName: 'Layla',
      organisation: 'Embassy of Jordan',
      country: 'JO',
      email,
      mobileCountry: 'JO',
      mobile: '+962 79 123 4567',
      dietary: 'none',
      interpretation: 'none',
      residence: 'other',
      nationality: 'JO',
      consent: 'yes',
      [`q_${form.longQuestion}`]: answer,
    };
    const body = multipartBody(fields, { name: `q_${form.fileQuestion}`, filename: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) });
    return t.app.inject({ method: 'POST', url: path, remoteAddress: agent.remoteAddress, headers: { cookie: agent.cookieHeader, 'content-type': body.contentType, 'accept-language': lang }, payload: body.payload });
  }
  const registered = async (email: string) => (await t.db.select().from(registrations).where(eq(registrations.email, email)))[0];

  it('keeps an answer of 4,000 Chinese characters whole (12,000 bytes, more than a multipart field once took)', async () => {
    const answer = '中关村论坛'.repeat(800);
    const res = await register('zh-CN', 'layla.long@embassy.example.jo', answer);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect((await registered('layla.long@embassy.example.jo'))!.answers).toEqual({ [form.longQuestion]: answer });
  });

  it.each([
    ['zh-CN', '内容过长：最多4000个字符。', '中关村论坛'.repeat(800) + '开'],
    ['en', 'This is too long: use at most 4000 characters.', 'x'.repeat(30_000)],
  ])('in %s, an answer over 4,000 characters comes back with the message and the text; nobody registered', async (lang, message, answer) => {
    const email = `layla.${lang}@embassy.example.jo`;
    const res = await register(lang, email, answer);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    expect(res.body).toMatch(new RegExp(`<p class="field__error" id="error-q_[0-9a-f-]{36}"><span class="visually-hidden">[^<]*</span>${message}</p>`));
    expect(res.body).toMatch(new RegExp(`maxlength="4000" aria-invalid="true" aria-describedby="error-q_[0-9a-f-]{36}">${answer}</textarea>`));
    expect(await registered(email)).toBeUndefined();
  });
});
