// PIPL through the real pages: the notice and separate consents on the form, document numbers encrypted and masked
// (owners reveal one, audited), the participant's download, withdrawal and deletion through their manage link —
// after which a search of every table finds nothing of them while counts stay right — and the retention sweep.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, like } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  badgeJobs,
  messages,
  registrationCategories,
  registrationConsents,
  registrationFiles,
  registrationMailJobs,
  registrationQuestions,
  registrations,
  registrationSettings,
  registrationSubmissions,
  speakerPhotos,
  speakerProfiles,
  speakers,
} from '../../src/db/schema/index.ts';
import { normaliseDocumentNumber } from '../../src/features/registration/identity.ts';
import { forgetComposedMailJobs } from '../../src/features/registration/mail.ts';
import { forgetUnlistedSpeakerProfiles } from '../../src/features/speaker-portal/forget.ts';
import { eraseExpiredRegistrations } from '../../src/features/registration/erasure.ts';
import { reencryptIdNumbers } from '../../src/features/registration/privacy.ts';
import { submitRegistration } from '../../src/features/registration/service.ts';
import { saveSettings } from '../../src/features/registration/setup-settings.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { createFieldCipher } from '../../src/lib/field-cipher.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser, type TestUser } from '../factories/users.ts';

let t: TestApp;
let forum: EventRow;
let abroad: EventRow;
let small: EventRow;
const categories: Record<string, string> = {};
let owner: TestUser;
let organiser: TestUser;
let checkin: TestUser;
let otherOwner: TestUser;

const NOW = '2027-03-01T02:00:00.000Z';
/** 11010519491231002X as everyone but an owner sees it. */
const MASKED = `${'•'.repeat(14)}002X`;

beforeAll(async () => {
  t = await buildTestApp({ env: { FORM_MIN_SECONDS: '0' } });
  t.clock.set(NOW);
  const window = { opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00') };
  forum = await createEvent(t.db, { slug: 'pipl-forum-2027', title: { en: 'Pujiang Innovation Forum 2027', 'zh-CN': '2027浦江创新论坛' }, contactEmail: 'privacy@pujiang.example.cn', startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-21 18:00') });
  abroad = await createEvent(t.db, { slug: 'sino-italian-forum-2027', title: { en: 'Sino-Italian Innovation Week 2027', 'zh-CN': '2027中意创新周' }, contactEmail: 'info@sino-italian.example.cn', startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-21 18:00') });
  small = await createEvent(t.db, { slug: 'small-salon-2027', title: { en: 'Small Salon 2027', 'zh-CN': '2027小型沙龙' }, startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-20 18:00') });
  await t.db.insert(registrationSettings).values([
    { eventId: forum.id, ...window, controllerName: 'Pujiang Forum Secretariat', retentionMonths: 6 },
    { eventId: abroad.id, ...window, sharesAbroad: true, abroadRecipient: 'Technopolis Milano S.r.l.' },
    { eventId: small.id, ...window, capacity: 1 },
  ]);
  for (const event of [forum, abroad, small]) {
    const [row] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' } }).returning();
    categories[event.slug] = row!.id;
  }
  owner = await createUser(t.db, { roles: [[forum.id, 'owner'], [small.id, 'owner']], totp: true });
  organiser = await createUser(t.db, { roles: [[forum.id, 'organiser']], totp: true });
  checkin = await createUser(t.db, { roles: [[forum.id, 'checkin']], totp: true });
  otherOwner = await createUser(t.db, { roles: [[abroad.id, 'owner']], totp: true });
});
afterAll(async () => t?.close());

const person = (slug: string, over: Record<string, string> = {}) => ({
  categoryId: categories[slug]!,
  familyName: 'Zhang',
  givenName: 'Wei',
  nameZh: '张伟',
  organisation: 'Fudan University',
  jobTitle: 'Professor',
  country: 'CN',
  email: 'zhang.wei@fudan.example.cn',
  mobileCountry: 'CN',
  mobile: '138 0013 8000',
  dietary: 'none',
  interpretation: 'none',
  residence: 'mainland',
  idNumber: '11010519491231002X',
  consent: 'yes',
  consentSensitive: 'yes',
  ...over,
});

async function register(agent: HttpAgent, slug: string, fields: Record<string, string>) {
  const page = await agent.get(`/events/${slug}/register`);
  expect(page.statusCode).toBe(200);
  return agent.post(`/events/${slug}/register`, { ...hiddenFields(page.body, `/events/${slug}/register`), ...fields });
}

const rowOf = async (eventId: string, email: string) => (await t.db.select().from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.email, email))))[0]!;
const consentsOf = async (registrationId: string) =>
  (await t.db.select().from(registrationConsents).where(eq(registrationConsents.registrationId, registrationId))).map((c) => ({ kind: c.kind, version: c.version, givenAt: c.givenAt.toISOString(), withdrawnAt: c.withdrawnAt?.toISOString() ?? null })).sort((a, b) => a.kind.localeCompare(b.kind) || a.givenAt.localeCompare(b.givenAt));
const linkFor = async (email: string) => /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec((await t.mail.waitForTo(email)).text!)![1]!;

describe('the form', () => {
  it('names who processes what, why and for how long, and asks for three separate consents only when the event shares abroad', async () => {
    const page = await new HttpAgent(t.app).get('/events/pipl-forum-2027/register');
    expect(page.body).toContain('Who processes it: Pujiang Forum Secretariat, the organiser of this event.');
    expect(page.body).toContain('Questions and requests: privacy@pujiang.example.cn.');
    expect(page.body).toContain('How long: until 6 months after the event ends; then it is erased automatically.');
    expect(page.body).toContain('name="consentSensitive"');
    expect(page.body).not.toContain('name="consentAbroad"');
    const zh = await new HttpAgent(t.app, { lang: 'zh-CN' }).get('/events/sino-italian-forum-2027/register');
    expect(zh.body).toContain('保存期限：至活动结束后12个月，届时自动删除。');
    // No processor named in the set-up: the notice speaks of the event's organisers, not of the event as one.
    expect(zh.body).toContain('处理者：2027中意创新周主办方。');
    expect((await new HttpAgent(t.app).get('/events/sino-italian-forum-2027/register')).body).toContain('Who processes it: the organisers of Sino-Italian Innovation Week 2027.');
    expect(zh.body).toContain('我同意将我的报名信息提供给位于中国大陆境外的联合主办方（Technopolis Milano S.r.l.）。');
  });

  it('stores the number encrypted: never the number itself, and two equal numbers give different ciphertexts', async () => {
    const a = await register(new HttpAgent(t.app), 'pipl-forum-2027', person('pipl-forum-2027'));
    const b = await register(new HttpAgent(t.app), 'pipl-forum-2027', person('pipl-forum-2027', { email: 'li.na@sjtu.example.cn', familyName: 'Li', givenName: 'Na', nameZh: '李娜', mobile: '139 0013 9000' }));
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    const [rowA, rowB] = [await rowOf(forum.id, 'zhang.wei@fudan.example.cn'), await rowOf(forum.id, 'li.na@sjtu.example.cn')];
    expect(rowA.idNumber).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(rowA.idNumber).not.toContain('11010519491231002X');
    expect(rowA.idNumber).not.toBe(rowB.idNumber);
    const cipher = createFieldCipher(t.config);
    expect([cipher.decrypt(rowA.idNumber!, rowA.id), cipher.decrypt(rowB.idNumber!, rowB.id)]).toEqual(['11010519491231002X', '11010519491231002X']);
    // Bound to its row: A's ciphertext does not open as B's.
    expect(() => cipher.decrypt(rowA.idNumber!, rowB.id)).toThrow();
    const plain = await t.database.execute(`select count(*)::int as n from registrations where id_number like '%1101051949%'`);
    expect(plain[0]!.n).toBe(0);
    expect(await consentsOf(rowA.id)).toEqual([
      { kind: 'processing', version: '2026-11-27', givenAt: NOW, withdrawnAt: null },
      { kind: 'sensitive', version: '2026-11-27', givenAt: NOW, withdrawnAt: null },
    ]);
  });

  it('registers without the sensitive-data consent and keeps no number', async () => {
    const res = await register(new HttpAgent(t.app), 'pipl-forum-2027', person('pipl-forum-2027', { email: 'wang.fang@zju.example.cn', consentSensitive: '', idNumber: '' }));
    expect(res.statusCode).toBe(303);
    const row = await rowOf(forum.id, 'wang.fang@zju.example.cn');
    expect([row.status, row.idType, row.idNumber, row.sensitiveConsent, row.residence]).toEqual(['confirmed', null, null, false, 'mainland']);
    expect(await consentsOf(row.id)).toEqual([{ kind: 'processing', version: '2026-11-27', givenAt: NOW, withdrawnAt: null }]);
  });

  it('asks someone who typed a number without the consent to tick it or clear the number, writing nothing', async () => {
    const before = (await t.db.select().from(registrations).where(eq(registrations.eventId, forum.id))).length;
    for (const [lang, message] of [
      ['en', 'You entered a document number: tick this box so that we may keep it, or clear the number.'],
      ['zh-CN', '您填写了证件号码：如同意我们保存，请勾选此项；否则请清空证件号码。'],
    ] as const) {
      // Right or wrong, a number typed is not silently dropped: the person says which they meant.
      for (const idNumber of ['11010519491231002X', '110105194912310021']) {
        const agent = new HttpAgent(t.app);
        await agent.get(`/lang/${lang}`);
        const res = await register(agent, 'pipl-forum-2027', person('pipl-forum-2027', { email: 'zhao.lei@zju.example.cn', consentSensitive: '', idNumber }));
        expect(res.statusCode).toBe(422);
        expect(res.body).toContain(`<a href="#field-consentSensitive">${message}</a>`);
        // What was typed comes back, to be kept with the consent or cleared.
        expect(res.body).toContain(`value="${idNumber}"`);
      }
    }
    // A placeholder that holds no number ("-", spaces) is no number: the registration goes ahead without one.
    const dash = await register(new HttpAgent(t.app), 'pipl-forum-2027', person('pipl-forum-2027', { email: 'dash.only@zju.example.cn', consentSensitive: '', idNumber: ' - ' }));
    expect(dash.statusCode).toBe(303);
    expect((await rowOf(forum.id, 'dash.only@zju.example.cn')).idNumber).toBe(null);
    expect((await t.db.select().from(registrations).where(eq(registrations.eventId, forum.id))).length).toBe(before + 1);
  });

  it('requires the cross-border consent only where the event shares abroad, and records it', async () => {
    const before = (await t.db.select().from(registrations).where(eq(registrations.eventId, abroad.id))).length;
    const refused = await register(new HttpAgent(t.app), 'sino-italian-forum-2027', person('sino-italian-forum-2027', { email: 'marco.rossi@polimi.example.it' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<a href="#field-consentAbroad">Agree to sharing with the co-organiser abroad to register: this event is run together with them.</a>');
    expect((await t.db.select().from(registrations).where(eq(registrations.eventId, abroad.id))).length).toBe(before);
    const accepted = await register(new HttpAgent(t.app), 'sino-italian-forum-2027', person('sino-italian-forum-2027', { email: 'marco.rossi@polimi.example.it', consentAbroad: 'yes', consentSensitive: '', idNumber: '' }));
    expect(accepted.statusCode).toBe(303);
    expect(await consentsOf((await rowOf(abroad.id, 'marco.rossi@polimi.example.it')).id)).toEqual([
      { kind: 'cross-border', version: '2026-11-27', givenAt: NOW, withdrawnAt: null },
      { kind: 'processing', version: '2026-11-27', givenAt: NOW, withdrawnAt: null },
    ]);
    // An event that does not share ignores the field and records no such consent.
    await register(new HttpAgent(t.app), 'pipl-forum-2027', person('pipl-forum-2027', { email: 'chen.jie@tongji.example.cn', consentAbroad: 'yes', consentSensitive: '', idNumber: '' }));
    expect((await consentsOf((await rowOf(forum.id, 'chen.jie@tongji.example.cn')).id)).map((c) => c.kind)).toEqual(['processing']);
  });
});

describe('the organiser page', () => {
  it('shows the number masked to organisers, in full to owners on request with an audit row, and nothing to others', async () => {
    const row = await rowOf(forum.id, 'zhang.wei@fudan.example.cn');
    const url = `/admin/events/${forum.id}/registrations/${row.id}`;
    const asOrganiser = await signedInAgent(t, organiser);
    const organiserPage = await asOrganiser.get(url);
    expect(organiserPage.statusCode).toBe(200);
    expect(organiserPage.body).toContain(`<code>${MASKED}</code>`);
    expect(organiserPage.body).not.toContain('11010519491231002X');
    expect(organiserPage.body).not.toContain('Show the full number');
    // The country by name, and the consents as an organiser reads them.
    expect(organiserPage.body).toContain(`<dd>China (CN)</dd>`);
    expect(organiserPage.body).toContain('<h2>Consents given</h2>');
    expect((await asOrganiser.post(`${url}/identity`, hiddenFields(organiserPage.body))).statusCode).toBe(403);

    const asOwner = await signedInAgent(t, owner);
    const ownerPage = await asOwner.get(url);
    expect(ownerPage.body).toContain(`<code>${MASKED}</code>`);
    expect(ownerPage.body).toContain('Show the full number');
    const auditsBefore = (await t.db.select().from(auditLog).where(eq(auditLog.action, 'registration.identity.reveal'))).length;
    const revealed = await asOwner.submit(url, {}, `${url}/identity`);
    expect(revealed.statusCode).toBe(200);
    expect(revealed.headers['cache-control']).toBe('private, no-store');
    expect(revealed.body).toContain('<code data-testid="id-number">11010519491231002X</code>');
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'registration.identity.reveal'));
    expect(audits).toHaveLength(auditsBefore + 1);
    expect(audits.at(-1)).toMatchObject({ actorId: owner.id, eventId: forum.id, targetType: 'registration', targetId: row.id, after: { idType: 'national-id' } });

    expect((await (await signedInAgent(t, checkin)).get(url)).statusCode).toBe(403);
    expect((await (await signedInAgent(t, otherOwner)).get(url)).statusCode).toBe(404);
    // An id of another event’s registration under this event is unknown here.
    const foreign = await rowOf(abroad.id, 'marco.rossi@polimi.example.it');
    expect((await asOwner.get(`/admin/events/${forum.id}/registrations/${foreign.id}`)).statusCode).toBe(404);
    const anonymous = await new HttpAgent(t.app).get(url);
    expect([anonymous.statusCode, anonymous.headers.location]).toEqual([303, `/sign-in?next=${encodeURIComponent(url)}`]);
  });
});

describe('the participant’s rights through the manage link', () => {
  it('downloads exactly what is kept about them as JSON', async () => {
    t.clock.set(NOW);
    const link = await linkFor('li.na@sjtu.example.cn');
    const row = await rowOf(forum.id, 'li.na@sjtu.example.cn');
    await expect.poll(async () => (await t.db.select().from(messages).where(eq(messages.recipientEmail, 'li.na@sjtu.example.cn')))[0]?.status).toBe('sent');
    const [mail] = await t.db.select().from(messages).where(eq(messages.recipientEmail, 'li.na@sjtu.example.cn'));
    const res = await new HttpAgent(t.app).get(`/registrations/manage/${link}/data.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-registration.json"');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(JSON.parse(res.body)).toEqual({
      exportedAt: NOW,
      event: { slug: 'pipl-forum-2027', title: { en: 'Pujiang Innovation Forum 2027', 'zh-CN': '2027浦江创新论坛' }, contact: 'privacy@pujiang.example.cn' },
      registration: {
        id: row.id,
        status: 'confirmed',
        category: { code: 'GUEST', name: { en: 'Participant', 'zh-CN': '参会嘉宾' } },
        email: 'li.na@sjtu.example.cn',
        familyName: 'Li',
        givenName: 'Na',
        nameZh: '李娜',
        organisation: 'Fudan University',
        jobTitle: 'Professor',
        country: 'CN',
        mobile: '+8613900139000',
        dietary: null,
        interpretationNeeds: null,
        residence: 'mainland',
        idType: 'national-id',
        idNumberMasked: MASKED,
        nationality: null,
        locale: 'en',
        answers: [],
        ticketCode: row.ticketCode,
        requestedSessionIds: [],
        createdAt: NOW,
        updatedAt: NOW,
        waitlistedAt: null,
        cancelledAt: null,
      },
      consents: [
        { kind: 'processing', version: '2026-11-27', givenAt: NOW, withdrawnAt: null },
        { kind: 'sensitive', version: '2026-11-27', givenAt: NOW, withdrawnAt: null },
      ],
      bookings: [],
      files: [],
      mails: [{ subject: 'You are registered for Pujiang Innovation Forum 2027: your ticket', template: 'registration', locale: 'en', status: 'sent', createdAt: mail!.createdAt.toISOString(), sentAt: mail!.sentAt!.toISOString() }],
      personalAgenda: null,
    });
  });

  it('gives each answer with its question’s words, not only the question’s id', async () => {
    const link = await linkFor('li.na@sjtu.example.cn');
    const row = await rowOf(forum.id, 'li.na@sjtu.example.cn');
    const [question] = await t.db.insert(registrationQuestions).values({ eventId: forum.id, kind: 'text', position: 9, label: { en: 'Your research field', 'zh-CN': '研究领域' } }).returning();
    await t.db.update(registrations).set({ answers: { [question!.id]: 'Quantum sensing' } }).where(eq(registrations.id, row.id));
    try {
      const data = JSON.parse((await new HttpAgent(t.app).get(`/registrations/manage/${link}/data.json`)).body);
      expect(data.registration.answers).toEqual([{ questionId: question!.id, question: { en: 'Your research field', 'zh-CN': '研究领域' }, answer: 'Quantum sensing' }]);
    } finally {
      await t.db.update(registrations).set({ answers: {} }).where(eq(registrations.id, row.id));
      await t.db.delete(registrationQuestions).where(eq(registrationQuestions.id, question!.id));
    }
  });

  it('lets the transfer consent be given again after a withdrawal, as a new record beside the withdrawn one', async () => {
    const link = await linkFor('marco.rossi@polimi.example.it');
    const row = await rowOf(abroad.id, 'marco.rossi@polimi.example.it');
    const agent = new HttpAgent(t.app);
    const page = `/registrations/manage/${link}`;
    // While it stands, no form to give it.
    expect((await agent.get(page)).body).not.toContain(`action="${page}/consent-abroad"`);
    t.clock.set(NOW);
    expect((await agent.submit(page, { kind: 'cross-border' }, `${page}/withdraw`)).statusCode).toBe(303);
    const withdrawn = await agent.get(page);
    expect(withdrawn.body).toContain(`action="${page}/consent-abroad"`);
    expect(withdrawn.body).toContain('Technopolis Milano S.r.l.');
    const unticked = await agent.submit(page, {}, `${page}/consent-abroad`);
    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('Tick the box to give the consent.');
    t.clock.advance({ minutes: 5 });
    const given = await agent.submit(page, { consentAbroad: 'yes' }, `${page}/consent-abroad`);
    expect(given.statusCode).toBe(303);
    expect((await agent.follow(given)).body).toContain('Your consent to the transfer abroad is recorded.');
    const later = new Date(new Date(NOW).getTime() + 5 * 60_000).toISOString();
    expect((await consentsOf(row.id)).filter((c) => c.kind === 'cross-border')).toEqual([
      { kind: 'cross-border', version: '2026-11-27', givenAt: NOW, withdrawnAt: NOW },
      { kind: 'cross-border', version: '2026-11-27', givenAt: later, withdrawnAt: null },
    ]);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, row.id), eq(auditLog.action, 'registration.consent.give')));
    expect(audit!.after).toEqual({ kind: 'cross-border', version: '2026-11-27' });
    // Where the event does not share, there is nothing to give.
    const other = await linkFor('chen.jie@tongji.example.cn');
    expect((await agent.submit(`/registrations/manage/${other}`, { consentAbroad: 'yes' }, `/registrations/manage/${other}/consent-abroad`)).statusCode).toBe(409);
  });

  it('ends the transfer consents when the organisers name another recipient abroad, who must be agreed to afresh', async () => {
    const link = await linkFor('marco.rossi@polimi.example.it');
    const row = await rowOf(abroad.id, 'marco.rossi@polimi.example.it');
    const standing = async () => (await consentsOf(row.id)).filter((c) => c.kind === 'cross-border' && c.withdrawnAt === null).length;
    expect(await standing()).toBe(1);
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, abroad.id));
    const values = { ...settings!, abroadRecipient: 'Politecnico di Torino', abroadContact: 'privacy@polito.example.it' };
    const keep = { opensAt: values.opensAt, closesAt: values.closesAt, capacity: values.capacity, waitlistEnabled: values.waitlistEnabled, controllerName: values.controllerName, retentionMonths: values.retentionMonths, sharesAbroad: true };
    // The same recipient saved again changes nothing.
    expect(await saveSettings(t.db, { actorId: null, requestId: null }, abroad.id, { ...keep, abroadRecipient: settings!.abroadRecipient, abroadContact: 'info@technopolis.example.it' }, { clock: t.clock, mail: t.app.mail })).toEqual({});
    expect(await standing()).toBe(1);
    expect(await saveSettings(t.db, { actorId: null, requestId: null }, abroad.id, { ...keep, abroadRecipient: values.abroadRecipient, abroadContact: values.abroadContact }, { clock: t.clock, mail: t.app.mail })).toEqual({});
    expect(await standing()).toBe(0);
    const [lapse] = await t.db.select().from(auditLog).where(and(eq(auditLog.eventId, abroad.id), eq(auditLog.action, 'registration.consent.lapse')));
    expect([lapse!.before, lapse!.after]).toEqual([{ recipient: 'Technopolis Milano S.r.l.' }, { kind: 'cross-border', count: 1 }]);
    // The manage page asks for the new recipient, with the notice's paragraph naming its contact.
    const page = await new HttpAgent(t.app).get(`/registrations/manage/${link}`);
    expect(page.body).toContain(`action="/registrations/manage/${link}/consent-abroad"`);
    expect(page.body).toContain('Politecnico di Torino, which runs the event with the organiser. You can ask either of them about your data; the co-organiser at privacy@polito.example.it.');
  });

  it('withdraws the sensitive-data consent, which erases the number, and explains that withdrawing processing means deleting', async () => {
    const link = await linkFor('li.na@sjtu.example.cn');
    const agent = new HttpAgent(t.app);
    const page = await agent.get(`/registrations/manage/${link}`);
    expect(page.body).toContain(`<code>${MASKED}</code>`);
    // Beside the processing consent, in both languages, what withdrawing it means and how.
    expect(page.body).toContain('<p class="field__hint">Withdrawing this consent means we cannot keep your registration; to withdraw it, delete your registration below.</p>');
    expect((await new HttpAgent(t.app, { lang: 'zh-CN' }).get(`/registrations/manage/${link}`)).body).toContain('<p class="field__hint">撤回此项同意即无法保留报名；如需撤回，请在下方删除报名。</p>');
    t.clock.set(NOW);
    const processing = await agent.submit(`/registrations/manage/${link}`, { kind: 'processing' }, `/registrations/manage/${link}/withdraw`);
    expect(processing.statusCode).toBe(422);
    expect(processing.body).toContain('Without this consent we cannot keep your registration: to withdraw it, delete your registration below.');
    t.clock.advance({ hours: 1 });
    const withdrawn = await agent.submit(`/registrations/manage/${link}`, { kind: 'sensitive' }, `/registrations/manage/${link}/withdraw`);
    expect([withdrawn.statusCode, withdrawn.headers.location]).toEqual([303, `/registrations/manage/${link}?done=withdrawn`]);
    const row = await rowOf(forum.id, 'li.na@sjtu.example.cn');
    expect([row.idType, row.idNumber, row.sensitiveConsent, row.status]).toEqual([null, null, false, 'confirmed']);
    expect(await consentsOf(row.id)).toEqual([
      { kind: 'processing', version: '2026-11-27', givenAt: NOW, withdrawnAt: null },
      { kind: 'sensitive', version: '2026-11-27', givenAt: NOW, withdrawnAt: '2027-03-01T03:00:00.000Z' },
    ]);
    const after = await agent.follow(withdrawn);
    expect(after.body).toContain('Your consent is withdrawn.');
    expect(after.body).toContain('<dd>Not stored</dd>');
    const again = await agent.post(`/registrations/manage/${link}/withdraw`, { ...hiddenFields(after.body, `/registrations/manage/${link}/withdraw`), kind: 'sensitive' });
    // Sent again (Back): nothing changes, and the page says the consent is withdrawn already.
    expect([again.statusCode, again.headers.location]).toEqual([303, `/registrations/manage/${link}?done=alreadyWithdrawn`]);
    t.clock.set(NOW);
  });

  it('adds a document through the manage link, with its consent given again as a new record, after it was withdrawn', async () => {
    const link = await linkFor('li.na@sjtu.example.cn');
    const base = `/registrations/manage/${link}`;
    const agent = new HttpAgent(t.app);
    const page = await agent.get(base);
    expect(page.body).toContain('<h2 id="identity-heading">Identity document</h2>');
    expect(page.body).toContain('If you did not give yours when you registered, you can add it here.');
    const before = await rowOf(forum.id, 'li.na@sjtu.example.cn');
    const consentsBefore = await consentsOf(before.id);
    t.clock.set('2027-03-01T04:00:00.000Z');

    // A wrong check character and no consent: both said, nothing stored.
    const refused = await agent.submit(base, { residence: 'mainland', idNumber: '110105194912310021', consentSensitive: '' }, `${base}/identity`);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Tick this box to let us keep your document number: without your consent it is not stored.');
    expect(refused.body).toContain('id="field-idNumber-error"');
    // The number typed comes back so it can be corrected, in this form only.
    expect(refused.body).toContain('value="110105194912310021"');
    const unchanged = await rowOf(forum.id, 'li.na@sjtu.example.cn');
    expect([unchanged.idNumber, unchanged.sensitiveConsent, unchanged.updatedAt.toISOString()]).toEqual([null, false, before.updatedAt.toISOString()]);
    expect(await consentsOf(before.id)).toEqual(consentsBefore);
    // Living elsewhere needs a nationality.
    const noNationality = await agent.submit(base, { residence: 'other', idNumber: 'E12345678', consentSensitive: 'yes' }, `${base}/identity`);
    expect(noNationality.statusCode).toBe(422);
    expect(noNationality.body).toContain('id="field-nationality-error"');

    const saved = await agent.submit(base, { residence: 'mainland', idNumber: '11010519491231002x', consentSensitive: 'yes' }, `${base}/identity`);
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `${base}?done=identity`]);
    const row = await rowOf(forum.id, 'li.na@sjtu.example.cn');
    expect([row.residence, row.nationality, row.idType, row.sensitiveConsent]).toEqual(['mainland', null, 'national-id', true]);
    expect(createFieldCipher(t.config).decrypt(row.idNumber!, row.id)).toBe('11010519491231002X');
    expect(await consentsOf(row.id)).toEqual([
      { kind: 'processing', version: '2026-11-27', givenAt: NOW, withdrawnAt: null },
      { kind: 'sensitive', version: '2026-11-27', givenAt: NOW, withdrawnAt: '2027-03-01T03:00:00.000Z' },
      { kind: 'sensitive', version: '2026-11-27', givenAt: '2027-03-01T04:00:00.000Z', withdrawnAt: null },
    ]);
    const shown = await agent.follow(saved);
    expect(shown.body).toContain('Your identity document is saved.');
    expect(shown.body).toContain(`A number is stored (${MASKED}).`);
    // The number itself is never put back into a page.
    expect(shown.body).not.toContain('11010519491231002');
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, row.id), eq(auditLog.action, 'registration.document')));
    expect([audit!.before, audit!.after]).toEqual([
      { residence: 'mainland', nationality: null, idType: null, idNumberStored: false },
      { residence: 'mainland', nationality: null, idType: 'national-id', idNumberStored: true },
    ]);

    // Corrected again (a passport now, living abroad): the standing consent stays the one record.
    t.clock.set('2027-03-01T05:00:00.000Z');
    const corrected = await agent.submit(base, { residence: 'other', nationality: 'SG', idNumber: 'e1234567n', consentSensitive: 'yes' }, `${base}/identity`);
    expect(corrected.statusCode).toBe(303);
    const after = await rowOf(forum.id, 'li.na@sjtu.example.cn');
    expect([after.residence, after.nationality, after.idType, createFieldCipher(t.config).decrypt(after.idNumber!, after.id)]).toEqual(['other', 'SG', 'passport', 'E1234567N']);
    expect((await consentsOf(row.id)).filter((c) => c.kind === 'sensitive' && c.withdrawnAt === null)).toEqual([{ kind: 'sensitive', version: '2026-11-27', givenAt: '2027-03-01T04:00:00.000Z', withdrawnAt: null }]);
    t.clock.set(NOW);
  });

  it('never answers 5xx to random identity forms, and stores a number only when it is valid and consented to (property)', async () => {
    const link = await linkFor('li.na@sjtu.example.cn');
    const base = `/registrations/manage/${link}`;
    const agent = new HttpAgent(t.app);
    const cipher = createFieldCipher(t.config);
    const field = fc.record(
      {
        residence: fc.constantFrom('mainland', 'hk-mo-tw', 'other', '', 'Mainland', 'x'),
        nationality: fc.constantFrom('SG', 'de', '', 'XX', 'Germany'),
        idNumber: fc.oneof(fc.constantFrom('11010519491231002X', '110105194912310021', 'H12345678', 'E1234567N', ''), fc.string({ maxLength: 45 })),
        consentSensitive: fc.constantFrom('yes', '', 'no', 'YES'),
      },
      { requiredKeys: [] },
    );
    // Valid forms too, typed as people type numbers (spaces, dashes, lower case), so that the property sees both outcomes.
    const valid = fc.record({
      residence: fc.constantFrom('mainland', 'hk-mo-tw', 'other'),
      nationality: fc.constant('SG'),
      consentSensitive: fc.constant('yes'),
      spacing: fc.constantFrom('', ' ', '-'),
      lower: fc.boolean(),
    }).map(({ residence, spacing, lower, ...rest }) => {
      const number = { mainland: '110105 19491231 002X', 'hk-mo-tw': 'H123 45678', other: 'E123 4567N' }[residence]!.replace(' ', spacing);
      return { ...rest, residence, idNumber: lower ? number.toLowerCase() : number } as Partial<Record<'residence' | 'nationality' | 'idNumber' | 'consentSensitive', string>>;
    });
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(field, valid), async (body) => {
        const before = await rowOf(forum.id, 'li.na@sjtu.example.cn');
        const res = await agent.submit(base, body, `${base}/identity`);
        expect([303, 422]).toContain(res.statusCode);
        const after = await rowOf(forum.id, 'li.na@sjtu.example.cn');
        if (res.statusCode === 422) {
          expect([after.idNumber, after.residence, after.nationality]).toEqual([before.idNumber, before.residence, before.nationality]);
          return;
        }
        // Stored: consented to, of the type the residence calls for, and the number as typed (spaces, dashes, case aside).
        expect(body.consentSensitive).toBe('yes');
        expect(after.idType).toBe({ mainland: 'national-id', 'hk-mo-tw': 'travel-permit', other: 'passport' }[after.residence]);
        expect(cipher.decrypt(after.idNumber!, after.id)).toBe(normaliseDocumentNumber(body.idNumber!));
        stored++;
      }),
      { numRuns: 40 },
    );
    expect(stored).toBeGreaterThan(0);
  });

  it('deletes: the seat goes to the next person waiting, counts stay right, and nothing of the person is left in any table', async () => {
    const leaver = { email: 'esperanza.vanterpool@example.org', familyName: 'Vanterpool', givenName: 'Esperanza', mobile: '+44 7911 123456', idNumber: 'PV7Q42918' };
    const fields = person('small-salon-2027', { email: leaver.email, familyName: leaver.familyName, givenName: leaver.givenName, nameZh: '', organisation: 'Vanterpool Analytics', country: 'GB', mobileCountry: 'GB', mobile: leaver.mobile, residence: 'other', nationality: 'GB', idNumber: leaver.idNumber });
    expect((await register(new HttpAgent(t.app), 'small-salon-2027', fields)).statusCode).toBe(303);
    expect((await register(new HttpAgent(t.app), 'small-salon-2027', person('small-salon-2027', { email: 'next.in.line@example.org', consentSensitive: '', idNumber: '' }))).statusCode).toBe(303);
    const leaverRow = await rowOf(small.id, leaver.email);
    expect([leaverRow.status, (await rowOf(small.id, 'next.in.line@example.org')).status]).toEqual(['confirmed', 'waitlisted']);
    // Copies made elsewhere: an uploaded file, a second (refused) attempt with the same address, a link request.
    const [question] = await t.db.insert(registrationQuestions).values({ eventId: small.id, kind: 'file', label: { en: 'CV' }, fileTypes: ['application/pdf'], fileMaxBytes: 1000 }).returning();
    const pdf = Buffer.from(`%PDF-1.4 CV of ${leaver.givenName} ${leaver.familyName}`);
    await t.db.insert(registrationFiles).values({ registrationId: leaverRow.id, questionId: question!.id, filename: `${leaver.familyName}-cv.pdf`, contentType: 'application/pdf', size: pdf.length, bytes: pdf });
    await register(new HttpAgent(t.app), 'small-salon-2027', fields);
    await new HttpAgent(t.app).submit('/events/small-salon-2027/register/link', { email: leaver.email });
    await expect.poll(() => t.mail.to(leaver.email).length, { timeout: 15_000 }).toBe(3);
    await expect.poll(async () => (await t.db.select().from(messages).where(eq(messages.recipientEmail, leaver.email))).every((m) => m.status === 'sent')).toBe(true);

    const needles = [leaver.email, leaver.familyName, leaver.givenName, '447911123456', leaver.idNumber];
    // The search is real: before deletion it finds the person in the registration, mails (also in their raw bytes),
    // the audit log and the submissions.
    const found = await findEverywhere(needles);
    expect(Object.keys(found)).toEqual(expect.arrayContaining(['public.registrations', 'public.messages', 'public.audit_log', 'public.registration_submissions', 'public.registration_files']));
    expect(found['public.messages']!.some((hit) => hit.includes('raw'))).toBe(true);
    // Encrypted from the start: the document number is nowhere, even before.
    expect(Object.values(found).flat().filter((hit) => hit.startsWith(leaver.idNumber))).toEqual([]);

    const link = await linkFor(leaver.email);
    const agent = new HttpAgent(t.app);
    const unconfirmed = await agent.submit(`/registrations/manage/${link}`, {}, `/registrations/manage/${link}/delete`);
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain('Tick the box to confirm that you want your registration and your data deleted.');
    const deleted = await agent.submit(`/registrations/manage/${link}`, { confirm: 'yes' }, `/registrations/manage/${link}/delete`);
    expect([deleted.statusCode, deleted.headers.location]).toEqual([303, '/registrations/deleted?event=small-salon-2027']);
    expect((await agent.follow(deleted)).body).toContain('<h1>Your registration is deleted</h1>');
    // The link is dead; the browser that deleted is told so, any other finds nothing.
    expect((await agent.get(`/registrations/manage/${link}`)).headers.location).toBe('/registrations/deleted?event=small-salon-2027');
    expect((await new HttpAgent(t.app).get(`/registrations/manage/${link}`)).statusCode).toBe(404);

    expect(await findEverywhere(needles)).toEqual({});
    // The anonymous row keeps the counts: one cancelled, erased; the next person confirmed and mailed.
    const anonymous = (await t.db.select().from(registrations).where(eq(registrations.id, leaverRow.id)))[0]!;
    expect(anonymous).toMatchObject({ status: 'cancelled', holdsSeat: false, categoryId: categories['small-salon-2027'], email: `erased-${leaverRow.id}@erased.invalid`, familyName: '', givenName: '', mobile: '', idNumber: null, country: 'ZZ', answers: {}, erasedAt: new Date(NOW) });
    expect((await rowOf(small.id, 'next.in.line@example.org')).status).toBe('confirmed');
    await expect.poll(() => t.mail.to('next.in.line@example.org').some((m) => m.subject === 'Small Salon 2027: a seat is yours — your ticket')).toBe(true);
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, small.id));
    const [category] = await t.db.select().from(registrationCategories).where(eq(registrationCategories.id, categories['small-salon-2027']!));
    expect([settings!.taken, category!.taken]).toEqual([1, 1]);
    // Mails keep their metadata; audit rows about the person keep who did what, with the content redacted.
    const mails = await t.db.select().from(messages).where(eq(messages.recipientEmail, 'erased@erased.invalid'));
    expect(mails.map((m) => [m.template, m.status, m.subject, m.raw.length]).sort()).toEqual([
      ['registration', 'sent', '', 0],
      ['registration', 'sent', '', 0],
      ['registration', 'sent', '', 0],
    ]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, leaverRow.id));
    expect(audit.map((a) => [a.action, a.before, a.after]).sort()).toEqual([
      ['registration.cancel', { redacted: true }, { redacted: true }],
      ['registration.create', null, { redacted: true }],
      ['registration.erase', null, { reason: 'request' }],
    ]);
    expect((await t.db.select().from(registrationSubmissions).where(eq(registrationSubmissions.eventId, small.id))).map((s) => s.email).sort()).toEqual(['erased@erased.invalid', 'erased@erased.invalid', 'next.in.line@example.org']);
  });

  it('refuses random withdraw and delete forms without a 5xx and without writing anything', async () => {
    const link = await linkFor('zhang.wei@fudan.example.cn');
    const agent = new HttpAgent(t.app);
    const hidden = hiddenFields((await agent.get(`/registrations/manage/${link}`)).body, `/registrations/manage/${link}/withdraw`);
    const state = async () => ({
      registrations: await t.database.execute('select * from registrations order by id'),
      consents: await t.database.execute('select * from registration_consents order by id'),
      audit: await t.database.execute('select count(*)::int as n from audit_log'),
      messages: await t.database.execute('select count(*)::int as n from messages'),
    });
    const before = await state();
    // Anything but the two consents one may withdraw and the one word that confirms a deletion.
    const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('processing', 'SENSITIVE', 'cross_border', 'no', 'yes ', '')).filter((v) => !['sensitive', 'cross-border', 'yes'].includes(v));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('withdraw', 'delete'), junk, fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }), async (action, value, extra) => {
        const field = action === 'withdraw' ? 'kind' : 'confirm';
        const res = await agent.post(`/registrations/manage/${link}/${action}`, { ...extra, ...hidden, [field]: value });
        expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
    expect(await state()).toEqual(before);
  });

  it('keeps the audit log append-only apart from redaction to the marker', async () => {
    const [row] = await t.db.select().from(auditLog).limit(1);
    await expect(t.database.execute(`update audit_log set action = 'x' where id = '${row!.id}'`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(t.database.execute(`update audit_log set after = '{"redacted": false}' where id = '${row!.id}'`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(t.database.execute(`delete from audit_log where id = '${row!.id}'`)).rejects.toThrow(/cannot be changed or deleted/);
  });
});

describe('retention', () => {
  it('erases an event’s registrations by the scheduled job once its retention period has passed, not before', async () => {
    const past = await createEvent(t.db, { slug: 'winter-salon-2026', startsAt: wallTime('2026-12-01 09:00'), endsAt: wallTime('2026-12-01 18:00') });
    await t.db.insert(registrationSettings).values({ eventId: past.id, opensAt: wallTime('2026-10-01 09:00'), closesAt: wallTime('2026-11-30 18:00'), retentionMonths: 3 });
    const [category] = await t.db.insert(registrationCategories).values({ eventId: past.id, code: 'GUEST', name: { en: 'Participant' } }).returning();
    t.clock.set('2026-11-01T00:00:00Z');
    await submitRegistration({ db: t.db, clock: t.clock, mail: t.app.mail }, past, {
      categoryId: category!.id, email: 'kept.until.march@example.org', familyName: 'Okonkwo', givenName: 'Adaeze', nameZh: null, organisation: 'Enugu Tech', jobTitle: null, country: 'NG', mobile: '+2348031234567', dietary: null, interpretationNeeds: null, residence: 'other', idType: 'passport', idNumber: 'A07654321', nationality: 'NG', answers: {}, sessionIds: [], locale: 'en',
    }, { actor: { actorId: null, requestId: null }, formToken: 'retention-form-token-000000000001', consentVersion: '2026-11', sensitiveConsent: true, cipher: createFieldCipher(t.config) });
    const ctx = { db: t.db, clock: t.clock, mail: t.app.mail };
    const row = () => rowOf(past.id, 'kept.until.march@example.org');
    const { id } = await row();
    // A badge PDF printed with them on it, still downloadable, goes with their data.
    const [badges] = await t.db.insert(badgeJobs).values({ eventId: past.id, layout: 'a6', status: 'done', registrationIds: [id], total: 1, done: 1, pdf: Buffer.from('%PDF-1.7 Adaeze Okonkwo'), expiresAt: new Date('2099-01-01T00:00:00Z') }).returning();

    // Three months after 18:00 Beijing time on 1 December: 10:00 UTC on 1 March.
    t.clock.set('2027-03-01T09:59:59Z');
    expect(await eraseExpiredRegistrations(ctx)).toBe(0);
    expect((await row()).erasedAt).toBeNull();

    t.clock.set('2027-03-01T10:00:00Z');
    await t.jobs.boss.send(QUEUES.privacyRetention, {});
    await expect.poll(async () => (await t.db.select().from(registrations).where(eq(registrations.id, id)))[0]!.erasedAt?.toISOString(), { timeout: 40_000, interval: 500 }).toBe('2027-03-01T10:00:00.000Z');
    const [erased] = await t.db.select().from(registrations).where(eq(registrations.id, id));
    expect(erased).toMatchObject({ familyName: '', givenName: '', idNumber: null, mobile: '', status: 'cancelled' });
    expect(await t.db.select().from(badgeJobs).where(eq(badgeJobs.id, badges!.id))).toEqual([]);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'registration.erase')));
    expect(audit!.after).toEqual({ reason: 'retention' });
    // Already erased: a second run finds nothing to do; the schedule is stored for the long-running processes.
    expect(await eraseExpiredRegistrations(ctx)).toBe(0);
    const schedules = await t.database.execute(`select name, cron, timezone from pgboss.schedule where name = '${QUEUES.privacyRetention}'`);
    expect(schedules).toEqual([{ name: 'privacy.retention', cron: '30 3 * * *', timezone: 'Asia/Shanghai' }]);
    t.clock.set(NOW);
  }, 60_000);

  it('drops the rows that kept registration mail jobs single once they are a month old, and only those', async () => {
    const day = 86_400_000;
    const now = new Date('2027-02-01T00:00:00Z');
    await t.db.insert(registrationMailJobs).values([
      { jobId: 'job-31-days', registrationId: randomUUID(), kind: 'confirmed', createdAt: new Date(now.getTime() - 31 * day) },
      { jobId: 'job-30-days', registrationId: randomUUID(), kind: 'confirmed', createdAt: new Date(now.getTime() - 30 * day) },
      { jobId: 'job-1-day', registrationId: randomUUID(), kind: 'reminder', createdAt: new Date(now.getTime() - day) },
    ]);
    expect(await forgetComposedMailJobs(t.db, now)).toBe(1);
    const left = (await t.db.select({ jobId: registrationMailJobs.jobId }).from(registrationMailJobs).where(like(registrationMailJobs.jobId, 'job-%-day%'))).map((r) => r.jobId).sort();
    expect(left).toEqual(['job-1-day', 'job-30-days']);
  });

  it('forgets the profile and photo of a speaker no event lists any more, and keeps everyone still listed', async () => {
    const [kept, dropped] = await t.db
      .insert(speakers)
      .values([
        { eventId: forum.id, name: { en: 'Li Na' }, email: 'li.na.listed@example.org' },
        { eventId: forum.id, name: { en: 'Marco Rossi' }, email: 'marco.unlisted@example.org' },
      ])
      .returning();
    await t.db.insert(speakerProfiles).values([
      { email: kept!.email!, bio: { en: 'Stays.' } },
      { email: dropped!.email!, bio: { en: 'Goes.' } },
    ]);
    const pixels = Buffer.from('RIFF0000WEBP');
    await t.db.insert(speakerPhotos).values([
      { email: kept!.email!, contentType: 'image/webp', large: pixels, small: pixels },
      { email: dropped!.email!, contentType: 'image/webp', large: pixels, small: pixels },
    ]);
    // Taken off the event’s list: nothing of the person’s own is kept after the next daily run.
    await t.db.delete(speakers).where(eq(speakers.id, dropped!.id));
    expect(await forgetUnlistedSpeakerProfiles(t.db)).toBe(1);
    const emails = [kept!.email!, dropped!.email!];
    expect((await t.db.select({ email: speakerProfiles.email }).from(speakerProfiles).where(inArray(speakerProfiles.email, emails)))).toEqual([{ email: 'li.na.listed@example.org' }]);
    expect((await t.db.select({ email: speakerPhotos.email }).from(speakerPhotos).where(inArray(speakerPhotos.email, emails)))).toEqual([{ email: 'li.na.listed@example.org' }]);
    expect(await forgetUnlistedSpeakerProfiles(t.db)).toBe(0);
  });
});

describe('key rotation', () => {
  it('moves every stored number to the new key, after which the old key can go', async () => {
    const stored = async () => (await t.database.execute(`select id, id_number from registrations where id_number is not null order by id`)) as { id: string; id_number: string }[];
    const before = await stored();
    expect(before.length).toBeGreaterThan(0);
    const current = createFieldCipher(t.config);
    const newKey = Buffer.alloc(32, 9).toString('base64');
    const rotated = createFieldCipher({ DATA_ENCRYPTION_KEY: newKey, DATA_ENCRYPTION_OLD_KEYS: t.config.DATA_ENCRYPTION_KEY });
    expect(await reencryptIdNumbers(t.db, rotated)).toBe(before.length);
    expect(await reencryptIdNumbers(t.db, rotated)).toBe(0);
    const onlyNew = createFieldCipher({ DATA_ENCRYPTION_KEY: newKey, DATA_ENCRYPTION_OLD_KEYS: '' });
    const after = await stored();
    expect(after.map((r) => onlyNew.decrypt(r.id_number, r.id))).toEqual(before.map((r) => current.decrypt(r.id_number, r.id)));
    // Back to the app's key for anything that runs later.
    await reencryptIdNumbers(t.db, createFieldCipher({ DATA_ENCRYPTION_KEY: t.config.DATA_ENCRYPTION_KEY, DATA_ENCRYPTION_OLD_KEYS: newKey }));
  });
});

/**
 * Every row of every table (public and the job queue), as text, that contains one of the needles — bytea columns
 * searched in their bytes too. Returns { "schema.table": ["needle in column", …] }.
 */
async function findEverywhere(needles: string[]): Promise<Record<string, string[]>> {
  const tables = await t.database.execute(`select schemaname, tablename from pg_tables where schemaname in ('public', 'pgboss') order by 1, 2`);
  const found: Record<string, string[]> = {};
  for (const { schemaname, tablename } of tables as { schemaname: string; tablename: string }[]) {
    const columns = (await t.database.execute(
      `select column_name, data_type from information_schema.columns where table_schema = '${schemaname}' and table_name = '${tablename}'`,
    )) as { column_name: string; data_type: string }[];
    for (const needle of needles) {
      for (const { column_name: column, data_type: type } of columns) {
        const value = type === 'bytea' ? `position(convert_to('${needle}', 'UTF8') in "${column}")` : `position(lower('${needle}') in lower("${column}"::text))`;
        const [hit] = await t.database.execute(`select count(*)::int as n from "${schemaname}"."${tablename}" where ${value} > 0`);
        if (Number(hit!.n) > 0) (found[`${schemaname}.${tablename}`] ??= []).push(`${needle} in ${column}`);
      }
    }
  }
  return found;
}
