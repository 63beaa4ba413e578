// People's names and organisations in the order readers expect: Åberg, de Vries, Martin, Ólafsson, Zhang. The
// databases' own order is by code point ("C.UTF-8"), which puts lower-case and accented initials after Z. ICU's root
// collation ("und-x-icu") sorts letters with and without accents, and either case, together; PGlite and PostgreSQL
// built with ICU (Debian's, and most packages) both have it.
// Example: db.select().from(registrations).orderBy(asc(alphabetical(registrations.familyName)), asc(registrations.id))
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

export const alphabetical = (text: AnyColumn | SQL): SQL => sql`${text} collate "und-x-icu"`;
