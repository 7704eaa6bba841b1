CREATE TABLE `waiting_on` (
	`decision_id` text NOT NULL,
	`user_id` text NOT NULL,
	`opened_at` integer NOT NULL,
	PRIMARY KEY(`decision_id`, `user_id`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `waiting_on_user` ON `waiting_on` (`user_id`,`opened_at`,`decision_id`);--> statement-breakpoint
CREATE INDEX `decisions_requester_status` ON `decisions` (`requester`,`status`,`opened_at`);--> statement-breakpoint
-- Who each open decision waits on now (domain waitingOn): its deciders; at the committee and a sign-off's key
-- users, those who have not voted yet.
INSERT OR IGNORE INTO `waiting_on` (`decision_id`, `user_id`, `opened_at`)
SELECT d.`id`, j.`value`, d.`opened_at` FROM `decisions` d, json_each(d.`deciders_json`) j
WHERE d.`status` IN ('open', 'needs_info')
  AND NOT (d.`level` IN ('committee', 'key_users')
    AND EXISTS (SELECT 1 FROM `votes` v WHERE v.`decision_id` = d.`id` AND v.`member` = j.`value`));
