CREATE TABLE "events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"slug" text NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timezone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"contact_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_slug_unique" UNIQUE("slug"),
	CONSTRAINT "events_kind_check" CHECK ("events"."kind" in ('forum', 'sub-forum', 'conference', 'roadshow', 'matchmaking', 'training', 'innovation-week')),
	CONSTRAINT "events_status_check" CHECK ("events"."status" in ('draft', 'published', 'archived')),
	CONSTRAINT "events_slug_format" CHECK ("events"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length("events"."slug") <= 80),
	CONSTRAINT "events_title_filled" CHECK (jsonb_typeof(title) = 'object' and (title ? 'en' or title ? 'zh-CN')),
	CONSTRAINT "events_dates_ordered" CHECK ("events"."ends_at" > "events"."starts_at"),
	CONSTRAINT "events_sub_forum_has_parent" CHECK (("events"."kind" = 'sub-forum') = ("events"."parent_id" is not null)),
	CONSTRAINT "events_not_own_parent" CHECK ("events"."parent_id" is distinct from "events"."id"),
	CONSTRAINT "events_timezone_format" CHECK ("events"."timezone" ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$')
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"venue_id" uuid NOT NULL,
	"name" jsonb NOT NULL,
	"floor" text,
	"capacity" integer,
	"interpretation_booths" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rooms_name_filled" CHECK (jsonb_typeof(name) = 'object' and (name ? 'en' or name ? 'zh-CN')),
	CONSTRAINT "rooms_capacity_positive" CHECK ("rooms"."capacity" is null or "rooms"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "venues" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"name" jsonb NOT NULL,
	"address" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venues_name_filled" CHECK (jsonb_typeof(name) = 'object' and (name ? 'en' or name ? 'zh-CN'))
);
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_parent_id_events_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."events"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venues" ADD CONSTRAINT "venues_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_parent_idx" ON "events" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "events_status_ends_idx" ON "events" USING btree ("status","ends_at");--> statement-breakpoint
CREATE INDEX "rooms_venue_idx" ON "rooms" USING btree ("venue_id");--> statement-breakpoint
CREATE INDEX "venues_event_idx" ON "venues" USING btree ("event_id");