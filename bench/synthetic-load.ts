import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { BulkEnterprise, BulkLoader } from '../src/assessments/bulk';
import type { Catalog } from '../src/questionnaires/catalog';
import { withCheckCharacter } from '../src/enterprises/credit-code';
import { SIZE_CLASSES } from '../src/enterprises/size-class';
import { allCounties } from '../src/regions/divisions';
import { score } from '../src/scoring/score';
import type { ScoreResult } from '../src/scoring/schemas';
import { Random } from '../src/demo/random';
import { completeAnswers } from '../test/helpers/answer-arbitraries';

const PERIODS = ['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024'];
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Loads `count` more submitted assessments through the bulk path (and so through the index projector, as
 * submissions are): enterprises in random counties and divisions, nine yearly periods each, answers drawn from a
 * pool scored once per questionnaire by the real engine.
 */
export async function loadSynthetic(
  deps: { bulk: BulkLoader; catalog: Catalog },
  from: number,
  count: number,
  onProgress: (done: number) => void,
): Promise<void> {
  const random = new Random(from + 1);
  const counties = allCounties();
  const pools = new Map<string, { answers: Record<string, unknown>; result: ScoreResult }[]>();
  for (const id of deps.catalog.ids()) {
    const def = deps.catalog.current(id)!.definition;
    pools.set(
      id,
      fc.sample(completeAnswers(def), { numRuns: 300, seed: 7 }).map((answers) => {
        const outcome = score(def, answers);
        if (!outcome.ok) throw new Error('pool answers refused');
        return { answers, result: outcome.result };
      }),
    );
  }
  let done = 0;
  let batch: BulkEnterprise[] = [];
  for (let e = Math.floor(from / PERIODS.length); done < count; e++) {
    const county = random.pick(counties);
    const industry = String(random.int(13, 43));
    const questionnaire = deps.catalog.forIndustry(industry)!;
    const serial = Array.from({ length: 7 }, (_, i) => ALPHABET[Math.floor(e / 31 ** i) % 31]).join('');
    const now = new Date().toISOString();
    const enterprise = {
      id: randomUUID(),
      creditCode: withCheckCharacter(`91${county.code}MB${serial}`),
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
    const assessments = PERIODS.slice(0, Math.min(PERIODS.length, count - done)).map((period) => {
      const pick = pool[random.int(0, pool.length - 1)]!;
      return {
        row: {
          id: randomUUID(),
          enterpriseId: enterprise.id,
          period,
          revision: 1,
          revisionOf: null,
          status: 'submitted' as const,
          questionnaireId: questionnaire.questionnaireId,
          questionnaireVersion: questionnaire.version,
          answers: pick.answers,
          version: 2,
          submittedAt: now,
          createdAt: now,
          updatedAt: now,
        },
        result: pick.result,
        contentHash: questionnaire.contentHash,
      };
    });
    done += assessments.length;
    batch.push({ enterprise, assessments });
    if (batch.length === 1000 || done >= count) {
      await deps.bulk.load(batch);
      batch = [];
      onProgress(done);
    }
  }
}
