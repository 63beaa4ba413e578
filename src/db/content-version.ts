// Reads the version number that database triggers bump whenever a scope of public content changes.
// Example: const version = await readContentVersion(db, 'events');
import { eq, sql } from 'drizzle-orm';
import { contentVersions } from './schema/index.ts';
import type { Db } from './types.ts';

export type ContentScope = 'events';

function prepareRead(db: Db) {
  return db
    .select({ version: contentVersions.version })
    .from(contentVersions)
    .where(eq(contentVersions.scope, sql.placeholder('scope')))
    .prepare('read_content_version');
}

// Every cached page asks under load: the statement is built once per database and kept prepared on the server,
// so each read is a bind and execute, with no query building here and no parse or plan there.
const prepared = new WeakMap<Db, ReturnType<typeof prepareRead>>();

export async function readContentVersion(db: Db, scope: ContentScope): Promise<number> {
  let read = prepared.get(db);
  if (!read) prepared.set(db, (read = prepareRead(db)));
  const [row] = await read.execute({ scope });
  return row?.version ?? 0;
}
