CREATE TABLE "session_reminder_sends" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"speaker_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"session_starts_at" timestamp with time zone NOT NULL,
	"recipient_email" text NOT NULL,
	"locale" text NOT NULL,
	"role" text NOT NULL,
	"message_id" uuid,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "session_reminder_sends_once" UNIQUE("session_id","speaker_id","kind","session_starts_at"),
	CONSTRAINT "session_reminder_sends_kind_check" CHECK ("session_reminder_sends"."kind" in ('24h', '1h'))
);
--> statement-breakpoint
CREATE TABLE "session_reminder_settings" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"what_to_bring" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_reminders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"job_id" uuid NOT NULL,
	"send_at" timestamp with time zone NOT NULL,
	"session_starts_at" timestamp with time zone NOT NULL,
	"agenda_version" integer NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_reminders_session_kind_unique" UNIQUE("session_id","kind"),
	CONSTRAINT "session_reminders_kind_check" CHECK ("session_reminders"."kind" in ('24h', '1h')),
	CONSTRAINT "session_reminders_before_start" CHECK ("session_reminders"."send_at" < "session_reminders"."session_starts_at")
);
--> statement-breakpoint
ALTER TABLE "session_reminder_sends" ADD CONSTRAINT "session_reminder_sends_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_reminder_sends" ADD CONSTRAINT "session_reminder_sends_session_id_agenda_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agenda_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_reminder_sends" ADD CONSTRAINT "session_reminder_sends_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_reminder_sends" ADD CONSTRAINT "session_reminder_sends_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_reminder_settings" ADD CONSTRAINT "session_reminder_settings_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_reminders" ADD CONSTRAINT "session_reminders_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_reminders" ADD CONSTRAINT "session_reminders_session_id_agenda_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agenda_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_reminder_sends_event_idx" ON "session_reminder_sends" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "session_reminders_event_idx" ON "session_reminders" USING btree ("event_id");