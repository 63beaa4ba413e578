// Imports a guest list through the organiser's pages as a person would: upload (multipart, with the page's CSRF
// token), keep the guessed column mapping unless told otherwise, choose category and status, then wait for the
// job's outcome. The import half of the import → export round trip.
// Example: const done = await importGuestList(t, organiser, event.id, { filename: 'guests.csv', bytes }, { categoryId, status: 'confirmed' });
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { registrationImports } from '../../src/db/schema/index.ts';
import type { TestApp } from './build-test-app.ts';
import { csrfTokenIn, hiddenFields, type HttpAgent } from './http-agent.ts';
import { multipartBody } from './multipart.ts';

export interface GuestFile {
  filename: string;
  bytes: Buffer;
  type?: string;
}

export const importPath = (eventId: string) => `/admin/events/${eventId}/registrations/import`;

/** Loads the upload page and posts the file with its CSRF token (or `csrf` when given, to test refusals). */
export async function uploadGuestList(agent: HttpAgent, eventId: string, file: GuestFile, csrf?: string): Promise<LightMyRequestResponse> {
  const page = await agent.get(importPath(eventId));
  if (page.statusCode !== 200) return page;
  const type = file.type ?? (file.filename.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv');
  const body = multipartBody({ _csrf: csrf ?? csrfTokenIn(page.body) }, { name: 'file', filename: file.filename, type, bytes: file.bytes });
  return agent.app.inject({
    method: 'POST',
    url: importPath(eventId),
    remoteAddress: agent.remoteAddress,
    headers: { cookie: agent.cookieHeader, 'content-type': body.contentType, 'accept-language': agent.lang },
    payload: body.payload,
  });
}

/** The mapping the page proposes: select name → chosen value. */
export function selectedMapping(html: string): Record<string, string> {
  const chosen: Record<string, string> = {};
  for (const select of html.matchAll(/<select[^>]*name="(map_\w+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    chosen[select[1]!] = /<option value="([^"]*)" selected>/.exec(select[2]!)?.[1] ?? '';
  }
  return chosen;
}

export interface ImportChoicesForm {
  categoryId: string;
  status: 'confirmed' | 'pending';
  sendMail?: boolean;
  defaultLocale?: string;
  /** Overrides of the guessed mapping: field → column index ('' for none). */
  mapping?: Record<string, string>;
}

/** Waits for the job to finish and returns the import's row. */
export async function waitForImport(t: Pick<TestApp, 'db'>, importId: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await t.db.select().from(registrationImports).where(eq(registrationImports.id, importId));
    if (row && ['rejected', 'failed', 'done'].includes(row.state)) return row;
    if (Date.now() > until) throw new Error(`import ${importId} still ${row?.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Upload, map (guessed unless overridden), start, wait: the import's final row and the page the organiser sees. */
export async function importGuestList(t: Pick<TestApp, 'db'>, agent: HttpAgent, eventId: string, file: GuestFile, choices: ImportChoicesForm) {
  const uploaded = await uploadGuestList(agent, eventId, file);
  if (uploaded.statusCode !== 303) throw new Error(`upload → ${uploaded.statusCode}: ${uploaded.body.slice(0, 500)}`);
  const location = String(uploaded.headers.location);
  const importId = location.split('/').pop()!;
  const mappingPage = await agent.get(location);
  const fields: Record<string, string> = {
    ...hiddenFields(mappingPage.body, location),
    ...selectedMapping(mappingPage.body),
    ...Object.fromEntries(Object.entries(choices.mapping ?? {}).map(([field, column]) => [`map_${field}`, column])),
    categoryId: choices.categoryId,
    status: choices.status,
    defaultLocale: choices.defaultLocale ?? 'en',
    ...(choices.sendMail ? { sendMail: 'yes' } : {}),
  };
  const started = await agent.post(location, fields);
  if (started.statusCode !== 303) throw new Error(`mapping → ${started.statusCode}: ${started.body.slice(0, 2000)}`);
  const row = await waitForImport(t, importId);
  const page = await agent.get(location);
  return { importId, row, page, mappingPage };
}
