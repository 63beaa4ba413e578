// Reads the version number that database triggers bump whenever a scope of public content changes.
// Example: const version = await readContentVersion(db, 'events');
import { eq, sql } from 'drizzle-orm';
import { preparedPerDatabase } from './prepared.ts';
import { contentVersions } from './schema/index.ts';
import type { Db } from './types.ts';

export type ContentScope = 'events';

const readVersion = preparedPerDatabase((db) =>
  db
    .select({ version: contentVersions.version })
    .from(contentVersions)
    .where(eq(contentVersions.scope, sql.placeholder('scope')))
    .prepare('read_content_version'),
);

export async function readContentVersion(db: Db, scope: ContentScope): Promise<number> {
  const [row] = await readVersion(db).execute({ scope });
  return row?.version ?? 0;
}
