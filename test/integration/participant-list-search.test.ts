// The participant list searched across pages: a search's page and its total come from one statement (the matches
// found once), so every page of a search must show the right people in the right order with the right total,
// in every sort; a page past the last (the list got shorter since) shows the last one.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIns, registrationCategories, registrations } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  event = await createEvent(t.db, { slug: 'search-pages', status: 'published', startsAt: wallTime('2027-06-01 09:00'), endsAt: wallTime('2027-06-01 18:00') });
  const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' } }).returning();
  // 60 people called Wang among 60 others, registered a minute apart; the Wangs' organisations run backwards.
  const minute = (i: number) => new Date(Date.UTC(2027, 0, 1, 0, i));
  const people = await createRegistrations(
    t.db,
    event.id,
    guest!.id,
    Array.from({ length: 120 }, (_, i) => {
      const wang = i % 2 === 0;
      const n = String(i).padStart(3, '0');
      return wang
        ? { familyName: 'Wang', givenName: `Wei ${n}`, nameZh: '王伟', organisation: `Institute ${String(200 - i).padStart(3, '0')}`, createdAt: minute(i) }
        : { familyName: 'Novak', givenName: `Petra ${n}`, organisation: 'Charles University', createdAt: minute(i) };
    }),
  );
  // Two Wangs came through the door (one of them pending approval), and one Novak.
  const byGiven = (given: string) => people.find((p) => p.givenName === given)!;
  await t.db.update(registrations).set({ status: 'pending', holdsSeat: false }).where(eq(registrations.id, byGiven('Wei 004').id));
  await t.db.insert(checkIns).values(
    [['Wei 002', '2027-06-01T01:05:00Z'], ['Wei 004', '2027-06-01T01:10:00Z'], ['Petra 003', '2027-06-01T01:15:00Z']].map(([given, at]) => ({
      eventId: event.id, registrationId: byGiven(given!).id, door: 'North', checkedInAt: new Date(at!),
    })),
  );
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t?.close());

const list = (query: string) => organiser.get(`/admin/events/${event.id}/registrations${query}`);
const names = (body: string) => [...body.matchAll(/<a href="\/admin\/events\/[0-9a-f-]{36}\/registrations\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]!);
const showing = (body: string) => /<p class="result-count">([^<]+)<\/p>/.exec(body)?.[1];
const wangs = (numbers: number[]) => numbers.map((i) => `Wei ${String(i).padStart(3, '0')} Wang`);
const evens = (from: number, to: number, step: number) => Array.from({ length: Math.abs(to - from) / 2 + 1 }, (_, k) => from + k * step);

describe('a search over several pages', () => {
  it('pages through the matches newest first, with the total of the search on each page', async () => {
    const first = await list('?q=wang');
    expect(showing(first.body)).toBe('1–50 of 60');
    expect(names(first.body)).toEqual(wangs(evens(118, 20, -2)));
    const second = await list('?q=wang&page=2');
    expect(showing(second.body)).toBe('51–60 of 60');
    expect(names(second.body)).toEqual(wangs(evens(18, 0, -2)));
  });

  it('sorts the matches by the chosen order before it pages them', async () => {
    const oldest = await list('?q=%E7%8E%8B%E4%BC%9F&sort=oldest&page=2');
    expect(showing(oldest.body)).toBe('51–60 of 60');
    expect(names(oldest.body)).toEqual(wangs(evens(100, 118, 2)));
    // Organisations run backwards: the last registered has the first.
    const byOrganisation = await list('?q=wang&sort=organisation');
    expect(names(byOrganisation.body).slice(0, 3)).toEqual(wangs([118, 116, 114]));
  });

  it('combines the search with the other filters, each row with its check-in time', async () => {
    const checkedIn = await list('?q=wang&checkedIn=yes');
    expect(showing(checkedIn.body)).toBe('1–2 of 2');
    expect(names(checkedIn.body)).toEqual(wangs([4, 2]));
    // Beijing time: 09:10 and 09:05 on 1 June.
    expect([...checkedIn.body.matchAll(/<td class="keep-words" data-label="Checked in">([^<]+)<\/td>/g)].map((m) => m[1])).toEqual(['1 Jun 2027, 09:10 (Beijing time, UTC+8)', '1 Jun 2027, 09:05 (Beijing time, UTC+8)']);
    const pending = await list('?q=wang&status=pending');
    expect(showing(pending.body)).toBe('1–1 of 1');
    expect(names(pending.body)).toEqual(wangs([4]));
    expect((await list('?q=wang&status=rejected')).body).toContain('No registration matches.');
  });

  it('shows the last page for a page past it (the list got shorter)', async () => {
    const past = await list('?q=wang&page=5');
    expect(past.statusCode).toBe(200);
    expect(showing(past.body)).toBe('51–60 of 60');
    expect(names(past.body)).toEqual(wangs(evens(18, 0, -2)));
    expect(past.body).toContain(`href="/admin/events/${event.id}/registrations?q&#x3D;wang" rel="prev"`);
    const unsearched = await list('?page=9');
    expect(showing(unsearched.body)).toBe('101–120 of 120');
  });
});

describe('a search without accents', () => {
  it('finds Müller by "muller", García by "garcia" and Nguyễn by "nguyen", and the other way round', async () => {
    const other = await createEvent(t.db, { slug: 'accents', status: 'published', startsAt: wallTime('2027-06-02 09:00'), endsAt: wallTime('2027-06-02 18:00') });
    const [guest] = await t.db.insert(registrationCategories).values({ eventId: other.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
    await createRegistrations(t.db, other.id, guest!.id, [
      { familyName: 'Müller', givenName: 'Jonas', organisation: 'Universität Stuttgart' },
      { familyName: 'García', givenName: 'Lucía', organisation: 'Universidad de Sevilla' },
      { familyName: 'Nguyễn', givenName: 'Thị Lan', organisation: 'Đại học Bách khoa' },
      { familyName: 'Muller', givenName: 'Anne', organisation: 'Université de Lyon' },
      { familyName: "O'Connor", givenName: 'Michael', organisation: 'Dublin Research Quarter' },
      { familyName: 'D’Angelo', givenName: 'Sara', organisation: 'Politecnico di Milano' },
    ]);
    const admin = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
    const found = async (q: string) => names((await admin.get(`/admin/events/${other.id}/registrations?q=${encodeURIComponent(q)}&sort=name`)).body);
    expect(await found('muller')).toEqual(['Anne Muller', 'Jonas Müller']);
    expect(await found('MÜLLER')).toEqual(['Anne Muller', 'Jonas Müller']);
    expect(await found('garcia lucia')).toEqual(['Lucía García']);
    expect(await found('nguyen')).toEqual(['Thị Lan Nguyễn']);
    expect(await found('universitat')).toEqual(['Jonas Müller']);
    expect(await found('bach khoa')).toEqual(['Thị Lan Nguyễn']);
    // The apostrophe a phone types (’) and the plain one find each other, both ways round.
    expect(await found('o’connor')).toEqual(["Michael O&#x27;Connor"]);
    expect(await found("o'connor")).toEqual(["Michael O&#x27;Connor"]);
    expect(await found("d'angelo")).toEqual(['Sara D’Angelo']);
    expect(await found('D’Angelo')).toEqual(['Sara D’Angelo']);
    // At the door too: the same search text.
    const door = await admin.get(`/admin/events/${other.id}/check-in?door=North&q=${encodeURIComponent('O’Connor')}`);
    expect([...door.body.matchAll(/<h3 class="ticket-card__name">([^<]+)/g)].map((m) => m[1]!.trim())).toEqual(["Michael O&#x27;Connor"]);
  });
});

describe('alphabetical order', () => {
  it('sorts names and organisations as readers expect, accented and lower-case initials among the others, in the list and at the door', async () => {
    const other = await createEvent(t.db, { slug: 'alphabet', status: 'published', startsAt: wallTime('2027-06-03 09:00'), endsAt: wallTime('2027-06-03 18:00') });
    const [guest] = await t.db.insert(registrationCategories).values({ eventId: other.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
    await createRegistrations(t.db, other.id, guest!.id, [
      { familyName: 'Zhang', givenName: 'Wei', organisation: 'Zhejiang University' },
      { familyName: 'de Vries', givenName: 'Anouk', organisation: 'École polytechnique' },
      { familyName: 'Ólafsson', givenName: 'Jón', organisation: 'Åbo Akademi' },
      { familyName: 'Martin', givenName: 'Claire', organisation: 'de Gruyter' },
      { familyName: 'Åberg', givenName: 'Lars', organisation: 'Max Planck Society' },
    ]);
    const admin = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
    const listed = async (query: string) => names((await admin.get(`/admin/events/${other.id}/registrations${query}`)).body);
    const byName = ['Lars Åberg', 'Anouk de Vries', 'Claire Martin', 'Jón Ólafsson', 'Wei Zhang'];
    expect(await listed('?sort=name')).toEqual(byName);
    // The search's page comes from another statement (the matches found once): the same order.
    expect(await listed('?sort=name&q=a')).toEqual(byName);
    expect(await listed('?sort=organisation')).toEqual(['Jón Ólafsson', 'Claire Martin', 'Anouk de Vries', 'Lars Åberg', 'Wei Zhang']);
    const door = await admin.get(`/admin/events/${other.id}/check-in?door=North&q=a`);
    expect(door.statusCode).toBe(200);
    expect([...door.body.matchAll(/<h3 class="ticket-card__name">([^<]+)/g)].map((m) => m[1]!.trim())).toEqual(byName);
  });
});
