CREATE TABLE `assessment_results` (
	`assessment_id` text PRIMARY KEY NOT NULL,
	`content_hash` text NOT NULL,
	`engine_version` text NOT NULL,
	`result` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `assessment_summaries` (
	`assessment_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`period` text NOT NULL,
	`region_code` text NOT NULL,
	`province_code` text NOT NULL,
	`city_code` text NOT NULL,
	`industry_code` text NOT NULL,
	`size_class` text NOT NULL,
	`total` real NOT NULL,
	`stage` text NOT NULL,
	`stage_rank` integer NOT NULL,
	`readiness` real,
	`application` real,
	`integration` real,
	`collaboration` real,
	`performance` real,
	`is_latest` integer NOT NULL,
	`synthetic` integer NOT NULL,
	`submitted_at` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summaries_latest` ON `assessment_summaries` (`enterprise_id`,`period`) WHERE "assessment_summaries"."is_latest" = 1;--> statement-breakpoint
CREATE INDEX `summaries_period_region` ON `assessment_summaries` (`period`,`region_code`);--> statement-breakpoint
CREATE INDEX `summaries_period_industry` ON `assessment_summaries` (`period`,`industry_code`);--> statement-breakpoint
CREATE INDEX `summaries_enterprise` ON `assessment_summaries` (`enterprise_id`,`period`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`period` text NOT NULL,
	`revision` integer NOT NULL,
	`revision_of` text,
	`status` text NOT NULL,
	`questionnaire_id` text NOT NULL,
	`questionnaire_version` text NOT NULL,
	`answers` text NOT NULL,
	`version` integer NOT NULL,
	`submitted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`questionnaire_id`,`questionnaire_version`) REFERENCES `questionnaire_versions`(`questionnaire_id`,`version`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revision_of`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assessments_status" CHECK("assessments"."status" in ('draft', 'submitted'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_revision` ON `assessments` (`enterprise_id`,`period`,`revision`);--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_one_draft` ON `assessments` (`enterprise_id`,`period`) WHERE "assessments"."status" = 'draft';--> statement-breakpoint
CREATE TABLE `enterprises` (
	`id` text PRIMARY KEY NOT NULL,
	`credit_code` text NOT NULL,
	`name` text NOT NULL,
	`region_code` text NOT NULL,
	`province_code` text NOT NULL,
	`city_code` text NOT NULL,
	`industry_code` text NOT NULL,
	`size_class` text NOT NULL,
	`employees` integer,
	`revenue_million_yuan` real,
	`synthetic` integer DEFAULT false NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "enterprises_size_class" CHECK("enterprises"."size_class" in ('large', 'medium', 'small', 'micro'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enterprises_credit_code` ON `enterprises` (`credit_code`);--> statement-breakpoint
CREATE INDEX `enterprises_region` ON `enterprises` (`region_code`);--> statement-breakpoint
CREATE INDEX `enterprises_industry` ON `enterprises` (`industry_code`);--> statement-breakpoint
CREATE INDEX `enterprises_created` ON `enterprises` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`headers` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_created` ON `idempotency_keys` (`created_at`);