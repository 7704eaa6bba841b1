CREATE TABLE `away_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`user_id` text NOT NULL,
	`from` integer NOT NULL,
	`until` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `away_periods_project_user` ON `away_periods` (`project_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `decision_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text,
	`level` text NOT NULL,
	`data_json` text NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decision_events_decision_seq` ON `decision_events` (`decision_id`,`seq`);--> statement-breakpoint
CREATE INDEX `decision_events_at` ON `decision_events` (`at`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`requester` text NOT NULL,
	`question` text NOT NULL,
	`context` text NOT NULL,
	`options_json` text NOT NULL,
	`impact` text NOT NULL,
	`domain` text,
	`budget_impact` real,
	`needed_by` text,
	`default_option_id` text,
	`source_channel` text,
	`source_ts` text,
	`status` text NOT NULL,
	`level` text NOT NULL,
	`deciders_json` text NOT NULL,
	`ladder_json` text NOT NULL,
	`opened_at` integer NOT NULL,
	`level_entered_at` integer NOT NULL,
	`level_used_ms` integer NOT NULL,
	`clock_started_at` integer,
	`paused_at` integer,
	`due_at` integer,
	`reminders_sent` integer NOT NULL,
	`overdue` integer NOT NULL,
	`outcome_json` text,
	`closed_at` integer,
	`version` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_project_status` ON `decisions` (`project_id`,`status`);--> statement-breakpoint
CREATE INDEX `decisions_status_due` ON `decisions` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`decision_id` text,
	`kind` text NOT NULL,
	`recipient` text NOT NULL,
	`payload_json` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_dedupe_key` ON `deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `deliveries_status` ON `deliveries` (`status`);--> statement-breakpoint
CREATE TABLE `processed_requests` (
	`key` text PRIMARY KEY NOT NULL,
	`at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`channel` text NOT NULL,
	`config_json` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `slack_messages` (
	`decision_id` text NOT NULL,
	`role` text NOT NULL,
	`recipient` text NOT NULL,
	`channel` text NOT NULL,
	`ts` text NOT NULL,
	`posted_at` integer NOT NULL,
	PRIMARY KEY(`decision_id`, `role`, `recipient`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `votes` (
	`decision_id` text NOT NULL,
	`member` text NOT NULL,
	`option_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`decision_id`, `member`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
