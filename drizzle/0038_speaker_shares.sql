CREATE TABLE "speaker_shares" (
	"email" text NOT NULL,
	"event_id" uuid NOT NULL,
	"via" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speaker_shares_pk" PRIMARY KEY("email","event_id"),
	CONSTRAINT "speaker_shares_email_normalised" CHECK ("speaker_shares"."email" = lower(btrim("speaker_shares"."email"))),
	CONSTRAINT "speaker_shares_via_check" CHECK ("speaker_shares"."via" in ('invitation', 'portal'))
);
--> statement-breakpoint
ALTER TABLE "speaker_shares" ADD CONSTRAINT "speaker_shares_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "speaker_shares_event_idx" ON "speaker_shares" USING btree ("event_id");--> statement-breakpoint
-- Invitations already accepted were confirmed by the person at their address: their events keep seeing the profile,
-- but only where the entry still has the address the invitation was mailed to (its audit row says which).
INSERT INTO "speaker_shares" ("email", "event_id", "via", "created_at")
SELECT DISTINCT ON (lower(btrim(s."email")), i."event_id") lower(btrim(s."email")), i."event_id", 'invitation', i."answered_at"
FROM "speaker_invitations" i JOIN "speakers" s ON s."id" = i."speaker_id"
WHERE i."answer" = 'accepted' AND s."email" IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM "audit_log" a
    WHERE a."action" = 'speaker-invitation.send' AND a."target_id" = i."id"::text AND lower(btrim(a."after"->>'email')) = lower(btrim(s."email"))
  )
ORDER BY lower(btrim(s."email")), i."event_id", i."answered_at"
ON CONFLICT DO NOTHING;
