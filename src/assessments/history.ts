import type { Deps } from '../deps';
import { canReadAssessmentsOf } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { visibleEnterprise } from '../enterprises/service';
import { DIMENSION_CODES } from '../questionnaires/definition.schema';
import { roundScore } from '../scoring/rounding';
import { stageByCode } from '../scoring/stages';
import type { StageCode } from '../scoring/schemas';
import { comparePeriods } from './period';
import { historyOf, latestSummariesOf, type SummaryRow } from './repository';

const ref = (deps: Deps, id: string, version: string) => {
  const r = deps.catalog.get(id, version)!;
  return { id, version, contentHash: r.contentHash };
};

/** Every assessment of an enterprise, drafts and superseded revisions included. */
export async function assessmentHistory(deps: Deps, principal: Principal, enterpriseId: string) {
  visibleEnterprise(deps, principal, enterpriseId, canReadAssessmentsOf);
  const rows = historyOf(deps.database.db, enterpriseId).sort(
    (a, b) => comparePeriods(b.assessment.period, a.assessment.period) || b.assessment.revision - a.assessment.revision,
  );
  return {
    enterpriseId,
    items: rows.map(({ assessment: a, summary: s }) => ({
      id: a.id,
      period: a.period,
      revision: a.revision,
      status: a.status,
      isLatest: s?.isLatest ?? false,
      questionnaire: ref(deps, a.questionnaireId, a.questionnaireVersion),
      total: s?.total ?? null,
      stage: s ? stageByCode(s.stage as StageCode) : null,
      createdAt: a.createdAt,
      submittedAt: a.submittedAt,
    })),
  };
}

const dimensionsOf = (s: SummaryRow) => DIMENSION_CODES.filter((d) => s[d] !== null).map((d) => ({ dimension: d, score: s[d] as number }));

/** The latest submitted revision per period, oldest first, each with its change from the period before. */
export async function assessmentTrend(deps: Deps, principal: Principal, enterpriseId: string) {
  visibleEnterprise(deps, principal, enterpriseId, canReadAssessmentsOf);
  const summaries = latestSummariesOf(deps.database.db, enterpriseId).sort((a, b) => comparePeriods(a.period, b.period));
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
