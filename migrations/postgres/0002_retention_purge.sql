CREATE TABLE "retention_purge" (
	"token" text PRIMARY KEY NOT NULL,
	"started_at" bigint NOT NULL
);
--> statement-breakpoint
-- The one sanctioned DELETE of the audit log, as in SQLite (migrations/sqlite/0006): the retention job, inside
-- the transaction that holds its row in retention_purge (no other transaction sees that row), and only of events
-- of a closed decision. UPDATE and TRUNCATE are refused always, any other DELETE as before.
CREATE OR REPLACE FUNCTION decision_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM retention_purge)
       AND EXISTS (
         SELECT 1 FROM decisions
         WHERE decisions.id = OLD.decision_id AND decisions.status IN ('decided', 'withdrawn', 'expired')
       ) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'decision_events is append-only: % is not allowed', TG_OP;
END;
$$;
