// What an event's page says about registering: its own window, the forum's for a sub-forum without one, or that there
// is no online registration (and whom to ask) — never nothing, so a guest knows where they stand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationSettings } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { createEvent, wallTime } from '../factories/events.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(new Date('2027-02-10T00:00:00Z'));
});
afterAll(async () => t?.close());

/** The page's text after the action buttons: the line about registering. */
async function registrationLine(slug: string, lang: 'en' | 'zh-CN' = 'en') {
  const res = await new HttpAgent(t.app).get(`/events/${slug}?lang=${lang}`);
  expect(res.statusCode).toBe(200);
  const after = res.body.split('<p class="event-actions">')[1]!.split('</p>').slice(1).join('</p>');
  return /<p class="muted">([\s\S]*?)<\/p>/.exec(after)![1]!.replace(/\s+/g, ' ').trim();
}

describe('the event page on registering', () => {
  it('sends a sub-forum’s guests to the forum that registers them, in both languages', async () => {
    const forum = await createEvent(t.db, { slug: 'reg-forum-2027', title: { en: 'Innovation Forum 2027', 'zh-CN': '2027创新论坛' } });
    await t.db.insert(registrationSettings).values({ eventId: forum.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-03-20 18:00') });
    await createEvent(t.db, { slug: 'reg-forum-2027-sub', kind: 'sub-forum', parentId: forum.id });
    expect(await registrationLine('reg-forum-2027-sub')).toBe('You register for this sub-forum through the forum: <a href="/events/reg-forum-2027">Innovation Forum 2027</a>');
    expect(await registrationLine('reg-forum-2027-sub', 'zh-CN')).toBe('本分论坛通过主论坛报名：<a href="/events/reg-forum-2027">2027创新论坛</a>');
  });

  it('says there is no online registration, and whom to ask when the event names a contact', async () => {
    await createEvent(t.db, { slug: 'no-reg-2027', contactEmail: 'office@forum.example.org' });
    expect(await registrationLine('no-reg-2027')).toBe('This event has no online registration. To take part, write to the organisers at the contact address above.');
    expect(await registrationLine('no-reg-2027', 'zh-CN')).toBe('本活动暂不开放在线报名。如需参加，请通过上方联系邮箱与主办方联系。');
    await createEvent(t.db, { slug: 'no-reg-no-contact-2027', contactEmail: null });
    expect(await registrationLine('no-reg-no-contact-2027')).toBe('This event has no online registration.');
  });
});
