CREATE TABLE "registration_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"created_by" uuid,
	"filename" text NOT NULL,
	"format" text NOT NULL,
	"file" "bytea",
	"encoding" text DEFAULT 'utf-8' NOT NULL,
	"headers" jsonb NOT NULL,
	"sample" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"category_id" uuid,
	"status" text,
	"send_mail" boolean DEFAULT false NOT NULL,
	"default_locale" text DEFAULT 'en' NOT NULL,
	"state" text DEFAULT 'uploaded' NOT NULL,
	"total_rows" integer NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"imported_rows" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failure_key" text,
	"failure_vars" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "registration_imports_state_check" CHECK ("registration_imports"."state" in ('uploaded', 'queued', 'validating', 'importing', 'rejected', 'failed', 'done')),
	CONSTRAINT "registration_imports_format_check" CHECK ("registration_imports"."format" in ('csv', 'xlsx')),
	CONSTRAINT "registration_imports_status_check" CHECK ("registration_imports"."status" is null or "registration_imports"."status" in ('confirmed', 'pending')),
	CONSTRAINT "registration_imports_progress" CHECK ("registration_imports"."processed_rows" between 0 and "registration_imports"."total_rows" and "registration_imports"."imported_rows" between 0 and "registration_imports"."total_rows"),
	CONSTRAINT "registration_imports_file_until_finished" CHECK ("registration_imports"."state" in ('uploaded', 'queued', 'validating', 'importing') or "registration_imports"."file" is null),
	CONSTRAINT "registration_imports_mapped_when_queued" CHECK ("registration_imports"."state" = 'uploaded' or ("registration_imports"."category_id" is not null and "registration_imports"."status" is not null))
);
--> statement-breakpoint
ALTER TABLE "registration_imports" ADD CONSTRAINT "registration_imports_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_imports" ADD CONSTRAINT "registration_imports_category_id_registration_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."registration_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registration_imports_event_idx" ON "registration_imports" USING btree ("event_id","created_at");