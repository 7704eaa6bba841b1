CREATE TABLE `people` (
	`user_id` text PRIMARY KEY NOT NULL,
	`email` text,
	`resolved_at` integer,
	`deactivated` integer DEFAULT false NOT NULL,
	`locale` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_email` ON `people` (`email`);