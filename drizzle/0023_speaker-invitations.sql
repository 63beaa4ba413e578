CREATE TABLE "speaker_invitation_sessions" (
	"invitation_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "speaker_invitation_sessions_pk" PRIMARY KEY("invitation_id","session_id"),
	CONSTRAINT "speaker_invitation_sessions_role_check" CHECK ("speaker_invitation_sessions"."role" in ('speaker', 'moderator', 'panelist', 'host'))
);
--> statement-breakpoint
CREATE TABLE "speaker_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"speaker_id" uuid NOT NULL,
	"invited_by" uuid,
	"message" text DEFAULT '' NOT NULL,
	"locale" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answer" text,
	"decline_reason" text,
	"token_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speaker_invitations_answer_check" CHECK ("speaker_invitations"."answer" is null or "speaker_invitations"."answer" in ('accepted', 'declined')),
	CONSTRAINT "speaker_invitations_answered_together" CHECK (("speaker_invitations"."answer" is null) = ("speaker_invitations"."answered_at" is null)),
	CONSTRAINT "speaker_invitations_locale_check" CHECK ("speaker_invitations"."locale" in ('en', 'zh-CN')),
	CONSTRAINT "speaker_invitations_message_length" CHECK (length(message) <= 2000),
	CONSTRAINT "speaker_invitations_reason_length" CHECK (decline_reason is null or length(decline_reason) <= 500)
);
--> statement-breakpoint
ALTER TABLE "speaker_invitation_sessions" ADD CONSTRAINT "speaker_invitation_sessions_invitation_id_speaker_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."speaker_invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_invitation_sessions" ADD CONSTRAINT "speaker_invitation_sessions_session_id_agenda_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agenda_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_invitations" ADD CONSTRAINT "speaker_invitations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_invitations" ADD CONSTRAINT "speaker_invitations_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_invitations" ADD CONSTRAINT "speaker_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_invitations" ADD CONSTRAINT "speaker_invitations_token_id_access_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."access_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "speaker_invitation_sessions_session_idx" ON "speaker_invitation_sessions" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "speaker_invitations_event_idx" ON "speaker_invitations" USING btree ("event_id","speaker_id");