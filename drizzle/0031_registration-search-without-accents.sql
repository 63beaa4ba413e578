-- The search text without accents ("Muller" finds Müller): the generated column is made again with the new
-- expression, and its trigram index, dropped with the column, is built again.
ALTER TABLE "registrations" drop column "search_text";--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(regexp_replace(normalize("family_name" || chr(31) || "given_name" || chr(31) || coalesce("name_zh", '') || chr(31) || "email" || chr(31) || "organisation" || chr(31) || "given_name" || ' ' || "family_name" || chr(31) || "family_name" || ' ' || "given_name", NFD), '[\u0300-\u036f]', '', 'g'))) STORED;--> statement-breakpoint
CREATE INDEX "registrations_search_text_trgm" ON "registrations" USING gin ("search_text" gin_trgm_ops);