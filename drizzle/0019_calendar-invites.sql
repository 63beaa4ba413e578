CREATE TABLE "calendar_invites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"speaker_id" uuid NOT NULL,
	"uid" text NOT NULL,
	"sequence" integer NOT NULL,
	"method" text NOT NULL,
	"recipient_email" text NOT NULL,
	"locale" text NOT NULL,
	"role" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"location" text NOT NULL,
	"title" text NOT NULL,
	"cancelled" boolean NOT NULL,
	"agenda_version" integer NOT NULL,
	"message_id" uuid,
	"latest" boolean DEFAULT true NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_invites_uid_sequence_unique" UNIQUE("uid","sequence"),
	CONSTRAINT "calendar_invites_method_check" CHECK ("calendar_invites"."method" in ('REQUEST', 'CANCEL')),
	CONSTRAINT "calendar_invites_sequence_nonnegative" CHECK ("calendar_invites"."sequence" >= 0),
	CONSTRAINT "calendar_invites_cancel_not_first" CHECK ("calendar_invites"."method" = 'REQUEST' or "calendar_invites"."sequence" > 0),
	CONSTRAINT "calendar_invites_cancelled_is_cancel" CHECK ("calendar_invites"."cancelled" = ("calendar_invites"."method" = 'CANCEL')),
	CONSTRAINT "calendar_invites_times_ordered" CHECK ("calendar_invites"."ends_at" > "calendar_invites"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "session_people" ADD COLUMN "status" text DEFAULT 'invited' NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_invites" ADD CONSTRAINT "calendar_invites_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_invites" ADD CONSTRAINT "calendar_invites_session_id_agenda_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agenda_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_invites" ADD CONSTRAINT "calendar_invites_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_invites" ADD CONSTRAINT "calendar_invites_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_invites_latest_unique" ON "calendar_invites" USING btree ("session_id","speaker_id") WHERE "calendar_invites"."latest";--> statement-breakpoint
CREATE INDEX "calendar_invites_event_idx" ON "calendar_invites" USING btree ("event_id","latest");--> statement-breakpoint
ALTER TABLE "session_people" ADD CONSTRAINT "session_people_status_check" CHECK ("session_people"."status" in ('invited', 'accepted', 'declined'));