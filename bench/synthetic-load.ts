import { newId } from '../src/domain/ids';
import fc from 'fast-check';
import type { BulkEnterprise } from '../src/assessments/bulk';
import type { Catalog } from '../src/questionnaires/catalog';
import { composeCreditCode } from '../src/enterprises/credit-code';
import { SIZE_CLASSES } from '../src/enterprises/size-class';
import { allCounties } from '../src/regions/divisions';
import type { Answers } from '../src/scoring/schemas';
import { scoreFigures, type ScoreFigures } from '../src/scoring/score';
import { Random } from '../src/demo/random';
import { completeAnswers } from '../test/helpers/answer-arbitraries';

export const PERIODS = ['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024'];
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Scored figures of each pooled answer set, for the raw-insert baseline (which does not score). */
export const pooledFigures = new WeakMap<object, ScoreFigures>();

/**
 * `count` submitted assessments for the bulk loader, lazily: enterprises in random counties and divisions, nine
 * yearly periods each, answers drawn from a pool per questionnaire (the loader still checks and scores each one).
 * The pools are drawn and scored here, at the call, so that a timed load starting after it (the loader's, the raw
 * baseline's) times the rows and not this one-off preparation (0.3–0.7 s, a fifth of a 30,000-row raw run).
 */
export function syntheticEnterprises(catalog: Catalog, count: number, seed = 1): Iterable<BulkEnterprise> {
  const pools = new Map<string, Record<string, unknown>[]>();
  for (const id of catalog.ids()) {
    const def = catalog.current(id)!.definition;
    const answers = fc.sample(completeAnswers(def), { numRuns: 300, seed: 7 });
    for (const a of answers) {
      const scored = scoreFigures(def, a as Answers);
      if (!scored.ok) throw new Error('pool answers refused');
      pooledFigures.set(a, scored.figures);
    }
    pools.set(id, answers);
  }
  return enterprisesFrom(catalog, pools, count, seed);
}

function* enterprisesFrom(catalog: Catalog, pools: Map<string, Record<string, unknown>[]>, count: number, seed: number): Generator<BulkEnterprise> {
  const random = new Random(seed);
  const counties = allCounties();
  let done = 0;
  for (let e = 0; done < count; e++) {
    const county = random.pick(counties);
    const industry = String(random.int(13, 43));
    const questionnaire = catalog.forIndustry(industry)!;
    const serial = Array.from({ length: 6 }, (_, i) => ALPHABET[Math.floor(e / 31 ** i) % 31]).join('');
    const now = new Date().toISOString();
    const enterprise = {
      id: newId(),
      creditCode: composeCreditCode(`91${county.code}`, `MB${serial}`),
      name: `基准合成企业 ${e}`,
      regionCode: county.code,
      provinceCode: county.provinceCode,
      cityCode: county.cityCode!,
      industryCode: industry,
      sizeClass: random.pick(SIZE_CLASSES),
      employees: null,
      revenueMillionYuan: null,
      synthetic: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const pool = pools.get(questionnaire.questionnaireId)!;
    const assessments = PERIODS.slice(0, Math.min(PERIODS.length, count - done)).map((period) => ({
      id: newId(),
      enterpriseId: enterprise.id,
      period,
      revision: 1,
      revisionOf: null,
      status: 'submitted' as const,
      questionnaireId: questionnaire.questionnaireId,
      questionnaireVersion: questionnaire.version,
      answers: pool[random.int(0, pool.length - 1)]!,
      version: 2,
      submittedAt: now,
      createdAt: now,
      updatedAt: now,
    }));
    done += assessments.length;
    yield { enterprise, assessments };
  }
}
