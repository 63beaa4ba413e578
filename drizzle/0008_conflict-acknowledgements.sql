CREATE TABLE "conflict_acknowledgements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"overlap_key" text NOT NULL,
	"reason" text NOT NULL,
	"acknowledged_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conflict_acknowledgements_key_unique" UNIQUE("event_id","overlap_key"),
	CONSTRAINT "conflict_acknowledgements_reason_filled" CHECK (length(btrim("conflict_acknowledgements"."reason")) between 1 and 500)
);
--> statement-breakpoint
ALTER TABLE "conflict_acknowledgements" ADD CONSTRAINT "conflict_acknowledgements_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_acknowledgements" ADD CONSTRAINT "conflict_acknowledgements_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;