-- index_rollups and score_histograms become WITHOUT ROWID tables: their primary key is the row, so SQLite keeps the
-- row once, in key order, instead of a rowid table plus an automatic index holding the key a second time; the
-- projection's upsert seeks one B-tree instead of two. Rows are copied in key order.
CREATE TABLE `__new_index_rollups` (
	`period` text NOT NULL,
	`level` text NOT NULL,
	`region_code` text NOT NULL,
	`industry_code` text NOT NULL,
	`size_class` text NOT NULL,
	`n` integer NOT NULL,
	`n_synthetic` integer NOT NULL,
	`total_tenths` integer NOT NULL,
	`readiness_tenths` integer NOT NULL,
	`readiness_n` integer NOT NULL,
	`application_tenths` integer NOT NULL,
	`application_n` integer NOT NULL,
	`integration_tenths` integer NOT NULL,
	`integration_n` integer NOT NULL,
	`collaboration_tenths` integer NOT NULL,
	`collaboration_n` integer NOT NULL,
	`performance_tenths` integer NOT NULL,
	`performance_n` integer NOT NULL,
	`stage_1` integer NOT NULL,
	`stage_2` integer NOT NULL,
	`stage_3` integer NOT NULL,
	`stage_4` integer NOT NULL,
	PRIMARY KEY(`period`, `level`, `region_code`, `industry_code`, `size_class`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_index_rollups`("period", "level", "region_code", "industry_code", "size_class", "n", "n_synthetic", "total_tenths",
	"readiness_tenths", "readiness_n", "application_tenths", "application_n", "integration_tenths", "integration_n", "collaboration_tenths",
	"collaboration_n", "performance_tenths", "performance_n", "stage_1", "stage_2", "stage_3", "stage_4")
SELECT "period", "level", "region_code", "industry_code", "size_class", "n", "n_synthetic", "total_tenths",
	"readiness_tenths", "readiness_n", "application_tenths", "application_n", "integration_tenths", "integration_n", "collaboration_tenths",
	"collaboration_n", "performance_tenths", "performance_n", "stage_1", "stage_2", "stage_3", "stage_4"
FROM `index_rollups` ORDER BY "period", "level", "region_code", "industry_code", "size_class";--> statement-breakpoint
DROP TABLE `index_rollups`;--> statement-breakpoint
ALTER TABLE `__new_index_rollups` RENAME TO `index_rollups`;--> statement-breakpoint
CREATE TABLE `__new_score_histograms` (
	`period` text NOT NULL,
	`level` text NOT NULL,
	`region_code` text NOT NULL,
	`industry_code` text NOT NULL,
	`size_class` text NOT NULL,
	`total_tenths` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`period`, `level`, `region_code`, `industry_code`, `size_class`, `total_tenths`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_score_histograms`("period", "level", "region_code", "industry_code", "size_class", "total_tenths", "count")
SELECT "period", "level", "region_code", "industry_code", "size_class", "total_tenths", "count"
FROM `score_histograms` ORDER BY "period", "level", "region_code", "industry_code", "size_class", "total_tenths";--> statement-breakpoint
DROP TABLE `score_histograms`;--> statement-breakpoint
ALTER TABLE `__new_score_histograms` RENAME TO `score_histograms`;
