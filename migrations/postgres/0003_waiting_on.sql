CREATE TABLE "waiting_on" (
	"decision_id" text NOT NULL,
	"user_id" text NOT NULL,
	"opened_at" bigint NOT NULL,
	CONSTRAINT "waiting_on_decision_id_user_id_pk" PRIMARY KEY("decision_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "waiting_on" ADD CONSTRAINT "waiting_on_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "waiting_on_user" ON "waiting_on" USING btree ("user_id","opened_at","decision_id");--> statement-breakpoint
CREATE INDEX "decisions_requester_status" ON "decisions" USING btree ("requester","status","opened_at");--> statement-breakpoint
-- Who each open decision waits on now (domain waitingOn): its deciders; at the committee and a sign-off's key
-- users, those who have not voted yet.
INSERT INTO "waiting_on" ("decision_id", "user_id", "opened_at")
SELECT DISTINCT d."id", j.value, d."opened_at" FROM "decisions" d, json_array_elements_text(d."deciders_json"::json) j(value)
WHERE d."status" IN ('open', 'needs_info')
  AND NOT (d."level" IN ('committee', 'key_users')
    AND EXISTS (SELECT 1 FROM "votes" v WHERE v."decision_id" = d."id" AND v."member" = j.value))
ON CONFLICT DO NOTHING;
