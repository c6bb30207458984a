import type { EnterpriseRow } from '../enterprises/repository';
import type { ScoreFigures } from '../scoring/score';
import type { AssessmentRow, SummaryRow } from './repository';

/** The narrow row aggregates read: where the enterprise stood when it submitted, and the rounded figures. */
export function summaryOf(row: AssessmentRow, enterprise: EnterpriseRow, result: ScoreFigures): SummaryRow {
  const dim = (code: string) => result.dimensions.find((d) => d.dimension === code)?.score ?? null;
  return {
    assessmentId: row.id,
    enterpriseId: row.enterpriseId,
    period: row.period,
    regionCode: enterprise.regionCode,
    provinceCode: enterprise.provinceCode,
    cityCode: enterprise.cityCode,
    industryCode: enterprise.industryCode,
    sizeClass: enterprise.sizeClass,
    total: result.total,
    stage: result.stage.code,
    stageRank: result.stage.rank,
    readiness: dim('readiness'),
    application: dim('application'),
    integration: dim('integration'),
    collaboration: dim('collaboration'),
    performance: dim('performance'),
    isLatest: true,
    synthetic: enterprise.synthetic,
    submittedAt: row.submittedAt!,
  };
}
