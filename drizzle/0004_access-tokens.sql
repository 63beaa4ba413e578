CREATE TABLE "access_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"subject" text NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "access_tokens_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "access_tokens_purpose_check" CHECK (purpose in ('sign-in', 'manage-registration', 'my-agenda', 'speaker-invitation', 'password-reset', 'email-change')),
	CONSTRAINT "access_tokens_hash_length" CHECK (octet_length("access_tokens"."token_hash") = 32),
	CONSTRAINT "access_tokens_expiry_after_creation" CHECK ("access_tokens"."expires_at" > "access_tokens"."created_at")
);
--> statement-breakpoint
CREATE INDEX "access_tokens_subject_idx" ON "access_tokens" USING btree ("purpose","subject");