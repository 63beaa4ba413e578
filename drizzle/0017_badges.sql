CREATE TABLE "badge_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"requested_by" uuid,
	"layout" text NOT NULL,
	"form_token" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"registration_ids" uuid[] NOT NULL,
	"total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"pdf" "bytea",
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "badge_jobs_form_token_unique" UNIQUE("event_id","form_token"),
	CONSTRAINT "badge_jobs_layout_check" CHECK ("badge_jobs"."layout" in ('a6', 'a4-8')),
	CONSTRAINT "badge_jobs_status_check" CHECK ("badge_jobs"."status" in ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "badge_jobs_progress" CHECK ("badge_jobs"."total" = cardinality("badge_jobs"."registration_ids") and "badge_jobs"."total" > 0 and "badge_jobs"."done" between 0 and "badge_jobs"."total"),
	CONSTRAINT "badge_jobs_pdf_when_done" CHECK (("badge_jobs"."status" = 'done') = ("badge_jobs"."pdf" is not null))
);
--> statement-breakpoint
ALTER TABLE "registration_categories" ADD COLUMN "colour" text DEFAULT '#0b3d91' NOT NULL;--> statement-breakpoint
ALTER TABLE "badge_jobs" ADD CONSTRAINT "badge_jobs_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_jobs" ADD CONSTRAINT "badge_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "badge_jobs_event_idx" ON "badge_jobs" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "badge_jobs_expires_idx" ON "badge_jobs" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "registration_categories" ADD CONSTRAINT "registration_categories_colour_format" CHECK ("registration_categories"."colour" ~ '^#[0-9a-f]{6}$');