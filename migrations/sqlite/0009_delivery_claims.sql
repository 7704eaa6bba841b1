ALTER TABLE `deliveries` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `claimed_until` integer;--> statement-breakpoint
ALTER TABLE `slack_messages` ADD `delivery_id` integer;