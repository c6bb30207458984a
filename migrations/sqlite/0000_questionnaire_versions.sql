CREATE TABLE `questionnaire_versions` (
	`questionnaire_id` text NOT NULL,
	`version` text NOT NULL,
	`content_hash` text NOT NULL,
	`definition` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`published_at` text NOT NULL,
	`retired_at` text,
	PRIMARY KEY(`questionnaire_id`, `version`),
	CONSTRAINT "questionnaire_versions_status" CHECK("questionnaire_versions"."status" in ('published', 'retired')),
	CONSTRAINT "questionnaire_versions_source" CHECK("questionnaire_versions"."source" in ('catalog', 'api'))
);
