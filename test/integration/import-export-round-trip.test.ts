// Import → export round trip: a guest list imported through the organiser's pages, exported as CSV and as XLSX, and
// each export imported into a fresh event gives registrations equal to the first import in every field, Chinese
// characters, quotes, commas, apostrophes and formula-like text included.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCategories, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { importGuestList } from '../helpers/import-guests.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { csvBytes } from '../helpers/spreadsheets.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let organiser: HttpAgent;
const events: Record<'source' | 'viaCsv' | 'viaXlsx', { event: EventRow; guest: string }> = {} as never;

/** Everything an import writes from the file (category and status are chosen per import, not read). */
const FIELDS = ['email', 'familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'nationality', 'mobile', 'dietary', 'interpretationNeeds', 'residence'] as const;
/** The export's columns for those fields. */
const COLUMNS = ['email', 'familyName', 'givenName', 'nameZh', 'organisation', 'jobTitle', 'country', 'nationality', 'mobile', 'dietary', 'interpretation'];

const GUESTS = [
  ['E-mail', 'Family name', 'Given name', 'Chinese name', 'Organisation', 'Job title', 'Country', 'Nationality', 'Mobile', 'Dietary needs', 'Interpretation'],
  ['wang.fang@tsinghua.example.cn', 'Wang', 'Fang', '王芳', '清华大学 "未来实验室", 北京', '=SUM(A1)', 'CN', '', '+8613800138000', 'halal', 'en-zh'],
  ['li.lei@example.hk', 'Li', 'Lei', '李雷', 'HKUST – Office of Knowledge Transfer; 香港科技大学', '+1 strategist', 'HK', '', '+85291234567', 'other: 少盐, 少油', 'none'],
  ['sofia.rossi@polimi.example.it', 'Rossi', 'Sofia', '', 'Politecnico di Milano', '@innovation lead', 'IT', 'IT', '+393471234567', 'vegetarian', 'zh-en'],
  ['o.okafor@example.ng', "O'Okafor-Nwosu", 'Chidi', '', '-minus Labs', '-', 'NG', 'NG', '+2348031234567', '', ''],
];

const download = (eventId: string, format: 'csv' | 'xlsx') => {
  const search = new URLSearchParams({ format, sort: 'oldest' });
  for (const column of COLUMNS) search.append('columns', column);
  return organiser.get(`/admin/events/${eventId}/registrations/export/download?${search}`);
};

const stored = async (eventId: string) =>
  (await t.db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(asc(registrations.email))).map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[f]])));

beforeAll(async () => {
  t = await buildTestApp();
  const roles: [string, 'organiser'][] = [];
  for (const [key, slug] of [['source', 'round-trip-source'], ['viaCsv', 'round-trip-csv'], ['viaXlsx', 'round-trip-xlsx']] as const) {
    const event = await createEvent(t.db, { slug, startsAt: wallTime('2027-05-10 09:00'), endsAt: wallTime('2027-05-10 18:00') });
    await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2026-01-01 00:00'), closesAt: wallTime('2027-05-09 00:00') });
    const [guest] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' } }).returning();
    events[key] = { event, guest: guest!.id };
    roles.push([event.id, 'organiser']);
  }
  organiser = await signedInAgent(t, await createUser(t.db, { roles }));
}, 60_000);
afterAll(async () => t?.close());

describe('import → export → import', () => {
  it('keeps every field exactly through CSV and through XLSX', async () => {
    const first = await importGuestList(t, organiser, events.source.event.id, { filename: '嘉宾.csv', bytes: csvBytes(GUESTS) }, { categoryId: events.source.guest, status: 'confirmed' });
    expect(first.row.state, JSON.stringify(first.row.problems).slice(0, 800)).toBe('done');
    const original = await stored(events.source.event.id);
    expect(original).toHaveLength(4);
    const wang = original.find((r) => r.email === 'wang.fang@tsinghua.example.cn')!;
    expect([wang.nameZh, wang.organisation, wang.jobTitle, wang.mobile]).toEqual(['王芳', '清华大学 "未来实验室", 北京', '=SUM(A1)', '+8613800138000']);

    for (const [format, target] of [['csv', 'viaCsv'], ['xlsx', 'viaXlsx']] as const) {
      const exported = await download(events.source.event.id, format);
      expect(exported.statusCode).toBe(200);
      const again = await importGuestList(t, organiser, events[target].event.id, { filename: `export.${format}`, bytes: exported.rawPayload }, { categoryId: events[target].guest, status: 'confirmed' });
      expect(again.row.state, `${format}: ${JSON.stringify(again.row.problems).slice(0, 500)}`).toBe('done');
      expect(await stored(events[target].event.id), format).toEqual(original);
    }
  }, 120_000);
});
