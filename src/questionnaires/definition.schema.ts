import { z } from 'zod';
import { freeText, notFreeText } from '../domain/free-text';
import { STAGE_CODES } from '../scoring/stages';

/**
 * The questionnaire definition, written once. It is instantiated twice from the same factory:
 * with bilingual labels ({ zh, en }) for the definition files — emitted as questionnaire.schema.json for ajv —
 * and with plain strings for the localized form the API serves after Accept-Language negotiation.
 */

export const DIMENSION_CODES = ['readiness', 'application', 'integration', 'collaboration', 'performance'] as const;
export const DimensionCode = z.enum(DIMENSION_CODES);
export type DimensionCode = z.infer<typeof DimensionCode>;

/** Stages above 基础建设 (foundation), the ones a definition sets rules for, in order. */
export const RuledStageCode = z.enum(STAGE_CODES).exclude(['foundation']);
export const RULED_STAGE_CODES = RuledStageCode.options;

export const INDICATOR_CODE_PATTERN = '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$';
export const IndicatorCode = z.string().max(32).regex(new RegExp(INDICATOR_CODE_PATTERN));
export const OptionCode = z
  .string()
  .max(16)
  .regex(/^[A-Z0-9_]+$/);
export const QuestionnaireId = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);
/**
 * Versions are `YYYY.N` (year of publication, sequence within the year). N has no leading zeros: versions compare
 * numerically, so 2026.01 would equal 2026.1 and slip past immutability, and "current" would be ambiguous.
 */
export const QuestionnaireVersion = z.string().regex(/^\d{4}\.(0|[1-9]\d{0,2})$/);
/** GB/T 4754-2017 manufacturing divisions 13–43. */
export const IndustryCode = z.string().regex(/^(1[3-9]|[23][0-9]|4[0-3])$/);

const unit = z.number().min(0).max(1);
/** The largest relative weight of an indicator; relative weights need no more range than this. */
export const MAX_INDICATOR_WEIGHT = 1000;

/** Label: a one-line text (titles, labels, units); Text: one that may run over lines (help, descriptions, notices). */
export function makeDefinitionSchema<L extends z.ZodType, T extends z.ZodType>(Label: L, Text: T) {
  const SingleChoice = z.strictObject({
    type: z.literal('single_choice'),
    options: z
      .array(z.strictObject({ code: OptionCode, label: Label, score: unit }))
      .min(2)
      .describe('Options, each with its normalised score 0–1; ordered by maturity.'),
  });
  const MultipleChoice = z.strictObject({
    type: z.literal('multiple_choice'),
    options: z
      .array(
        z.strictObject({
          code: OptionCode,
          label: Label,
          score: unit,
          exclusive: z.boolean().optional().describe('A "none of the above" option: cannot be combined with others.'),
        }),
      )
      .min(2),
    cap: z.number().gt(0).describe('The selected scores are summed and capped here; normalised value = min(sum, cap) / cap.'),
  });
  const Percentage = z.strictObject({
    type: z.literal('percentage'),
    curve: z
      .array(z.strictObject({ at: z.number().min(0).max(100), score: unit }))
      .min(2)
      .describe('Piecewise-linear curve from 0 to 100 %, non-decreasing.'),
  });
  const NumberAnswer = z.strictObject({
    type: z.literal('number'),
    unit: Label,
    min: z.number(),
    max: z.number().optional(),
    integer: z.boolean(),
    thresholds: z
      .array(z.strictObject({ atLeast: z.number(), score: unit }))
      .min(2)
      .describe('Step function: the score of the highest threshold not above the value.'),
  });
  const YesNo = z.strictObject({ type: z.literal('yes_no'), yes: unit, no: unit });

  const AnswerRule = z.discriminatedUnion('type', [SingleChoice, MultipleChoice, Percentage, NumberAnswer, YesNo]);

  const Condition = z.strictObject({
    indicator: IndicatorCode,
    operator: z.enum(['exists', '=', '!=', '>', '>=', '<', '<=']),
    value: z
      .union([notFreeText(z.string()), z.number(), z.boolean()])
      .optional()
      .describe('Compared with the answer; for a multiple choice "=" means "includes". Absent for "exists".'),
  });

  const Indicator = z.strictObject({
    code: IndicatorCode,
    dimension: DimensionCode,
    category: Label.describe('二级指标: the group within the dimension.'),
    label: Label,
    help: Text,
    // Bounded so that the weights of a dimension always sum to a finite number (1e308 twice is Infinity → NaN scores).
    weight: z.number().gt(0).max(MAX_INDICATOR_WEIGHT).describe('Relative weight within the dimension.'),
    required: z.boolean(),
    allowNotApplicable: z.boolean(),
    enableWhen: z
      .strictObject({
        behavior: z.enum(['all', 'any']),
        conditions: z.array(Condition).min(1),
      })
      .optional()
      .describe('Shown only when these conditions on earlier answers hold; otherwise hidden and excluded.'),
    answer: AnswerRule,
  });

  const Dimension = z.strictObject({
    code: DimensionCode,
    label: Label,
    description: Text,
    weight: z.number().gt(0).max(1).describe('Share of the total; dimension weights sum to 1.'),
  });

  const StageRule = z.strictObject({
    stage: RuledStageCode,
    minTotal: z.number().min(0).max(100),
    gates: z.array(z.strictObject({ dimension: DimensionCode, min: z.number().min(0).max(100) })).min(1),
  });

  const Definition = z.strictObject({
    id: QuestionnaireId,
    version: QuestionnaireVersion,
    scope: z.enum(['general', 'industry']).describe('The general questionnaire covers every division no industry one covers.'),
    title: Label,
    description: Text,
    provenance: z.strictObject({
      kind: z.literal('ronghe-model'),
      alignedWith: z.literal('GB/T 23020-2013'),
      official: z.literal(false),
      notice: Text,
    }),
    industryCodes: z.array(IndustryCode).describe('GB/T 4754-2017 divisions covered; empty for the general questionnaire.'),
    productionType: z.enum(['discrete', 'process', 'mixed']),
    dimensions: z.array(Dimension).min(1),
    indicators: z.array(Indicator).min(1),
    stages: z.array(StageRule).length(3),
  });

  return { Definition, Indicator, AnswerRule, Dimension, StageRule, Condition };
}

export const LocalizedText = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedText>;
/** A definition's texts as published: free text (src/domain/free-text.ts), one line for labels, several for prose. */
const BilingualLabel = z.strictObject({ zh: freeText('single').min(1), en: freeText('single').min(1) });
const BilingualText = z.strictObject({ zh: freeText('multi').min(1), en: freeText('multi').min(1) });

const bilingual = makeDefinitionSchema(BilingualLabel, BilingualText);
export const QuestionnaireDefinition = bilingual.Definition;
/** The same schema as an OpenAPI component, for the admin's publish operation. */
export const QuestionnaireDefinitionSource = bilingual.Definition.meta({
  id: 'QuestionnaireDefinitionSource',
  description: 'A definition with every label in zh and en, as published.',
});
export type QuestionnaireDefinition = z.infer<typeof QuestionnaireDefinition>;
export type Indicator = z.infer<typeof bilingual.Indicator>;
export type AnswerRule = z.infer<typeof bilingual.AnswerRule>;
export type Dimension = z.infer<typeof bilingual.Dimension>;
export type StageRule = z.infer<typeof bilingual.StageRule>;
export type Condition = z.infer<typeof bilingual.Condition>;

const localized = makeDefinitionSchema(z.string(), z.string());
export const LocalizedQuestionnaireDefinition = localized.Definition;
export type LocalizedQuestionnaireDefinition = z.infer<typeof LocalizedQuestionnaireDefinition>;

/** The JSON Schema committed as questionnaire.schema.json; ajv validates definition files against it. */
export function definitionJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(QuestionnaireDefinition, {
    target: 'draft-2020-12',
    io: 'input',
    override: (ctx) => {
      // Lets ajv report the errors of the one answer type named by `type`, not of all five.
      const def = ctx.zodSchema._zod.def as { type: string; discriminator?: string };
      if (def.type === 'union' && def.discriminator) {
        ctx.jsonSchema.type = 'object';
        ctx.jsonSchema.discriminator = { propertyName: def.discriminator };
      }
    },
  }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://ronghe.invalid/schemas/questionnaire.schema.json',
    title: 'Ronghe questionnaire definition',
    description:
      "A versioned industry questionnaire for 两化融合 self-assessment. Ronghe's own model aligned with GB/T 23020-2013, not the official MIIT questionnaire. Generated from src/questionnaires/definition.schema.ts by `npm run schema`.",
  };
}
