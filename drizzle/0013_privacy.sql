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
ALTER TABLE "registrations" DROP CONSTRAINT "registrations_mobile_format";--> statement-breakpoint
ALTER TABLE "registrations" DROP CONSTRAINT "registrations_id_type_matches_residence";--> statement-breakpoint
ALTER TABLE "registrations" ALTER COLUMN "id_type" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ALTER COLUMN "id_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "registration_settings" ADD COLUMN "controller_name" text;--> statement-breakpoint
ALTER TABLE "registration_settings" ADD COLUMN "shares_abroad" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "registration_settings" ADD COLUMN "abroad_recipient" text;--> statement-breakpoint
ALTER TABLE "registration_settings" ADD COLUMN "retention_months" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "sensitive_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registration_consents" ADD CONSTRAINT "registration_consents_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_settings" ADD CONSTRAINT "registration_settings_abroad_named" CHECK ("registration_settings"."shares_abroad" = ("registration_settings"."abroad_recipient" is not null));--> statement-breakpoint
ALTER TABLE "registration_settings" ADD CONSTRAINT "registration_settings_retention_range" CHECK ("registration_settings"."retention_months" between 1 and 120);--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_id_number_needs_consent" CHECK (("registrations"."id_number" is not null) = "registrations"."sensitive_consent" and ("registrations"."id_number" is null) = ("registrations"."id_type" is null));--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_id_number_encrypted" CHECK ("registrations"."id_number" is null or "registrations"."id_number" ~ '^v[0-9]+\.');--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_erased_is_empty" CHECK ("registrations"."erased_at" is null or ("registrations"."family_name" = '' and "registrations"."given_name" = '' and "registrations"."name_zh" is null and "registrations"."organisation" = '' and "registrations"."job_title" is null and "registrations"."mobile" = '' and "registrations"."id_number" is null and "registrations"."nationality" is null and "registrations"."dietary" is null and "registrations"."interpretation_needs" is null and "registrations"."answers" = '{}'::jsonb));--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_mobile_format" CHECK ("registrations"."mobile" ~ '^\+[1-9][0-9]{6,14}$' or ("registrations"."erased_at" is not null and "registrations"."mobile" = ''));--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_id_type_matches_residence" CHECK ("registrations"."erased_at" is not null or (("registrations"."id_type" is null or ("registrations"."residence" = 'mainland' and "registrations"."id_type" = 'national-id') or ("registrations"."residence" = 'hk-mo-tw' and "registrations"."id_type" = 'travel-permit') or ("registrations"."residence" = 'other' and "registrations"."id_type" = 'passport')) and ("registrations"."residence" <> 'other' or "registrations"."nationality" is not null)));