-- Custom migration (drizzle-kit generate --custom): the audit log stays append-only, with one narrow exception the
-- PIPL requires: when a participant's personal data is erased, the before/after of the rows about them may be
-- replaced by the marker {"redacted": true}. Nothing else of a row may change (who, what, when, which target stay),
-- no row may be deleted, and the erasure itself is recorded by a new audit row written in the same transaction.
CREATE OR REPLACE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marker constant jsonb := '{"redacted": true}'::jsonb;
BEGIN
  IF TG_OP = 'UPDATE'
    AND NEW.id = OLD.id
    AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
    AND NEW.event_id IS NOT DISTINCT FROM OLD.event_id
    AND NEW.action = OLD.action
    AND NEW.target_type = OLD.target_type
    AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id
    AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
    AND NEW.created_at = OLD.created_at
    AND (NEW.before IS NULL OR NEW.before = marker) AND (OLD.before IS NULL) = (NEW.before IS NULL)
    AND (NEW.after IS NULL OR NEW.after = marker) AND (OLD.after IS NULL) = (NEW.after IS NULL)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log rows cannot be changed or deleted' USING ERRCODE = 'insufficient_privilege';
END;
$$;
