-- The trigram operator classes for the participant list's search index (next migration). PostgreSQL ships pg_trgm
-- with its contrib modules; PGlite loads it as an extension (src/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
