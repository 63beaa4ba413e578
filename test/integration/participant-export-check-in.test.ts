// The participant export's check-in columns: whether each person was admitted at the event's door, when (a wall time
// in the event's zone in the CSV, a real date in the workbook) and at which door, in the organiser's language; an
// admission undone, or one to a session only, is no admission; the ticket code (the QR code's secret) is never a
// column. And the workbook's columns as wide as what they hold.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, registrationCategories, registrations, sessionBookings } from '../../src/db/schema/index.ts';
import { checkIn, undoCheckIn } from '../../src/features/check-in/service.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { parseCsv } from '../helpers/csv.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createRegistrations } from '../factories/registrations.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let shanghai: EventRow;
let newYork: EventRow;
let organiser: HttpAgent;
let organiserZh: HttpAgent;
const tickets: string[] = [];

/** An event in `zone` with three people: Zhang admitted at the north gate (and to a session at the bus), Okafor admitted then undone, Rossi only to the session. */
async function eventWithAdmissions(slug: string, zone: string) {
  const event = await createEvent(t.db, { slug, timezone: zone, title: { en: 'Innovation Week', 'zh-CN': '创新周' } });
  const [category] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'GUEST', name: { en: 'Guest', 'zh-CN': '嘉宾' } }).returning();
  const people = await createRegistrations(t.db, event.id, category!.id, [
    { familyName: 'Zhang', givenName: 'Wei', nameZh: '张伟', organisation: '复旦大学', createdAt: new Date('2027-03-01T00:00:00Z') },
    { familyName: 'Okafor', givenName: 'Amara', organisation: 'Lagos Innovation Hub', createdAt: new Date('2027-03-01T00:01:00Z') },
    { familyName: 'Rossi', givenName: 'Marco', organisation: 'Politecnico di Milano', createdAt: new Date('2027-03-01T00:02:00Z') },
  ]);
  const [zhang, okafor, rossi] = people;
  tickets.push(...people.map((p) => p.ticketCode));
  const [bus] = await t.db.insert(agendaSessions).values({ eventId: event.id, type: 'site-visit', title: { en: 'Lab tour' }, capacity: 30, startsAt: wallTime('2027-04-20 14:00', zone), endsAt: wallTime('2027-04-20 16:00', zone) }).returning();
  await t.db.insert(sessionBookings).values([{ registrationId: zhang!.id, sessionId: bus!.id }, { registrationId: rossi!.id, sessionId: bus!.id }]);
  const admit = async (registrationId: string, at: string, door: string, sessionId: string | null = null) => {
    t.clock.set(at);
    return checkIn(t.db, t.clock, { eventId: event.id, sessionId }, { presented: { registrationId }, door, actor: { actorId: null, requestId: null }, clientId: null });
  };
  await admit(zhang!.id, '2027-04-20T01:12:30Z', 'North gate, hall A');
  await admit(zhang!.id, '2027-04-20T06:05:00Z', 'Bus 1', bus!.id);
  await admit(rossi!.id, '2027-04-20T06:06:00Z', 'Bus 1', bus!.id);
  const mistaken = await admit(okafor!.id, '2027-04-20T01:20:00Z', 'South gate');
  if (!mistaken.ok) throw new Error('Okafor was not admitted');
  await undoCheckIn(t.db, t.clock, { actorId: null, requestId: null }, event.id, mistaken.checkIn.id);
  return event;
}

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  shanghai = await eventWithAdmissions('innovation-week-shanghai', 'Asia/Shanghai');
  newYork = await eventWithAdmissions('innovation-week-new-york', 'America/New_York');
  t.clock.set('2027-04-21T02:00:00Z');
  const user = await createUser(t.db, { roles: [[shanghai.id, 'organiser'], [newYork.id, 'organiser']] });
  organiser = await signedInAgent(t, user);
  organiserZh = await signedInAgent(t, user, { lang: 'zh-CN' });
});
afterAll(async () => t?.close());

const COLUMNS = ['familyName', 'nameZh', 'organisation', 'checkedIn', 'checkedInAt', 'checkInDoor'];
const downloadUrl = (event: EventRow, format: string, columns = COLUMNS) => `/admin/events/${event.id}/registrations/export/download?sort=oldest&format=${format}${columns.map((c) => `&columns=${c}`).join('')}`;
const csvOf = (body: Buffer) => parseCsv(body.toString('utf8').replace(/^\uFEFF/, ''));

async function sheetOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? null)));
  const widths = Array.from({ length: sheet.columnCount }, (_, i) => sheet.getColumn(i + 1).width);
  return { rows, widths, dateFormat: sheet.getRow(2).getCell(5).numFmt };
}

describe('the check-in columns', () => {
  it('in the CSV: admitted or not, the time in Beijing time and the door of the event’s admission only', async () => {
    const res = await organiser.get(downloadUrl(shanghai, 'csv'));
    expect(res.statusCode).toBe(200);
    expect(csvOf(res.rawPayload)).toEqual([
      ['Family name', 'Name in Chinese', 'Organisation', 'Checked in', 'Checked in at (Beijing time)', 'Door'],
      ['Zhang', '张伟', '复旦大学', 'Yes', '2027-04-20 09:12:30', 'North gate, hall A'],
      ['Okafor', '', 'Lagos Innovation Hub', 'No', '', ''],
      ['Rossi', '', 'Politecnico di Milano', 'No', '', ''],
    ]);
  });

  it('in the CSV of an event in New York: the same instant as New York’s wall time', async () => {
    const rows = csvOf((await organiser.get(downloadUrl(newYork, 'csv', ['familyName', 'checkedInAt', 'checkInDoor']))).rawPayload);
    expect(rows.slice(0, 2)).toEqual([
      ['Family name', 'Checked in at (New York time)', 'Door'],
      ['Zhang', '2027-04-19 21:12:30', 'North gate, hall A'],
    ]);
  });

  it('in Chinese for a Chinese-speaking organiser', async () => {
    const rows = csvOf((await organiserZh.get(downloadUrl(shanghai, 'csv', ['familyName', 'checkedIn', 'checkedInAt', 'checkInDoor']))).rawPayload);
    expect(rows).toEqual([
      ['姓', '已签到', '签到时间（北京时间）', '签到入口'],
      ['Zhang', '是', '2027-04-20 09:12:30', 'North gate, hall A'],
      ['Okafor', '否', '', ''],
      ['Rossi', '否', '', ''],
    ]);
  });

  it('in the workbook: the time as a real date in the event’s zone, both zones', async () => {
    const beijing = await sheetOf((await organiser.get(downloadUrl(shanghai, 'xlsx'))).rawPayload);
    expect(beijing.rows).toEqual([
      ['Family name', 'Name in Chinese', 'Organisation', 'Checked in', 'Checked in at (Beijing time)', 'Door'],
      ['Zhang', '张伟', '复旦大学', 'Yes', new Date('2027-04-20T09:12:30Z'), 'North gate, hall A'],
      ['Okafor', null, 'Lagos Innovation Hub', 'No', null, null],
      ['Rossi', null, 'Politecnico di Milano', 'No', null, null],
    ]);
    expect(beijing.dateFormat).toBe('yyyy-mm-dd hh:mm:ss');
    const eastern = await sheetOf((await organiser.get(downloadUrl(newYork, 'xlsx', ['familyName', 'checkedInAt']))).rawPayload);
    expect(eastern.rows[1]).toEqual(['Zhang', new Date('2027-04-19T21:12:30Z')]);
  });

  it('sizes the workbook’s columns by their longest cell, Chinese characters counted double', async () => {
    const { widths } = await sheetOf((await organiser.get(downloadUrl(shanghai, 'xlsx'))).rawPayload);
    // Family name (11), Name in Chinese (15), Politecnico di Milano (21), Checked in (10), the header of the times
    // (28), North gate, hall A (18); each with 2 to spare.
    expect(widths).toEqual([13, 17, 23, 12, 30, 20]);
    const zh = await sheetOf((await organiserZh.get(downloadUrl(shanghai, 'xlsx', ['nameZh', 'organisation', 'checkedIn']))).rawPayload);
    // 中文姓名 is 8 wide, 复旦大学 8 and Politecnico di Milano 21; 已签到 6, below the least width of 8.
    expect(zh.widths).toEqual([10, 23, 8]);
  });

  it('never holds the ticket code: it is no column, and no cell of a file with every column has it', async () => {
    const page = await organiser.get(`/admin/events/${shanghai.id}/registrations/export`);
    expect(page.body).toMatch(/<legend>Check-in at the event<\/legend>\s*<label><input type="checkbox" name="columns" value="checkedIn"> Checked in<\/label>\s*<label><input type="checkbox" name="columns" value="checkedInAt"> Checked in at \(Beijing time\)<\/label>\s*<label><input type="checkbox" name="columns" value="checkInDoor"> Door<\/label>/);
    expect((await organiser.get(downloadUrl(shanghai, 'csv', ['familyName', 'ticketCode']))).statusCode).toBe(400);
    const every = [...page.body.matchAll(/name="columns" value="([^"]+)"/g)].map((m) => m[1]!);
    const file = (await organiser.get(downloadUrl(shanghai, 'csv', every))).rawPayload.toString('utf8');
    const [header] = csvOf(Buffer.from(file));
    expect(header).toHaveLength(every.length);
    for (const code of tickets) expect(file).not.toContain(code);
    expect(await t.db.select({ n: registrations.id }).from(registrations).where(eq(registrations.eventId, shanghai.id))).toHaveLength(3);
  });
});
