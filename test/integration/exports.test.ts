// Schedule exports for conference apps (frab schedule.xml and schedule.json, checked against the voc/schedule schemas)
// and the organisers' CSV: exact contents, stable ids across publications, languages, and who may download what.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, sessionPeople, speakers } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { parseCsv } from '../helpers/csv.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { scheduleJsonErrors, scheduleXmlErrors } from '../helpers/voc-schedule.ts';
import { createForumAgenda } from '../factories/agenda.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
let agenda: Awaited<ReturnType<typeof createForumAgenda>>;

beforeAll(async () => {
  t = await buildTestApp();
  event = await createEvent(t.db, {
    slug: 'belt-and-road-forum',
    title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' },
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-19 00:00'),
  });
  agenda = await createForumAgenda(t.db, event.id);
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t.close());

const publish = async () => expect((await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`)).statusCode).toBe(303);
const anyone = () => new HttpAgent(t.app);
const getJson = async (url: string) => {
  const res = await anyone().get(url);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return res.json() as ScheduleDocument;
};

interface ScheduleDocument {
  schedule: { version: string; conference: { days: { index: number; date: string; rooms: Record<string, { id: number; guid: string; title: string; start: string }[]> }[] } & Record<string, unknown> };
}

/** [day, room, id, title] for every session in the document, in order. */
const outline = (doc: ScheduleDocument) =>
  doc.schedule.conference.days.flatMap((day) => Object.entries(day.rooms).flatMap(([room, events]) => events.map((e) => [day.date, room, e.id, e.title])));

describe('before the first publication', () => {
  it('offers a valid schedule with the event days and no sessions', async () => {
    const res = await anyone().get('/events/belt-and-road-forum/schedule.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(await scheduleXmlErrors(res.body)).toEqual([]);
    expect(res.body).toContain('<version>0</version>');
    const json = await getJson('/events/belt-and-road-forum/schedule.json');
    expect(scheduleJsonErrors(json)).toEqual([]);
    expect(outline(json)).toEqual([]);
    expect(json.schedule.conference.days.map((d) => d.date)).toEqual(['2026-09-17', '2026-09-18']);
  });

  it('is not there for a draft or unknown event, or in a language we do not offer', async () => {
    const draft = await createEvent(t.db, { slug: 'draft-forum-schedule', status: 'draft' });
    expect((await anyone().get(`/events/${draft.slug}/schedule.xml`)).statusCode).toBe(404);
    expect((await anyone().get('/events/no-such-forum/schedule.json')).statusCode).toBe(404);
    expect((await anyone().get('/events/belt-and-road-forum/schedule.json?lang=fr')).statusCode).toBe(400);
  });
});

describe('schedule.xml', () => {
  it('is valid against the voc/schedule XSD, with days from 04:00 to 04:00 Beijing time and the cancelled session left out', async () => {
    await publish();
    const res = await anyone().get('/events/belt-and-road-forum/schedule.xml');
    expect(await scheduleXmlErrors(res.body)).toEqual([]);
    const s = agenda.sessions;
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n  <generator name="Forum Desk" version="0.1.0"/>\n  <version>1</version>\n')).toBe(true);
    expect(res.body).toContain(
      '  <conference>\n' +
        '    <acronym>belt_and_road_forum</acronym>\n' +
        '    <title>Belt and Road Innovation Forum</title>\n' +
        '    <start>2026-09-17</start>\n' +
        '    <end>2026-09-18</end>\n' +
        '    <days>2</days>\n' +
        '    <timeslot_duration>00:15</timeslot_duration>\n' +
        '    <base_url>http://forumdesk.test/events/belt-and-road-forum</base_url>\n' +
        '    <time_zone_name>Asia/Shanghai</time_zone_name>\n' +
        '  </conference>\n' +
        '  <day index="1" date="2026-09-17" start="2026-09-17T04:00:00+08:00" end="2026-09-18T04:00:00+08:00">\n' +
        `    <room name="Room 301" guid="${agenda.room301.id}">\n`,
    );
    expect(res.body).toContain(
      `      <event guid="${s.keynote.id}" id="2">\n` +
        '        <date>2026-09-17T09:30:00+08:00</date>\n' +
        '        <start>09:30</start>\n' +
        '        <duration>00:45</duration>\n' +
        '        <room>Room 301</room>\n' +
        '        <slug>beltandroadforum-2-keynote-innovation-the-digital-silk-road</slug>\n' +
        `        <url>http://forumdesk.test/events/belt-and-road-forum/sessions/${s.keynote.id}</url>\n` +
        '        <title>Keynote: Innovation &amp; the &lt;Digital&gt; Silk Road</title>\n' +
        '        <subtitle></subtitle>\n' +
        '        <track>Digital Silk Road</track>\n' +
        '        <type>keynote</type>\n' +
        '        <language>en</language>\n' +
        '        <abstract>How **ideas** travel.</abstract>\n' +
        '        <description>How **ideas** travel.</description>\n' +
        '        <persons>\n' +
        '          <person id="2">Marco Rossi</person>\n' +
        '        </persons>\n' +
        '        <links></links>\n' +
        '      </event>\n',
    );
    // Across midnight, and after midnight: both on the evening's day, 17 September. Networking without a room is for
    // all participants, as the agenda’s room view has it, not a session waiting for its room.
    expect(res.body).toContain(`<event guid="${s.networking.id}" id="5">\n        <date>2026-09-17T23:30:00+08:00</date>\n        <start>23:30</start>\n        <duration>01:00</duration>\n        <room>For all participants</room>`);
    expect(res.body).toContain(`<event guid="${s.hackathon.id}" id="6">\n        <date>2026-09-18T00:45:00+08:00</date>\n        <start>00:45</start>\n        <duration>01:15</duration>\n        <room>Room 302</room>`);
    expect(res.body).toContain('<day index="2" date="2026-09-18" start="2026-09-18T04:00:00+08:00" end="2026-09-19T04:00:00+08:00">');
    expect(res.body).toContain('<room name="For all participants">');
    expect(res.body).not.toContain('Room to be announced');
    expect(res.body).toContain('<person id="3">王伟</person>\n          <person id="1">Li Na</person>');
    expect(res.body).not.toContain(s.visit.id);
    expect(res.body).not.toContain('Site visit');
  });

  it('speaks Chinese when asked, falling back to the other language where a text is missing', async () => {
    const res = await anyone().get('/events/belt-and-road-forum/schedule.xml?lang=zh-CN');
    expect(await scheduleXmlErrors(res.body)).toEqual([]);
    expect(res.body).toContain('<title>一带一路创新论坛</title>');
    expect(res.body).toContain('<title>主旨演讲：创新与数字丝绸之路</title>');
    expect(res.body).toContain('<title>Late-night hackathon</title>');
    expect(res.body).toContain('<room name="301会议室"');
    expect(res.body).toContain('<room name="全体参会者">');
    expect(res.body).toContain('<person id="1">李娜</person>');
    expect(res.body).toContain('<description>同传：中英同声传译</description>');
    expect(res.body).toContain(`<url>http://forumdesk.test/events/belt-and-road-forum/sessions/${agenda.sessions.keynote.id}?lang=zh-CN</url>`);
    // The language spoken stays a two-letter code.
    expect(res.body).toContain('<language>zh</language>');
    expect(res.body).not.toContain('zh-CN</language>');
  });
});

describe('schedule.json', () => {
  it('is valid against the voc/schedule JSON schema, with the same sessions, ids and days as the XML', async () => {
    const doc = await getJson('/events/belt-and-road-forum/schedule.json');
    expect(scheduleJsonErrors(doc)).toEqual([]);
    const { days, ...conference } = doc.schedule.conference;
    expect(conference).toEqual({
      acronym: 'belt_and_road_forum',
      title: 'Belt and Road Innovation Forum',
      start: '2026-09-17',
      end: '2026-09-18',
      daysCount: 2,
      timeslot_duration: '00:15',
      time_zone_name: 'Asia/Shanghai',
      url: 'http://forumdesk.test/events/belt-and-road-forum',
      rooms: [
        { name: 'Room 301', guid: agenda.room301.id },
        { name: 'Room 302', guid: agenda.room302.id },
      ],
      tracks: [{ name: 'Digital Silk Road', color: '#0969da' }],
    });
    expect(days.map(({ rooms: _rooms, ...day }) => day)).toEqual([
      { index: 1, date: '2026-09-17', day_start: '2026-09-17T04:00:00+08:00', day_end: '2026-09-18T04:00:00+08:00' },
      { index: 2, date: '2026-09-18', day_start: '2026-09-18T04:00:00+08:00', day_end: '2026-09-19T04:00:00+08:00' },
    ]);
    expect(outline(doc)).toEqual([
      ['2026-09-17', 'Room 301', 1, 'Opening ceremony'],
      ['2026-09-17', 'Room 301', 2, 'Keynote: Innovation & the <Digital> Silk Road'],
      ['2026-09-17', 'Room 302', 3, '圆桌对话：科技园区合作'],
      ['2026-09-17', 'Room 302', 6, 'Late-night hackathon'],
      ['2026-09-17', 'For all participants', 5, 'Evening networking'],
      ['2026-09-18', 'Room 301', 7, 'Signing ceremony and report release'],
    ]);
    expect(days[0]!.rooms['Room 301']![0]).toEqual({
      id: 1,
      guid: agenda.sessions.opening.id,
      date: '2026-09-17T09:00:00+08:00',
      start: '2026-09-17T09:00:00+08:00',
      duration: '00:30',
      room: 'Room 301',
      slug: 'beltandroadforum-1-opening-ceremony',
      url: `http://forumdesk.test/events/belt-and-road-forum/sessions/${agenda.sessions.opening.id}`,
      title: 'Opening ceremony',
      subtitle: '',
      track: null,
      type: 'opening',
      language: 'zh',
      abstract: '',
      description: 'Interpretation: Simultaneous, Chinese ↔ English',
      persons: [{ id: 1, public_name: 'Li Na' }],
      links: [],
    });
    expect(JSON.stringify(doc)).not.toContain('@example.org');
  });

  it('keeps every id across publications: new sessions get the next numbers, even when they start earlier', async () => {
    const before = outline(await getJson('/events/belt-and-road-forum/schedule.json'));
    await t.db.update(agendaSessions).set({ title: { en: 'Opening ceremony of the forum', 'zh-CN': '论坛开幕式' } }).where(eq(agendaSessions.id, agenda.sessions.opening.id));
    const [early] = await t.db
      .insert(agendaSessions)
      .values({ eventId: event.id, type: 'other', title: { en: 'Registration and coffee', 'zh-CN': '签到' }, roomId: agenda.room302.id, startsAt: wallTime('2026-09-17 08:00'), endsAt: wallTime('2026-09-17 08:45') })
      .returning();
    await publish();
    const after = await getJson('/events/belt-and-road-forum/schedule.json');
    expect(scheduleJsonErrors(after)).toEqual([]);
    expect(after.schedule.version).toBe('2');
    expect(outline(after)).toEqual([
      ['2026-09-17', 'Room 301', 1, 'Opening ceremony of the forum'],
      ...before.slice(1, 2),
      ['2026-09-17', 'Room 302', 8, 'Registration and coffee'],
      ...before.slice(2),
    ]);
    // The rooms keep their order although Room 302 now has the first session of the day.
    expect(Object.keys(after.schedule.conference.days[0]!.rooms)).toEqual(['Room 301', 'Room 302', 'For all participants']);
    expect(after.schedule.conference.days[0]!.rooms['Room 302']![0]!.guid).toBe(early!.id);
    // A new publication shows on the very next request, in the XML too.
    const xml = (await anyone().get('/events/belt-and-road-forum/schedule.xml')).body;
    expect(xml).toContain(`<event guid="${early!.id}" id="8">`);
    expect(await scheduleXmlErrors(xml)).toEqual([]);
  });
});

describe('the schema checks themselves', () => {
  it('refuse a broken document, so a passing check means something', async () => {
    const xml = (await anyone().get('/events/belt-and-road-forum/schedule.xml')).body;
    expect(await scheduleXmlErrors(xml.replace('id="2"', 'id="0"'))).not.toEqual([]);
    expect(await scheduleXmlErrors(xml.replace('<slug>beltandroadforum-2-', '<slug>belt-and-road-forum-2-'))).not.toEqual([]);
    const doc = await getJson('/events/belt-and-road-forum/schedule.json');
    const event = doc.schedule.conference.days[0]!.rooms['Room 301']![0] as unknown as Record<string, unknown>;
    delete event.guid;
    expect(scheduleJsonErrors(doc)).toEqual(["/schedule/conference/days/0/rooms/Room 301/0 must have required property 'guid'"]);
  });
});

describe('the organisers\' CSV', () => {
  const VENUE = 'China National Convention Center';
  const INTERPRETED = 'Simultaneous, Chinese ↔ English';

  it('holds every current session, published or not, exactly as a spreadsheet should read it back', async () => {
    const [speaker] = await t.db.insert(speakers).values({ eventId: event.id, name: { en: '@Everyone' } }).returning();
    const [formula] = await t.db
      .insert(agendaSessions)
      .values({ eventId: event.id, type: 'other', title: { en: '=HYPERLINK("http://evil.example")', 'zh-CN': '\tTabbed, "quoted"' }, startsAt: wallTime('2026-09-17 13:00'), endsAt: wallTime('2026-09-17 13:30') })
      .returning();
    await t.db.insert(sessionPeople).values({ sessionId: formula!.id, speakerId: speaker!.id, role: 'host' });
    const [early] = await t.db.select().from(agendaSessions).where(eq(agendaSessions.startsAt, wallTime('2026-09-17 08:00')));
    const s = agenda.sessions;

    const res = await organiser.get(`/admin/events/${event.id}/agenda.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="agenda-belt-and-road-forum.csv"');
    expect(res.body.startsWith('\uFEFFSession id,Day,Start (Beijing time),End (Beijing time),Type,Title (English),Title (Chinese),Room,Venue,Track,Language,Interpretation,Seats,Status,People\r\n')).toBe(true);
    expect(parseCsv(res.body.slice(1))).toEqual([
      ['Session id', 'Day', 'Start (Beijing time)', 'End (Beijing time)', 'Type', 'Title (English)', 'Title (Chinese)', 'Room', 'Venue', 'Track', 'Language', 'Interpretation', 'Seats', 'Status', 'People'],
      [early!.id, '2026-09-17', '08:00', '08:45', 'Other', 'Registration and coffee', '签到', 'Room 302', VENUE, '', 'Chinese', '', '', 'Scheduled', ''],
      [s.opening.id, '2026-09-17', '09:00', '09:30', 'Opening', 'Opening ceremony of the forum', '论坛开幕式', 'Room 301', VENUE, '', 'Chinese', INTERPRETED, '', 'Scheduled', 'Li Na (Host)'],
      [s.keynote.id, '2026-09-17', '09:30', '10:15', 'Keynote', 'Keynote: Innovation & the <Digital> Silk Road', '主旨演讲：创新与数字丝绸之路', 'Room 301', VENUE, 'Digital Silk Road', 'English', '', '', 'Scheduled', 'Marco Rossi (Speaker)'],
      [s.roundtable.id, '2026-09-17', '10:30', '12:00', 'Roundtable', '', '圆桌对话：科技园区合作', 'Room 302', VENUE, '', 'Chinese', INTERPRETED, '', 'Scheduled', '王伟 (Moderator); Li Na (Panelist)'],
      [formula!.id, '2026-09-17', '13:00', '13:30', 'Other', '\'=HYPERLINK("http://evil.example")', '\'\tTabbed, "quoted"', '', '', '', 'Chinese', '', '', 'Scheduled', "'@Everyone (Host)"],
      [s.visit.id, '2026-09-17', '14:00', '15:00', 'Site visit', 'Site visit to Zhongguancun', '中关村参观', 'Room 302', VENUE, '', 'Chinese', '', '40', 'Cancelled', ''],
      [s.networking.id, '2026-09-17', '23:30', '2026-09-18 00:30', 'Networking', 'Evening networking', '晚间交流', '', '', '', 'Chinese', '', '', 'Scheduled', ''],
      [s.hackathon.id, '2026-09-18', '00:45', '02:00', 'Other', 'Late-night hackathon', '', 'Room 302', VENUE, '', 'English', '', '', 'Scheduled', ''],
      [s.signing.id, '2026-09-18', '09:00', '10:00', 'Signing ceremony', 'Signing ceremony and report release', '签约仪式暨报告发布', 'Room 301', VENUE, '', 'Chinese', INTERPRETED, '', 'Scheduled', ''],
    ]);
    // The unpublished session is not in the public schedule.
    expect((await anyone().get('/events/belt-and-road-forum/schedule.xml')).body).not.toContain(formula!.id);
  });

  it('has its headings and names in Chinese for a Chinese reader, and is linked from the agenda page', async () => {
    const zh = await organiser.get(`/admin/events/${event.id}/agenda.csv?lang=zh-CN`);
    const rows = parseCsv(zh.body.slice(1));
    expect(rows[0]).toEqual(['场次编号', '日期', '开始（北京时间）', '结束（北京时间）', '类型', '标题（英文）', '标题（中文）', '会议室', '场馆', '专题', '语言', '同传', '名额', '状态', '人员']);
    expect(rows.find((r) => r[0] === agenda.sessions.roundtable.id)!.slice(4)).toEqual(['圆桌会议', '', '圆桌对话：科技园区合作', '302会议室', '国家会议中心', '', '中文', '中英同声传译', '', '按计划进行', '王伟（对话主持）；李娜（对话嘉宾）']);
    const page = await organiser.get(`/admin/events/${event.id}/agenda`);
    expect(page.body).toContain(`<a href="/admin/events/${event.id}/agenda.csv" download>Download the agenda as a spreadsheet (CSV)</a>`);
  });

  it('is for the event\'s organisers only: anonymous readers sign in first, another event\'s organiser finds nothing', async () => {
    const url = `/admin/events/${event.id}/agenda.csv`;
    const anonymous = await anyone().get(url);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    const other = await createEvent(t.db, { slug: 'another-forum-csv' });
    const outsider = await signedInAgent(t, await createUser(t.db, { roles: [[other.id, 'organiser']] }));
    expect((await outsider.get(url)).statusCode).toBe(404);
    expect((await outsider.get(`/admin/events/${other.id}/agenda.csv`)).statusCode).toBe(200);
    // It is the working copy (unpublished sessions, people who declined): the door staff, jury and speakers of the
    // event read the published agenda like everyone else.
    for (const role of ['checkin', 'jury', 'speaker'] as const) {
      const member = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, role]] }));
      expect((await member.get(url)).statusCode, role).toBe(403);
    }
  });
});
