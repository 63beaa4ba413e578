CREATE TABLE "check_ins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"session_id" uuid,
	"door" text NOT NULL,
	"staff_user_id" uuid,
	"client_id" uuid,
	"checked_in_at" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid,
	CONSTRAINT "check_ins_door_length" CHECK (length("check_ins"."door") between 1 and 60),
	CONSTRAINT "check_ins_undone_after" CHECK ("check_ins"."undone_at" is null or "check_ins"."undone_at" >= "check_ins"."checked_in_at")
);
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_session_id_agenda_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agenda_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_undone_by_users_id_fk" FOREIGN KEY ("undone_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "check_ins_one_active_per_event" ON "check_ins" USING btree ("registration_id") WHERE session_id is null and undone_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "check_ins_one_active_per_session" ON "check_ins" USING btree ("registration_id","session_id") WHERE session_id is not null and undone_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "check_ins_client_id_unique" ON "check_ins" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "check_ins_event_idx" ON "check_ins" USING btree ("event_id","session_id");