DROP INDEX `lesson_progress_user_course_idx`;--> statement-breakpoint
CREATE INDEX `lesson_progress_user_course_lesson_idx` ON `lesson_progress` (`user_id`,`course_id`,`lesson_id`,`completed_at`);--> statement-breakpoint
DROP INDEX `quiz_attempts_user_course_idx`;--> statement-breakpoint
CREATE INDEX `quiz_attempts_user_course_score_idx` ON `quiz_attempts` (`user_id`,`course_id`,`score`,`passed`,`submitted_at`);