// checkin: ticket scans at the door — the check-in POST (JSON with a ticket code, a signed-in staff session cookie
// and its CSRF token; one conditional INSERT per scan) of a demo event, each request a ticket not used before,
// against L1 (bare form + one INSERT) in the same run; then the organisers' participant list of the demo conference
// searched over its 20,000 registrations (first page, p99). Needs PostgreSQL: the registrations are written into
// the app's database with bulk INSERTs before the app starts serving.
import { randomBytes, randomInt } from 'node:crypto';
import postgres from 'postgres';
import { buildDemoEvents } from '../../src/db/seed/demo-events.ts';
import { hashPassword } from '../../src/features/accounts/password.ts';
import { uuidv7 } from '../../src/lib/ids.ts';
import { describeAppServer } from '../lib/app-server.ts';
import { describeL1Server } from '../lib/baseline-servers.ts';
import { createBenchDatabase } from '../lib/bench-database.ts';
import { type LoadRequest, type Measurement, measureLoad } from '../lib/measure-load.ts';
import { reportProgress } from '../lib/report-progress.ts';
import { type Scenario, compareWithBaseline } from '../lib/scenario.ts';
import { withServer } from '../lib/spawn-server.ts';
import { POST_FORM } from './l1.ts';

const REGISTRATIONS = 20_000;
const MIN_RATIO = 0.4;
const MAX_SEARCH_P99_MS = 100;
/** Well above what one door (or L1) manages here: sizes the pool of unused tickets. */
const DOOR_SCANS_PER_SECOND_AT_MOST = 6_000;
const STAFF_EMAIL = 'bench-door@forumdesk.localhost';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const FAMILY_NAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Müller', 'Rossi', 'Silva', 'Okafor', 'Berg', 'Novak', 'Dubois', 'Tanaka', 'Kim', 'Nguyen', 'Ivanova', 'García'];
const GIVEN_NAMES = ['Wei', 'Fang', 'Jing', 'Min', 'Lei', 'Anna', 'Marco', 'Ana', 'Amara', 'Jonas', 'Petra', 'Claire', 'Yuki', 'Minho', 'Linh', 'Olga', 'Diego', 'Sara', 'Omar', 'Ravi'];

const newTicket = () => Array.from({ length: 32 }, () => BASE32[randomInt(32)]).join('');

/** A person's family and given name, the i-th of a run. */
type Naming = (i: number) => [family: string, given: string];
/** Names as a forum's list has them: one in twenty is a Wang, whom the list search looks for. */
const LIST_NAMES: Naming = (i) => [FAMILY_NAMES[i % FAMILY_NAMES.length]!, `${GIVEN_NAMES[Math.floor(i / FAMILY_NAMES.length) % GIVEN_NAMES.length]} ${i}`];
/** Names no search of the list matches: the door's people must not add to the list search's work. */
const DOOR_NAMES: Naming = (i) => ['Door', `Guest ${i}`];

/** `count` confirmed registrations of an event's category with known tickets, written with one statement. */
async function insertRegistrations(db: postgres.Sql, eventId: string, categoryId: string, count: number, emailPrefix: string, names: Naming): Promise<string[]> {
  const tickets = Array.from({ length: count }, newTicket);
  const ids = tickets.map(() => uuidv7());
  const family = tickets.map((_, i) => names(i)[0]);
  const given = tickets.map((_, i) => names(i)[1]);
  const emails = tickets.map((_, i) => `${emailPrefix}-${i}@example.org`);
  // Arrays unnested server-side, the rest constant.
  await db`
    insert into registrations (id, event_id, category_id, status, holds_seat, email, family_name, given_name, organisation, country, mobile, residence, locale, ticket_code, consent_at, consent_version)
    select id, ${eventId}, ${categoryId}, 'confirmed', true, email, family, given, 'Load Test Institute', 'DE', '+4915123456789', 'mainland', 'en', ticket, now(), '2026-11'
    from unnest(${ids}::uuid[], ${emails}::text[], ${family}::text[], ${given}::text[], ${tickets}::text[]) as t(id, email, family, given, ticket)`;
  return tickets;
}

/**
 * The participant list's 20,000 registrations (the conference), a door's worth of unused tickets on another event
 * (the Belt and Road sub-forum: every scan admits someone new, however fast the app goes), and a staff account that
 * organises both (scans at one door, reads the other's list).
 */
async function seed(db: postgres.Sql, slugs: { list: string; door: string }, doorTickets: number, password: string): Promise<{ listEventId: string; doorEventId: string; tickets: string[] }> {
  const [list] = await db<{ id: string }[]>`select id from events where slug = ${slugs.list}`;
  const [door] = await db<{ id: string }[]>`select id from events where slug = ${slugs.door}`;
  const [listCategory] = await db<{ id: string }[]>`select id from registration_categories where event_id = ${list!.id} and code = 'GUEST'`;
  await insertRegistrations(db, list!.id, listCategory!.id, REGISTRATIONS, 'bench', LIST_NAMES);
  const [doorCategory] = await db<{ id: string }[]>`
    insert into registration_categories (id, event_id, code, name) values (${uuidv7()}, ${door!.id}, 'GUEST', ${db.json({ en: 'Participant', 'zh-CN': '参会代表' })}) returning id`;
  const tickets = await insertRegistrations(db, door!.id, doorCategory!.id, doorTickets, 'bench-door', DOOR_NAMES);
  // A database that has held its registrations for a while has been vacuumed and analyzed (autovacuum does both
  // for a table this size within a minute of a bulk insert): statistics, and a visibility map that lets the list's
  // counts read an index alone. Right after one bulk INSERT, and on servers with autovacuum off, it has neither.
  await db`vacuum analyze registrations`;
  const [user] = await db<{ id: string }[]>`insert into users (id, email, name, is_admin, password_hash) values (${uuidv7()}, ${STAFF_EMAIL}, 'Bench Door Staff', false, ${await hashPassword(password)}) returning id`;
  for (const eventId of [list!.id, door!.id]) await db`insert into event_roles (id, event_id, user_id, role) values (${uuidv7()}, ${eventId}, ${user!.id}, 'organiser')`;
  return { listEventId: list!.id, doorEventId: door!.id, tickets };
}

/** Signs the staff member in through the real form; returns the session cookie and the check-in page's CSRF token. */
async function signIn(baseUrl: string, eventId: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${baseUrl}/sign-in`);
  const formHtml = await form.text();
  let cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const hidden = Object.fromEntries([...formHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  const answer = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...hidden, email: STAFF_EMAIL, password }).toString(),
  });
  if (answer.status !== 303) throw new Error(`signing in answered ${answer.status}, expected 303`);
  // The session id rotates at sign-in.
  cookie = answer.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || cookie;
  const page = await fetch(`${baseUrl}/admin/events/${eventId}/check-in?door=Bench`, { headers: { cookie } });
  const csrf = /data-csrf="([^"]+)"/.exec(await page.text())?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`the check-in page answered ${page.status} without a CSRF token`);
  return { cookie, csrf };
}

export const checkinScenario: Scenario = {
  name: 'checkin',
  async run({ settings, appData }) {
    if (!settings.databaseUrl) {
      return { kind: 'skipped', name: 'checkin', reason: 'checkin needs PostgreSQL (BENCH_DATABASE_URL): its 20,000 registrations are written into the app database from outside' };
    }
    const described = `${settings.durationSeconds} s after ${settings.warmupSeconds} s warm-up, ${settings.connections} connections`;
    const rows: Measurement[] = [];
    const goals: string[] = [];
    const l1 = await createBenchDatabase(settings.databaseUrl, 'checkin_l1');
    let baseline: Measurement;
    try {
      reportProgress(`checkin: measuring L1 form insert (${described})`);
      baseline = await withServer(describeL1Server(l1.url), (server) => measureLoad(server, POST_FORM, settings));
      rows.push(baseline);
    } finally {
      await l1.drop();
    }

    const data = await appData();
    const demo = buildDemoEvents(new Date());
    const slugs = { list: demo.find((e) => e.key === 'conference')!.slug, door: demo.find((e) => e.key === 'belt-and-road')!.slug };
    const db = postgres(data.databaseUrl!, { max: 2, onnotice: () => {} });
    const password = randomBytes(12).toString('base64url');
    // More tickets than scans even at L1's pace: a scan past the last one would be answered "already checked in".
    const doorTickets = Math.ceil((settings.warmupSeconds + settings.durationSeconds) * DOOR_SCANS_PER_SECOND_AT_MOST);
    try {
      reportProgress(`checkin: writing ${REGISTRATIONS} registrations for the list and ${doorTickets} for the door, one bulk INSERT each`);
      const started = performance.now();
      const { listEventId, doorEventId, tickets } = await seed(db, slugs, doorTickets, password);
      reportProgress(`checkin: seeded in ${Math.round(performance.now() - started)} ms`);
      const spec = describeAppServer(data);
      spec.env = { ...spec.env, RATE_LIMIT_ALLOW_LIST: '127.0.0.1/32, ::1', FORM_MIN_SECONDS: '0' };
      await withServer(spec, async (server) => {
        // One session per connection, as each door's phone has its own: a shared session would queue every request
        // behind the same sessions row (each request moves its expiry), which is the bench's artefact, not the door's.
        const doors: { cookie: string; csrf: string }[] = [];
        for (let i = 0; i < settings.connections; i++) doors.push(await signIn(server.url, doorEventId, password));
        const { cookie, csrf } = doors[0]!;
        let next = 0;
        const scan: LoadRequest = {
          path: `/admin/events/${doorEventId}/check-in`,
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', accept: 'application/json' },
          makeHeaders: () => ({ cookie: doors[next % doors.length]!.cookie, 'x-csrf-token': doors[next % doors.length]!.csrf }),
          expectStatus: 200,
          // Each scan a ticket not yet used; past the last one the answers would be "already checked in" (409).
          makeBody: () => JSON.stringify({ ticket: tickets[next++ % tickets.length], door: `Door ${next % 4}` }),
        };
        reportProgress(`checkin: measuring ticket scans (${described})`);
        const scans = compareWithBaseline({ ...(await measureLoad(server, scan, settings)), target: 'app: check-in scan' }, baseline);
        rows.push(scans);
        goals.push(`goal ≥ ${MIN_RATIO.toFixed(2)}× L1 req/s: ${scans.ratio! >= MIN_RATIO ? 'met' : 'NOT met'} (${scans.ratio!.toFixed(2)}×)`);
        if (next > tickets.length) goals.push(`note: ${next} scans for ${tickets.length} tickets, so some answers were "already checked in" (counted as unexpected)`);

        let reader = 0;
        const search: LoadRequest = { path: `/admin/events/${listEventId}/registrations?q=wang`, headers: { cookie }, makeHeaders: () => ({ cookie: doors[reader++ % doors.length]!.cookie }), expectStatus: 200 };
        reportProgress(`checkin: measuring the participant list searched over ${REGISTRATIONS} registrations (${described})`);
        const list = await measureLoad(server, search, settings);
        rows.push({ ...list, target: `app: list search (${REGISTRATIONS})` });
        // The same search by one organiser at a time: the time a person waits for the first page, with no queue of
        // other searches in front of it on this machine's two cores.
        reportProgress(`checkin: measuring the same search one at a time (1 connection)`);
        const single = await measureLoad(server, search, { ...settings, connections: 1 });
        rows.push({ ...single, target: 'app: list search, 1 conn' });
        const verdict = (ms: number) => `${ms < MAX_SEARCH_P99_MS ? 'met' : 'NOT met'} (${ms} ms)`;
        goals.push(`goal list search p99 < ${MAX_SEARCH_P99_MS} ms: at ${settings.connections} connections ${verdict(list.p99Ms)}; one organiser at a time ${verdict(single.p99Ms)}`);

        const [check] = await db<{ active: number; doubled: number }[]>`
          select count(*)::int as active, (select count(*)::int from (select registration_id from check_ins where undone_at is null and session_id is null group by registration_id having count(*) > 1) d) as doubled
          from check_ins where event_id = ${doorEventId} and undone_at is null`;
        goals.push(`active check-ins ${check!.active}, registrations admitted twice ${check!.doubled}: ${check!.doubled === 0 ? 'none' : 'SOME'}`);
      });
    } finally {
      await db.end();
    }
    return { kind: 'load', name: 'checkin', title: `checkin: POST /admin/events/:id/check-in (ticket scans, PostgreSQL) vs L1, and the participant list search; ${described}`, rows, goals };
  },
};
