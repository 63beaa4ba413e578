// Schedule exports for conference apps (frab schedule.xml and schedule.json, checked against the voc/schedule schemas)
// and the organisers' CSV: exact contents, stable ids across publications, languages, and who may download what.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
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
    // Across midnight, and after midnight: both on the evening's day, 17 September.
    expect(res.body).toContain(`<event guid="${s.networking.id}" id="5">\n        <date>2026-09-17T23:30:00+08:00</date>\n        <start>23:30</start>\n        <duration>01:00</duration>\n        <room>Room to be announced</room>`);
    expect(res.body).toContain(`<event guid="${s.hackathon.id}" id="6">\n        <date>2026-09-18T00:45:00+08:00</date>\n        <start>00:45</start>\n        <duration>01:15</duration>\n        <room>Room 302</room>`);
    expect(res.body).toContain('<day index="2" date="2026-09-18" start="2026-09-18T04:00:00+08:00" end="2026-09-19T04:00:00+08:00">');
    expect(res.body).toContain('<room name="Room to be announced">');
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
    expect(res.body).toContain('<room name="会议室待定">');
    expect(res.body).toContain('<person id="1">李娜</person>');
    expect(res.body).toContain('<description>翻译：中英同声传译</description>');
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
      ['2026-09-17', 'Room to be announced', 5, 'Evening networking'],
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
    expect(Object.keys(after.schedule.conference.days[0]!.rooms)).toEqual(['Room 301', 'Room 302', 'Room to be announced']);
    expect(after.schedule.conference.days[0]!.rooms['Room 302']![0]!.guid).toBe(early!.id);
    // A new publication shows on the very next request, in the XML too.
    const xml = (await anyone().get('/events/belt-and-road-forum/schedule.xml')).body;
    expect(xml).toContain(`<event guid="${early!.id}" id="8">`);
    expect(await scheduleXmlErrors(xml)).toEqual([]);
  });
});
