-- Custom migration (drizzle-kit generate --custom): a function that fails the statement calling it with a given
-- message. A registration written in one statement (src/features/registration/at-once.ts) calls it when a seat it
-- needs is not free, so the statement fails and the COMMIT sent right behind it rolls everything back instead.
CREATE FUNCTION "refuse_statement"(reason text) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = reason;
END;
$$;
