-- The audit log is append-only: latency and digests are computed from it, so history must never change.
CREATE TRIGGER decision_events_no_update BEFORE UPDATE ON decision_events
BEGIN
  SELECT RAISE(ABORT, 'decision_events is append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER decision_events_no_delete BEFORE DELETE ON decision_events
BEGIN
  SELECT RAISE(ABORT, 'decision_events is append-only: DELETE is not allowed');
END;
