CREATE TABLE `index_rollups` (
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
);
--> statement-breakpoint
CREATE TABLE `index_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`method_version` text NOT NULL,
	`k` integer NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL,
	`note` text,
	`cell_count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `index_snapshots_period` ON `index_snapshots` (`period`,`published_at`);--> statement-breakpoint
CREATE TABLE `score_histograms` (
	`period` text NOT NULL,
	`level` text NOT NULL,
	`region_code` text NOT NULL,
	`industry_code` text NOT NULL,
	`size_class` text NOT NULL,
	`total_tenths` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`period`, `level`, `region_code`, `industry_code`, `size_class`, `total_tenths`)
);
--> statement-breakpoint
CREATE TABLE `snapshot_cells` (
	`snapshot_id` text NOT NULL,
	`level` text NOT NULL,
	`region_code` text NOT NULL,
	`industry_code` text NOT NULL,
	`size_class` text NOT NULL,
	`figures` text NOT NULL,
	PRIMARY KEY(`snapshot_id`, `level`, `region_code`, `industry_code`, `size_class`),
	FOREIGN KEY (`snapshot_id`) REFERENCES `index_snapshots`(`id`) ON UPDATE no action ON DELETE no action
);
