import { DIMENSION_CODES } from '../questionnaires/definition.schema';
import type { Catalog } from '../questionnaires/catalog';
import { roundScore } from '../scoring/rounding';
import { stageByCode } from '../scoring/stages';
import type { StageCode } from '../scoring/schemas';
import { comparePeriods } from '../domain/periods';
import type { HistoryRow, SummaryRow } from './repository';

/** Every assessment of an enterprise, drafts and superseded revisions included: newest period first. */
export function historyView(catalog: Pick<Catalog, 'get'>, enterpriseId: string, rows: HistoryRow[]) {
  const ref = (id: string, version: string) => ({ id, version, contentHash: catalog.get(id, version)!.contentHash });
  const sorted = [...rows].sort((a, b) => comparePeriods(b.assessment.period, a.assessment.period) || b.assessment.revision - a.assessment.revision);
  return {
    enterpriseId,
    items: sorted.map(({ assessment: a, summary: s }) => ({
      id: a.id,
      period: a.period,
      revision: a.revision,
      status: a.status,
      isLatest: s?.isLatest ?? false,
      questionnaire: ref(a.questionnaireId, a.questionnaireVersion),
      total: s?.total ?? null,
      stage: s ? stageByCode(s.stage as StageCode) : null,
      createdAt: a.createdAt,
      submittedAt: a.submittedAt,
    })),
  };
}

const dimensionsOf = (s: SummaryRow) => DIMENSION_CODES.filter((d) => s[d] !== null).map((d) => ({ dimension: d, score: s[d] as number }));

/** The latest submitted revision per period, oldest first, each with its change from the period before. */
export function trendView(enterpriseId: string, latest: (SummaryRow & { revision: number })[]) {
  const summaries = [...latest].sort((a, b) => comparePeriods(a.period, b.period));
  return {
    enterpriseId,
    points: summaries.map((s, i) => {
      const stage = stageByCode(s.stage as StageCode);
      const prev = summaries[i - 1];
      const change = prev && {
        fromPeriod: prev.period,
        total: roundScore(s.total - prev.total),
        dimensions: DIMENSION_CODES.filter((d) => s[d] !== null && prev[d] !== null).map((d) => ({ dimension: d, score: roundScore(s[d]! - prev[d]!) })),
        stage: {
          from: stageByCode(prev.stage as StageCode),
          to: stage,
          direction: s.stageRank > prev.stageRank ? ('up' as const) : s.stageRank < prev.stageRank ? ('down' as const) : ('same' as const),
        },
      };
      return {
        period: s.period,
        assessmentId: s.assessmentId,
        revision: s.revision,
        total: s.total,
        stage,
        dimensions: dimensionsOf(s),
        change: change ?? null,
      };
    }),
  };
}
