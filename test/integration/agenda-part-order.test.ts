// The public pages agree on the order of rooms and tracks: the calendars page lists the per-track feeds in the order
// the organiser set (as the agenda’s track view does, a reordering showing without a new publication) and the
// per-room feeds in the room view's order (by name in the reader's language), in English and Chinese.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, rooms, tracks, venues } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

const SLUG = 'innovation-spaces-order';
let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
const trackIds: Record<'open' | 'urban' | 'future' | 'digital', string> = { open: '', urban: '', future: '', digital: '' };
const roomIds: Record<'plenary' | 'conference' | 'room301', string> = { plenary: '', conference: '', room301: '' };

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  event = await createEvent(t.db, {
    slug: SLUG,
    status: 'published',
    title: { en: 'Innovation Spaces Conference', 'zh-CN': '创新空间大会' },
    startsAt: wallTime('2026-09-17 00:00'),
    endsAt: wallTime('2026-09-18 00:00'),
  });
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
  const [venue] = await t.db.insert(venues).values({ eventId: event.id, name: { en: 'China National Convention Center', 'zh-CN': '国家会议中心' } }).returning();
  // Created in neither language's name order, so that only a sort by name gives the room view's order.
  for (const [key, en, zh] of [
    ['plenary', 'Plenary Hall', '大会堂'],
    ['conference', 'Conference Room 1', '第一会议室'],
    ['room301', 'Room 301', '301会议室'],
  ] as const) {
    roomIds[key] = (await t.db.insert(rooms).values({ venueId: venue!.id, name: { en, 'zh-CN': zh } }).returning())[0]!.id;
  }
  // The organiser's order, which is neither language's name order.
  for (const [position, [key, en, zh]] of ([
    ['open', 'Open innovation', '开放创新'],
    ['urban', 'Urban development', '城市发展'],
    ['future', 'Future trends', '未来趋势'],
    ['digital', 'Digital economy', '数字经济'],
  ] as const).entries()) {
    trackIds[key] = (await t.db.insert(tracks).values({ eventId: event.id, name: { en, 'zh-CN': zh }, colour: '#0969da', position }).returning())[0]!.id;
  }
  const session = (title: string, trackId: string, roomId: string, start: string, end: string) =>
    ({ eventId: event.id, type: 'parallel' as const, title: { en: title }, trackId, roomId, startsAt: wallTime(`2026-09-17 ${start}`), endsAt: wallTime(`2026-09-17 ${end}`) });
  await t.db.insert(agendaSessions).values([
    session('Science parks in Europe', trackIds.open, roomIds.room301, '09:00', '10:00'),
    session('Cities of tomorrow', trackIds.urban, roomIds.plenary, '09:00', '10:00'),
    session('Quantum outlook', trackIds.future, roomIds.conference, '09:00', '10:00'),
    session('Data markets', trackIds.digital, roomIds.plenary, '11:00', '12:00'),
  ]);
  const published = await organiser.submit(`/admin/events/${event.id}/agenda`, {}, `/admin/events/${event.id}/agenda/publish`);
  expect(published.statusCode).toBe(303);
  // Removed after publishing: its session keeps it on the published agenda, after the tracks still in the order.
  await t.db.delete(tracks).where(eq(tracks.id, trackIds.digital));
});
afterAll(async () => t?.close());

/** The calendars page's feeds under a heading, as [name, track or room id] in the page's order. */
function feedsUnder(body: string, heading: string): [string, string][] {
  const list = body.split(`<h2>${heading}</h2>`)[1]!.split('</ul>')[0]!;
  return [...list.matchAll(/<span class="feed-list__name">([^<]*)<\/span>\s*<span class="feed-list__actions">\s*<a [^>]*href="webcal:[^"]*\/(?:tracks|rooms)\/([0-9a-f-]+)\.ics/g)].map((m) => [m[1]!, m[2]!]);
}

/** The agenda page's group headings in order. */
async function headings(url: string, lang: string): Promise<string[]> {
  const res = await new HttpAgent(t.app, { lang }).get(url);
  return [...res.body.matchAll(/<h2 id="group-\d+">([^<]*)<\/h2>/g)].map((m) => m[1]!);
}

describe('the calendars page', () => {
  it('lists tracks in the organiser’s order and rooms by name, as the agenda’s track and room views do', async () => {
    const en = (await new HttpAgent(t.app).get(`/events/${SLUG}/agenda/calendars`)).body;
    expect(feedsUnder(en, 'By track')).toEqual([
      ['Open innovation', trackIds.open],
      ['Urban development', trackIds.urban],
      ['Future trends', trackIds.future],
      ['Digital economy', trackIds.digital],
    ]);
    expect(feedsUnder(en, 'By room')).toEqual([
      ['Conference Room 1', roomIds.conference],
      ['Plenary Hall', roomIds.plenary],
      ['Room 301', roomIds.room301],
    ]);
    expect(await headings(`/events/${SLUG}/agenda?view=track`, 'en')).toEqual(['Open innovation', 'Urban development', 'Future trends', 'Digital economy']);
    expect(await headings(`/events/${SLUG}/agenda?view=room`, 'en')).toEqual(['Conference Room 1', 'Plenary Hall', 'Room 301']);

    const zh = (await new HttpAgent(t.app, { lang: 'zh-CN' }).get(`/events/${SLUG}/agenda/calendars`)).body;
    expect(feedsUnder(zh, '按专题')).toEqual([
      ['开放创新', trackIds.open],
      ['城市发展', trackIds.urban],
      ['未来趋势', trackIds.future],
      ['数字经济', trackIds.digital],
    ]);
    expect(feedsUnder(zh, '按会议室')).toEqual([
      ['301会议室', roomIds.room301],
      ['大会堂', roomIds.plenary],
      ['第一会议室', roomIds.conference],
    ]);
    expect(await headings(`/events/${SLUG}/agenda?view=track`, 'zh-CN')).toEqual(['开放创新', '城市发展', '未来趋势', '数字经济']);
    expect(await headings(`/events/${SLUG}/agenda?view=room`, 'zh-CN')).toEqual(['301会议室', '大会堂', '第一会议室']);
  });

  it('follows the organiser moving a track, without a new publication, as the track view does', async () => {
    const moved = await organiser.submit(`/admin/events/${event.id}/tracks`, { direction: 'up' }, `/admin/events/${event.id}/tracks/${trackIds.future}/move`);
    expect(moved.statusCode).toBe(303);
    const en = (await new HttpAgent(t.app).get(`/events/${SLUG}/agenda/calendars`)).body;
    expect(feedsUnder(en, 'By track').map(([name]) => name)).toEqual(['Open innovation', 'Future trends', 'Urban development', 'Digital economy']);
    expect(await headings(`/events/${SLUG}/agenda?view=track`, 'en')).toEqual(['Open innovation', 'Future trends', 'Urban development', 'Digital economy']);
  });
});
