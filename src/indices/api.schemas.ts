import { z } from 'zod';
import { PeriodText } from '../assessments/api.schemas';
import { freeText } from '../domain/free-text';
import { RegionCode, SizeClass } from '../enterprises/api.schemas';
import { DimensionCode, IndustryCode } from '../questionnaires/definition.schema';
import { REGION_LEVELS } from '../regions/codes';
import { Stage } from '../scoring/schemas';

export const IndexMethod = z
  .strictObject({ name: z.string(), version: z.string(), description: z.string(), k: z.int().describe('Minimum enterprises behind a published figure.') })
  .meta({ id: 'IndexMethod' });

export const IndexSource = z
  .strictObject({
    kind: z.enum(['live', 'snapshot']),
    snapshotId: z.uuid().nullable(),
    asOf: z.iso.datetime().describe('When the figures were computed or frozen.'),
    k: z.int().describe('Minimum enterprises behind a figure of this source: a snapshot keeps the k it was published with.'),
  })
  .meta({ id: 'IndexSource' });

/** Rankings compare the regions of one level: provinces, or cities. */
const RankedLevel = z.enum(REGION_LEVELS).extract(['province', 'city']);

export const RegionRef = z.strictObject({ code: RegionCode, name: z.string(), level: z.enum(REGION_LEVELS) }).meta({ id: 'RegionRef' });

/** Why a cell's figures are withheld, for machines: the words are in `reason`. */
export const WithheldBecause = z
  .enum(['no_data', 'fewer_than_k', 'complementary'])
  .nullable()
  .describe(
    'null: published. no_data: no submitted assessment. fewer_than_k: fewer than k enterprises. complementary: withheld so that no smaller group (nor another withheld cell) can be derived from the published figures.',
  )
  .meta({ id: 'WithheldBecause' });

export const IndexFigures = z
  .strictObject({
    n: z
      .int()
      .min(0)
      .nullable()
      .describe('Enterprises counted; null when the figures are suppressed (a suppressed cell says only why, never how many), 0 where nothing was submitted.'),
    value: z.number().nullable().describe('Mean 发展水平 (0–100, one decimal); null when suppressed.'),
    suppressed: z.boolean(),
    reasonCode: WithheldBecause,
    reason: z.string().nullable().describe('Why the figures are withheld, in words, e.g. "fewer than k = 5 enterprises".'),
    dimensions: z.array(
      z.strictObject({
        dimension: DimensionCode,
        value: z.number().nullable().describe('Mean over the enterprises that answered the dimension; null when suppressed.'),
        reason: z.string().nullable().describe('Why the mean is withheld: the dimension is suppressed on its own counts too.'),
      }),
    ),
    stages: z.array(z.strictObject({ stage: Stage, count: z.int().nullable(), sharePercent: z.number().nullable() })),
    synthetic: z.boolean().describe('True when synthetic demo data are included.'),
  })
  .meta({ id: 'IndexFigures' });

export const RegionIndex = z
  .strictObject({
    region: RegionRef,
    period: PeriodText,
    industry: IndustryCode.nullable(),
    size: SizeClass.nullable(),
    method: IndexMethod,
    source: IndexSource,
    figures: IndexFigures,
    breakdown: z
      .strictObject({
        industries: z.array(z.strictObject({ industry: IndustryCode, figures: IndexFigures })).optional(),
        sizes: z.array(z.strictObject({ size: SizeClass, figures: IndexFigures })).optional(),
      })
      .nullable(),
  })
  .meta({ id: 'RegionIndex' });

export const ChildIndices = z
  .strictObject({
    parent: RegionRef,
    period: PeriodText,
    industry: IndustryCode.nullable(),
    size: SizeClass.nullable(),
    method: IndexMethod,
    source: IndexSource,
    items: z.array(z.strictObject({ region: RegionRef, figures: IndexFigures })),
  })
  .meta({ id: 'ChildIndices' });

export const IndexSeries = z
  .strictObject({
    region: RegionRef,
    industry: IndustryCode.nullable(),
    size: SizeClass.nullable(),
    method: IndexMethod,
    points: z.array(z.strictObject({ period: PeriodText, source: IndexSource, figures: IndexFigures })),
  })
  .meta({ id: 'IndexSeries' });

export const Ranking = z
  .strictObject({
    level: RankedLevel,
    period: PeriodText,
    previousPeriod: PeriodText.nullable(),
    industry: IndustryCode.nullable(),
    size: SizeClass.nullable(),
    method: IndexMethod,
    source: IndexSource,
    items: z.array(
      z.strictObject({
        rank: z.int().min(1).nullable().describe('Competition ranking (1, 2, 2, 4) among regions with a published value.'),
        region: RegionRef,
        value: z.number().nullable(),
        n: z.int().nullable().describe('Enterprises counted; null when suppressed.'),
        previousRank: z.int().nullable(),
        rankChange: z.int().nullable().describe('Positive when the region climbed since the previous period.'),
        suppressed: z.boolean(),
        reasonCode: WithheldBecause,
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Ranking' });

export const CohortPosition = z
  .strictObject({
    scope: z.enum(['industry_and_size', 'industry', 'all']).describe('The peer group finally used, widened from industry and size when too small.'),
    widened: z.boolean(),
    region: RegionRef,
    industry: IndustryCode.nullable(),
    size: SizeClass.nullable(),
    n: z.int().nullable(),
    percentile: z.number().nullable().describe('Share of peers with a lower total (ties count half), 0–100.'),
    note: z.string().nullable(),
  })
  .meta({ id: 'CohortPosition' });

export const Benchmark = z
  .strictObject({
    assessmentId: z.uuid(),
    period: PeriodText,
    total: z.number(),
    minimumCohort: z.int(),
    national: CohortPosition,
    province: CohortPosition,
  })
  .meta({ id: 'Benchmark' });

export const SnapshotCreate = z.strictObject({ period: PeriodText, note: freeText('multi').max(500).optional() }).meta({ id: 'SnapshotCreate' });

export const Snapshot = z
  .strictObject({
    id: z.uuid(),
    period: PeriodText,
    methodVersion: z.string(),
    k: z.int(),
    publishedAt: z.iso.datetime(),
    publishedBy: z.string(),
    note: z.string().nullable(),
    cellCount: z.int(),
  })
  .meta({ id: 'Snapshot' });
export const SnapshotList = z.strictObject({ items: z.array(Snapshot) }).meta({ id: 'SnapshotList' });

const cuts = {
  industry: IndustryCode.optional().describe('GB/T 4754 division.'),
  size: SizeClass.optional(),
  source: z.enum(['published', 'live']).default('published').describe('published: the latest snapshot (anyone); live: current figures (authorities).'),
  snapshot: z.uuid().optional().describe('Read a specific snapshot instead of the latest.'),
  format: z.enum(['json', 'csv']).optional().describe('Alternative to Accept: text/csv.'),
};
export const IndexQuery = z.strictObject({
  period: PeriodText,
  ...cuts,
  breakdown: z
    .enum(['industry', 'size', 'industry,size', 'size,industry'])
    .optional()
    .describe('Add the figures per industry and/or size class of the region.'),
});
export const ChildrenQuery = z.strictObject({ period: PeriodText, ...cuts });
export const SeriesQuery = z.strictObject({
  industry: cuts.industry,
  size: cuts.size,
  source: cuts.source,
  periodType: z.enum(['year', 'half']).default('year'),
  format: cuts.format,
});
export const RankingQuery = z.strictObject({ level: RankedLevel.default('province'), period: PeriodText, ...cuts });
export const RegionParams = z.strictObject({ regionCode: RegionCode.describe('GB/T 2260 code; 000000 for the whole country.') });
