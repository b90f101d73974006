CREATE TABLE `badge_signing_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`private_jwk` text NOT NULL,
	`public_jwk` text NOT NULL,
	`created_at` integer NOT NULL,
	`retired_at` integer
);
--> statement-breakpoint
CREATE TABLE `certificate_events` (
	`id` text PRIMARY KEY NOT NULL,
	`certificate_id` text NOT NULL,
	`action` text NOT NULL,
	`reason` text,
	`by_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `certificate_events_certificate_idx` ON `certificate_events` (`certificate_id`,`at`);--> statement-breakpoint
CREATE TABLE `certificate_names` (
	`user_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`issue_key` text NOT NULL,
	`user_id` text NOT NULL,
	`holder_name` text NOT NULL,
	`course_id` text NOT NULL,
	`course_title` text NOT NULL,
	`course_version` text NOT NULL,
	`objectives` text NOT NULL,
	`minutes` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`issuer_organisation_id` text,
	`issuer_name` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer,
	`previous_id` text,
	`status_index` integer NOT NULL,
	`revoked_at` integer,
	`revocation_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`issuer_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`previous_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_unique` ON `certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_issue_key_unique` ON `certificates` (`issue_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_status_index_unique` ON `certificates` (`status_index`);--> statement-breakpoint
CREATE INDEX `certificates_user_idx` ON `certificates` (`user_id`,`course_id`);--> statement-breakpoint
CREATE INDEX `certificates_previous_idx` ON `certificates` (`previous_id`);--> statement-breakpoint
CREATE TABLE `withdrawn_status_indexes` (
	`status_index` integer PRIMARY KEY NOT NULL,
	`withdrawn_at` integer NOT NULL
);
