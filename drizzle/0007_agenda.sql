CREATE TABLE "agenda_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" jsonb NOT NULL,
	"abstract" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"room_id" uuid,
	"track_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"language" text DEFAULT 'zh' NOT NULL,
	"interpretation" text,
	"capacity" integer,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agenda_sessions_type_check" CHECK ("agenda_sessions"."type" in ('opening', 'keynote', 'plenary', 'parallel', 'panel', 'roundtable', 'workshop', 'signing', 'release', 'site-visit', 'break', 'networking', 'other')),
	CONSTRAINT "agenda_sessions_status_check" CHECK ("agenda_sessions"."status" in ('scheduled', 'cancelled')),
	CONSTRAINT "agenda_sessions_title_filled" CHECK (jsonb_typeof(title) = 'object' and (title ? 'en' or title ? 'zh-CN')),
	CONSTRAINT "agenda_sessions_times_ordered" CHECK ("agenda_sessions"."ends_at" > "agenda_sessions"."starts_at"),
	CONSTRAINT "agenda_sessions_capacity_positive" CHECK ("agenda_sessions"."capacity" is null or "agenda_sessions"."capacity" > 0),
	CONSTRAINT "agenda_sessions_language_format" CHECK ("agenda_sessions"."language" ~ '^[a-z]{2}$'),
	CONSTRAINT "agenda_sessions_interpretation_format" CHECK ("agenda_sessions"."interpretation" is null or "agenda_sessions"."interpretation" ~ '^[a-z]{2}-[a-z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "session_people" (
	"session_id" uuid NOT NULL,
	"speaker_id" uuid NOT NULL,
	"role" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "session_people_pk" PRIMARY KEY("session_id","speaker_id"),
	CONSTRAINT "session_people_role_check" CHECK ("session_people"."role" in ('speaker', 'moderator', 'panelist', 'host'))
);
--> statement-breakpoint
CREATE TABLE "speakers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"name" jsonb NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"organisation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"country" text,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speakers_event_email_unique" UNIQUE("event_id","email"),
	CONSTRAINT "speakers_name_filled" CHECK (jsonb_typeof(name) = 'object' and (name ? 'en' or name ? 'zh-CN')),
	CONSTRAINT "speakers_country_format" CHECK ("speakers"."country" is null or "speakers"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "speakers_email_normalised" CHECK ("speakers"."email" is null or ("speakers"."email" = lower(btrim("speakers"."email")) and "speakers"."email" like '%_@_%'))
);
--> statement-breakpoint
CREATE TABLE "tracks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"name" jsonb NOT NULL,
	"colour" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracks_name_filled" CHECK (jsonb_typeof(name) = 'object' and (name ? 'en' or name ? 'zh-CN')),
	CONSTRAINT "tracks_colour_format" CHECK ("tracks"."colour" ~ '^#[0-9a-f]{6}$')
);
--> statement-breakpoint
ALTER TABLE "agenda_sessions" ADD CONSTRAINT "agenda_sessions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_sessions" ADD CONSTRAINT "agenda_sessions_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_sessions" ADD CONSTRAINT "agenda_sessions_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_people" ADD CONSTRAINT "session_people_session_id_agenda_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agenda_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_people" ADD CONSTRAINT "session_people_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speakers" ADD CONSTRAINT "speakers_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracks" ADD CONSTRAINT "tracks_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agenda_sessions_event_starts_idx" ON "agenda_sessions" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "session_people_speaker_idx" ON "session_people" USING btree ("speaker_id");--> statement-breakpoint
CREATE INDEX "speakers_event_idx" ON "speakers" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "tracks_event_idx" ON "tracks" USING btree ("event_id");