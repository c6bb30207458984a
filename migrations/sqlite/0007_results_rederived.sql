-- Results are re-derived from the answers, the questionnaire content and the engine version (assessments/results.ts);
-- the stored bytes stay for rows that have them. WITHOUT ROWID: the primary key is the row itself.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_assessment_results` (
	`assessment_id` text PRIMARY KEY NOT NULL,
	`content_hash` text NOT NULL,
	`engine_version` text NOT NULL,
	`result` text,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_assessment_results`("assessment_id", "content_hash", "engine_version", "result") SELECT "assessment_id", "content_hash", "engine_version", "result" FROM `assessment_results`;--> statement-breakpoint
DROP TABLE `assessment_results`;--> statement-breakpoint
ALTER TABLE `__new_assessment_results` RENAME TO `assessment_results`;--> statement-breakpoint
PRAGMA foreign_keys=ON;