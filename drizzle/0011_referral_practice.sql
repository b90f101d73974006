CREATE TABLE `referral_drafts` (
	`user_id` text NOT NULL,
	`exercise_id` text NOT NULL,
	`text` text NOT NULL,
	`revision` integer NOT NULL,
	`fictional_confirmed_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `exercise_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `referral_reviews` (
	`submission_id` text PRIMARY KEY NOT NULL,
	`reviewer_id` text,
	`reviewer_name` text NOT NULL,
	`verdict` text NOT NULL,
	`overall` text NOT NULL,
	`section_comments` text NOT NULL,
	`reviewed_at` integer NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `referral_submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `referral_submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`exercise_id` text NOT NULL,
	`version` integer NOT NULL,
	`text` text NOT NULL,
	`template_country` text NOT NULL,
	`locale` text NOT NULL,
	`personal_data_kinds` text NOT NULL,
	`fictional_confirmed_at` integer,
	`open_flags` integer NOT NULL,
	`self_assessment` text,
	`submitted_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_submissions_version_idx` ON `referral_submissions` (`user_id`,`exercise_id`,`version`);--> statement-breakpoint
CREATE INDEX `referral_submissions_submitted_idx` ON `referral_submissions` (`submitted_at`);