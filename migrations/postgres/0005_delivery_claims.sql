ALTER TABLE "deliveries" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "claimed_until" bigint;--> statement-breakpoint
ALTER TABLE "slack_messages" ADD COLUMN "delivery_id" bigint;