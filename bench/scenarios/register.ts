// register: the full public registration POST (validation, seats, consent records, the mail job queued in the same
// transaction, 303 to the answer) of the demo conference, each request a new person with a new form token, against
// L1 (bare form + one INSERT) in the same run; then the hot-session case: every registration books the same site
// visit. On PostgreSQL it then checks that answers = rows committed = mail jobs queued, and that no seat was sold
// twice (booked = bookings ≤ capacity).
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { buildDemoEvents } from '../../src/db/seed/demo-events.ts';
import { describeAppServer } from '../lib/app-server.ts';
import { describeL1Server } from '../lib/baseline-servers.ts';
import { createBenchDatabase } from '../lib/bench-database.ts';
import { type LoadRequest, type Measurement, measureLoad } from '../lib/measure-load.ts';
import { POST_FORM } from './l1.ts';
import { reportProgress } from '../lib/report-progress.ts';
import { type Scenario, compareWithBaseline } from '../lib/scenario.ts';
import { withServer } from '../lib/spawn-server.ts';

const CONNECTIONS = 50;
const MIN_RATIO = 0.5;
const MAX_P99_MS = 100;
const MIN_HOT_CONFIRMATIONS_PER_SECOND = 300;

/** The form's session cookie and hidden fields, the category to register in and the site visit, read once. */
async function registrationForm(baseUrl: string, slug: string) {
  const page = await fetch(`${baseUrl}/events/${slug}/register`, { headers: { 'accept-language': 'en' } });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the registration form answered ${page.status}`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  const categoryId = /name="categoryId" value="([0-9a-f-]{36})"/.exec(html)?.[1];
  const sessionId = /name="sessionIds" value="([0-9a-f-]{36})"/.exec(html)?.[1];
  if (!categoryId || !sessionId) throw new Error('the registration form shows no category or no bookable session');
  return { cookie, hidden: { _csrf: hidden._csrf ?? '', _started: hidden._started ?? '', website: '' }, categoryId, sessionId };
}

function registrationRequest(slug: string, form: Awaited<ReturnType<typeof registrationForm>>, label: string, bookSession: boolean): LoadRequest {
  let n = 0;
  const run = randomBytes(3).toString('hex');
  return {
    path: `/events/${slug}/register`,
    method: 'POST',
    headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    expectStatus: 303,
    makeBody: () => {
      n += 1;
      const fields = new URLSearchParams({
        ...form.hidden,
        formToken: randomBytes(24).toString('base64url'),
        categoryId: form.categoryId,
        familyName: 'Bench',
        givenName: `Person ${n}`,
        organisation: 'Load Test Institute',
        country: 'DE',
        email: `bench-${label}-${run}-${n}@example.org`,
        mobileCountry: 'DE',
        mobile: '+49 151 23456789',
        dietary: 'none',
        interpretation: 'none',
        residence: 'other',
        nationality: 'DE',
        consent: 'yes',
      });
      if (bookSession) fields.append('sessionIds', form.sessionId);
      return fields.toString();
    },
  };
}

export const registerScenario: Scenario = {
  name: 'register',
  async run({ settings, appData }) {
    const data = await appData();
    const slug = buildDemoEvents(new Date()).find((e) => e.key === 'conference')!.slug;
    const load = { ...settings, connections: CONNECTIONS };
    const described = `${load.durationSeconds} s after ${load.warmupSeconds} s warm-up, ${CONNECTIONS} connections`;
    const rows: Measurement[] = [];
    const goals: string[] = [];
    let baseline: Measurement | undefined;
    if (settings.databaseUrl) {
      const l1 = await createBenchDatabase(settings.databaseUrl, 'register_l1');
      try {
        reportProgress(`register: measuring L1 form insert (${described})`);
        baseline = await withServer(describeL1Server(l1.url), (server) => measureLoad(server, POST_FORM, load));
        rows.push(baseline);
      } finally {
        await l1.drop();
      }
    }
    const spec = describeAppServer(data);
    spec.env = { ...spec.env, RATE_LIMIT_ALLOW_LIST: '127.0.0.1/32, ::1', FORM_MIN_SECONDS: '0' };
    const db = data.databaseUrl ? postgres(data.databaseUrl, { max: 2, onnotice: () => {} }) : undefined;
    try {
      await withServer(spec, async (server) => {
        const form = await registrationForm(server.url, slug);
        if (db) {
          // Room for every registration of the run: the seats are what is measured, not a full house.
          await db`update registration_settings set capacity = null where event_id = (select id from events where slug = ${slug})`;
          await db`update registration_categories set capacity = null where id = ${form.categoryId}`;
          await db`update agenda_sessions set capacity = 1000000 where id = ${form.sessionId}`;
        }
        reportProgress(`register: measuring the registration POST (${described})`);
        const plain = await measureLoad(server, registrationRequest(slug, form, 'plain', false), load);
        const plainRow = baseline ? compareWithBaseline({ ...plain, target: 'app: register' }, baseline) : { ...plain, target: 'app: register' };
        rows.push(plainRow);
        if (baseline) goals.push(`goal ≥ ${MIN_RATIO.toFixed(2)}× L1 req/s: ${plainRow.ratio! >= MIN_RATIO ? 'met' : 'NOT met'}`);
        goals.push(`goal p99 < ${MAX_P99_MS} ms: ${plain.p99Ms < MAX_P99_MS ? 'met' : 'NOT met'}`);

        reportProgress(`register: measuring registrations that all book one site visit (${described})`);
        const hot = await measureLoad(server, registrationRequest(slug, form, 'hot', true), load);
        rows.push({ ...hot, target: 'app: hot session' });
        goals.push(`goal ≥ ${MIN_HOT_CONFIRMATIONS_PER_SECOND} confirmations/s on one session: ${hot.reqPerSec >= MIN_HOT_CONFIRMATIONS_PER_SECOND && hot.unexpectedStatus === 0 ? 'met' : 'NOT met'}`);

        if (db) {
          // A timed run ends with requests in flight that still commit, so the exact count is taken on a fixed number
          // of requests that all get their answer.
          reportProgress(`register: ${CONSISTENCY_REQUESTS} more registrations, every answer awaited, for the count`);
          const before = await settledRows(db, slug);
          const answers = await fixedRun(server.url, registrationRequest(slug, form, 'count', true), CONSISTENCY_REQUESTS);
          goals.push(...(await consistency(db, slug, form.sessionId, before, answers)));
        } else goals.push('answers = rows = mail jobs: checked only on PostgreSQL (the embedded database lives inside the server)');
      });
    } finally {
      await db?.end();
    }
    return { kind: 'load', name: 'register', title: `register: POST /events/${slug}/register (on ${data.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}) vs L1, ${described}`, rows, goals };
  },
};

const CONSISTENCY_REQUESTS = 1000;

/** Sends exactly `amount` registrations at 50 connections and waits for every answer; returns how many were 303. */
function fixedRun(baseUrl: string, request: LoadRequest, amount: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let redirects = 0;
    const instance = autocannon(
      {
        url: `${baseUrl}${request.path}`,
        method: 'POST',
        headers: request.headers,
        connections: CONNECTIONS,
        amount,
        requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: request.makeBody!() }) }],
      },
      (error: unknown) => (error ? reject(error) : resolve(redirects)),
    );
    instance.on('response', (_client, status) => {
      if (status === 303) redirects += 1;
    });
  });
}

async function benchRows(db: postgres.Sql, slug: string): Promise<{ rows: number; jobs: number }> {
  const [counts] = await db<{ rows: number; jobs: number }[]>`
    select (select count(*)::int from registrations r join events e on e.id = r.event_id where e.slug = ${slug} and r.email like 'bench-%') as rows,
           (select count(*)::int from pgboss.job j join registrations r on r.id = (j.data->>'registrationId')::uuid where j.name = 'registration.mail' and r.email like 'bench-%') as jobs`;
  return counts!;
}

/** The counts once the requests a timed run left in flight have committed: unchanged for a second. */
async function settledRows(db: postgres.Sql, slug: string): Promise<{ rows: number; jobs: number }> {
  let last = await benchRows(db, slug);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await benchRows(db, slug);
    if (now.rows === last.rows && now.jobs === last.jobs) return now;
    last = now;
  }
}

/** Every 303 of the counted run is a committed registration with its mail job; the hot session is not oversold. */
async function consistency(db: postgres.Sql, slug: string, sessionId: string, before: { rows: number; jobs: number }, answers: number): Promise<string[]> {
  const after = await benchRows(db, slug);
  const rows = after.rows - before.rows;
  const jobs = after.jobs - before.jobs;
  const [session] = await db<{ booked: number; bookings: number; capacity: number }[]>`
    select s.booked, s.capacity, (select count(*)::int from session_bookings b where b.session_id = s.id) as bookings from agenda_sessions s where s.id = ${sessionId}`;
  const { booked, bookings, capacity } = session!;
  return [
    `counted run: successful submissions ${answers} = rows committed ${rows} = mail jobs queued ${jobs}: ${answers === rows && rows === jobs ? 'yes' : 'NO'}`,
    `hot session: booked ${booked} = bookings ${bookings} ≤ capacity ${capacity}: ${booked === bookings && bookings <= capacity ? 'yes' : 'NO'}`,
  ];
}
