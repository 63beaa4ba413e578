-- Custom migration: a publication is public content too, so per-process caches of agenda pages, feeds and exports
-- (keyed by the 'events' content version) let go on the next request in every process.
CREATE TRIGGER "agenda_versions_bump_content_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "agenda_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_content_version"('events');
--> statement-breakpoint
-- The order of tracks is read live by the public track view (presentation, not published content): reordering must
-- let cached pages go too.
CREATE TRIGGER "tracks_bump_content_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tracks"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_content_version"('events');
