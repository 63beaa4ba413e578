// Hostile text in every field of the speaker's profile form: never a 5xx; a value the form refuses gives a 422 with
// the field's message and changes nothing; a value it takes is stored exactly as the rules say (trimmed, checked).
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speakerProfiles, speakers } from '../../src/db/schema/index.ts';
import { parseCountryCode } from '../../src/lib/countries.ts';
import { FORM_TEXT_MAX } from '../../src/lib/form-text.ts';
import { parseViewerZone } from '../../src/lib/time-zones.ts';
import { createEvent } from '../factories/events.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { signedInSpeaker } from '../helpers/speaker-portal.ts';

const EMAIL = 'fuzz.speaker@example.org';
let t: TestApp;
let agent: HttpAgent;

beforeAll(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_ALLOW_LIST: '10.0.0.0/8' } });
  const event = await createEvent(t.db, { slug: 'fuzz-portal-2027' });
  await t.db.insert(speakers).values({ eventId: event.id, name: { en: 'Fuzz Speaker', 'zh-CN': '测试嘉宾' }, email: EMAIL });
  agent = await signedInSpeaker(t, EMAIL);
});
afterAll(() => t.close());

const PIECES = [
  '\u0000', '\u0001', '\u0007', '\t', '\n', '\r\n', '\u000b', '\u001b[31m', '\u007f', '\u0085', '\u00a0', '\u2028', '\u202e', '\u200b', '\ufeff', '\ufffd', '\uffff',
  '张伟', '中关村论坛', 'مرحبا', '👩‍🔬', '🇨🇳', 'e\u0301', '\ud800', '\udfff', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' or 1=1 --", '{{csrfToken}}',
  '%00', '%FF', '&', '=', '+', ' ', 'CN', 'cn', ' it ', 'Europe/Rome', 'Asia/Kolkata', 'Mars/Base', 'UTC',
];
const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) }, { weight: 2, arbitrary: fc.string({ maxLength: 6 }) });
const hostile = fc.oneof(
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 10 }).map((p) => p.join('')) },
  // Around the limits (200, 1000, 1500) and far beyond them: the form answers every one with its message.
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('x', '长', '👩‍🔬', ' ', '\r\n'), fc.constantFrom(199, 200, 201, 999, 1000, 1001, 1499, 1500, 1501, 4097, 12_001)).map(([u, n]) => u.repeat(n)) },
);

const LIMITS: Record<string, number> = {
  nameEn: 200, nameZh: 200, titleEn: 200, titleZh: 200, organisationEn: 200, organisationZh: 200, bioEn: 1500, bioZh: 1500, travelNeeds: 1000, interpretationNeeds: 1000,
};
const FIELDS = [...Object.keys(LIMITS), 'country', 'timeZone'];
const BASE = { nameEn: 'Fuzz Speaker', nameZh: '测试嘉宾', titleEn: '', titleZh: '', organisationEn: '', organisationZh: '', country: 'CN', bioEn: '', bioZh: '', timeZone: '', travelNeeds: '', interpretationNeeds: '', publishBio: 'on' };
const points = (s: string) => [...s].length;

/** What the form must do with `text` in `field` (the other fields valid): an error message, or what is stored. */
function expected(field: string, text: string): { error: string } | { stored: unknown } {
  // Multi-line fields keep line breaks as LF (browsers send CRLF), counted and stored so.
  // Every field counts a line break once, as the browser's maxlength does.
  const trimmed = (/^(bio|travel|interpretation)/.test(field) ? text.replace(/\r\n?/g, '\n') : text).trim();
  if (field in LIMITS) {
    if (points(text.replace(/\r\n?/g, '\n').trim()) > LIMITS[field]!) return { error: `This is too long: use at most ${LIMITS[field]} characters.` };
    return { stored: trimmed };
  }
  if (field === 'country') {
    if (!trimmed) return { stored: null };
    const code = parseCountryCode(text);
    return code ? { stored: code } : { error: 'Choose a country or region from the list.' };
  }
  if (!trimmed) return { stored: null };
  const zone = parseViewerZone(trimmed);
  return zone ? { stored: zone } : { error: 'Choose a time zone from the list.' };
}

async function storedValue(field: string): Promise<unknown> {
  const [entry] = await t.db.select().from(speakers).where(eq(speakers.email, EMAIL));
  const [profile] = await t.db.select().from(speakerProfiles).where(eq(speakerProfiles.email, EMAIL));
  const lang = field.endsWith('Zh') ? 'zh-CN' : 'en';
  const base = field.replace(/(En|Zh)$/, '') as 'name' | 'title' | 'organisation' | 'bio';
  if (base === 'bio') return profile!.bio[lang] ?? '';
  if (base === 'name' || base === 'title' || base === 'organisation') return entry![base][lang] ?? '';
  if (field === 'country') return entry!.country;
  if (field === 'timeZone') return profile!.timeZone;
  return profile![field as 'travelNeeds' | 'interpretationNeeds'];
}

const snapshot = async () => ({
  entries: await t.db.select().from(speakers).where(eq(speakers.email, EMAIL)),
  profiles: await t.db.select().from(speakerProfiles).where(eq(speakerProfiles.email, EMAIL)),
});

describe('speaker profile form fuzz', () => {
  it('answers every hostile value with a save or a field error, never a server error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), hostile, async (field, value) => {
        const form = hiddenFields((await agent.get('/speaker/profile')).body, '/speaker/profile');
        const before = await snapshot();
        const res = await agent.post('/speaker/profile', { ...form, ...BASE, [field]: value });
        expect(res.statusCode).toBeLessThan(500);
        const text = value.toWellFormed();
        if (text.includes('\u0000')) {
          expect(res.statusCode).toBe(422);
          expect(res.body).toContain('not valid UTF-8 text');
          expect(await snapshot()).toEqual(before);
          return;
        }
        if (points(text) > FORM_TEXT_MAX) {
          // Beyond what any form field takes: refused whole, on a page saying so.
          expect(res.statusCode).toBe(422);
          expect(res.body).toContain(`The text in “${field}” is too long: at most ${FORM_TEXT_MAX} characters.`);
          expect(await snapshot()).toEqual(before);
          return;
        }
        const outcome = expected(field, text);
        if ('error' in outcome) {
          expect(res.statusCode).toBe(422);
          expect(res.body).toContain(`<li><a href="#field-${field}">${outcome.error}</a></li>`);
          expect(res.body).not.toContain('class="error-page"');
          expect(await snapshot()).toEqual(before);
        } else {
          expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
          expect(await storedValue(field)).toEqual(outcome.stored);
        }
      }),
      { numRuns: 150, examples: [['country', ' cn '], ['timeZone', 'Asia/Kolkata'], ['bioZh', '长'.repeat(1501)], ['nameEn', '\u0000'], ['travelNeeds', 'x'.repeat(4097)]] },
    );
  }, 300_000);

  it('answers any text that is no address on the sign-in form with the field error, queuing nothing', async () => {
    const jobs = async () => Number((await t.database.execute(`select count(*)::int as n from pgboss.job where name = 'account.mail'`))[0]!.n);
    await fc.assert(
      fc.asyncProperty(hostile.map((s) => s.replaceAll('@', '')), async (value) => {
        // Someone not signed in (a signed-in speaker is sent on to the portal instead).
        const visitor = new HttpAgent(t.app);
        const form = hiddenFields((await visitor.get('/speaker/sign-in')).body, '/speaker/sign-in');
        t.clock.advance({ seconds: 3 });
        const before = await jobs();
        const res = await visitor.post('/speaker/sign-in', { ...form, email: value });
        expect(res.statusCode).toBe(422);
        const text = value.toWellFormed();
        if (!text.includes('\u0000') && points(text) <= FORM_TEXT_MAX) expect(res.body).toContain('<li><a href="#field-email">Enter an e-mail address such as name@example.org.</a></li>');
        expect(await jobs()).toBe(before);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
