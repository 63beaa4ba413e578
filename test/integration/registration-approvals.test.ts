// Organisers approve or reject registrations awaiting a decision, one or many at once, with a message in the mail;
// approval takes a seat atomically or puts the person on the waiting list; check-in staff cannot decide.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { searchTextContains } from '../../src/features/registration/search-text.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFieldLists, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let staff: HttpAgent;
const ids: Record<string, string> = {};

const person = (categoryId: string, email: string, familyName: string): RegistrationValues => ({
  categoryId, email, familyName, givenName: 'Ana', nameZh: null, organisation: 'Universidad de Chile', jobTitle: null, country: 'CL', mobile: '+56912345678',
  dietary: null, interpretationNeeds: null, residence: 'other', idType: 'passport', idNumber: 'P1234567', nationality: 'CL', answers: {}, sessionIds: [], locale: 'en',
});

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, { slug: 'diplomat-day', status: 'published', title: { en: 'S&T Diplomat Matchmaking Day', 'zh-CN': '科技外交官对接日' }, startsAt: wallTime('2027-05-10 09:00'), endsAt: wallTime('2027-05-10 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-09 00:00'), capacity: 2 });
  const [vip] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'DIPLO', name: { en: 'Diplomat', 'zh-CN': '外交官' }, requiresApproval: true }).returning();
  for (const [i, name] of ['Rojas', 'Soto', 'Vega', 'Mora'].entries()) {
    await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, person(vip!.id, `${name.toLowerCase()}@embassy.example.cl`, name), { actor: { actorId: null, requestId: null }, formToken: `approval-token-${String(i).padStart(10, '0')}`, consentVersion: '2026-11' });
  }
  for (const row of await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))) ids[row.familyName] = row.id;
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  staff = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'checkin']] }));
});
afterAll(async () => t.close());

const page = () => `/admin/events/${event.id}/registrations/approvals`;
const statuses = async () => Object.fromEntries((await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).map((r) => [r.familyName, r.status]));

describe('approvals', () => {
  it('lists the four awaiting approval, and refuses check-in staff', async () => {
    const res = await organiser.get(page());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('4 awaiting approval');
    // Each person's registration can be opened before deciding.
    expect(res.body).toContain(`<a href="/admin/events/${event.id}/registrations/${ids.Rojas}">Registration details<span class="visually-hidden"> `);
    expect((await staff.get(page())).statusCode).toBe(403);
    expect((await staff.post(page(), { decision: 'approve', ids: ids.Rojas! })).statusCode).toBe(403);
  });

  it('ticks all of a group with a link, no script needed, and unticks them again', async () => {
    const res = await organiser.get(page());
    expect(res.body).toMatch(new RegExp(`<a href="${page()}\\?tick=pending" data-tick-group="pending" data-tick="on"[^>]*>Tick all 4</a>`));
    const ticked = await organiser.get(`${page()}?tick=pending`);
    expect(ticked.body.match(/name="ids" value="[0-9a-f-]{36}" id="pick-[0-9a-f-]{36}" checked>/g)).toHaveLength(4);
    expect(ticked.body).toMatch(new RegExp(`<a href="${page()}" data-tick-group="pending" data-tick="off"[^>]*>Untick all</a>`));
    expect((await organiser.get(`${page()}?tick=nonsense`)).body).not.toContain(' checked>');
  });

  it('approves three at once: two seats, then the waiting list; mails each with the message', async () => {
    const res = await organiser.post(page(), { ...(await hidden()), decision: 'approve', message: 'We look forward to meeting you.', ids: [ids.Rojas!, ids.Soto!, ids.Vega!] });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Done: 2 confirmed, 1 put on the waiting list, 0 rejected.');
    expect(await statuses()).toEqual({ Rojas: 'confirmed', Soto: 'confirmed', Vega: 'waitlisted', Mora: 'pending' });
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    expect(settings!.taken).toBe(2);
    await expect.poll(() => t.mail.to('rojas@embassy.example.cl').find((m) => m.subject === 'S&T Diplomat Matchmaking Day: your registration is approved — your ticket')?.text ?? '').toContain('> We look forward to meeting you.');
  });

  it('rejects with a message, refuses an empty selection or a registration of another event with nothing changed', async () => {
    const empty = await organiser.post(page(), { ...(await hidden()), decision: 'reject' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Select at least one person.');
    const stranger = await organiser.post(page(), { ...(await hidden()), decision: 'reject', ids: ['00000000-0000-7000-8000-000000000000'] });
    expect(stranger.statusCode).toBe(422);
    expect(await statuses()).toEqual({ Rojas: 'confirmed', Soto: 'confirmed', Vega: 'waitlisted', Mora: 'pending' });
    const res = await rejectConfirmed({ ...(await hidden()), decision: 'reject', message: 'The day is fully booked.', ids: [ids.Mora!] });
    expect(res.body).toContain('Done: 0 confirmed, 0 put on the waiting list, 1 rejected.');
    expect((await statuses()).Mora).toBe('rejected');
    await expect.poll(() => t.mail.to('mora@embassy.example.cl').find((m) => m.subject === 'S&T Diplomat Matchmaking Day: your registration')?.text ?? '').toContain('> The day is fully booked.');
  });
});

describe('the participant list', () => {
  const list = (query = '') => organiser.get(`/admin/events/${event.id}/registrations${query}`);
  const names = (body: string) => [...body.matchAll(/registrations\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);

  it('lists everyone with counts per status, searches names, e-mails and organisations, and filters by status', async () => {
    const all = await list();
    expect(all.statusCode).toBe(200);
    expect(names(all.body).sort()).toEqual(['Ana Mora', 'Ana Rojas', 'Ana Soto', 'Ana Vega']);
    expect(all.body).toContain('<span class="status-count__number">2</span> <span class="status-count__label">Confirmed</span>');
    expect(names((await list('?q=soto')).body)).toEqual(['Ana Soto']);
    expect(names((await list('?q=SOTO')).body)).toEqual(['Ana Soto']);
    expect(names((await list('?q=Rojas%20Ana')).body)).toEqual(['Ana Rojas']);
    expect(names((await list('?q=embassy.example.cl&sort=name')).body)).toEqual(['Ana Mora', 'Ana Rojas', 'Ana Soto', 'Ana Vega']);
    expect(names((await list('?status=confirmed&sort=name')).body)).toEqual(['Ana Rojas', 'Ana Soto']);
    // A % typed in the search is a character, not a wildcard; nonsense filters are ignored, never an error.
    expect((await list('?q=%25')).body).toContain('No registration matches.');
    expect(names((await list('?status=bogus&category=x&country=ZZZ&sort=up&page=-4')).body)).toHaveLength(4);
    // The fields are searched apart: a control character pasted in is a space, and no match runs across two fields.
    expect(names((await list('?q=Soto%1FAna')).body)).toEqual(['Ana Soto']);
    expect((await list('?q=Ana%1F%1Fsoto@embassy')).body).toContain('No registration matches.');
  });

  it('searches through the trigram index, not by reading every registration', async () => {
    // One transaction, so the setting and the plan are on the same connection of the pool.
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx.execute(sql`explain (format json) select ${registrations.id} from ${registrations} where ${searchTextContains('Wang')}`);
    });
    expect(JSON.stringify(plan)).toContain('registrations_search_text_trgm');
  });

  it('is refused to check-in staff', async () => {
    expect((await staff.get(`/admin/events/${event.id}/registrations`)).statusCode).toBe(403);
  });
});

describe('the form preview', () => {
  it('shows organisers the participants’ form with sending turned off, whatever the window; refuses check-in staff', async () => {
    const res = await organiser.get(`/admin/events/${event.id}/registration/preview`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<p class="notice__title">Preview</p>');
    expect(res.body).toContain('Diplomat');
    expect(res.body).toMatch(/<button class="button" type="submit" disabled>Register<\/button>/);
    expect((await staff.get(`/admin/events/${event.id}/registration/preview`)).statusCode).toBe(403);
  });
});

describe('rejecting asks once more', () => {
  it('names who would be rejected and the message, changes nothing, and Back keeps the ticks', async () => {
    const [diplo] = await t.db.select().from(registrationCategories).where(eq(registrationCategories.eventId, event.id));
    await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, event, person(diplo!.id, 'paz@embassy.example.cl', 'Paz'), { actor: { actorId: null, requestId: null }, formToken: 'approval-token-paz0000000', consentVersion: '2026-11' });
    const [extra] = await t.db.select().from(registrations).where(eq(registrations.email, 'paz@embassy.example.cl'));
    const rejection = () => t.mail.to('paz@embassy.example.cl').filter((m) => m.subject === 'S&T Diplomat Matchmaking Day: your registration').length;
    const ask = await organiser.post(page(), { ...(await hidden()), decision: 'reject', message: 'Sorry, <b>full</b>.', ids: [extra!.id] });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('<h1>Reject 1 registration?</h1>');
    expect(ask.body).toContain('Ana Paz <span class="muted">· paz@embassy.example.cl</span>');
    expect(ask.body).toContain('<blockquote class="quoted-message">Sorry, &lt;b&gt;full&lt;/b&gt;.</blockquote>');
    expect(ask.body).toContain('<button class="button button--danger" type="submit" name="confirm" value="yes">Reject 1 registration</button>');
    expect((await statuses()).Paz).toBe('pending');
    expect(rejection()).toBe(0);
    const fields = hiddenFieldLists(ask.body, page());
    expect(Object.keys(fields).sort()).toEqual(['_csrf', 'decision', 'ids', 'message']);
    const back = await organiser.post(page(), { ...fields, _csrf: fields._csrf![0]!, back: '1' });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain(`<input type="checkbox" name="ids" value="${extra!.id}" id="pick-${extra!.id}" checked>`);
    expect(back.body).toContain('>Sorry, &lt;b&gt;full&lt;/b&gt;.</textarea>');
    expect((await statuses()).Paz).toBe('pending');
    const done = await organiser.post(page(), { ...fields, _csrf: fields._csrf![0]!, confirm: 'yes' });
    expect(done.body).toContain('Done: 0 confirmed, 0 put on the waiting list, 1 rejected.');
    expect((await statuses()).Paz).toBe('rejected');
    await expect.poll(rejection).toBe(1);
  });

  it('asks in Chinese on Chinese pages', async () => {
    const ask = await organiser.post(`${page()}?lang=zh-CN`, { ...(await hidden()), decision: 'reject', ids: [ids.Vega!] });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('<h1>确定拒绝 1 份报名？</h1>');
    expect(ask.body).toContain('未填写附言：邮件只告知审核结果。');
    expect((await statuses()).Vega).toBe('waitlisted');
  });
});

/** Posts a rejection, then confirms it on the page that asks once more, as the organiser would. */
async function rejectConfirmed(fields: Record<string, string | string[]>) {
  const ask = await organiser.post(page(), fields);
  expect(ask.statusCode, ask.body.slice(0, 300)).toBe(200);
  const again = hiddenFieldLists(ask.body, page());
  return organiser.post(page(), { ...again, _csrf: again._csrf![0]!, confirm: 'yes' });
}

async function hidden() {
  const res = await organiser.get(page());
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!;
  return { _csrf: token };
}
