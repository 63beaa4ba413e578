// Seats are never sold twice: many people registering at once get exactly the free seats, the rest the waiting list
// in order; a cancellation promotes the next person and mails them; the same form sent twice registers once; an
// address already registered gets an answer of the same kind and its owner a mail with their link.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationCodes, registrationCategories, registrations, registrationSettings, type RegistrationStatus } from '../../src/db/schema/index.ts';
import { registerAtOnce } from '../../src/features/registration/at-once.ts';
import { answerNow, findSubmission, submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { approveRegistration, cancelRegistration } from '../../src/features/registration/status-changes.ts';
import { updateCategory } from '../../src/features/registration/setup-categories.ts';
import { saveSettings } from '../../src/features/registration/setup-settings.ts';
import { registrationConsents, sessionBookings, agendaSessions, auditLog } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';

let t: TestApp;
const actor = { actorId: null, requestId: null };

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const ctx = () => ({ db: t.db, clock: t.clock, mail: t.app.mail });
let tokenCounter = 0;
const formToken = () => `form-token-${String(++tokenCounter).padStart(12, '0')}`;

async function eventWithCategories(slug: string, eventCapacity: number | null, categories: { code: string; capacity: number | null; requiresApproval?: boolean }[], waitlistEnabled = true) {
  const event = await createEvent(t.db, { slug, status: 'published', startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-21 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-04-19 00:00'), capacity: eventCapacity, waitlistEnabled });
  const rows = await t.db
    .insert(registrationCategories)
    .values(categories.map((c, i) => ({ eventId: event.id, code: c.code, name: { en: c.code }, capacity: c.capacity, requiresApproval: c.requiresApproval ?? false, position: i })))
    .returning();
  return { event, categories: Object.fromEntries(rows.map((r) => [r.code, r])) };
}

const values = (categoryId: string, email: string, over: Partial<RegistrationValues> = {}): RegistrationValues => ({
  categoryId,
  email,
  familyName: 'Rossi',
  givenName: 'Giulia',
  nameZh: null,
  organisation: 'Politecnico di Milano',
  jobTitle: null,
  country: 'IT',
  mobile: '+393123456789',
  dietary: null,
  interpretationNeeds: null,
  residence: 'other',
  idType: 'passport',
  idNumber: 'YA1234567',
  nationality: 'IT',
  answers: {},
  sessionIds: [],
  locale: 'en',
  ...over,
});

const submit = (event: EventRow, v: RegistrationValues, token = formToken()) =>
  submitRegistration(ctx(), event, v, { actor, formToken: token, consentVersion: '2026-11' });

async function statusesOf(eventId: string) {
  const rows = await t.db.select().from(registrations).where(eq(registrations.eventId, eventId));
  const count = (s: RegistrationStatus) => rows.filter((r) => r.status === s).length;
  return { confirmed: count('confirmed'), waitlisted: count('waitlisted'), pending: count('pending'), cancelled: count('cancelled') };
}

describe('capacity', () => {
  it('gives 20 people registering at once exactly the 7 free seats and puts 13 on the waiting list, numbered 1–13', async () => {
    const { event, categories } = await eventWithCategories('rush-forum', 7, [{ code: 'GUEST', capacity: null }]);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(event, values(categories.GUEST!.id, `rush${i}@example.org`))));
    expect(answers.filter((a) => a.outcome === 'confirmed')).toHaveLength(7);
    expect(answers.filter((a) => a.outcome === 'waitlisted').map((a) => a.waitlistPosition).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(await statusesOf(event.id)).toEqual({ confirmed: 7, waitlisted: 13, pending: 0, cancelled: 0 });
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    expect(settings!.taken).toBe(7);
  });

  it('counts the category too: a full category waitlists even while the event has room', async () => {
    const { event, categories } = await eventWithCategories('media-forum', 100, [{ code: 'MEDIA', capacity: 2 }, { code: 'GUEST', capacity: null }]);
    const media = await Promise.all(['a', 'b', 'c'].map((x) => submit(event, values(categories.MEDIA!.id, `media-${x}@example.org`))));
    expect(media.map((a) => a.outcome).sort()).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    expect((await submit(event, values(categories.GUEST!.id, 'guest@example.org'))).outcome).toBe('confirmed');
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    const [category] = await t.db.select().from(registrationCategories).where(eq(registrationCategories.id, categories.MEDIA!.id));
    expect([settings!.taken, category!.taken]).toEqual([3, 2]);
  });

  it('refuses, with a field error and nothing written, when the event is full and has no waiting list', async () => {
    const { event, categories } = await eventWithCategories('no-waitlist', 1, [{ code: 'GUEST', capacity: null }], false);
    await submit(event, values(categories.GUEST!.id, 'first@example.org'));
    await expect(submit(event, values(categories.GUEST!.id, 'second@example.org'))).rejects.toMatchObject({ status: 422, fields: { categoryId: { key: 'registration.errors.full' } } });
    expect(await statusesOf(event.id)).toEqual({ confirmed: 1, waitlisted: 0, pending: 0, cancelled: 0 });
  });

  it('never lets the counter pass the capacity, even written directly (the CHECK constraint)', async () => {
    const { event } = await eventWithCategories('check-forum', 1, [{ code: 'GUEST', capacity: null }]);
    await t.db.update(registrationSettings).set({ taken: 1 }).where(eq(registrationSettings.eventId, event.id));
    await expect(t.db.update(registrationSettings).set({ taken: 2 }).where(eq(registrationSettings.eventId, event.id))).rejects.toThrow();
  });
});

describe('a registration in one statement', () => {
  it('writes each person, their consents, booking, submission and audit row, again and again, and leaves the full house to the full path', async () => {
    const { event, categories } = await eventWithCategories('one-statement', 3, [{ code: 'GUEST', capacity: null }]);
    const [visit] = await t.db
      .insert(agendaSessions)
      .values({ eventId: event.id, type: 'site-visit', title: { en: 'Lab tour' }, startsAt: wallTime('2027-04-20 14:00'), endsAt: wallTime('2027-04-20 16:00'), capacity: 10 })
      .returning();
    const read = { category: { id: categories.GUEST!.id, requiresApproval: false }, settings: { eventId: event.id, waitlistEnabled: true } };
    const at = (email: string, crossBorderConsent: boolean) =>
      registerAtOnce(ctx(), event.id, values(categories.GUEST!.id, email, { sessionIds: [visit!.id] }), { actor, formToken: formToken(), consentVersion: '2026-11', crossBorderConsent, read });
    // The same shape three times (a shape is built once, then only filled in), then one too many.
    const answers = [await at('one@example.org', true), await at('two@example.org', true), await at('three@example.org', false), await at('four@example.org', true)];
    expect(answers.map((a) => a?.outcome)).toEqual(['confirmed', 'confirmed', 'confirmed', undefined]);
    const people = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(people.map((p) => p.email).sort()).toEqual(['one@example.org', 'three@example.org', 'two@example.org']);
    const ids = people.map((p) => p.id);
    const consents = await t.db.select().from(registrationConsents);
    expect(consents.filter((c) => ids.includes(c.registrationId)).map((c) => c.kind).sort()).toEqual(['cross-border', 'cross-border', 'processing', 'processing', 'processing']);
    expect((await t.db.select().from(sessionBookings).where(eq(sessionBookings.sessionId, visit!.id))).length).toBe(3);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.eventId, event.id))).map((a) => a.targetId).sort()).toEqual([...ids].sort());
    const [session] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.id, visit!.id));
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    expect([session!.booked, settings!.taken]).toEqual([3, 3]);
  });
});

describe('the same form twice, and a known address', () => {
  it('registers once when the same form arrives twice at once, and answers both the same', async () => {
    const { event, categories } = await eventWithCategories('double-click', 10, [{ code: 'GUEST', capacity: null }]);
    const token = formToken();
    const [a, b] = await Promise.all([submit(event, values(categories.GUEST!.id, 'double@example.org'), token), submit(event, values(categories.GUEST!.id, 'double@example.org'), token)]);
    expect(a).toEqual({ outcome: 'confirmed', waitlistPosition: null, email: 'double@example.org' });
    expect(b).toEqual(a);
    expect(await statusesOf(event.id)).toEqual({ confirmed: 1, waitlisted: 0, pending: 0, cancelled: 0 });
  });

  it('answers a second registration of the same address like a new one, changes nothing, and mails the owner their link', async () => {
    const { event, categories } = await eventWithCategories('known-address', 10, [{ code: 'GUEST', capacity: null }]);
    await submit(event, values(categories.GUEST!.id, 'known@example.org'));
    const first = await t.mail.waitForTo('known@example.org');
    expect(first.subject).toBe(`You are registered for ${event.title.en}: your ticket`);
    const again = await submit(event, values(categories.GUEST!.id, 'known@example.org', { familyName: 'Someone else' }));
    expect(again).toEqual({ outcome: 'confirmed', waitlistPosition: null, email: 'known@example.org' });
    expect(await statusesOf(event.id)).toEqual({ confirmed: 1, waitlisted: 0, pending: 0, cancelled: 0 });
    const mails = async () => t.mail.to('known@example.org');
    await expect.poll(async () => (await mails()).length).toBe(2);
    const second = (await mails())[1]!;
    expect(second.subject).toBe(`${event.title.en}: you are already registered`);
    expect(second.text).toMatch(/\/registrations\/manage\/[A-Za-z0-9_-]{43}/);
  });
});

describe('a known address when the category is full', () => {
  it('gets the waiting list answer a new address gets, with the same place, and nothing changes; without a waiting list, "full"', async () => {
    const { event, categories } = await eventWithCategories('known-full', null, [{ code: 'GUEST', capacity: 1 }]);
    await submit(event, values(categories.GUEST!.id, 'seated@example.org'));
    t.clock.advance({ seconds: 1 });
    expect(await submit(event, values(categories.GUEST!.id, 'first-waiting@example.org'))).toEqual({ outcome: 'waitlisted', waitlistPosition: 1, email: 'first-waiting@example.org' });
    // The seated person (confirmed) and the waiting one try again: both told what anyone new is told now.
    expect(await submit(event, values(categories.GUEST!.id, 'seated@example.org'))).toEqual({ outcome: 'waitlisted', waitlistPosition: 2, email: 'seated@example.org' });
    expect(await submit(event, values(categories.GUEST!.id, 'first-waiting@example.org'))).toEqual({ outcome: 'waitlisted', waitlistPosition: 2, email: 'first-waiting@example.org' });
    expect(await submit(event, values(categories.GUEST!.id, 'new@example.org'))).toEqual({ outcome: 'waitlisted', waitlistPosition: 2, email: 'new@example.org' });
    expect(await statusesOf(event.id)).toEqual({ confirmed: 1, waitlisted: 2, pending: 0, cancelled: 0 });
    await expect.poll(() => t.mail.to('seated@example.org').length).toBe(2);
    // The two mails are sent by jobs, in either order: the ticket, then (as a known address) the link again.
    expect(t.mail.to('seated@example.org').map((m) => m.subject).sort()).toEqual([`${event.title.en}: you are already registered`, `You are registered for ${event.title.en}: your ticket`]);

    const closed = await eventWithCategories('known-full-no-list', null, [{ code: 'GUEST', capacity: 1 }], false);
    await submit(closed.event, values(closed.categories.GUEST!.id, 'only@example.org'));
    await t.mail.waitForTo('only@example.org');
    for (const email of ['only@example.org', 'another@example.org']) {
      await expect(submit(closed.event, values(closed.categories.GUEST!.id, email))).rejects.toMatchObject({ status: 422, fields: { categoryId: { key: 'registration.errors.full' } } });
    }
    expect(await statusesOf(closed.event.id)).toEqual({ confirmed: 1, waitlisted: 0, pending: 0, cancelled: 0 });
    // Refused like anyone else: its owner gets no mail either (nothing was answered).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.mail.to('only@example.org')).toHaveLength(1);
  });
});

describe('a known address with an invitation code or a full session', () => {
  it('uses up a use of the code as a new address does, and is refused when the code is used up', async () => {
    const { event, categories } = await eventWithCategories('known-code', null, [{ code: 'GUEST', capacity: null }]);
    const [code] = await t.db.insert(invitationCodes).values({ eventId: event.id, code: 'GUEST-KNWN', categoryId: categories.GUEST!.id, maxUses: 2 }).returning();
    const withCode = (email: string) => submitRegistration(ctx(), event, values(categories.GUEST!.id, email), { actor, formToken: formToken(), consentVersion: '2026-11', invitationCodeId: code!.id });
    expect(await withCode('coded@example.org')).toMatchObject({ outcome: 'confirmed' });
    // The same address again: one more use, as anyone's would be; then the code is used up for everyone.
    expect(await withCode('coded@example.org')).toMatchObject({ outcome: 'confirmed' });
    const used = async () => (await t.db.select().from(invitationCodes).where(eq(invitationCodes.id, code!.id)))[0]!.used;
    expect(await used()).toBe(2);
    for (const email of ['coded@example.org', 'another-coded@example.org']) {
      await expect(withCode(email)).rejects.toMatchObject({ status: 422, fields: { invitationCode: { key: 'registration.errors.codeUsedUp' } } });
    }
    expect(await used()).toBe(2);
    expect(await statusesOf(event.id)).toEqual({ confirmed: 1, waitlisted: 0, pending: 0, cancelled: 0 });
  });

  it('is refused at the sessions field when a chosen session is full, as a new address is', async () => {
    const { event, categories } = await eventWithCategories('known-session-full', null, [{ code: 'GUEST', capacity: null }]);
    const [visit] = await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'site-visit', title: { en: 'Lab visit' }, capacity: 1, startsAt: wallTime('2027-04-21 14:00'), endsAt: wallTime('2027-04-21 16:00') }).returning();
    await submit(event, values(categories.GUEST!.id, 'visitor@example.org', { sessionIds: [visit!.id] }));
    await submit(event, values(categories.GUEST!.id, 'stay-home@example.org'));
    for (const email of ['stay-home@example.org', 'newcomer@example.org']) {
      await expect(submit(event, values(categories.GUEST!.id, email, { sessionIds: [visit!.id] }))).rejects.toMatchObject({ status: 422, fields: { sessionIds: { key: 'registration.errors.sessionFull' } } });
    }
    expect(await statusesOf(event.id)).toEqual({ confirmed: 2, waitlisted: 0, pending: 0, cancelled: 0 });
  });
});

describe('the waiting list and approval', () => {
  it('gives a cancelled seat to the person waiting longest and mails them their ticket', async () => {
    const { event, categories } = await eventWithCategories('promotion', 1, [{ code: 'GUEST', capacity: null }]);
    await submit(event, values(categories.GUEST!.id, 'holder@example.org'));
    t.clock.advance({ seconds: 1 });
    const [token1, token2] = [formToken(), formToken()];
    expect(await submit(event, values(categories.GUEST!.id, 'waiting1@example.org'), token1)).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 1 });
    t.clock.advance({ seconds: 1 });
    expect(await submit(event, values(categories.GUEST!.id, 'waiting2@example.org'), token2)).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 2 });
    const answerOf = async (token: string) => answerNow(t.db, (await findSubmission(t.db, event.id, token))!);
    const [holder] = await t.db.select().from(registrations).where(and(eq(registrations.eventId, event.id), eq(registrations.email, 'holder@example.org')));
    await cancelRegistration(ctx(), actor, holder!.id);
    // The answer pages say what stands now: the first has the seat, the second moved up to number 1.
    expect(await answerOf(token1)).toEqual({ outcome: 'confirmed', position: null });
    expect(await answerOf(token2)).toEqual({ outcome: 'waitlisted', position: 1 });
    const rows = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(Object.fromEntries(rows.map((r) => [r.email, r.status]))).toEqual({ 'holder@example.org': 'cancelled', 'waiting1@example.org': 'confirmed', 'waiting2@example.org': 'waitlisted' });
    const promoted = await t.mail.waitForTo('waiting1@example.org');
    await expect.poll(() => t.mail.to('waiting1@example.org').length).toBe(2);
    const mail = t.mail.to('waiting1@example.org')[1]!;
    expect(mail.subject).toBe(`${event.title.en}: a seat is yours — your ticket`);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['ticket.png', 'image/png'],
      ['event.ics', 'text/calendar'],
    ]);
    expect(promoted.subject).toBe(`${event.title.en}: you are on the waiting list`);
  });

  it('gives seats added by raising a capacity to the people waiting, in order, before any newcomer', async () => {
    const { event, categories } = await eventWithCategories('raised', 1, [{ code: 'GUEST', capacity: 1 }, { code: 'MEDIA', capacity: null }]);
    await submit(event, values(categories.GUEST!.id, 'first@example.org'));
    for (const email of ['wait-a@example.org', 'wait-b@example.org', 'wait-c@example.org']) {
      t.clock.advance({ seconds: 1 });
      expect((await submit(event, values(categories.GUEST!.id, email))).outcome).toBe('waitlisted');
    }
    const status = async () => Object.fromEntries((await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).map((r) => [r.email, r.status]));
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    const window = { opensAt: settings!.opensAt, closesAt: settings!.closesAt, waitlistEnabled: true, controllerName: null, retentionMonths: 12, sharesAbroad: false, abroadRecipient: null, abroadContact: null };
    // The event gets two more seats; the category still has one, so nobody moves yet…
    expect(await saveSettings(t.db, actor, event.id, { ...window, capacity: 3 }, { clock: t.clock, mail: t.app.mail })).toEqual({});
    expect(Object.values(await status()).filter((s) => s === 'confirmed')).toHaveLength(1);
    // …until the category has room too: then the two waiting longest get the two seats, the third keeps waiting.
    const guest = categories.GUEST!;
    const form = { code: guest.code, name: guest.name, capacity: 5, visibility: guest.visibility, requiresApproval: false, invitationOnly: false, colour: guest.colour };
    expect(await updateCategory(t.db, actor, guest, form, { clock: t.clock, mail: t.app.mail })).toEqual({ promoted: 2 });
    expect(await status()).toEqual({ 'first@example.org': 'confirmed', 'wait-a@example.org': 'confirmed', 'wait-b@example.org': 'confirmed', 'wait-c@example.org': 'waitlisted' });
    // A newcomer now waits behind the one still waiting: the new seats went to the people waiting first.
    t.clock.advance({ seconds: 1 });
    expect(await submit(event, values(categories.GUEST!.id, 'newcomer@example.org'))).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 2 });
    await expect.poll(() => t.mail.to('wait-b@example.org').length, { timeout: 15_000 }).toBe(2);
    expect(t.mail.to('wait-b@example.org')[1]!.subject).toBe(`${event.title.en}: a seat is yours — your ticket`);
    // No limit on the event any more: the last one gets a seat as well.
    expect(await saveSettings(t.db, actor, event.id, { ...window, capacity: null }, { clock: t.clock, mail: t.app.mail })).toEqual({ promoted: 2 });
    expect((await status())['wait-c@example.org']).toBe('confirmed');
    expect((await status())['newcomer@example.org']).toBe('confirmed');
    const promotions = await t.db.select().from(auditLog).where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, 'registration.promote')));
    expect(promotions).toHaveLength(4);
  });

  it('holds no seat while pending; approval takes one, or the waiting list when full', async () => {
    const { event, categories } = await eventWithCategories('approval', 1, [{ code: 'VIP', capacity: null, requiresApproval: true }]);
    const a = await submit(event, values(categories.VIP!.id, 'vip-a@example.org'));
    const b = await submit(event, values(categories.VIP!.id, 'vip-b@example.org'));
    expect([a.outcome, b.outcome]).toEqual(['pending', 'pending']);
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    expect(settings!.taken).toBe(0);
    const rows = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    const id = (email: string) => rows.find((r) => r.email === email)!.id;
    expect(await approveRegistration(ctx(), actor, id('vip-a@example.org'), 'Welcome, minister.')).toBe('confirmed');
    expect(await approveRegistration(ctx(), actor, id('vip-b@example.org'), null)).toBe('waitlisted');
    await expect(approveRegistration(ctx(), actor, id('vip-b@example.org'), null)).rejects.toMatchObject({ status: 409 });
    expect(await statusesOf(event.id)).toEqual({ confirmed: 1, waitlisted: 1, pending: 0, cancelled: 0 });
  });
});
