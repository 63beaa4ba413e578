// How to start the baseline servers of bench/servers/: L0, a bare "hello", and L1, a bare form POST with one INSERT.
import { fileURLToPath } from 'node:url';
import type { ServerSpec } from './spawn-server.ts';

const script = (name: string) => fileURLToPath(new URL(`../servers/${name}`, import.meta.url));

/** Example: await withServer(describeL0Server(), (server) => measureLoad(server, request, settings)); */
export function describeL0Server(): ServerSpec {
  return { label: 'L0 hello', script: script('l0-hello.ts'), env: { ...process.env } };
}

/** `pageFile` holds the headers and body of an app page (see servers/l0-page.ts). */
export function describeL0PageServer(pageFile: string): ServerSpec {
  return { label: 'L0 same page', script: script('l0-page.ts'), env: { ...process.env, PAGE_FILE: pageFile } };
}

/** `databaseUrl` names an empty PostgreSQL database; the server makes its one table there. */
export function describeL1Server(databaseUrl: string): ServerSpec {
  return { label: 'L1 form insert', script: script('l1-form-insert.ts'), env: { ...process.env, DATABASE_URL: databaseUrl } };
}
