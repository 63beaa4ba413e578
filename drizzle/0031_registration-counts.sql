-- The participant list's counts per category and status, kept up to date by triggers (below the table).
CREATE TABLE "registration_counts" (
	"event_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"status" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "registration_counts_pk" PRIMARY KEY("event_id","category_id","status"),
	CONSTRAINT "registration_counts_not_negative" CHECK ("registration_counts"."n" >= 0)
);
--> statement-breakpoint
ALTER TABLE "registration_counts" ADD CONSTRAINT "registration_counts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_counts" ADD CONSTRAINT "registration_counts_category_id_registration_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."registration_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Kept by the database: after each statement that writes registrations, the change per event, category and status
-- (erased registrations are not counted) is added to registration_counts, one row at a time in key order, so two
-- statements lock the rows they share in the same order and cannot deadlock. A count that goes down is updated,
-- never inserted: a registration deleted with its event (ON DELETE CASCADE) may find its counts already gone, and a
-- negative row must never be proposed (the CHECK rejects it even when the row exists).
CREATE FUNCTION "registration_counts_change"("p_event" uuid, "p_category" uuid, "p_status" text, "p_delta" integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF "p_delta" > 0 THEN
    INSERT INTO "registration_counts" ("event_id", "category_id", "status", "n") VALUES ("p_event", "p_category", "p_status", "p_delta")
    ON CONFLICT ("event_id", "category_id", "status") DO UPDATE SET "n" = "registration_counts"."n" + excluded."n";
  ELSIF "p_delta" < 0 THEN
    UPDATE "registration_counts" SET "n" = "n" + "p_delta" WHERE ("event_id", "category_id", "status") = ("p_event", "p_category", "p_status");
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "registration_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "k" record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR "k" IN SELECT "event_id", "category_id", "status", count(*)::integer AS "delta" FROM "new_rows" WHERE "erased_at" IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 LOOP
      PERFORM "registration_counts_change"("k"."event_id", "k"."category_id", "k"."status", "k"."delta");
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Most updates (a reminder sent, a corrected name) change no count and touch no row here.
    FOR "k" IN
      SELECT "event_id", "category_id", "status", sum("d")::integer AS "delta" FROM (
        SELECT "event_id", "category_id", "status", -1 AS "d" FROM "old_rows" WHERE "erased_at" IS NULL
        UNION ALL
        SELECT "event_id", "category_id", "status", 1 FROM "new_rows" WHERE "erased_at" IS NULL
      ) AS "changes"
      GROUP BY 1, 2, 3 HAVING sum("d") <> 0 ORDER BY 1, 2, 3
    LOOP
      PERFORM "registration_counts_change"("k"."event_id", "k"."category_id", "k"."status", "k"."delta");
    END LOOP;
  ELSE
    FOR "k" IN SELECT "event_id", "category_id", "status", -count(*)::integer AS "delta" FROM "old_rows" WHERE "erased_at" IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 LOOP
      PERFORM "registration_counts_change"("k"."event_id", "k"."category_id", "k"."status", "k"."delta");
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "registrations_count_inserted" AFTER INSERT ON "registrations"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "registration_counts_apply"();
--> statement-breakpoint
CREATE TRIGGER "registrations_count_updated" AFTER UPDATE ON "registrations"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "registration_counts_apply"();
--> statement-breakpoint
CREATE TRIGGER "registrations_count_deleted" AFTER DELETE ON "registrations"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "registration_counts_apply"();
--> statement-breakpoint
INSERT INTO "registration_counts" ("event_id", "category_id", "status", "n")
  SELECT "event_id", "category_id", "status", count(*) FROM "registrations" WHERE "erased_at" IS NULL GROUP BY 1, 2, 3;
