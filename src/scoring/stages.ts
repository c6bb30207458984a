import type { Stage, StageCode } from './schemas';

/** The four stages of GB/T 23020 in order (a stage's rank is its place here): the one list of their codes. */
export const STAGE_CODES = ['foundation', 'single_application', 'comprehensive_integration', 'collaboration_innovation'] as const;

/** Their names, with the national platform's later names as one-to-one aliases. */
const NAMES: Record<StageCode, Omit<Stage, 'code' | 'rank'>> = {
  foundation: { zh: '基础建设', platformZh: '起步建设', en: 'Foundation' },
  single_application: { zh: '单项应用', platformZh: '单项覆盖', en: 'Single application' },
  comprehensive_integration: { zh: '综合集成', platformZh: '集成提升', en: 'Comprehensive integration' },
  collaboration_innovation: { zh: '协同与创新', platformZh: '创新突破', en: 'Collaboration and innovation' },
};

export const STAGES: readonly Stage[] = STAGE_CODES.map((code, i) => ({ code, rank: i + 1, ...NAMES[code] }));

export function stageByCode(code: StageCode): Stage {
  const stage = STAGES.find((s) => s.code === code);
  if (!stage) throw new RangeError(`unknown stage ${code}`);
  return stage;
}
