// The one search of registrations by what a person types (participant list, doors): a LIKE on the stored,
// lower-cased search text without accents, the typed words lower-cased and stripped of accents by the same database
// functions so both sides agree ("muller" and "Müller" both find Müller).
// Example: db.select().from(registrations).where(and(eq(registrations.eventId, id), searchTextContains('Wang Wei')))
import { sql, type SQL } from 'drizzle-orm';
import { foldedForSearch, registrations } from '../../db/schema/index.ts';
import { containsPattern } from '../../lib/like-pattern.ts';

export const searchTextContains = (typed: string): SQL => sql`${registrations.searchText} like ${foldedForSearch(sql`${containsPattern(typed)}`)}`;
