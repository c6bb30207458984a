ALTER TABLE `index_snapshots` ADD `change_seq` integer;--> statement-breakpoint
-- Until this release submissions wrote the rollups themselves: whatever the log holds by now is in them already.
INSERT INTO `projections` (`name`, `seq`) SELECT 'index-rollups', coalesce(max(`seq`), 0) FROM `change_log` WHERE true ON CONFLICT (`name`) DO NOTHING;
