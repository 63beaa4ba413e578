// The waiting list as people and organisers meet it: a waiting person moved into a category with room gets a seat
// at once; the place shown agrees with the order seats are given in; approval onto the waiting list says so; the
// approvals page names who could not be approved and lists the waiting list in queue order; raising a capacity says
// how many got a seat. Each event is made afresh, so every test reads its own exact numbers.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventRoles, registrationCategories, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let organiser: HttpAgent;
let organiserId: string;
let eventSeq = 0;
let tokenSeq = 0;

beforeAll(async () => {
  t = await buildTestApp();
  const user = await createUser(t.db, { email: 'organiser@waitlist.example.org' });
  organiserId = user.id;
  organiser = await signedInAgent(t, user);
});
afterAll(async () => t?.close());

interface CategorySpec { code: string; capacity?: number | null; requiresApproval?: boolean }

const ZH_NAMES: Record<string, string> = { GUEST: '嘉宾', PRESS: '媒体', DIPLO: '外交官' };

/** A fresh event with its settings and categories, the organiser on its team; categories by code. */
async function freshEvent(capacity: number | null, categories: CategorySpec[], waitlistEnabled = true) {
  eventSeq += 1;
  const event = await createEvent(t.db, { slug: `waitlist-day-${eventSeq}`, status: 'published', title: { en: 'Innovation Day', 'zh-CN': '创新日' }, startsAt: wallTime('2027-05-10 09:00'), endsAt: wallTime('2027-05-10 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-09 00:00'), capacity, waitlistEnabled });
  const rows = await t.db
    .insert(registrationCategories)
    .values(categories.map((c, position) => ({ eventId: event.id, code: c.code, name: { en: c.code[0] + c.code.slice(1).toLowerCase(), 'zh-CN': ZH_NAMES[c.code] ?? c.code }, capacity: c.capacity ?? null, requiresApproval: c.requiresApproval ?? false, position })))
    .returning();
  await t.db.insert(eventRoles).values({ eventId: event.id, userId: organiserId, role: 'organiser' });
  return { event, cats: Object.fromEntries(rows.map((r) => [r.code, r.id])) as Record<string, string> };
}

/** The address of a person of the latest fresh event: each event's people get their own mail. */
const address = (familyName: string) => `${familyName.toLowerCase()}@lab${eventSeq}.example.org`;
const person = (categoryId: string, familyName: string, extra: Partial<RegistrationValues> = {}): RegistrationValues => ({
  categoryId, email: address(familyName), familyName, givenName: 'Ana', nameZh: null, organisation: 'Lab', jobTitle: null, country: 'CL', mobile: '+56912345678',
  dietary: null, interpretationNeeds: null, residence: 'other', idType: null, idNumber: null, nationality: 'CL', answers: {}, sessionIds: [], locale: 'en', ...extra,
});
const register = (event: EventRow, values: RegistrationValues) =>
  submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, values, { actor: { actorId: null, requestId: null }, formToken: `waitlist-token-${String(tokenSeq++).padStart(10, '0')}`, consentVersion: '2026-11' });

/** Registration ids by family name, and their statuses. */
async function people(event: EventRow) {
  const rows = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id)).orderBy(asc(registrations.familyName));
  return { ids: Object.fromEntries(rows.map((r) => [r.familyName, r.id])) as Record<string, string>, statuses: Object.fromEntries(rows.map((r) => [r.familyName, r.status])) };
}
async function taken(event: EventRow) {
  const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
  const categories = await t.db.select().from(registrationCategories).where(eq(registrationCategories.eventId, event.id));
  return { event: settings!.taken, ...Object.fromEntries(categories.map((c) => [c.code, c.taken])) };
}

describe('moving a waiting person to another category', () => {
  it('gives them a free seat in the target at once and mails them as promoted', async () => {
    const { event, cats } = await freshEvent(3, [{ code: 'GUEST' }, { code: 'PRESS', capacity: 1 }]);
    await register(event, person(cats.GUEST!, 'Lagos'));
    await register(event, person(cats.PRESS!, 'Pinto'));
    await register(event, person(cats.PRESS!, 'Vega'));
    const { ids, statuses } = await people(event);
    expect(statuses).toEqual({ Lagos: 'confirmed', Pinto: 'confirmed', Vega: 'waitlisted' });
    await t.mail.waitForTo(address('Vega'), 15_000);
    t.mail.clear();

    const bulkUrl = `/admin/events/${event.id}/registrations/bulk`;
    const list = await organiser.get(`/admin/events/${event.id}/registrations`);
    const res = await organiser.post(bulkUrl, { ...hiddenFields(list.body, bulkUrl), action: 'move', scope: 'selected', ids: [ids.Vega!], targetCategory: cats.GUEST! });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect((await organiser.follow(res)).body).toContain('<li>1 moved</li>');
    expect((await people(event)).statuses).toEqual({ Lagos: 'confirmed', Pinto: 'confirmed', Vega: 'confirmed' });
    expect(await taken(event)).toEqual({ event: 3, GUEST: 2, PRESS: 1 });
    const [vega] = await t.db.select().from(registrations).where(and(eq(registrations.id, ids.Vega!), eq(registrations.categoryId, cats.GUEST!)));
    expect([vega!.status, vega!.holdsSeat]).toEqual(['confirmed', true]);
    const mail = await t.mail.waitForTo(address('Vega'), 15_000);
    expect(mail.subject).toBe('Innovation Day: a seat is yours — your ticket');
    // The seat came with the move, not from someone leaving.
    expect(mail.text).toContain('The organisers have moved your registration for Innovation Day to another category, where a seat was free: it is now yours.');
    expect(mail.text).not.toContain('freed up');
    // The ticket says how she now takes part: the category she was moved to.
    expect(mail.text).toContain('Taking part as: Guest\n');
    expect(mail.html).toMatch(/>Taking part as<\/span><br>Guest<\/p>/);
  });
});

describe('the place on the waiting list', () => {
  it('counts only who would get a freed seat first: the same category, and other categories with room while the event is full', async () => {
    // Two seats, both taken; the press category (one seat) is full, the guests’ category has no limit of its own.
    const { event, cats } = await freshEvent(2, [{ code: 'GUEST' }, { code: 'PRESS', capacity: 1 }]);
    await register(event, person(cats.PRESS!, 'Pinto'));
    await register(event, person(cats.GUEST!, 'Lagos'));
    const answers: Record<string, number | null> = {};
    for (const [name, code] of [['Mora', 'PRESS'], ['Soto', 'GUEST'], ['Vega', 'PRESS'], ['Rojas', 'GUEST']] as const) {
      answers[name] = (await register(event, person(cats[code]!, name))).waitlistPosition;
    }
    // Soto (a guest) gets the next seat of the event before Mora, who waits for a press seat; Vega waits behind both.
    expect(answers).toEqual({ Mora: 1, Soto: 1, Vega: 3, Rojas: 2 });
    const vegaMail = await t.mail.waitForTo(address('Vega'), 15_000);
    expect(vegaMail.text).toContain('so you are number 3 on the waiting list.');
    expect((await t.mail.waitForTo(address('Soto'), 15_000)).text).toContain('so you are number 1 on the waiting list.');
    // A known address gets the answer a new guest would get: behind Soto and Rojas.
    const again = await register(event, person(cats.GUEST!, 'Soto'));
    expect([again.outcome, again.waitlistPosition]).toEqual(['waitlisted', 3]);
    const { ids } = await people(event);
    const detail = async (name: string) => /Place (\d+)/.exec((await organiser.get(`/admin/events/${event.id}/registrations/${ids[name]}`)).body)?.[1];
    expect([await detail('Mora'), await detail('Soto'), await detail('Vega'), await detail('Rojas')]).toEqual(['1', '1', '3', '2']);

    // A guest cancels: the seat goes to Soto, told place 1, not to Mora; the others move up.
    const { cancelRegistration } = await import('../../src/features/registration/status-changes.ts');
    await cancelRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, { actorId: null, requestId: null }, ids.Lagos!);
    expect((await people(event)).statuses).toEqual({ Lagos: 'cancelled', Mora: 'waitlisted', Pinto: 'confirmed', Rojas: 'waitlisted', Soto: 'confirmed', Vega: 'waitlisted' });
    expect([await detail('Mora'), await detail('Vega'), await detail('Rojas')]).toEqual(['1', '2', '1']);
    const manage = await organiser.get(`/registrations/manage/${/\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec(vegaMail.text!)![1]}`);
    expect(manage.body).toContain('You are number 2 on the waiting list.');
  });
});

/** The organisers' approvals page of an event, and a post to it with the page's CSRF token. */
const approvalsUrl = (event: EventRow) => `/admin/events/${event.id}/registrations/approvals`;
async function decide(event: EventRow, fields: Record<string, string | string[]>) {
  const page = await organiser.get(approvalsUrl(event));
  return organiser.post(approvalsUrl(event), { _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!, ...fields });
}
/** The words of the history rows on a registration's page, newest first. */
async function history(event: EventRow, registrationId: string, lang = 'en') {
  const body = (await organiser.get(`/admin/events/${event.id}/registrations/${registrationId}?lang=${lang}`)).body;
  return [...body.matchAll(/<td data-label="(?:What|事项)">([^<]*)/g)].map((m) => m[1]);
}

describe('approving when no seat is free', () => {
  it('tells the person they are approved and on the waiting list, in their language, and the history says so', async () => {
    const { event, cats } = await freshEvent(1, [{ code: 'GUEST' }, { code: 'DIPLO', requiresApproval: true }]);
    await register(event, person(cats.GUEST!, 'Lagos'));
    await register(event, person(cats.DIPLO!, 'Rojas'));
    await register(event, person(cats.DIPLO!, 'Zhou', { locale: 'zh-CN', nameZh: '周敏' }));
    const { ids } = await people(event);
    const res = await decide(event, { decision: 'approve', message: 'Welcome!', ids: [ids.Rojas!, ids.Zhou!] });
    expect(res.body).toContain('Done: 0 confirmed, 2 put on the waiting list, 0 rejected.');
    expect((await people(event)).statuses).toEqual({ Lagos: 'confirmed', Rojas: 'waitlisted', Zhou: 'waitlisted' });

    const isApproval = (subject: string) => (m: { subject?: string }) => m.subject === subject;
    await expect.poll(() => t.mail.to(address('Rojas')).some(isApproval('Innovation Day: your registration is approved — you are on the waiting list')), { timeout: 15_000 }).toBe(true);
    const en = t.mail.to(address('Rojas')).find(isApproval('Innovation Day: your registration is approved — you are on the waiting list'))!;
    expect(en.text).toContain('The organisers have approved your registration for Innovation Day. No seat is free yet, so you are number 1 on the waiting list. When a seat frees up it is given to you automatically and we mail you your ticket.\n\n> Welcome!');
    await expect.poll(() => t.mail.to(address('Zhou')).some(isApproval('创新日：报名已通过审核，您已进入候补名单')), { timeout: 15_000 }).toBe(true);
    const zh = t.mail.to(address('Zhou')).find(isApproval('创新日：报名已通过审核，您已进入候补名单'))!;
    expect(zh.text).toContain('主办方已通过您对创新日的报名。目前暂无空余名额，您已进入候补名单，排在第2位。有名额空出时将自动为您确认，并通过邮件发送电子票。');

    expect((await history(event, ids.Rojas!))[0]).toBe('Registration approved, put on the waiting list (no seat free)');
    expect((await history(event, ids.Zhou!, 'zh-CN'))[0]).toBe('通过报名，因暂无名额转入候补');
  });
});

describe('the approvals page when an approval finds no seat and there is no waiting list', () => {
  it('names who was not approved, does not blame the event, and warns instead of reporting success', async () => {
    // The event has seats to spare; the diplomats’ category has one.
    const { event, cats } = await freshEvent(10, [{ code: 'DIPLO', capacity: 1, requiresApproval: true }], false);
    for (const name of ['Rojas', 'Soto', 'Vega']) await register(event, person(cats.DIPLO!, name));
    const { ids } = await people(event);
    const res = await decide(event, { decision: 'approve', ids: [ids.Rojas!, ids.Soto!, ids.Vega!] });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div class="notice notice--warning" role="status">\n  <p>Done: 1 confirmed, 0 put on the waiting list, 0 rejected.</p>');
    expect(res.body).toContain('<p>2 could not be approved: no seat is free in their category or the event, and the event keeps no waiting list. Not approved:</p>');
    expect([...res.body.matchAll(/<li>([^<]+) <span class="muted">· ([^<]+)<\/span><\/li>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([`Ana Soto ${address('Soto')}`, `Ana Vega ${address('Vega')}`]);
    expect(res.body).not.toContain('the event is full');
    expect((await people(event)).statuses).toEqual({ Rojas: 'confirmed', Soto: 'pending', Vega: 'pending' });

    const zh = await organiser.post(`${approvalsUrl(event)}?lang=zh-CN`, { _csrf: /name="_csrf" value="([^"]+)"/.exec((await organiser.get(approvalsUrl(event))).body)![1]!, decision: 'approve', ids: [ids.Soto!] });
    expect(zh.body).toContain('<div class="notice notice--warning" role="status">\n  <p>已处理：确认 0 人，转入候补 0 人，拒绝 0 人。</p>');
    expect(zh.body).toContain('<p>1 人未能通过：其参会身份或活动已无空余名额，且未开放候补。未通过的人员：</p>');

    // Everything done: the success style, no list.
    const done = await decide(event, { decision: 'reject', confirm: 'yes', ids: [ids.Soto!] });
    expect(done.body).toContain('<div class="notice notice--success" role="status">\n  <p>Done: 0 confirmed, 0 put on the waiting list, 1 rejected.</p>\n</div>');
  });
});

describe('the waiting list on the approvals page', () => {
  it('lists people in queue order with the place they are told, and offers to remove them, not to approve them', async () => {
    const { event, cats } = await freshEvent(2, [{ code: 'GUEST' }, { code: 'PRESS', capacity: 1 }, { code: 'DIPLO', requiresApproval: true }]);
    await register(event, person(cats.PRESS!, 'Pinto'));
    await register(event, person(cats.GUEST!, 'Lagos'));
    for (const [name, code] of [['Mora', 'PRESS'], ['Soto', 'GUEST'], ['Vega', 'PRESS'], ['Rojas', 'GUEST'], ['Paz', 'DIPLO']] as const) await register(event, person(cats[code]!, name));
    const { ids } = await people(event);
    // Registered in the opposite order to the queue (imported, say): the list follows the queue.
    for (const [i, name] of ['Rojas', 'Vega', 'Soto', 'Mora'].entries()) await t.db.update(registrations).set({ createdAt: new Date(Date.UTC(2026, 5, 1 + i)) }).where(eq(registrations.id, ids[name]!));

    const page = await organiser.get(approvalsUrl(event));
    const forms = page.body.split('<form class="form form--wide"').slice(1);
    expect(forms).toHaveLength(2);
    const [pending, waiting] = forms as [string, string];
    expect(pending).toContain('<h2>1 awaiting approval</h2>');
    expect([...pending.matchAll(/<button[^>]*>([^<]+)<\/button>/g)].map((m) => m[1])).toEqual(['Approve selected', 'Reject selected']);
    expect(waiting).toContain('<h2>4 on the waiting list</h2>');
    expect([...waiting.matchAll(/<td data-label="Place">(\d+)<\/td>\s*<td data-label="Person"><label for="pick-[^"]+">([^<]+)<\/label>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['1 Ana Mora', '1 Ana Soto', '3 Ana Vega', '2 Ana Rojas']);
    expect([...waiting.matchAll(/<button[^>]*>([^<]+)<\/button>/g)].map((m) => m[1])).toEqual(['Remove selected from the waiting list']);
    const zh = await organiser.get(`${approvalsUrl(event)}?lang=zh-CN`);
    expect(zh.body).toContain('<th scope="col">候补位次</th>');
    expect(zh.body).toContain('>将所选移出候补名单</button>');

    // Removing asks once more, then rejects and mails; the others move up.
    const ask = await decide(event, { group: 'waitlisted', decision: 'reject', ids: [ids.Soto!] });
    // Said as what the organiser clicked, with what it means.
    expect(ask.body).toContain('<h1>Remove 1 person from the waiting list?</h1>');
    expect(ask.body).toContain('is mailed at once that their registration was not accepted. This cannot be undone');
    expect(ask.body).toContain('>Remove 1 person from the waiting list</button>');
    const done = await decide(event, { group: 'waitlisted', decision: 'reject', confirm: 'yes', ids: [ids.Soto!] });
    expect(done.body).toContain('Done: 0 confirmed, 0 put on the waiting list, 1 rejected.');
    expect([...done.body.matchAll(/<td data-label="Place">(\d+)<\/td>\s*<td data-label="Person"><label for="pick-[^"]+">([^<]+)<\/label>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['1 Ana Mora', '2 Ana Vega', '1 Ana Rojas']);
  });
});

describe('raising a capacity', () => {
  it('tells the organiser how many people from the waiting list got a seat and were mailed', async () => {
    const { event, cats } = await freshEvent(2, [{ code: 'GUEST' }, { code: 'PRESS', capacity: 1 }]);
    await register(event, person(cats.GUEST!, 'Lagos'));
    await register(event, person(cats.PRESS!, 'Pinto'));
    for (const [name, code] of [['Mora', 'GUEST'], ['Vega', 'PRESS'], ['Soto', 'PRESS']] as const) await register(event, person(cats[code]!, name));
    const setup = `/admin/events/${event.id}/registration`;
    const settings = { opensAt: '2026-01-01T00:00', closesAt: '2027-05-09T00:00', waitlist: 'on' };
    const flash = (body: string) => /<div class="notice notice--success" role="status"><p>([^<]+)<\/p><\/div>/.exec(body)?.[1];

    // The event's seats: only the guest gets one (the press category is still full).
    const saved = await organiser.submit(setup, { ...settings, capacity: '10' });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect(flash((await organiser.follow(saved)).body)).toBe('The registration settings were saved. 1 person from the waiting list got a seat and was mailed their ticket.');
    // Saved again with nothing added: just saved.
    expect(flash((await organiser.follow(await organiser.submit(setup, { ...settings, capacity: '10' }))).body)).toBe('The registration settings were saved.');

    // The press category's seats: both press people waiting get one.
    const edit = `${setup}/categories/${cats.PRESS}/edit`;
    const category = await organiser.submit(edit, { code: 'PRESS', nameEn: 'Press', nameZh: '媒体', capacity: '3', visibility: 'public' }, `${setup}/categories/${cats.PRESS}`);
    expect(category.statusCode, category.body.slice(0, 300)).toBe(303);
    expect(flash((await organiser.get(`${setup}?lang=zh-CN`)).body)).toBe('参会身份已保存。候补名单中 2 人已获得名额，电子票已通过邮件发送。');
    expect((await people(event)).statuses).toEqual({ Lagos: 'confirmed', Mora: 'confirmed', Pinto: 'confirmed', Soto: 'confirmed', Vega: 'confirmed' });
    await expect.poll(() => t.mail.to(address('Soto')).some((m) => m.subject === 'Innovation Day: a seat is yours — your ticket'), { timeout: 15_000 }).toBe(true);
  });
});

describe('a registration’s history', () => {
  it('names the categories of a move and the subject of a message, in both languages', async () => {
    const { event, cats } = await freshEvent(null, [{ code: 'GUEST' }, { code: 'PRESS' }]);
    await register(event, person(cats.GUEST!, 'Lagos'));
    const { ids } = await people(event);
    const bulkUrl = `/admin/events/${event.id}/registrations/bulk`;
    const bulk = async (fields: Record<string, string | string[]>) => {
      const list = await organiser.get(`/admin/events/${event.id}/registrations`);
      const res = await organiser.post(bulkUrl, { ...hiddenFields(list.body, bulkUrl), scope: 'selected', ids: [ids.Lagos!], ...fields });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    };
    await bulk({ action: 'move', targetCategory: cats.PRESS! });
    await bulk({ action: 'message', subject: 'Buses at 8:00', body: 'The buses leave the hotel at 8:00.' });
    expect((await history(event, ids.Lagos!)).slice(0, 2)).toEqual(['Message sent: “Buses at 8:00”', 'Category changed from Guest to Press']);
    expect((await history(event, ids.Lagos!, 'zh-CN')).slice(0, 2)).toEqual(['发送消息：“Buses at 8:00”', '参会身份由嘉宾调整为媒体']);
  });
});
