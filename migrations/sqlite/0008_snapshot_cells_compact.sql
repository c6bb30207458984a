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
-- A cell's form: its text exactly the JSON a wholly suppressed cell was written as (checked first, being most cells),
-- or else its JSON paths in document order, each leaf's type and each dimension's and stage's code folded in
-- (a leaf of the wrong type gets a '!'), must be the signature of 'current' or of 'legacy' (frozen before dimensions
-- were suppressed on their own counts, so without a per-dimension `suppressed`); 'wholly' is a current cell with no
-- figure but n and one reason throughout. Any other cell keeps its JSON. Forms are found in one pass over each cell
-- and kept by the old table's rowid for the length of this statement only.
WITH
  shapes (form, signature) AS (
    SELECT 'current', '$,$.n,$.value,$.suppressed,$.dimensions,'
      || (SELECT group_concat(printf('$.dimensions[%d],$.dimensions[%d].dimension=%s,$.dimensions[%d].value,$.dimensions[%d].suppressed', "key", "key", "value", "key", "key"), ',' ORDER BY "key")
          FROM json_each('["readiness","application","integration","collaboration","performance"]'))
      || ',$.stages,'
      || (SELECT group_concat(printf('$.stages[%d],$.stages[%d].stage=%s,$.stages[%d].count,$.stages[%d].sharePercent', "key", "key", "value", "key", "key"), ',' ORDER BY "key")
          FROM json_each('["foundation","single_application","comprehensive_integration","collaboration_innovation"]'))
      || ',$.synthetic'
    UNION ALL
    SELECT 'legacy', '$,$.n,$.value,$.suppressed,$.dimensions,'
      || (SELECT group_concat(printf('$.dimensions[%d],$.dimensions[%d].dimension=%s,$.dimensions[%d].value', "key", "key", "value", "key"), ',' ORDER BY "key")
          FROM json_each('["readiness","application","integration","collaboration","performance"]'))
      || ',$.stages,'
      || (SELECT group_concat(printf('$.stages[%d],$.stages[%d].stage=%s,$.stages[%d].count,$.stages[%d].sharePercent', "key", "key", "value", "key", "key"), ',' ORDER BY "key")
          FROM json_each('["foundation","single_application","comprehensive_integration","collaboration_innovation"]'))
      || ',$.synthetic'
  ),
  -- The JSON of a wholly suppressed cell as the application wrote it, with %n, %r and %s for n, the reason and synthetic.
  templates (wholly) AS (
    SELECT '{"n":%n,"value":null,"suppressed":"%r","dimensions":['
      || (SELECT group_concat('{"dimension":"' || "value" || '","value":null,"suppressed":"%r"}', ',' ORDER BY "key")
          FROM json_each('["readiness","application","integration","collaboration","performance"]'))
      || '],"stages":['
      || (SELECT group_concat('{"stage":"' || "value" || '","count":null,"sharePercent":null}', ',' ORDER BY "key")
          FROM json_each('["foundation","single_application","comprehensive_integration","collaboration_innovation"]'))
      || '],"synthetic":%s}'
  ),
  forms (cell, form) AS MATERIALIZED (
    SELECT c."rowid", CASE
      WHEN NOT json_valid(c."figures") THEN NULL
      -- Most cells: exactly the JSON a wholly suppressed cell was written as, rebuilt from n, the reason and synthetic.
      WHEN c."figures" = replace(replace(replace((SELECT wholly FROM templates), '%n', c."figures" -> '$.n'), '%r', c."figures" ->> '$.suppressed'), '%s', c."figures" -> '$.synthetic')
        AND json_type(c."figures", '$.n') = 'integer' AND c."figures" ->> '$.suppressed' IN ('fewer_than_k', 'complementary')
        AND c."figures" -> '$.synthetic' IN ('true', 'false')
        THEN 'wholly'
      ELSE (
      SELECT CASE group_concat("fullkey" || CASE
            WHEN "key" IN ('dimension', 'stage') THEN '=' || CASE WHEN "type" = 'text' THEN "atom" ELSE '!' END
            WHEN "key" = 'n' THEN iif("type" = 'integer', '', '!')
            WHEN "key" = 'count' THEN iif("type" IN ('integer', 'null'), '', '!')
            WHEN "key" IN ('value', 'sharePercent') THEN iif("type" IN ('integer', 'real', 'null'), '', '!')
            WHEN "key" = 'suppressed' THEN iif("type" = 'null' OR ("type" = 'text' AND "atom" IN ('fewer_than_k', 'complementary')), '', '!')
            WHEN "key" = 'synthetic' THEN iif("type" IN ('true', 'false'), '', '!')
            ELSE '' END, ',' ORDER BY "id")
        WHEN (SELECT signature FROM shapes WHERE form = 'current') THEN
          CASE WHEN sum("key" IN ('value', 'count', 'sharePercent') AND "type" <> 'null') = 0
              AND sum("fullkey" = '$.suppressed' AND "type" = 'text') = 1
              AND count(DISTINCT CASE WHEN "key" = 'suppressed' THEN coalesce("atom", '') END) = 1
            THEN 'wholly' ELSE 'current' END
        WHEN (SELECT signature FROM shapes WHERE form = 'legacy') THEN 'legacy'
      END
      FROM json_tree(c."figures")
    ) END
    FROM `snapshot_cells` c
  )
INSERT INTO `__new_snapshot_cells` ("snapshot_number", "level", "industry_code", "size_class", "region_code", "figures")
SELECT s."number", c."level", c."industry_code", c."size_class", c."region_code",
  CASE f.form
    WHEN 'wholly' THEN '[' || (c."figures" -> '$.n') || ','
      || CASE c."figures" ->> '$.suppressed' WHEN 'fewer_than_k' THEN 1 WHEN 'complementary' THEN 2 END || ','
      || iif(c."figures" -> '$.synthetic' = 'true', 1, 0) || ']'
    WHEN 'current' THEN '[' || (c."figures" -> '$.n') || ',' || (c."figures" -> '$.value') || ','
      || CASE c."figures" ->> '$.suppressed' WHEN 'fewer_than_k' THEN 1 WHEN 'complementary' THEN 2 ELSE 0 END || ',['
      || (SELECT group_concat('[' || ("value" -> '$.value') || ','
            || CASE "value" ->> '$.suppressed' WHEN 'fewer_than_k' THEN 1 WHEN 'complementary' THEN 2 ELSE 0 END || ']', ',' ORDER BY "key")
          FROM json_each(c."figures", '$.dimensions'))
      || '],[' || (SELECT group_concat('[' || ("value" -> '$.count') || ',' || ("value" -> '$.sharePercent') || ']', ',' ORDER BY "key") FROM json_each(c."figures", '$.stages'))
      || '],' || iif(c."figures" -> '$.synthetic' = 'true', 1, 0) || ']'
    WHEN 'legacy' THEN '[' || (c."figures" -> '$.n') || ',' || (c."figures" -> '$.value') || ','
      || CASE c."figures" ->> '$.suppressed' WHEN 'fewer_than_k' THEN 1 WHEN 'complementary' THEN 2 ELSE 0 END || ',['
      || (SELECT group_concat("value" -> '$.value', ',' ORDER BY "key") FROM json_each(c."figures", '$.dimensions'))
      || '],[' || (SELECT group_concat('[' || ("value" -> '$.count') || ',' || ("value" -> '$.sharePercent') || ']', ',' ORDER BY "key") FROM json_each(c."figures", '$.stages'))
      || '],' || iif(c."figures" -> '$.synthetic' = 'true', 1, 0) || ']'
    ELSE c."figures"
  END
FROM forms f
  JOIN `snapshot_cells` c ON c."rowid" = f.cell
  JOIN `__new_index_snapshots` s ON s."id" = c."snapshot_id"
ORDER BY s."number", c."level", c."industry_code", c."size_class", c."region_code";
--> statement-breakpoint
DROP TABLE `snapshot_cells`;--> statement-breakpoint
DROP TABLE `index_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_index_snapshots` RENAME TO `index_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_snapshot_cells` RENAME TO `snapshot_cells`;--> statement-breakpoint
CREATE INDEX `index_snapshots_period` ON `index_snapshots` (`period`,`published_at`);
