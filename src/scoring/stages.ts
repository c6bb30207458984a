import type { Stage, StageCode } from './schemas';

/** The four stages of GB/T 23020 in order, with the national platform's later names as one-to-one aliases. */
export const STAGES: readonly Stage[] = [
  { code: 'foundation', rank: 1, zh: '基础建设', platformZh: '起步建设', en: 'Foundation' },
  { code: 'single_application', rank: 2, zh: '单项应用', platformZh: '单项覆盖', en: 'Single application' },
  { code: 'comprehensive_integration', rank: 3, zh: '综合集成', platformZh: '集成提升', en: 'Comprehensive integration' },
  { code: 'collaboration_innovation', rank: 4, zh: '协同与创新', platformZh: '创新突破', en: 'Collaboration and innovation' },
];

export function stageByCode(code: StageCode): Stage {
  const stage = STAGES.find((s) => s.code === code);
  if (!stage) throw new RangeError(`unknown stage ${code}`);
  return stage;
}
