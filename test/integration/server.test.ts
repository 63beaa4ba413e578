// The real entry point under Node's own type stripping: starts, migrates, loads demo data, serves, stops cleanly;
// and refuses to start with one clear line when a setting or the database is wrong.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript, runServerUntilExit, spawnServer } from '../helpers/spawn-server.ts';
import { createEmptyPostgresDatabase, onPostgres } from '../helpers/test-database.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fd-server-'));
  dirs.push(dir);
  return dir;
}

describe('src/server.ts', () => {
  it('starts on an empty embedded database with demo data and stops on SIGTERM', async () => {
    const dataDir = tempDir();
    const server = await spawnServer({ DATA_DIR: dataDir, NODE_ENV: 'development' });
    try {
      expect(server.stdout()).toMatch(/Forum Desk is running at http:\/\/127\.0\.0\.1:\d+ \(embedded PGlite in .*pglite; mail is kept in the outbox at http:\/\/127\.0\.0\.1:\d+\/admin\/mail\)/);
      const home = await fetch(server.url, { headers: { 'accept-language': 'en' } });
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toContain('Zhongguancun Forum');
      expect(html).toContain('Belt and Road Science and Technology Innovation Cooperation Forum');
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      const zh = await (await fetch(server.url, { headers: { 'accept-language': 'zh-CN' } })).text();
      expect(zh).toContain('中关村论坛年会');

      // The demo accounts are printed once, "email / password", and the printed password signs in.
      await waitFor(() => /speaker@forumdesk\.localhost \/ /.test(server.stdout()));
      const printed = /^ {2}organiser@forumdesk\.localhost \/ (\S+) {4}\(organiser/m.exec(server.stdout());
      expect(printed).not.toBeNull();
      const form = await fetch(`${server.url}/sign-in`);
      const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const signIn = await fetch(`${server.url}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'organiser@forumdesk.localhost', password: printed![1]! }).toString(),
      });
      expect(signIn.status).toBe(303);
      expect(signIn.headers.get('location')).toBe('/admin');
      const session = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const admin = await fetch(`${server.url}/admin`, { headers: { cookie: session, 'accept-language': 'en' } });
      expect(admin.status).toBe(200);
      expect(await admin.text()).toContain('World Conference of Science Parks and Areas of Innovation');
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // A second start finds the data and does not load it twice.
    const again = await spawnServer({ DATA_DIR: dataDir, NODE_ENV: 'development' });
    try {
      const html = await (await fetch(again.url, { headers: { 'accept-language': 'en' } })).text();
      expect(html.match(/<h2 class="event-card__title"/g)?.length).toBe(4);
      expect(again.stdout()).not.toContain('Demo accounts');
    } finally {
      await again.stop();
    }
    // Two cold starts of real processes on an embedded database (migrations, demo data), beside other test files.
  }, 120_000);

  it('stops with one line naming a wrong setting', async () => {
    const result = await runServerUntilExit({ PORT: 'abc', DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Forum Desk cannot start: PORT: expected an integer port between 0 and 65535, got "abc"\n');
  });

  it('stops with one line in production without a session secret', async () => {
    const result = await runServerUntilExit({ NODE_ENV: 'production', DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Forum Desk cannot start: SESSION_SECRET: expected a random string of at least 32 characters (required when NODE_ENV=production)\n',
    );
  });

  it('gives up on an unreachable PostgreSQL after the configured retry, with one line', async () => {
    const started = Date.now();
    const result = await runServerUntilExit({ DATABASE_URL: 'postgres://forum:secret@127.0.0.1:1/forumdesk', DATABASE_CONNECT_TIMEOUT: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Forum Desk cannot start: Cannot reach PostgreSQL at 127.0.0.1:1/forumdesk (ECONNREFUSED) after 1 s: check that the server is running and that DATABASE_URL is right.\n',
    );
    expect(result.stderr).not.toContain('secret');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it.runIf(onPostgres)('lets two processes start together on one PostgreSQL database', async () => {
    const { url, drop } = await createEmptyPostgresDatabase();
    try {
      const [a, b] = await Promise.all([spawnServer({ DATABASE_URL: url }), spawnServer({ DATABASE_URL: url })]);
      try {
        for (const server of [a, b]) {
          expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
          const html = await (await fetch(server.url, { headers: { 'accept-language': 'en' } })).text();
          expect(html.match(/<h2 class="event-card__title"/g)?.length).toBe(4);
        }
        expect(a.stderr() + b.stderr()).not.toMatch(/error/i);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    } finally {
      await drop();
    }
  });

  it('npm run seed loads an empty database once and --reset reloads it', async () => {
    const env = { DATA_DIR: tempDir() };
    const first = await runScript('src/db/seed/cli.ts', [], env);
    expect(first.stdout).toMatch(/^Loaded 8 demo events into embedded PGlite in .*pglite\.\nDemo accounts \(passwords shown only now;/);
    expect(first.code).toBe(0);
    const accounts = (out: string) => Object.fromEntries([...out.matchAll(/^ {2}(\S+@\S+) \/ (\S+) {4}\(/gm)].map((m) => [m[1], m[2]]));
    const firstAccounts = accounts(first.stdout);
    expect(Object.keys(firstAccounts)).toEqual([
      'admin@forumdesk.localhost',
      'owner@forumdesk.localhost',
      'organiser@forumdesk.localhost',
      'checkin@forumdesk.localhost',
      'jury@forumdesk.localhost',
      'speaker@forumdesk.localhost',
    ]);
    for (const password of Object.values(firstAccounts)) expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const second = await runScript('src/db/seed/cli.ts', [], env);
    expect(second.stdout).toBe('The database already holds events; nothing loaded. Use "npm run seed -- --reset" to wipe and reload.\n');
    const reset = await runScript('src/db/seed/cli.ts', ['--reset'], env);
    expect(reset.stdout).toMatch(/^Loaded 8 demo events/);
    expect(reset.code).toBe(0);
    // Generated again, never fixed.
    const resetAccounts = accounts(reset.stdout);
    expect(resetAccounts['admin@forumdesk.localhost']).not.toBe(firstAccounts['admin@forumdesk.localhost']);
    // Three processes that each migrate an embedded database and load the demo.
  }, 120_000);

  it('npm run worker refuses the embedded database with one line', async () => {
    const result = await runScript('src/worker.ts', [], { DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Forum Desk worker cannot start: DATABASE_URL: expected a postgres:// URL for a separate worker (with the embedded database, `npm start` runs the jobs itself)\n',
    );
  });
});
