// Reads the version number that database triggers bump whenever a scope of public content changes.
// Example: const version = await readContentVersion(db, 'events');
import { eq } from 'drizzle-orm';
import { contentVersions } from './schema/index.ts';
import type { Db } from './types.ts';

export type ContentScope = 'events';

export async function readContentVersion(db: Db, scope: ContentScope): Promise<number> {
  const [row] = await db.select({ version: contentVersions.version }).from(contentVersions).where(eq(contentVersions.scope, scope));
  return row?.version ?? 0;
}
