// Random and hostile values in every organiser form of the agenda (session, speaker, track, venue, room, event
// details, reminder checklist, conflict acknowledgement): never a 5xx; either saved (303) or refused with a visible
// error summary (422) and then nothing written at all.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_TEXT_MAX } from '../../src/lib/form-text.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import type { HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, createVenueWithRooms, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

const NUM_RUNS = 25;


let t: TestApp;
let event: EventRow;
let other: EventRow;
let organiser: HttpAgent;
let roomId: string;
let venueId: string;
let otherRoomId: string;

beforeAll(async () => {
  t = await buildTestApp({ env: { FORM_MIN_SECONDS: '0' } });
  // Rome, across the end of summer time on Sunday 25 October 2026, so wall times can be missing or repeated.
  event = await createEvent(t.db, {
    slug: 'fuzz-week',
    timezone: 'Europe/Rome',
    startsAt: wallTime('2026-10-23 00:00', 'Europe/Rome'),
    endsAt: wallTime('2026-10-27 00:00', 'Europe/Rome'),
  });
  other = await createEvent(t.db, { slug: 'fuzz-other' });
  const venue = await createVenueWithRooms(t.db, event.id, [120]);
  venueId = venue.venue.id;
  roomId = venue.rooms[0]!.id;
  otherRoomId = (await createVenueWithRooms(t.db, other.id, [50])).rooms[0]!.id;
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t.close());

/** Every table an agenda form can write, counted; a refused form must leave all counts (and the audit log) as they were. */
async function rowCounts() {
  const result = await t.db.execute(sql`select
    (select count(*) from agenda_sessions)::int as sessions, (select count(*) from session_people)::int as people,
    (select count(*) from speakers)::int as speakers, (select count(*) from tracks)::int as tracks,
    (select count(*) from venues)::int as venues, (select count(*) from rooms)::int as rooms,
    (select count(*) from conflict_acknowledgements)::int as acknowledgements, (select count(*) from audit_log)::int as audit,
    (select count(*) from session_reminder_settings)::int as "reminderSettings"`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, number>[];
  return rows[0];
}

const hostile = fc.oneof(
  fc.constantFrom('', ' ', '<script>alert(1)</script>', '[x](javascript:alert(1))', '中关村', '\u202e', '\ufeff', '0', '-1', '1e9', '12.5', 'NaN', '#GGGGGG', '#0969DA', 'zh-en', 'xx', 'CN', 'null', '{}', '[]'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer({ min: 290, max: 6000 }).map((n) => 'x'.repeat(n)),
  // Over-long text, around and far beyond every field's limit (browsers stop at maxlength; other clients need not).
  fc.tuple(fc.constantFrom('x', '长', '👩‍🔬', 'a\r\n'), fc.constantFrom(4097, 5001, 10_001, 20_001, 30_000)).map(([unit, n]) => unit.repeat(Math.ceil(n / [...unit].length))),
);
const wallTimes = fc.oneof(
  fc.constantFrom('2026-10-25T02:30', '2026-10-24T10:00', '2026-10-24T09:00', '2026-10-30T10:00', '2026-02-30T10:00', '2026-10-24 10:00', '2026-10-24T24:00', ''),
  fc.date({ min: new Date('2026-10-20T00:00:00Z'), max: new Date('2026-10-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 16)),
  hostile,
);

interface FormTarget {
  page: () => string;
  action: () => string;
  fields: () => Record<string, fc.Arbitrary<string>>;
}

const pick = (...values: string[]) => fc.oneof(fc.constantFrom(...values), hostile);
const TARGETS: Record<string, FormTarget> = {
  session: {
    page: () => `/admin/events/${event.id}/agenda/new`,
    action: () => `/admin/events/${event.id}/agenda`,
    fields: () => ({
      type: pick('keynote', 'site-visit', 'banquet'),
      titleEn: pick('Opening keynote'),
      titleZh: pick('开幕主旨演讲'),
      abstractEn: hostile,
      abstractZh: hostile,
      roomId: pick(roomId, otherRoomId, ''),
      trackId: pick(''),
      startsAt: wallTimes,
      endsAt: wallTimes,
      language: pick('en', 'zh', 'fr'),
      interpretation: pick('', 'zh-en'),
      capacity: pick('', '40', '500'),
      person1: pick(''),
      role1: pick('speaker', 'boss'),
      answer1: pick('invited', 'accepted', 'declined', 'maybe', ''),
    }),
  },
  speaker: {
    page: () => `/admin/events/${event.id}/speakers`,
    action: () => `/admin/events/${event.id}/speakers`,
    fields: () => ({ nameEn: pick('Marco Rossi'), nameZh: pick('马可'), titleEn: hostile, organisationEn: hostile, country: pick('IT', 'it', 'XX', ''), email: pick('', 'marco@example.it', 'no-at') }),
  },
  track: {
    page: () => `/admin/events/${event.id}/tracks`,
    action: () => `/admin/events/${event.id}/tracks`,
    fields: () => ({ nameEn: pick('Green technology'), nameZh: pick('绿色技术'), colour: pick('#1f883d', 'green', '#12345') }),
  },
  venue: {
    page: () => `/admin/events/${event.id}/venues`,
    action: () => `/admin/events/${event.id}/venues`,
    fields: () => ({ nameEn: pick('Palazzo dei Congressi'), nameZh: pick('会议宫'), addressEn: hostile, addressZh: hostile }),
  },
  room: {
    page: () => `/admin/events/${event.id}/venues`,
    action: () => `/admin/events/${event.id}/venues/${venueId}/rooms`,
    fields: () => ({ roomNameEn: pick('Sala Verde'), roomNameZh: pick('绿厅'), floor: hostile, capacity: pick('80', '0', ''), booths: pick('yes', '') }),
  },
  'event details': {
    page: () => `/admin/events/${event.id}/edit`,
    action: () => `/admin/events/${event.id}`,
    fields: () => ({
      titleEn: pick('China–Italy Innovation Week'),
      titleZh: pick('中意创新周'),
      summaryEn: hostile,
      descriptionEn: hostile,
      descriptionZh: hostile,
      timezone: pick('Europe/Rome', 'Asia/Shanghai', 'Mars/Olympus'),
      startsAt: wallTimes,
      endsAt: wallTimes,
      status: pick('draft', 'published', 'deleted'),
      contactEmail: pick('', 'week@example.it', 'nobody'),
    }),
  },
  'reminder checklist': {
    page: () => `/admin/events/${event.id}/agenda/reminders`,
    action: () => `/admin/events/${event.id}/agenda/reminders`,
    fields: () => {
      const lines = fc.array(fc.oneof(hostile, fc.constantFrom('Slides on a USB stick', 'U盘拷贝的演示文稿')), { maxLength: 12 });
      return { bringEn: fc.oneof(lines.map((l) => l.join('\n')), hostile), bringZh: fc.oneof(lines.map((l) => l.join('\r\n')), hostile) };
    },
  },
  acknowledgement: {
    page: () => `/admin/events/${event.id}/agenda`,
    action: () => `/admin/events/${event.id}/agenda/acknowledgements`,
    fields: () => ({ key: pick('["p","a","b"]', '[1,2]', 'not json'), reason: hostile }),
  },
};

describe('agenda forms under random input', () => {
  it.each(Object.keys(TARGETS))('%s form: never 5xx; saved, or 422 with an error summary and nothing written', async (name) => {
    const target = TARGETS[name]!;
    await fc.assert(
      fc.asyncProperty(fc.record(target.fields()), async (fields) => {
        // Several fields far over their limits in multi-byte text can exceed the body limit together. Within a
        // kilobyte of it, the form's own hidden fields decide which side the body falls on: such runs are skipped.
        // The app's largest request body: a form sent with more is refused whole, 413, before any field is read.
        const limit = t.config.BODY_LIMIT;
        const bodyBytes = Buffer.byteLength(new URLSearchParams(fields).toString());
        fc.pre(bodyBytes <= limit - 1024 || bodyBytes > limit);
        const before = await rowCounts();
        const res = await organiser.submit(target.page(), fields, target.action());
        expect(res.statusCode, res.body.slice(0, 400)).toBeLessThan(500);
        if (bodyBytes > limit) {
          expect(res.statusCode).toBe(413);
          expect(await rowCounts()).toEqual(before);
          return;
        }
        if (res.statusCode === 303) return;
        // An acknowledgement of an overlap that does not exist (any more) is a conflict with the current agenda.
        expect(res.statusCode).toBe(name === 'acknowledgement' && res.statusCode === 409 ? 409 : 422);
        // Every refusal, over-long text too, is the form again with an error summary, never an error page; only text
        // beyond what any form field takes (several long lines in one box) is refused whole, on a page saying so.
        if (Object.values(fields).some((value) => [...value].length > FORM_TEXT_MAX)) {
          expect(res.statusCode).toBe(422);
          expect(res.body).toMatch(/<p class="lead">The text in “\w+” is too long: at most 50,000 characters\. Go back, shorten it and try again\.<\/p>/);
        } else if (res.statusCode === 422) {
          expect(res.body).toContain('class="error-summary"');
          expect(res.body).not.toContain('class="error-page"');
        } else expect(res.body).toContain('<p class="lead">');
        expect(await rowCounts()).toEqual(before);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
