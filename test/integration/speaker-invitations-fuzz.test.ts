// Random and hostile values in the organiser's invite form: never a 5xx; either sent (303, with exactly one
// invitation and one mail more) or refused with a visible error summary (422) and then nothing written at all.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, speakers } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, type HttpAgent } from '../helpers/http-agent.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';

const NUM_RUNS = 30;

let t: TestApp;
let event: EventRow;
let organiser: HttpAgent;
const ids = { session: '', cancelled: '', otherSession: '', speaker: '', noEmail: '', otherSpeaker: '' };

beforeAll(async () => {
  t = await buildTestApp({ worker: false });
  event = await createEvent(t.db, { slug: 'invitation-fuzz' });
  const other = await createEvent(t.db, { slug: 'invitation-fuzz-other' });
  const session = async (eventId: string, status: 'scheduled' | 'cancelled' = 'scheduled') =>
    (await t.db.insert(agendaSessions).values({ eventId, type: 'panel', title: { en: 'Panel', 'zh-CN': '圆桌' }, startsAt: wallTime('2027-03-27 10:00'), endsAt: wallTime('2027-03-27 11:00'), status }).returning())[0]!.id;
  ids.session = await session(event.id);
  ids.cancelled = await session(event.id, 'cancelled');
  ids.otherSession = await session(other.id);
  const speaker = async (eventId: string, email: string | null) => (await t.db.insert(speakers).values({ eventId, name: { en: 'Elena Bianchi' }, email }).returning())[0]!.id;
  ids.speaker = await speaker(event.id, 'elena.bianchi@example.it');
  ids.noEmail = await speaker(event.id, null);
  ids.otherSpeaker = await speaker(other.id, 'someone@example.org');
  organiser = await signedInAgent(t, await createUser(t.db, { roles: [[event.id, 'organiser']] }));
});
afterAll(async () => t?.close());

async function rowCounts() {
  const result = await t.db.execute(sql`select
    (select count(*) from speaker_invitations)::int as invitations, (select count(*) from speaker_invitation_sessions)::int as lines,
    (select count(*) from session_people)::int as people, (select count(*) from speakers)::int as speakers,
    (select count(*) from access_tokens)::int as tokens, (select count(*) from messages)::int as messages, (select count(*) from audit_log)::int as audit`);
  type Counts = Record<'invitations' | 'lines' | 'people' | 'speakers' | 'tokens' | 'messages' | 'audit', number>;
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Counts[];
  return rows[0]!;
}

const hostile = fc.oneof(
  fc.constantFrom('', ' ', '<script>alert(1)</script>', '中关村', '\u202e', '\ufeff', 'null', '{}', '[]', '../../etc/passwd', "'; drop table speakers; --"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer({ min: 1990, max: 2100 }).map((n) => 'x'.repeat(n)),
);
const pick = (...values: string[]) => fc.oneof(fc.constantFrom(...values), hostile);

describe('the invite form under random input', () => {
  it('never 5xx; sent with one invitation and one mail more, or 422 with an error summary and nothing written', async () => {
    const form = await organiser.get(`/admin/events/${event.id}/speakers/invitations/new`);
    const action = `/admin/events/${event.id}/speakers/invitations`;
    const hidden = hiddenFields(form.body, action);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          speakerId: pick('', ids.speaker, ids.noEmail, ids.otherSpeaker, 'not-a-uuid'),
          nameEn: pick('', 'Marco Rossi'),
          nameZh: pick('', '马可'),
          email: pick('', 'marco.rossi@example.it', 'ELENA.BIANCHI@example.it', 'no-at', 'a@b'),
          session: fc.subarray([ids.session, ids.cancelled, ids.otherSession, 'nonsense', '01900000-0000-7000-8000-000000000000']),
          role: pick('speaker', 'moderator', 'panelist', 'host', 'king'),
          message: hostile,
          locale: pick('', 'en', 'zh-CN', 'fr'),
        }),
        async ({ session, role, ...fields }) => {
          const before = await rowCounts();
          const body: Record<string, string | string[]> = { ...hidden, ...fields, session };
          for (const id of session) body[`role-${id}`] = role;
          const res = await organiser.post(action, body);
          expect(res.statusCode, res.body.slice(0, 400)).toBeLessThan(500);
          const after = await rowCounts();
          if (res.statusCode === 303) {
            expect(after.invitations).toBe(before.invitations + 1);
            expect(after.messages).toBe(before.messages + 1);
            expect(after.lines).toBe(before.lines + 1);
            return;
          }
          expect(res.statusCode).toBe(422);
          expect(res.body).toContain('class="error-summary"');
          expect(after).toEqual(before);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
