-- Custom migration (drizzle-kit generate --custom): triggers that bump content_versions whenever public event
-- content changes, whoever writes it, so per-process caches of public pages can never serve stale data.
CREATE FUNCTION "bump_content_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "content_versions" ("scope", "version", "changed_at") VALUES (TG_ARGV[0], 1, now())
  ON CONFLICT ("scope") DO UPDATE SET "version" = "content_versions"."version" + 1, "changed_at" = now();
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "events_bump_content_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "events"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_content_version"('events');
--> statement-breakpoint
CREATE TRIGGER "venues_bump_content_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "venues"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_content_version"('events');
--> statement-breakpoint
CREATE TRIGGER "rooms_bump_content_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rooms"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_content_version"('events');
--> statement-breakpoint
INSERT INTO "content_versions" ("scope", "version") VALUES ('events', 1) ON CONFLICT DO NOTHING;
