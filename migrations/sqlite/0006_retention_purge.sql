CREATE TABLE `retention_purge` (
	`token` text PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL
);
--> statement-breakpoint
-- The one sanctioned DELETE of the audit log: the retention job (retention.days), inside the transaction that
-- holds its row in retention_purge, and only of events of a closed decision. Everything else is refused as
-- before; UPDATE is never allowed (its trigger is unchanged). SQLite triggers cannot read a TEMP table or a
-- connection setting, hence the row: it is inserted and removed within the job's own transaction.
DROP TRIGGER decision_events_no_delete;
--> statement-breakpoint
CREATE TRIGGER decision_events_no_delete BEFORE DELETE ON decision_events
WHEN NOT EXISTS (SELECT 1 FROM retention_purge)
  OR NOT EXISTS (
    SELECT 1 FROM decisions
    WHERE decisions.id = OLD.decision_id AND decisions.status IN ('decided', 'withdrawn', 'expired')
  )
BEGIN
  SELECT RAISE(ABORT, 'decision_events is append-only: DELETE is not allowed');
END;
