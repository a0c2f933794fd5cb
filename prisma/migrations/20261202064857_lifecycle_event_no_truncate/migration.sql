-- Hand-written: the append-only history also refuses TRUNCATE. Row triggers (the init migration's
-- lifecycle_event_append_only) do not fire for TRUNCATE, so `TRUNCATE lifecycle_event` or a
-- `TRUNCATE kfunc CASCADE` would have wiped every event. A statement-level trigger fires for the
-- table itself and for every table a CASCADE reaches.

CREATE FUNCTION "lifecycle_event_no_truncate"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lifecycle_event is append-only: TRUNCATE would erase the history'
        USING HINT = 'Events are never removed; retract one by setting retracted_at.';
END;
$$;

CREATE TRIGGER "lifecycle_event_no_truncate"
    BEFORE TRUNCATE ON "lifecycle_event"
    FOR EACH STATEMENT EXECUTE FUNCTION "lifecycle_event_no_truncate"();
