-- The audit log is append-only: latency and digests are computed from it, so history must never change.
-- Same words as SQLite's triggers (migrations/sqlite/0001); TRUNCATE too, which skips row triggers.
CREATE FUNCTION decision_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'decision_events is append-only: % is not allowed', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER decision_events_no_update BEFORE UPDATE ON decision_events
  FOR EACH ROW EXECUTE FUNCTION decision_events_append_only();
--> statement-breakpoint
CREATE TRIGGER decision_events_no_delete BEFORE DELETE ON decision_events
  FOR EACH ROW EXECUTE FUNCTION decision_events_append_only();
--> statement-breakpoint
CREATE TRIGGER decision_events_no_truncate BEFORE TRUNCATE ON decision_events
  FOR EACH STATEMENT EXECUTE FUNCTION decision_events_append_only();
