// Random and hostile values in the organiser's registration forms (settings, category, question, invitation codes):
// never a 5xx; either saved (303) or refused with a visible error summary (422) and then nothing written at all.
// Seats already taken make low capacities a refusal too, never a broken CHECK constraint.
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrationSettings } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

const NUM_RUNS = 25;

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let categoryId: string;
let otherCategoryId: string;

beforeAll(async () => {
  t = await buildTestApp();
  // Rome, across the start of summer time on Sunday 28 March 2027, so wall times can be missing.
  event = await createEvent(t.db, { slug: 'fuzz-registration', timezone: 'Europe/Rome', startsAt: wallTime('2027-04-20 09:00', 'Europe/Rome'), endsAt: wallTime('2027-04-21 18:00', 'Europe/Rome') });
  const other = await createEvent(t.db, { slug: 'fuzz-registration-other' });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: new Date('2027-01-01T00:00:00Z'), closesAt: new Date('2027-04-01T00:00:00Z'), capacity: 100, taken: 40 });
  const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest' }, capacity: 50, taken: 30 }).returning();
  const [otherCategory] = await t.db.insert(registrationCategories).values({ eventId: other.id, code: 'VIP', name: { en: 'VIP' } }).returning();
  categoryId = category!.id;
  otherCategoryId = otherCategory!.id;
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t?.close());

/** Every table these forms can write, as rows; a refused form must leave them (and the audit log) as they were. */
async function state() {
  const query = async (text: string) => {
    const result = await t.db.execute(sql.raw(text));
    return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  };
  return {
    settings: await query('select * from registration_settings order by event_id'),
    categories: await query('select * from registration_categories order by id'),
    questions: await query('select * from registration_questions order by id'),
    codes: await query('select count(*)::int as n from invitation_codes'),
    audit: await query('select count(*)::int as n from audit_log'),
  };
}

const hostile = fc.oneof(
  fc.constantFrom('', ' ', '<script>alert(1)</script>', '=1+1', '中关村', '\u202e', '\ufeff', '0', '-1', '1e3', '12.5', 'NaN', '29', '31', '50', '1000001', 'on', 'null', '|', '||', 'a|b|c|d'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer({ min: 90, max: 5000 }).map((n) => 'x'.repeat(n)),
);
const wallTimes = fc.oneof(
  fc.constantFrom('2027-03-28T02:30', '2027-01-10T09:00', '2027-04-15T18:00', '2027-02-30T10:00', '2027-01-10 09:00', '2027-01-10T24:00', '2026-01-01T00:00', ''),
  fc.date({ min: new Date('2026-11-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 16)),
  hostile,
);
const pick = (...values: string[]) => fc.oneof(fc.constantFrom(...values), hostile);
/** A checkbox group: nothing, one value or several (sent as repeated names). */
const group = (...values: string[]) => fc.array(pick(...values), { maxLength: 4 });

interface FormTarget {
  page: () => string;
  action: () => string;
  fields: () => Record<string, fc.Arbitrary<string | string[]>>;
}

const base = () => `/admin/events/${event.id}/registration`;
const TARGETS: Record<string, FormTarget> = {
  settings: {
    page: base,
    action: base,
    fields: () => ({
      opensAt: wallTimes,
      closesAt: wallTimes,
      capacity: pick('', '40', '39', '100', '500'),
      waitlist: pick('on', ''),
      controllerName: pick('', 'ZGC Forum Secretariat'),
      retentionMonths: pick('12', '1', '120', '0', '121'),
      sharesAbroad: pick('on', ''),
      abroadRecipient: pick('', 'Fondazione Ricerca Italiana'),
      abroadContact: pick('', 'privacy@fondazione.example.it'),
    }),
  },
  'new category': {
    page: () => `${base()}/categories/new`,
    action: () => `${base()}/categories`,
    fields: () => ({
      code: pick('MEDIA', 'media', 'GUEST', 'VIP', 'A', 'TOO-LONG-CODE'),
      nameEn: pick('Media'),
      nameZh: pick('媒体'),
      capacity: pick('', '10'),
      visibility: pick('public', 'hidden', 'secret'),
      requiresApproval: pick('on', ''),
      invitationOnly: pick('on', ''),
      colour: pick('#0b3d91', '#F2C94C', '', 'red', '#12345', '#0b3d91ff'),
    }),
  },
  'category edit': {
    page: () => `${base()}/categories/${categoryId}/edit`,
    action: () => `${base()}/categories/${categoryId}`,
    fields: () => ({ code: pick('GUEST', 'guest', 'VIP'), nameEn: pick('Guest'), nameZh: pick('嘉宾'), capacity: pick('', '29', '30', '31', '60'), visibility: pick('public', 'hidden'), colour: pick('#1a7f37', 'green') }),
  },
  question: {
    page: () => `${base()}/questions/new`,
    action: () => `${base()}/questions`,
    fields: () => ({
      kind: pick('text', 'long-text', 'single', 'multiple', 'country', 'yes-no', 'file', 'essay'),
      labelEn: pick('Which visit?'),
      labelZh: pick('参观哪里？'),
      helpEn: hostile,
      helpZh: hostile,
      options: pick('tour-a | Park | 园区\ntour-b | Museum | 博物馆', 'Park | 园区\nPark | 园区', 'A\nB', ''),
      required: pick('on', ''),
      categoryIds: group(categoryId, otherCategoryId),
      fileTypes: group('pdf', 'jpeg', 'png', 'docx', 'exe'),
      fileMaxMb: pick('5', '20', '20.5', '0.1', '0'),
    }),
  },
  'invitation codes': {
    page: () => `${base()}/codes`,
    action: () => `${base()}/codes`,
    fields: () => ({
      categoryId: pick(categoryId, otherCategoryId),
      count: pick('1', '3', '1000', '1001', '0'),
      maxUses: pick('1', '5', '0', '10001'),
      expiresAt: wallTimes,
      bypassApproval: pick('on', ''),
    }),
  },
};

async function send(page: string, action: string, fields: Record<string, string | string[]>) {
  const res = await organiser.get(page);
  const entries: [string, string][] = Object.entries(hiddenFields(res.body, action));
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) entries.push([name, v]);
  return organiser.app.inject({
    method: 'POST',
    url: action,
    remoteAddress: organiser.remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: organiser.cookieHeader, 'accept-language': 'en' },
    payload: new URLSearchParams(entries).toString(),
  });
}

describe('registration set-up forms under random input', () => {
  it.each(Object.keys(TARGETS))('%s form: never 5xx; saved, or 422 with an error summary and nothing written', async (name) => {
    const target = TARGETS[name]!;
    await fc.assert(
      fc.asyncProperty(fc.record(target.fields()), async (fields) => {
        const before = await state();
        const res = await send(target.page(), target.action(), fields);
        expect(res.statusCode, res.body.slice(0, 400)).toBeLessThan(500);
        if (res.statusCode === 303) return;
        expect(res.statusCode).toBe(422);
        // Text far beyond what a field takes is stopped by the route's schema with a page naming the field.
        const schemaRefusal = /The (text in|value of) “[\w/]+” (is too long|cannot be used)/.exec(res.body);
        if (!schemaRefusal) expect(res.body).toContain('class="error-summary"');
        expect(await state()).toEqual(before);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the seats taken never exceed a capacity the forms set', async () => {
    const [settings] = await t.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, event.id));
    const [category] = await t.db.select().from(registrationCategories).where(eq(registrationCategories.id, categoryId));
    expect(settings!.taken).toBe(40);
    expect(settings!.capacity === null || settings!.capacity >= 40).toBe(true);
    expect(category!.taken).toBe(30);
    expect(category!.capacity === null || category!.capacity >= 30).toBe(true);
  });
});
