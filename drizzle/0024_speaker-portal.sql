CREATE TABLE "speaker_photos" (
	"email" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"large" "bytea" NOT NULL,
	"small" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speaker_photos_type" CHECK ("speaker_photos"."content_type" in ('image/webp', 'image/jpeg'))
);
--> statement-breakpoint
CREATE TABLE "speaker_profiles" (
	"email" text PRIMARY KEY NOT NULL,
	"bio" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"time_zone" text,
	"travel_needs" text DEFAULT '' NOT NULL,
	"interpretation_needs" text DEFAULT '' NOT NULL,
	"publish_title" boolean DEFAULT true NOT NULL,
	"publish_organisation" boolean DEFAULT true NOT NULL,
	"publish_country" boolean DEFAULT true NOT NULL,
	"publish_bio" boolean DEFAULT true NOT NULL,
	"publish_photo" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speaker_profiles_email_normalised" CHECK ("speaker_profiles"."email" = lower(btrim("speaker_profiles"."email")) and "speaker_profiles"."email" like '%_@_%'),
	CONSTRAINT "speaker_profiles_needs_length" CHECK (length("speaker_profiles"."travel_needs") <= 1000 and length("speaker_profiles"."interpretation_needs") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "speaker_slides" (
	"session_id" uuid NOT NULL,
	"speaker_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "speaker_slides_pk" PRIMARY KEY("session_id","speaker_id"),
	CONSTRAINT "speaker_slides_size" CHECK ("speaker_slides"."size" = octet_length("speaker_slides"."bytes"))
);
--> statement-breakpoint
ALTER TABLE "access_tokens" DROP CONSTRAINT "access_tokens_purpose_check";--> statement-breakpoint
ALTER TABLE "speaker_photos" ADD CONSTRAINT "speaker_photos_email_speaker_profiles_email_fk" FOREIGN KEY ("email") REFERENCES "public"."speaker_profiles"("email") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_slides" ADD CONSTRAINT "speaker_slides_session_id_agenda_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agenda_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_slides" ADD CONSTRAINT "speaker_slides_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "speaker_slides_speaker_idx" ON "speaker_slides" USING btree ("speaker_id");--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_purpose_check" CHECK (purpose in ('sign-in', 'manage-registration', 'my-agenda', 'speaker-invitation', 'password-reset', 'email-change', 'speaker-sign-in'));