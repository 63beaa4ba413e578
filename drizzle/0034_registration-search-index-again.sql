-- Custom migration (drizzle-kit generate --custom): migration 0033 made the search text again, with the apostrophes
-- phones type made plain ones, and dropping the old column dropped its trigram index with it; the same index, on
-- the new column.
CREATE INDEX IF NOT EXISTS "registrations_search_text_trgm" ON "registrations" USING gin ("search_text" gin_trgm_ops);
