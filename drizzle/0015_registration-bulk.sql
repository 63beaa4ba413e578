CREATE TABLE "registration_bulk_items" (
	"run_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"outcome" text,
	"detail" text,
	"processed_at" timestamp with time zone,
	CONSTRAINT "registration_bulk_items_pk" PRIMARY KEY("run_id","registration_id"),
	CONSTRAINT "registration_bulk_items_outcome_check" CHECK ("registration_bulk_items"."outcome" is null or "registration_bulk_items"."outcome" in ('done', 'skipped')),
	CONSTRAINT "registration_bulk_items_outcome_has_detail" CHECK (("registration_bulk_items"."outcome" is null) = ("registration_bulk_items"."detail" is null))
);
--> statement-breakpoint
CREATE TABLE "registration_bulk_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"actor_id" uuid,
	"request_id" text,
	"form_token" text,
	"action" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "registration_bulk_runs_form_token_unique" UNIQUE("event_id","form_token"),
	CONSTRAINT "registration_bulk_runs_action_check" CHECK ("registration_bulk_runs"."action" in ('approve', 'reject', 'move', 'resend', 'message')),
	CONSTRAINT "registration_bulk_runs_total_positive" CHECK ("registration_bulk_runs"."total" > 0)
);
--> statement-breakpoint
ALTER TABLE "registration_bulk_items" ADD CONSTRAINT "registration_bulk_items_run_id_registration_bulk_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."registration_bulk_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_bulk_items" ADD CONSTRAINT "registration_bulk_items_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_bulk_runs" ADD CONSTRAINT "registration_bulk_runs_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_bulk_runs" ADD CONSTRAINT "registration_bulk_runs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registration_bulk_items_todo_idx" ON "registration_bulk_items" USING btree ("run_id","position");--> statement-breakpoint
CREATE INDEX "registration_bulk_runs_event_idx" ON "registration_bulk_runs" USING btree ("event_id","created_at");