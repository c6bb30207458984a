-- Snapshot cells keyed by the snapshot's number (index_snapshots.number, 1, 2, … in order of publication) instead
-- of its 36-character id; WITHOUT ROWID, so the key is the row and not a second copy of it; the level and cut before
-- the region in the key, so a level's regions of one cut are one range; and the figures in the compact encoding of
-- src/indices/stored-figures.ts. The conversion is exact: the numbers are copied as the JSON text they were, and a
-- cell of a shape the encoding does not describe keeps its JSON object, which the application reads as before.
-- Hand-edited from drizzle-kit's output. Migrations run in one transaction, where PRAGMA foreign_keys cannot change:
-- each table is dropped only after the tables that refer to it.
CREATE TABLE `__new_index_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`period` text NOT NULL,
	`method_version` text NOT NULL,
	`k` integer NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL,
	`note` text,
	`cell_count` integer NOT NULL,
	`change_seq` integer
);
--> statement-breakpoint
INSERT INTO `__new_index_snapshots` ("id", "number", "period", "method_version", "k", "published_at", "published_by", "note", "cell_count", "change_seq")
SELECT "id", row_number() OVER (ORDER BY "published_at", "id"), "period", "method_version", "k", "published_at", "published_by", "note", "cell_count", "change_seq"
FROM `index_snapshots`;
--> statement-breakpoint
CREATE UNIQUE INDEX `index_snapshots_number` ON `__new_index_snapshots` (`number`);--> statement-breakpoint
CREATE TABLE `__new_snapshot_cells` (
	`snapshot_number` integer NOT NULL,
	`level` text NOT NULL,
	`industry_code` text NOT NULL,
	`size_class` text NOT NULL,
	`region_code` text NOT NULL,
	`figures` text NOT NULL,
	PRIMARY KEY(`snapshot_number`, `level`, `industry_code`, `size_class`, `region_code`),
	FOREIGN KEY (`snapshot_number`) REFERENCES `__new_index_snapshots`(`number`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
-- A cell's shape is the list of its JSON paths in order (values aside), given that its leaves have the types and its
-- dimension and stage codes the order the encoding stores; 'current' and 'legacy' (frozen before dimensions were suppressed on their own counts, so
-- without a per-dimension `suppressed`) are the shapes the encoding describes.
WITH
  shapes (shape, paths) AS (
    VALUES
      ('current', '$,$.n,$.value,$.suppressed,$.dimensions,$.dimensions[0],$.dimensions[0].dimension,$.dimensions[0].value,$.dimensions[0].suppressed,$.dimensions[1],$.dimensions[1].dimension,$.dimensions[1].value,$.dimensions[1].suppressed,$.dimensions[2],$.dimensions[2].dimension,$.dimensions[2].value,$.dimensions[2].suppressed,$.dimensions[3],$.dimensions[3].dimension,$.dimensions[3].value,$.dimensions[3].suppressed,$.dimensions[4],$.dimensions[4].dimension,$.dimensions[4].value,$.dimensions[4].suppressed,$.stages,$.stages[0],$.stages[0].stage,$.stages[0].count,$.stages[0].sharePercent,$.stages[1],$.stages[1].stage,$.stages[1].count,$.stages[1].sharePercent,$.stages[2],$.stages[2].stage,$.stages[2].count,$.stages[2].sharePercent,$.stages[3],$.stages[3].stage,$.stages[3].count,$.stages[3].sharePercent,$.synthetic'),
      ('legacy', '$,$.n,$.value,$.suppressed,$.dimensions,$.dimensions[0],$.dimensions[0].dimension,$.dimensions[0].value,$.dimensions[1],$.dimensions[1].dimension,$.dimensions[1].value,$.dimensions[2],$.dimensions[2].dimension,$.dimensions[2].value,$.dimensions[3],$.dimensions[3].dimension,$.dimensions[3].value,$.dimensions[4],$.dimensions[4].dimension,$.dimensions[4].value,$.stages,$.stages[0],$.stages[0].stage,$.stages[0].count,$.stages[0].sharePercent,$.stages[1],$.stages[1].stage,$.stages[1].count,$.stages[1].sharePercent,$.stages[2],$.stages[2].stage,$.stages[2].count,$.stages[2].sharePercent,$.stages[3],$.stages[3].stage,$.stages[3].count,$.stages[3].sharePercent,$.synthetic')
  ),
  cells AS (
    SELECT s."number", c."level", c."industry_code", c."size_class", c."region_code", c."figures" AS f,
      CASE WHEN json_valid(c."figures") THEN (
        SELECT CASE
          WHEN sum(CASE "key"
              WHEN 'n' THEN "type" <> 'integer'
              WHEN 'count' THEN "type" NOT IN ('integer', 'null')
              WHEN 'value' THEN "type" NOT IN ('integer', 'real', 'null')
              WHEN 'sharePercent' THEN "type" NOT IN ('integer', 'real', 'null')
              WHEN 'suppressed' THEN NOT ("type" = 'null' OR ("type" = 'text' AND "atom" IN ('fewer_than_k', 'complementary')))
              WHEN 'synthetic' THEN "type" NOT IN ('true', 'false')
              ELSE 0 END) > 0 THEN NULL
          WHEN coalesce(group_concat(CASE WHEN "key" IN ('dimension', 'stage') THEN "type" || ':' || "atom" END, ',' ORDER BY "id"), '')
            <> 'text:readiness,text:application,text:integration,text:collaboration,text:performance,text:foundation,text:single_application,text:comprehensive_integration,text:collaboration_innovation'
            THEN NULL
          ELSE group_concat("fullkey", ',' ORDER BY "id")
        END
        FROM json_tree(c."figures")
      ) END AS paths
    FROM `snapshot_cells` c JOIN `__new_index_snapshots` s ON s."id" = c."snapshot_id"
  ),
  shaped AS (
    SELECT cells.*, shapes."shape",
      CASE f ->> '$.suppressed' WHEN 'fewer_than_k' THEN 1 WHEN 'complementary' THEN 2 ELSE 0 END AS reason,
      CASE f -> '$.synthetic' WHEN 'true' THEN 1 ELSE 0 END AS synthetic,
      -- Wholly suppressed: nothing but n, the reason and whether synthetic, every dimension withheld for the same reason.
      shape = 'current' AND f ->> '$.suppressed' IS NOT NULL AND (
        SELECT sum("key" IN ('value', 'count', 'sharePercent') AND "type" <> 'null') = 0
          AND sum("key" = 'suppressed' AND "atom" IS NOT f ->> '$.suppressed') = 0
        FROM json_tree(f)
      ) AS wholly
    FROM cells LEFT JOIN shapes ON shapes."paths" = cells.paths
  )
INSERT INTO `__new_snapshot_cells` ("snapshot_number", "level", "industry_code", "size_class", "region_code", "figures")
SELECT "number", "level", "industry_code", "size_class", "region_code",
  CASE
    WHEN shape IS NULL THEN f
    WHEN wholly THEN '[' || (f -> '$.n') || ',' || reason || ',' || synthetic || ']'
    ELSE '[' || (f -> '$.n') || ',' || (f -> '$.value') || ',' || reason || ',[' ||
      CASE shape
        WHEN 'current' THEN (
          SELECT group_concat('[' || ("value" -> '$.value') || ',' ||
              CASE "value" ->> '$.suppressed' WHEN 'fewer_than_k' THEN 1 WHEN 'complementary' THEN 2 ELSE 0 END || ']', ',' ORDER BY "key")
          FROM json_each(f, '$.dimensions'))
        ELSE (SELECT group_concat("value" -> '$.value', ',' ORDER BY "key") FROM json_each(f, '$.dimensions'))
      END || '],[' ||
      (SELECT group_concat('[' || ("value" -> '$.count') || ',' || ("value" -> '$.sharePercent') || ']', ',' ORDER BY "key") FROM json_each(f, '$.stages')) ||
      '],' || synthetic || ']'
  END
FROM shaped
ORDER BY "number", "level", "industry_code", "size_class", "region_code";
--> statement-breakpoint
DROP TABLE `snapshot_cells`;--> statement-breakpoint
DROP TABLE `index_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_index_snapshots` RENAME TO `index_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_snapshot_cells` RENAME TO `snapshot_cells`;--> statement-breakpoint
CREATE INDEX `index_snapshots_period` ON `index_snapshots` (`period`,`published_at`);
