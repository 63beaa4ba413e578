CREATE TABLE "mail_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid,
	"template" text NOT NULL,
	"total" integer NOT NULL,
	"rate_per_minute" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_batches_total_positive" CHECK ("mail_batches"."total" > 0),
	CONSTRAINT "mail_batches_rate_positive" CHECK ("mail_batches"."rate_per_minute" > 0)
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid,
	"batch_id" uuid,
	"recipient_email" text NOT NULL,
	"recipient_name" text,
	"template" text NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"message_id" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"smtp_response" text,
	"resend_of" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "messages_message_id_unique" UNIQUE("message_id"),
	CONSTRAINT "messages_status_check" CHECK (status in ('queued', 'sending', 'sent', 'failed', 'cancelled')),
	CONSTRAINT "messages_attempts_nonnegative" CHECK ("messages"."attempts" >= 0),
	CONSTRAINT "messages_sent_has_time" CHECK (("messages"."status" = 'sent') = ("messages"."sent_at" is not null)),
	CONSTRAINT "messages_recipient_format" CHECK ("messages"."recipient_email" ~ '^[^@\s]+@[^@\s]+$')
);
--> statement-breakpoint
ALTER TABLE "mail_batches" ADD CONSTRAINT "mail_batches_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_batch_id_mail_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."mail_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_event_status_idx" ON "messages" USING btree ("event_id","status","created_at");--> statement-breakpoint
CREATE INDEX "messages_status_created_idx" ON "messages" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "messages_batch_idx" ON "messages" USING btree ("batch_id","status");