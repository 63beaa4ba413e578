CREATE TABLE "personal_agendas" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"email" text NOT NULL,
	"session_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"feed_secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personal_agendas_event_email_unique" UNIQUE("event_id","email"),
	CONSTRAINT "personal_agendas_feed_secret_unique" UNIQUE("feed_secret"),
	CONSTRAINT "personal_agendas_feed_secret_format" CHECK ("personal_agendas"."feed_secret" ~ '^[A-Za-z0-9_-]{43}$'),
	CONSTRAINT "personal_agendas_session_ids_array" CHECK (jsonb_typeof("personal_agendas"."session_ids") = 'array')
);
--> statement-breakpoint
ALTER TABLE "personal_agendas" ADD CONSTRAINT "personal_agendas_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;