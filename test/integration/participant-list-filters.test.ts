// The participant list's filters beyond search and status: consents given or not (a withdrawn one counts as not
// given), an answer to a question (a choice among its options, or part of a typed answer), all in the address and
// carried into the bulk form; counts per status and per category on top; nonsense ignored, never an error page.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationConsents, registrationQuestions, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { createFieldCipher } from '../../src/lib/field-cipher.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
const q: Record<string, string> = {};

const person = (categoryId: string, familyName: string, answers: Record<string, unknown>): RegistrationValues => ({
  categoryId, email: `${familyName.toLowerCase()}@lab.example.de`, familyName, givenName: 'Jonas', nameZh: null, organisation: 'Fraunhofer', jobTitle: null, country: 'DE', mobile: '+4915112345678',
  dietary: null, interpretationNeeds: null, residence: 'other', idType: 'passport', idNumber: 'C01X00T47', nationality: 'DE', answers, sessionIds: [], locale: 'en',
});

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  event = await createEvent(t.db, { slug: 'hydrogen-week', status: 'published', title: { en: 'Hydrogen Week', 'zh-CN': '氢能周' }, startsAt: wallTime('2027-06-01 09:00'), endsAt: wallTime('2027-06-03 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-30 00:00'), sharesAbroad: true, abroadRecipient: 'Fraunhofer Gesellschaft' });
  const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' }, position: 0 }).returning();
  const [press] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'PRESS', name: { en: 'Press', 'zh-CN': '媒体' }, position: 1, requiresApproval: true }).returning();
  const questions = await t.db
    .insert(registrationQuestions)
    .values([
      { eventId: event.id, kind: 'yes-no', label: { en: 'Dinner?', 'zh-CN': '晚宴？' }, position: 0 },
      { eventId: event.id, kind: 'single', label: { en: 'Site visit', 'zh-CN': '参观' }, options: [{ value: 'port', label: { en: 'Port', 'zh-CN': '港口' } }, { value: 'plant', label: { en: 'Plant', 'zh-CN': '工厂' } }], position: 1 },
      { eventId: event.id, kind: 'multiple', label: { en: 'Topics', 'zh-CN': '议题' }, options: [{ value: 'storage', label: { en: 'Storage' } }, { value: 'mobility', label: { en: 'Mobility' } }], position: 2 },
      { eventId: event.id, kind: 'text', label: { en: 'Your research', 'zh-CN': '研究方向' }, position: 3 },
    ])
    .returning();
  [q.dinner, q.visit, q.topics, q.research] = questions.map((x) => x.id) as [string, string, string, string];
  const cipher = createFieldCipher(t.config);
  const people: [string, string, Record<string, unknown>, boolean, boolean][] = [
    ['Becker', guest!.id, { [q.dinner!]: 'yes', [q.visit!]: 'port', [q.topics!]: ['storage', 'mobility'], [q.research!]: 'Electrolysers at 100% load' }, true, true],
    ['Fischer', guest!.id, { [q.dinner!]: 'no', [q.visit!]: 'plant', [q.topics!]: ['mobility'], [q.research!]: 'Fuel cells for trucks' }, false, true],
    ['Hoffmann', press!.id, { [q.dinner!]: 'yes', [q.topics!]: ['storage'] }, true, false],
    ['Wagner', guest!.id, {}, false, true],
  ];
  for (const [i, [name, categoryId, answers, sensitive, crossBorder]] of people.entries()) {
    await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, person(categoryId, name, answers), {
      actor: { actorId: null, requestId: null }, formToken: `filter-token-${String(i).padStart(12, '0')}`, consentVersion: '2026-11', sensitiveConsent: sensitive, crossBorderConsent: crossBorder, cipher,
    });
  }
  // Wagner withdrew the transfer abroad: no longer "given".
  const [wagner] = await t.db.select().from(registrations).where(eq(registrations.familyName, 'Wagner'));
  await t.db.update(registrationConsents).set({ withdrawnAt: t.clock.now() }).where(and(eq(registrationConsents.registrationId, wagner!.id), eq(registrationConsents.kind, 'cross-border')));
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t?.close());

const list = (query = '') => organiser.get(`/admin/events/${event.id}/registrations${query}`);
const names = async (query: string) => {
  const res = await list(query);
  expect(res.statusCode).toBe(200);
  return [...res.body.matchAll(/registrations\/[0-9a-f-]{36}">Jonas ([^<]+)<\/a>/g)].map((m) => m[1]).sort();
};

describe('consent filters', () => {
  it('finds who gave the sensitive-data consent and who did not', async () => {
    expect(await names('?sensitive=yes')).toEqual(['Becker', 'Hoffmann']);
    expect(await names('?sensitive=no')).toEqual(['Fischer', 'Wagner']);
  });

  it('counts a withdrawn transfer consent as not given, and combines with the other filters', async () => {
    expect(await names('?crossBorder=yes')).toEqual(['Becker', 'Fischer']);
    expect(await names('?crossBorder=no')).toEqual(['Hoffmann', 'Wagner']);
    expect(await names('?crossBorder=yes&sensitive=no')).toEqual(['Fischer']);
    expect(await names('?crossBorder=no&status=pending')).toEqual(['Hoffmann']);
  });
});

describe('answer filters', () => {
  it('matches a yes-no, a single and a multiple choice by option', async () => {
    expect(await names(`?question=${q.dinner}&answer=yes`)).toEqual(['Becker', 'Hoffmann']);
    expect(await names(`?question=${q.dinner}&answer=no`)).toEqual(['Fischer']);
    expect(await names(`?question=${q.visit}&answer=plant`)).toEqual(['Fischer']);
    expect(await names(`?question=${q.topics}&answer=storage`)).toEqual(['Becker', 'Hoffmann']);
    expect(await names(`?question=${q.topics}&answer=mobility`)).toEqual(['Becker', 'Fischer']);
  });

  it('matches part of a typed answer, whatever the case, with % and _ as plain characters', async () => {
    expect(await names(`?question=${q.research}&answer=FUEL%20CELL`)).toEqual(['Fischer']);
    expect(await names(`?question=${q.research}&answer=100%25`)).toEqual(['Becker']);
    expect(await names(`?question=${q.research}&answer=1_0`)).toEqual([]);
  });

  it('offers a choice question’s options as a select once the question is chosen, and a text box otherwise', async () => {
    const choice = await list(`?question=${q.visit}`);
    expect(choice.body).toContain('<select id="filter-answer" name="answer"><option value="">Any</option><option value="port">Port</option><option value="plant">Plant</option></select>');
    const yesNo = await list(`?question=${q.dinner}&answer=no`);
    expect(yesNo.body).toContain('<option value="no" selected>No</option>');
    const text = await list(`?question=${q.research}&answer=trucks`);
    expect(text.body).toContain('<input class="field__input" id="filter-answer" name="answer" type="search" value="trucks"');
  });

  it('ignores what it does not understand: an unknown question, an option that does not exist, a bad consent value', async () => {
    const everyone = ['Becker', 'Fischer', 'Hoffmann', 'Wagner'];
    expect(await names('?question=01900000-0000-7000-8000-000000000000&answer=yes')).toEqual(everyone);
    expect(await names(`?question=${q.visit}&answer=moon`)).toEqual(everyone);
    expect(await names('?question=not-a-uuid&answer=%25&sensitive=maybe&crossBorder=1')).toEqual(everyone);
    // … and says so, naming each filter and what was typed, rather than looking filtered.
    const said = await list(`?question=${q.visit}&answer=moon&country=Narnia&sensitive=maybe`);
    expect(said.body).toContain('<div class="notice" role="status"><p>Not understood, so not applied: Country or region (Narnia), Consent to sensitive data (maybe) and Answer (moon). Give a country or region by its code or name (CN, China, 中国).</p></div>');
    expect((await list('?status=lost')).body).toContain('<p>Not understood, so not applied: Status (lost).</p>');
    expect((await list('?country=DE')).body).not.toContain('Not applied');
  });

  it('takes a country by its code, its name in English or Chinese, or a name people write for it', async () => {
    const everyone = ['Becker', 'Fischer', 'Hoffmann', 'Wagner'];
    for (const country of ['de', 'Germany', '德国', 'Deutschland', 'Federal Republic of Germany', '德意志联邦共和国', ' ＤＥＵＴＳＣＨＬＡＮＤ ']) expect(await names(`?country=${encodeURIComponent(country)}`), country).toEqual(everyone);
    expect(await names('?country=FR')).toEqual([]);
    expect(await names(`?country=${encodeURIComponent('England')}`)).toEqual([]);
    expect((await list(`?country=${encodeURIComponent('U.K.')}`)).body).not.toContain('Not applied');
  });
});

describe('an event whose registration is not set up', () => {
  it('says no one can register yet and leads to the set-up, instead of an empty "By category"', async () => {
    const bare = await createEvent(t.db, { slug: 'bare-week', status: 'draft', title: { en: 'Bare Week', 'zh-CN': '空白周' } });
    const owner = await signedInAgent(t, await createUser(t.db, { roles: [[bare.id, 'organiser']] }));
    const en = await owner.get(`/admin/events/${bare.id}/registrations?lang=en`);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain(`No one can register yet: the registration has no categories. <a href="/admin/events/${bare.id}/registration">Set up the registration</a>`);
    expect(en.body).not.toContain('By category');
    const zh = await owner.get(`/admin/events/${bare.id}/registrations?lang=zh-CN`);
    expect(zh.body).toContain('尚无人可以报名：报名尚未设置参会身份。');
    const withCategories = await organiser.get(`/admin/events/${event.id}/registrations?lang=en`);
    expect(withCategories.body).toContain('By category');
    expect(withCategories.body).not.toContain('No one can register yet');
  });
});

describe('the address and the bulk form', () => {
  it('keeps every filter in the bulk form’s hidden fields, in the address’s order', async () => {
    const res = await list(`?sort=name&crossBorder=yes&question=${q.dinner}&answer=yes&sensitive=yes&q=becker`);
    expect(res.statusCode).toBe(200);
    const hidden = [...res.body.matchAll(/<input type="hidden" name="(q|status|category|country|sensitive|crossBorder|question|answer|sort)" value="([^"]*)">/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(hidden).toEqual(['q=becker', 'sensitive=yes', 'crossBorder=yes', `question=${q.dinner}`, 'answer=yes', 'sort=name']);
    expect(res.body).toContain('<input type="hidden" name="expected" value="1">');
  });
});

describe('counts on top', () => {
  it('shows counts per status and per category of the whole event, whatever the filter', async () => {
    const res = await list('?status=pending');
    const tiles = (label: string) => {
      const block = new RegExp(`<ul class="status-counts" aria-label="${label}">([\\s\\S]*?)</ul>`).exec(res.body)![1]!;
      return [...block.matchAll(/status-count__number">(\d+)<\/span> <span class="status-count__label">([^<]+)</g)].map((m) => `${m[2]}: ${m[1]}`);
    };
    expect(tiles('Registrations by status')).toEqual(['Awaiting approval: 1', 'Confirmed: 3', 'On the waiting list: 0', 'Cancelled: 0', 'Not accepted: 0']);
    expect(tiles('Registrations by category')).toEqual(['Guest: 3', 'Press: 1']);
    expect(res.body).toMatch(/href="\/admin\/events\/[0-9a-f-]{36}\/registrations\?status=pending" aria-current="true"/);
  });
});

describe('the longest entries', () => {
  it('writes and finds a person whose every searched field is at its longest, in Chinese characters without repeats', async () => {
    // Characters picked without a pattern, four bytes each in UTF-8 (CJK Extension B): a search text of about 3.7 KB
    // that hardly compresses, more than a btree entry may hold (migration 0029 keeps it out of every btree index).
    let seed = 7;
    const han = (n: number) => String.fromCodePoint(...Array.from({ length: n }, () => 0x20000 + ((seed = (seed * 48271) % 2147483647) % 40000)));
    const [guest] = await t.db.select().from(registrationCategories).where(and(eq(registrationCategories.eventId, event.id), eq(registrationCategories.code, 'GUEST')));
    const values = { ...person(guest!.id, han(100), {}), givenName: han(100), nameZh: han(50), organisation: han(200), email: `${'l'.repeat(240)}@example.org` };
    await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, values, {
      actor: { actorId: null, requestId: null }, formToken: 'longest-token-000000000000000000', consentVersion: '2026-11', sensitiveConsent: false, crossBorderConsent: false,
    });
    const res = await list(`?q=${encodeURIComponent(values.givenName.slice(40, 44))}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(values.familyName);
  });
});
