import { z } from 'zod';
import { IndustryCode, LocalizedQuestionnaireDefinition, QuestionnaireId, QuestionnaireVersion } from './definition.schema';

export const Language = z.enum(['zh', 'en']).describe('Negotiated from Accept-Language; zh by default.');
export type Language = z.infer<typeof Language>;

export const QuestionnaireRef = z
  .strictObject({ id: QuestionnaireId, version: QuestionnaireVersion, contentHash: z.string() })
  .meta({ id: 'QuestionnaireRef', description: 'A questionnaire version and the hash of its immutable content.' });

export const Industry = z
  .strictObject({
    code: IndustryCode.describe('GB/T 4754-2017 division.'),
    name: z.string(),
    questionnaire: QuestionnaireRef.nullable().describe('The current questionnaire version covering this division.'),
  })
  .meta({ id: 'Industry' });

export const IndustryList = z.strictObject({ language: Language, items: z.array(Industry) }).meta({ id: 'IndustryList' });

export const VersionStatus = z.enum(['published', 'retired']);

export const VersionSummary = z
  .strictObject({
    version: QuestionnaireVersion,
    status: VersionStatus,
    contentHash: z.string(),
    publishedAt: z.iso.datetime(),
    retiredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'VersionSummary' });

export const QuestionnaireSummary = z
  .strictObject({
    id: QuestionnaireId,
    scope: z.enum(['general', 'industry']),
    title: z.string(),
    industryCodes: z.array(IndustryCode),
    productionType: z.enum(['discrete', 'process', 'mixed']),
    currentVersion: QuestionnaireVersion.nullable().describe('The latest published version; null when all are retired.'),
    versions: z.array(VersionSummary).describe('Newest first.'),
    notice: z.string().describe("States that the content is Ronghe's own model aligned with GB/T 23020, not the official MIIT questionnaire."),
  })
  .meta({ id: 'QuestionnaireSummary' });

export const QuestionnaireList = z.strictObject({ language: Language, items: z.array(QuestionnaireSummary) }).meta({ id: 'QuestionnaireList' });

export const QuestionnaireVersionDocument = z
  .strictObject({
    questionnaireId: QuestionnaireId,
    version: QuestionnaireVersion,
    status: VersionStatus,
    contentHash: z.string(),
    publishedAt: z.iso.datetime(),
    retiredAt: z.iso.datetime().nullable(),
    language: Language,
    definition: LocalizedQuestionnaireDefinition.meta({ id: 'QuestionnaireDefinition' }),
  })
  .meta({ id: 'QuestionnaireVersionDocument' });

export const QuestionnaireIdParams = z.strictObject({ questionnaireId: QuestionnaireId });
export const VersionParams = z.strictObject({
  questionnaireId: QuestionnaireId,
  version: z.union([QuestionnaireVersion, z.literal('current')]).describe('A version such as 2026.1, or "current" for the latest published one.'),
});
