import type { DimensionCode, StageRule } from '../questionnaires/definition.schema';
import type { Stage, StageCheck } from './schemas';
import { STAGES, stageByCode } from './stages';

/** Rounded figures, the ones users see: a stage is judged on what is shown. */
export interface Figures {
  total: number;
  dimensions: ReadonlyMap<DimensionCode, number>;
}

export function checkStages(rules: readonly StageRule[], figures: Figures): StageCheck[] {
  return rules.map((rule) => {
    const gates = rule.gates.map((g) => {
      const score = figures.dimensions.get(g.dimension) ?? 0;
      return { dimension: g.dimension, min: g.min, score, passed: score >= g.min };
    });
    const totalPassed = figures.total >= rule.minTotal;
    return { stage: rule.stage, minTotal: rule.minTotal, total: figures.total, totalPassed, gates, passed: totalPassed && gates.every((g) => g.passed) };
  });
}

/** Stages are cumulative: the highest stage whose checks pass together with every check below it. */
export function reachedStage(checks: readonly StageCheck[]): Stage {
  let reached = STAGES[0]!;
  for (const check of checks) {
    if (!check.passed) break;
    reached = stageByCode(check.stage);
  }
  return reached;
}
