// link-request: POST /sign-in/link for an address with an account vs one without, in the same run. The two must
// take the same time (the page may not reveal who has an account), so the ratio should sit at 1.0 within noise.
// The bench's address is on RATE_LIMIT_ALLOW_LIST and FORM_MIN_SECONDS=0: without them the limits would answer 429.
import { describeAppServer } from '../lib/app-server.ts';
import { type LoadRequest, measureLoad } from '../lib/measure-load.ts';
import { reportProgress } from '../lib/report-progress.ts';
import { type Scenario, compareWithBaseline } from '../lib/scenario.ts';
import { withServer } from '../lib/spawn-server.ts';

/** The session cookie, CSRF token and start stamp of the link form, read once; the form can then be sent many times. */
async function linkForm(baseUrl: string): Promise<{ cookie: string; fields: Record<string, string> }> {
  const page = await fetch(`${baseUrl}/sign-in/link`);
  const html = await page.text();
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  return { cookie, fields: { _csrf: hidden._csrf ?? '', _started: hidden._started ?? '', website: '', next: '' } };
}

export const linkRequestScenario: Scenario = {
  name: 'link-request',
  async run({ settings, appData }) {
    const data = await appData();
    const spec = describeAppServer(data);
    spec.env = { ...spec.env, RATE_LIMIT_ALLOW_LIST: '127.0.0.1/32, ::1', FORM_MIN_SECONDS: '0' };
    const load = `${settings.durationSeconds} s after ${settings.warmupSeconds} s warm-up, ${settings.connections} connections`;
    return withServer(spec, async (server) => {
      const { cookie, fields } = await linkForm(server.url);
      const request = (email: string, label: string): LoadRequest & { label: string } => ({
        label,
        path: '/sign-in/link',
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, email }).toString(),
        expectStatus: 200,
      });
      const known = request('organiser@forumdesk.localhost', 'known address');
      const unknown = request('nobody.here@example.org', 'unknown address');
      reportProgress(`link-request: measuring a known address (${load})`);
      const knownRow = { ...(await measureLoad(server, known, settings)), target: known.label };
      reportProgress(`link-request: measuring an unknown address (${load})`);
      const unknownRow = { ...(await measureLoad(server, unknown, settings)), target: unknown.label };
      return {
        kind: 'load',
        name: 'link-request',
        title: `link-request: POST /sign-in/link, known vs unknown address (on ${data.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}), ${load}`,
        rows: [knownRow, compareWithBaseline(unknownRow, knownRow)],
      };
    });
  },
};
