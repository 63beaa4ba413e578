CREATE TABLE "invitation_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"code" text NOT NULL,
	"category_id" uuid NOT NULL,
	"max_uses" integer DEFAULT 1 NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"bypass_approval" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitation_codes_event_code_unique" UNIQUE("event_id","code"),
	CONSTRAINT "invitation_codes_code_format" CHECK ("invitation_codes"."code" ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'),
	CONSTRAINT "invitation_codes_quota" CHECK ("invitation_codes"."max_uses" > 0 and "invitation_codes"."used" >= 0 and "invitation_codes"."used" <= "invitation_codes"."max_uses")
);
--> statement-breakpoint
CREATE TABLE "registration_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"capacity" integer,
	"taken" integer DEFAULT 0 NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"invitation_only" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_categories_event_code_unique" UNIQUE("event_id","code"),
	CONSTRAINT "registration_categories_code_format" CHECK ("registration_categories"."code" ~ '^[A-Z0-9]{2,12}$'),
	CONSTRAINT "registration_categories_name_filled" CHECK (jsonb_typeof(name) = 'object' and (name ? 'en' or name ? 'zh-CN')),
	CONSTRAINT "registration_categories_visibility_check" CHECK ("registration_categories"."visibility" in ('public', 'hidden')),
	CONSTRAINT "registration_categories_capacity_positive" CHECK ("registration_categories"."capacity" is null or "registration_categories"."capacity" > 0),
	CONSTRAINT "registration_categories_not_oversold" CHECK ("registration_categories"."taken" >= 0 and ("registration_categories"."capacity" is null or "registration_categories"."taken" <= "registration_categories"."capacity"))
);
--> statement-breakpoint
CREATE TABLE "registration_consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"registration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "registration_consents_one_per_kind" UNIQUE("registration_id","kind"),
	CONSTRAINT "registration_consents_kind_check" CHECK ("registration_consents"."kind" in ('processing', 'sensitive', 'cross-border')),
	CONSTRAINT "registration_consents_withdrawn_after" CHECK ("registration_consents"."withdrawn_at" is null or "registration_consents"."withdrawn_at" >= "registration_consents"."given_at")
);
--> statement-breakpoint
CREATE TABLE "registration_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"registration_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_files_answer_unique" UNIQUE("registration_id","question_id"),
	CONSTRAINT "registration_files_size" CHECK ("registration_files"."size" = octet_length("registration_files"."bytes"))
);
--> statement-breakpoint
CREATE TABLE "registration_mail_jobs" (
	"job_id" text PRIMARY KEY NOT NULL,
	"registration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" jsonb NOT NULL,
	"help" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"file_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"file_max_bytes" integer,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_questions_kind_check" CHECK ("registration_questions"."kind" in ('text', 'long-text', 'single', 'multiple', 'country', 'yes-no', 'file')),
	CONSTRAINT "registration_questions_label_filled" CHECK (jsonb_typeof(label) = 'object' and (label ? 'en' or label ? 'zh-CN')),
	CONSTRAINT "registration_questions_file_limit" CHECK (("registration_questions"."kind" = 'file') = ("registration_questions"."file_max_bytes" is not null) and ("registration_questions"."file_max_bytes" is null or "registration_questions"."file_max_bytes" between 1 and 20971520))
);
--> statement-breakpoint
CREATE TABLE "registration_settings" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"capacity" integer,
	"taken" integer DEFAULT 0 NOT NULL,
	"waitlist_enabled" boolean DEFAULT true NOT NULL,
	"controller_name" text,
	"shares_abroad" boolean DEFAULT false NOT NULL,
	"abroad_recipient" text,
	"retention_months" integer DEFAULT 12 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_settings_abroad_named" CHECK ("registration_settings"."shares_abroad" = ("registration_settings"."abroad_recipient" is not null)),
	CONSTRAINT "registration_settings_retention_range" CHECK ("registration_settings"."retention_months" between 1 and 120),
	CONSTRAINT "registration_settings_window" CHECK ("registration_settings"."closes_at" > "registration_settings"."opens_at"),
	CONSTRAINT "registration_settings_capacity_positive" CHECK ("registration_settings"."capacity" is null or "registration_settings"."capacity" > 0),
	CONSTRAINT "registration_settings_not_oversold" CHECK ("registration_settings"."taken" >= 0 and ("registration_settings"."capacity" is null or "registration_settings"."taken" <= "registration_settings"."capacity"))
);
--> statement-breakpoint
CREATE TABLE "registration_submissions" (
	"event_id" uuid NOT NULL,
	"form_token" text NOT NULL,
	"outcome" text NOT NULL,
	"waitlist_position" integer,
	"email" text NOT NULL,
	"registration_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_submissions_pk" PRIMARY KEY("event_id","form_token"),
	CONSTRAINT "registration_submissions_outcome_check" CHECK ("registration_submissions"."outcome" in ('confirmed', 'waitlisted', 'pending')),
	CONSTRAINT "registration_submissions_token_format" CHECK ("registration_submissions"."form_token" ~ '^[A-Za-z0-9_-]{22,64}$')
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"status" text NOT NULL,
	"holds_seat" boolean DEFAULT false NOT NULL,
	"email" text NOT NULL,
	"family_name" text NOT NULL,
	"given_name" text NOT NULL,
	"name_zh" text,
	"organisation" text NOT NULL,
	"job_title" text,
	"country" text NOT NULL,
	"mobile" text NOT NULL,
	"dietary" text,
	"interpretation_needs" text,
	"residence" text NOT NULL,
	"id_type" text,
	"id_number" text,
	"sensitive_consent" boolean DEFAULT false NOT NULL,
	"nationality" text,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"locale" text NOT NULL,
	"ticket_code" text NOT NULL,
	"invitation_code_id" uuid,
	"waitlisted_at" timestamp with time zone,
	"requested_session_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"erased_at" timestamp with time zone,
	CONSTRAINT "registrations_ticket_code_unique" UNIQUE("ticket_code"),
	CONSTRAINT "registrations_status_check" CHECK ("registrations"."status" in ('pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected')),
	CONSTRAINT "registrations_seat_only_when_confirmed" CHECK ("registrations"."holds_seat" = ("registrations"."status" = 'confirmed')),
	CONSTRAINT "registrations_waitlisted_has_time" CHECK (("registrations"."status" = 'waitlisted') <= ("registrations"."waitlisted_at" is not null)),
	CONSTRAINT "registrations_email_normalised" CHECK ("registrations"."email" = lower(btrim("registrations"."email")) and "registrations"."email" like '%_@_%'),
	CONSTRAINT "registrations_country_format" CHECK ("registrations"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "registrations_mobile_format" CHECK ("registrations"."mobile" ~ '^\+[1-9][0-9]{6,14}$' or ("registrations"."erased_at" is not null and "registrations"."mobile" = '')),
	CONSTRAINT "registrations_residence_check" CHECK ("registrations"."residence" in ('mainland', 'hk-mo-tw', 'other')),
	CONSTRAINT "registrations_id_type_matches_residence" CHECK ("registrations"."erased_at" is not null or (("registrations"."id_type" is null or ("registrations"."residence" = 'mainland' and "registrations"."id_type" = 'national-id') or ("registrations"."residence" = 'hk-mo-tw' and "registrations"."id_type" = 'travel-permit') or ("registrations"."residence" = 'other' and "registrations"."id_type" = 'passport')) and ("registrations"."residence" <> 'other' or "registrations"."nationality" is not null))),
	CONSTRAINT "registrations_id_number_needs_consent" CHECK (("registrations"."id_number" is not null) = "registrations"."sensitive_consent" and ("registrations"."id_number" is null) = ("registrations"."id_type" is null)),
	CONSTRAINT "registrations_id_number_encrypted" CHECK ("registrations"."id_number" is null or "registrations"."id_number" ~ '^v[0-9]+\.'),
	CONSTRAINT "registrations_erased_is_empty" CHECK ("registrations"."erased_at" is null or ("registrations"."family_name" = '' and "registrations"."given_name" = '' and "registrations"."name_zh" is null and "registrations"."organisation" = '' and "registrations"."job_title" is null and "registrations"."mobile" = '' and "registrations"."id_number" is null and "registrations"."nationality" is null and "registrations"."dietary" is null and "registrations"."interpretation_needs" is null and "registrations"."answers" = '{}'::jsonb)),
	CONSTRAINT "registrations_ticket_code_length" CHECK (length("registrations"."ticket_code") >= 26)
);
--> statement-breakpoint
CREATE TABLE "session_bookings" (
	"registration_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_bookings_pk" PRIMARY KEY("registration_id","session_id")
);
--> statement-breakpoint
ALTER TABLE "agenda_sessions" ADD COLUMN "booked" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invitation_codes" ADD CONSTRAINT "invitation_codes_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_codes" ADD CONSTRAINT "invitation_codes_category_id_registration_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."registration_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_categories" ADD CONSTRAINT "registration_categories_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_consents" ADD CONSTRAINT "registration_consents_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_files" ADD CONSTRAINT "registration_files_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_files" ADD CONSTRAINT "registration_files_question_id_registration_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."registration_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_questions" ADD CONSTRAINT "registration_questions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_settings" ADD CONSTRAINT "registration_settings_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_submissions" ADD CONSTRAINT "registration_submissions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_submissions" ADD CONSTRAINT "registration_submissions_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_category_id_registration_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."registration_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_invitation_code_id_invitation_codes_id_fk" FOREIGN KEY ("invitation_code_id") REFERENCES "public"."invitation_codes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_bookings" ADD CONSTRAINT "session_bookings_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_bookings" ADD CONSTRAINT "session_bookings_session_id_agenda_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agenda_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registration_questions_event_idx" ON "registration_questions" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_one_active_per_email" ON "registrations" USING btree ("event_id","email") WHERE status in ('pending', 'confirmed', 'waitlisted');--> statement-breakpoint
CREATE INDEX "registrations_event_status_idx" ON "registrations" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "registrations_waitlist_idx" ON "registrations" USING btree ("event_id","waitlisted_at");--> statement-breakpoint
CREATE INDEX "session_bookings_session_idx" ON "session_bookings" USING btree ("session_id");--> statement-breakpoint
ALTER TABLE "agenda_sessions" ADD CONSTRAINT "agenda_sessions_not_overbooked" CHECK ("agenda_sessions"."booked" >= 0 and ("agenda_sessions"."capacity" is null or "agenda_sessions"."booked" <= "agenda_sessions"."capacity"));