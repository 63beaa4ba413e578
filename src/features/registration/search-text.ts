// The one search of registrations by what a person types (participant list, doors): a LIKE on the stored,
// lower-cased search text, the typed words lower-cased by the same database function so both sides agree.
// Example: db.select().from(registrations).where(and(eq(registrations.eventId, id), searchTextContains('Wang Wei')))
import { sql, type SQL } from 'drizzle-orm';
import { registrations } from '../../db/schema/index.ts';
import { containsPattern } from '../../lib/like-pattern.ts';

export const searchTextContains = (typed: string): SQL => sql`${registrations.searchText} like lower(${containsPattern(typed)})`;
