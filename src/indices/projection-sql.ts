import { assessmentSummaries, scoreHistograms } from '../db/schema';
import {
  ALL,
  COUNTRY,
  contributionSql,
  HISTOGRAM_CELLS,
  REGION_COLUMN,
  ROLLUP_CELLS,
  ROLLUP_KEY,
  ROLLUP_MEASURES,
  tenthsSql,
  type Cut,
  type Level,
  type SummaryRow,
} from './rollups';

/** What the projection's statement says differently on each backend; the statement itself is one (below). */
export interface ProjectionDialect {
  /** The batch's assessment ids with their sign (+1 counted, −1 no longer), as the `batch` CTE's select. */
  batch: string;
  /** A cut's flag as a literal of the cells' VALUES. */
  flag(value: boolean): string;
  /** `value` where `condition` holds, else `otherwise`. */
  iif(condition: string, value: string, otherwise: string): string;
  /** A summary's contribution to a summed measure, times its sign. */
  signed(contribution: string): string;
  /** Between the FROM and the GROUP BY of an INSERT … SELECT that has an ON CONFLICT (SQLite needs a WHERE there). */
  beforeGroupBy: string;
  /** The stored value of `column` in an ON CONFLICT … DO UPDATE of `table`. */
  stored(table: string, column: string): string;
}

export const SQLITE_PROJECTION: ProjectionDialect = {
  batch: 'select value, 1 from json_each(@added) union all select value, -1 from json_each(@removed)',
  flag: (value) => (value ? '1' : '0'),
  iif: (condition, value, otherwise) => `iif(${condition}, ${value}, ${otherwise})`,
  signed: (contribution) => (contribution === '1' ? 'b.sign' : `b.sign * ${contribution}`),
  beforeGroupBy: '\n  where true',
  stored: (_table, column) => column,
};

export const POSTGRES_PROJECTION: ProjectionDialect = {
  batch: 'select unnest($1::text[]), 1 union all select unnest($2::text[]), -1',
  flag: (value) => String(value),
  iif: (condition, value, otherwise) => `case when ${condition} then ${value} else ${otherwise} end`,
  // Comparisons are booleans on PostgreSQL: cast to be summed.
  signed: (contribution) => `b.sign * (${contribution})::int`,
  beforeGroupBy: '',
  stored: (table, column) => `${table}.${column}`,
};

/**
 * A batch's projection as one statement per table, generated from the definitions of rollups.ts: the summaries of
 * the batch (counted +1, or −1 for those it no longer counts) with what each contributes, crossed with the cells it
 * counts in, summed per cell (per bin) inside the database, and added to the stored rows in key order (GROUP BY's).
 * A cell whose sums are all zero (a revision and its predecessor in the same batch) is not written. Each summary's
 * contribution is computed once (`x`, materialized), not once per cell it counts in.
 */
export function projectionSql(table: 'index_rollups' | 'score_histograms', dialect: ProjectionDialect): string {
  const placed = ['period', 'provinceCode', 'cityCode', 'regionCode', 'industryCode', 'sizeClass'] as const satisfies readonly (keyof SummaryRow)[];
  const name = (key: keyof SummaryRow) => assessmentSummaries[key].name;
  const inner = (key: keyof SummaryRow) => `s.${name(key)}`;
  const outer = (key: keyof SummaryRow) => `x.${name(key)}`;
  const cells = table === 'index_rollups' ? ROLLUP_CELLS : HISTOGRAM_CELLS;
  const cellRows = cells.map(({ level, cut }: { level: Level; cut: Cut }) => `('${level}', ${dialect.flag(cut.byIndustry)}, ${dialect.flag(cut.bySize)})`);
  const levels = [...new Set(cells.map((c) => c.level))];
  const regionOf = (level: Level) => (REGION_COLUMN[level] === null ? `'${COUNTRY}'` : outer(REGION_COLUMN[level]));
  const key = [
    outer('period'),
    'c.level',
    `case c.level ${levels.map((level) => `when '${level}' then ${regionOf(level)}`).join(' ')} end`,
    dialect.iif('c.by_industry', outer('industryCode'), `'${ALL}'`),
    dialect.iif('c.by_size', outer('sizeClass'), `'${ALL}'`),
  ];
  // What `x` holds per summary besides where it stands, and the columns written from it.
  let contributions: [alias: string, sql: string][], keyColumns: string[], summed: string[], values: string[];
  if (table === 'index_rollups') {
    const contribution = contributionSql(inner);
    summed = ROLLUP_MEASURES.map((c) => c.name);
    contributions = summed.map((c) => [c, dialect.signed(contribution[c]!)]);
    keyColumns = ROLLUP_KEY.map((c) => c.name);
    values = [...key, ...summed.map((c) => `sum(x.${c})`)];
  } else {
    summed = [scoreHistograms.count.name];
    contributions = [
      [scoreHistograms.totalTenths.name, tenthsSql(inner('total'))],
      [scoreHistograms.count.name, 'b.sign'],
    ];
    keyColumns = [...ROLLUP_KEY.map((c) => c.name), scoreHistograms.totalTenths.name];
    values = [...key, `x.${scoreHistograms.totalTenths.name}`, `sum(x.${scoreHistograms.count.name})`];
  }
  const sums = values.slice(keyColumns.length);
  return `with batch (assessment_id, sign) as (${dialect.batch}),
    x as materialized (select ${[...placed.map(inner), ...contributions.map(([alias, sql]) => `${sql} as ${alias}`)].join(', ')}
      from batch b join assessment_summaries s on s.assessment_id = b.assessment_id),
    c (level, by_industry, by_size) as (values ${cellRows.join(', ')})
  insert into ${table} (${[...keyColumns, ...summed].join(', ')})
  select ${values.join(', ')}
  from x cross join c${dialect.beforeGroupBy}
  group by ${keyColumns.map((_, i) => i + 1).join(', ')}
  having ${sums.map((x) => `${x} <> 0`).join(' or ')}
  on conflict (${keyColumns.join(', ')}) do update set ${summed.map((c) => `${c} = ${dialect.stored(table, c)} + excluded.${c}`).join(', ')}`;
}
