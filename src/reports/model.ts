import type { Principal } from '../auth/principal';
import { comparePeriods } from '../domain/periods';
import type { AssessmentService } from '../assessments/service';
import { ConflictError } from '../domain/errors';
import { toEnterprise } from '../enterprises/presenters';
import type { EnterpriseService } from '../enterprises/service';
import type { IndexService } from '../indices/service';
import type { Catalog } from '../questionnaires/catalog';
import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { MANUFACTURING_DIVISIONS } from '../questionnaires/industries';
import { indexRegion } from '../regions/divisions';
import type { ScoreResult } from '../scoring/schemas';

/** Everything one report shows, gathered through the same services the JSON API uses. */
export interface ReportModel {
  assessment: { id: string; period: string; revision: number; isLatest: boolean; submittedAt: string };
  enterprise: ReturnType<typeof toEnterprise> & { regionPath: string[]; industryName: { zh: string; en: string } };
  definition: QuestionnaireDefinition;
  result: ScoreResult;
  /** Earlier periods and this one, oldest first; this period shows this assessment, whatever its revision. */
  trend: { period: string; total: number; stageRank: number; stageZh: string; stageEn: string; current: boolean }[];
  benchmark: Awaited<ReturnType<IndexService['benchmark']>> | null;
}

export interface ReportDeps {
  assessments: Pick<AssessmentService, 'get' | 'view' | 'trend'>;
  enterprises: Pick<EnterpriseService, 'get'>;
  catalog: Pick<Catalog, 'get' | 'forIndustry'>;
  indices: Pick<IndexService, 'benchmark'>;
}

/** The caller sees a report exactly when it may read the assessment (NotFoundError otherwise, as `get` throws). */
export async function reportModel(
  { assessments, enterprises, catalog, indices }: ReportDeps,
  principal: Principal,
  assessmentId: string,
): Promise<ReportModel> {
  const row = await assessments.get(principal, assessmentId);
  if (row.status !== 'submitted') {
    throw new ConflictError(`assessment ${assessmentId} is a draft; a report exists once it is submitted`, { resource: { kind: 'assessment', id: row.id } });
  }
  const assessment = await assessments.view(row);
  const result = assessment.result!;
  const enterprise = toEnterprise({ catalog }, await enterprises.get(principal, row.enterpriseId, 'read', 'profile'));
  const definition = catalog.get(row.questionnaireId, row.questionnaireVersion)!.definition;

  const earlier = (await assessments.trend(principal, row.enterpriseId)).points.filter((p) => comparePeriods(p.period, row.period) < 0);
  const trend = [
    ...earlier.map((p) => ({ period: p.period, total: p.total, stageRank: p.stage.rank, stageZh: p.stage.zh, stageEn: p.stage.en, current: false })),
    { period: row.period, total: result.total, stageRank: result.stage.rank, stageZh: result.stage.zh, stageEn: result.stage.en, current: true },
  ];

  let peers: ReportModel['benchmark'] = null;
  try {
    peers = await indices.benchmark(row);
  } catch (err) {
    // A submitted assessment always has a summary; should one be missing, the report still shows the rest.
    if (!(err instanceof ConflictError)) throw err;
  }

  const regionPath = [enterprise.provinceCode, enterprise.cityCode]
    .map((code) => indexRegion(code)?.name)
    .filter((name): name is string => Boolean(name) && name !== '市辖区');
  const industry = MANUFACTURING_DIVISIONS.find((d) => d.code === enterprise.industryCode);
  return {
    assessment: { id: row.id, period: row.period, revision: row.revision, isLatest: assessment.isLatest, submittedAt: row.submittedAt! },
    enterprise: {
      ...enterprise,
      regionPath: [...regionPath, enterprise.regionName],
      industryName: industry ? { zh: industry.name.zh, en: industry.name.en } : { zh: enterprise.industryCode, en: enterprise.industryCode },
    },
    definition,
    result,
    trend,
    benchmark: peers,
  };
}
