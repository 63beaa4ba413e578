// The server's request log, read as an operator would: the addresses of manage links, feed and sign-in links appear
// without their secrets, so reading the log gives nobody a participant's registration.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';

let t: TestApp;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await buildTestApp({ worker: false, logger: { level: 'info', stream: { write: (line: string) => void lines.push(JSON.parse(line)) } } });
});
afterAll(async () => t?.close());

it('logs each request with its secrets named, not written', async () => {
  const secret = 'UgzdWjoLqM2PxYv3kT8sNq1fG7Uabc';
  for (const url of [
    `/registrations/manage/${secret}?lang=en`,
    `/events/some-forum/my-agenda/${secret}.ics`,
    `/speaker/sign-in/${secret}`,
    `/lang/en?next=${encodeURIComponent(`/registrations/manage/${secret}`)}`,
  ]) {
    await t.app.inject(url);
  }
  const logged = lines.filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url);
  expect(logged).toEqual(['/registrations/manage/:token?lang=en', '/events/some-forum/my-agenda/:secret.ics', '/speaker/sign-in/:token', '/lang/en?next=…']);
  expect(JSON.stringify(lines)).not.toContain(secret);
});
