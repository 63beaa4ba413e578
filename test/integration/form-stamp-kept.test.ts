// A person who corrects a refused form and sends it again at once is not taken for a bot: every form with the
// "sent too quickly" guard keeps, when it is shown again after an error, the stamp it was first shown with. A first
// sending still has to wait the minimum time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speakers } from '../../src/db/schema/index.ts';
import { createEvent } from '../factories/events.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';

let t: TestApp;
const SLUG = 'stamp-forum-2027';
const TOO_FAST = 'That form was sent very quickly.';

beforeAll(async () => {
  t = await buildTestApp({ env: { FORM_MIN_SECONDS: '2', RATE_LIMIT_ALLOW_LIST: '10.0.0.0/8' } });
  const event = await createEvent(t.db, { slug: SLUG, status: 'published' });
  await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Li Na' }, email: 'li.na@example.org' });
});
afterAll(() => t?.close());

const FORMS = [
  { name: 'staff sign-in link', page: '/sign-in/link', action: '/sign-in/link' },
  { name: 'forgotten password', page: '/password/forgot', action: '/password/forgot' },
  { name: 'speaker portal sign-in', page: '/speaker/sign-in', action: '/speaker/sign-in' },
  { name: 'keep my agenda', page: `/events/${SLUG}/my-agenda`, action: `/events/${SLUG}/my-agenda/keep` },
];

describe.each(FORMS)('the $name form', ({ page, action }) => {
  it('keeps its first stamp after an error, so the corrected form goes through at once', async () => {
    const agent = new HttpAgent(t.app);
    const form = hiddenFields((await agent.get(page)).body, action);
    expect(form._started).toMatch(/^\d+\./);
    t.clock.advance({ seconds: 10 });
    const refused = await agent.post(action, { ...form, email: 'not an address' });
    expect(refused.statusCode).toBe(422);
    const again = hiddenFields(refused.body, action);
    expect(again._started).toBe(form._started);
    const sent = await agent.post(action, { ...again, email: 'li.na@example.org' });
    expect(sent.statusCode).toBeLessThan(400);
    expect(sent.body).not.toContain(TOO_FAST);
  });

  it('still refuses a first sending before the minimum time', async () => {
    const agent = new HttpAgent(t.app);
    const form = hiddenFields((await agent.get(page)).body, action);
    const fast = await agent.post(action, { ...form, email: 'li.na@example.org' });
    expect(fast.statusCode).toBe(422);
    expect(fast.body).toContain(TOO_FAST);
  });
});
