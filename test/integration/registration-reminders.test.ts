// The day before an event each confirmed participant gets one reminder with their ticket and the sessions they
// booked, in their language; nobody twice, nobody cancelled, nothing for events further away.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, registrationCategories, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { sendDueReminders } from '../../src/features/registration/reminders.ts';
import { submitRegistration, type RegistrationValues } from '../../src/features/registration/service.ts';
import { cancelRegistration } from '../../src/features/registration/status-changes.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { createEvent, wallTime } from '../factories/events.ts';

let t: TestApp;
const ctx = () => ({ db: t.db, clock: t.clock, mail: t.app.mail });
const actor = { actorId: null, requestId: null };
let n = 0;

async function eventWithPeople(slug: string, startsAt: Date, people: { email: string; locale: 'en' | 'zh-CN'; sessions?: boolean }[]) {
  const event = await createEvent(t.db, { slug, status: 'published', title: { en: `Forum ${slug}`, 'zh-CN': `论坛${slug}` }, startsAt, endsAt: new Date(startsAt.getTime() + 8 * 3600_000) });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: new Date('2026-01-01T00:00:00Z'), closesAt: startsAt });
  const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest' } }).returning();
  const [visit] = await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'site-visit', title: { en: 'Visit to the Yizhuang robotics park', 'zh-CN': '参观亦庄机器人产业园' }, capacity: 10, startsAt: new Date(startsAt.getTime() + 5 * 3600_000), endsAt: new Date(startsAt.getTime() + 7 * 3600_000) }).returning();
  for (const p of people) {
    const values: RegistrationValues = {
      categoryId: category!.id, email: p.email, familyName: 'Li', givenName: 'Wei', nameZh: '李伟', organisation: 'BAAI', jobTitle: null, country: 'CN', mobile: '+8613800138000',
      dietary: null, interpretationNeeds: null, residence: 'mainland', idType: 'national-id', idNumber: '11010519491231002X', nationality: null, answers: {}, sessionIds: p.sessions ? [visit!.id] : [], locale: p.locale,
    };
    await submitRegistration(ctx(), event, values, { actor, formToken: `reminder-form-${String(++n).padStart(8, '0')}`, consentVersion: '2026-11' });
  }
  return event;
}

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set('2027-04-19T04:00:00Z');
});
afterAll(async () => t.close());

describe('reminders', () => {
  it('reminds each confirmed person once, in their language, with their booked sessions; not the cancelled, not a later event', async () => {
    await eventWithPeople('tomorrow', wallTime('2027-04-20 09:00'), [
      { email: 'en.person@example.org', locale: 'en', sessions: true },
      { email: 'zh.person@example.cn', locale: 'zh-CN' },
      { email: 'cancelled@example.org', locale: 'en' },
    ]);
    await eventWithPeople('next-week', wallTime('2027-04-26 09:00'), [{ email: 'next.week@example.org', locale: 'en' }]);
    const [gone] = await t.db.select().from(registrations).where(eq(registrations.email, 'cancelled@example.org'));
    await cancelRegistration(ctx(), actor, gone!.id);

    expect(await sendDueReminders(ctx())).toBe(2);
    expect(await sendDueReminders(ctx())).toBe(0);
    await expect.poll(() => t.mail.to('en.person@example.org').length).toBe(2);
    const en = t.mail.to('en.person@example.org').find((m) => m.subject === 'Tomorrow: Forum tomorrow — your ticket')!;
    expect(en.text).toContain('Forum tomorrow starts tomorrow. Please bring your identity document. At the entrance, show the ticket code below.\n');
    expect(en.text).toContain('Your sessions:\n- Visit to the Yizhuang robotics park — 20 Apr 2027, 14:00–16:00 (Beijing time)\n');
    expect(en.attachments.map((a) => a.filename)).toEqual(['ticket.png', 'event.ics']);
    await expect.poll(() => t.mail.to('zh.person@example.cn').map((m) => m.subject)).toContain('明天见：论坛tomorrow——您的电子票');
    expect(t.mail.to('zh.person@example.cn').find((m) => m.subject === '明天见：论坛tomorrow——您的电子票')!.text).toContain('论坛tomorrow将于明天开始，请携带身份证件。入场时请出示下方票号。\n');
    expect(t.mail.to('cancelled@example.org').map((m) => m.subject)).not.toContain('Tomorrow: Forum tomorrow — your ticket');
    expect(t.mail.to('next.week@example.org').map((m) => m.subject)).not.toContain('Tomorrow: Forum next-week — your ticket');
  });

  it('lists the booked sessions in the confirmation too, in the person’s language, and none for someone who booked none', async () => {
    await eventWithPeople('confirmed-visit', wallTime('2027-05-20 09:00'), [
      { email: 'booked.visit@example.cn', locale: 'zh-CN', sessions: true },
      { email: 'no.visit@example.org', locale: 'en' },
    ]);
    await expect.poll(() => t.mail.to('booked.visit@example.cn').length).toBe(1);
    const [zh] = t.mail.to('booked.visit@example.cn');
    expect(zh!.text).toContain('\n- 参观亦庄机器人产业园——2027年5月20日 14:00–16:00（北京时间）\n');
    expect(zh!.html).toContain('<li>参观亦庄机器人产业园——2027年5月20日 14:00–16:00（北京时间）</li>');
    await expect.poll(() => t.mail.to('no.visit@example.org').length).toBe(1);
    expect(t.mail.to('no.visit@example.org')[0]!.text).not.toContain('Your sessions');
  });
});
