ALTER TABLE `decisions` ADD `kind` text DEFAULT 'decision' NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `signoff_json` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `late` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `votes` ADD `note` text;