-- The participant list's newest-first index without the search text again. Migration 0028 put the search text in its
-- entries (INCLUDE), but a btree entry may not exceed 2,704 bytes: a registration with every searched field at its
-- longest in four-byte characters (CJK Extension B) made an entry of 3,712 bytes that does not compress, and the
-- registration failed. The list reads the table for the rows it checks, as before 0028.
DROP INDEX IF EXISTS "registrations_list_newest_cover_idx";--> statement-breakpoint
CREATE INDEX "registrations_list_newest_idx" ON "registrations" USING btree ("event_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "registrations"."erased_at" is null;
