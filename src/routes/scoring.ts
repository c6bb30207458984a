import { jsonResponse } from '../plugins/error-responses';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { invalidAnswers } from '../assessments/errors';
import { notFound } from '../http/problem';
import { VersionParams } from '../questionnaires/api.schemas';
import { questionnaireRef } from '../questionnaires/presenters';
import { ScorePreview, ScoreRequest, ScoreSummaryPreview, ScoreSummaryQuery } from '../scoring/api.schemas';
import { score, scoreSummary } from '../scoring/score';

/**
 * The score previews, which store nothing: POST …/score (the full result, as a submission stores it) and POST
 * …/score-summary (the figures a form being filled needs). Two operations rather than one with a view parameter, so
 * that each has one response schema: a generated client types each reply without narrowing a union.
 */
export const scoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const resolve = (questionnaireId: string, version: string) => {
    const record = app.services.catalog.resolve(questionnaireId, version);
    if (!record) throw notFound(`questionnaire ${questionnaireId} version ${version}`);
    return record;
  };

  app.post(
    '/v1/questionnaires/:questionnaireId/versions/:version/score',
    {
      // A preview stores nothing, so it is not a write to audit.
      config: { access: ['public'], audit: false },
      schema: {
        operationId: 'previewScore',
        tags: ['scoring'],
        summary: 'Score answers without storing them: total, dimensions, stage, gates, trace and path to the next stage',
        params: VersionParams,
        body: ScoreRequest,
        response: { 200: jsonResponse(ScorePreview, 'The score; nothing is stored.') },
      },
    },
    async (req) => {
      const record = resolve(req.params.questionnaireId, req.params.version);
      const outcome = score(record.definition, req.body.answers);
      if (!outcome.ok) throw invalidAnswers(outcome.issues);
      return { questionnaire: questionnaireRef(record), result: outcome.result };
    },
  );

  app.post(
    '/v1/questionnaires/:questionnaireId/versions/:version/score-summary',
    {
      config: { access: ['public'], audit: false },
      schema: {
        operationId: 'previewScoreSummary',
        tags: ['scoring'],
        summary: 'Score answers without storing them, summarised for a form being filled: total, dimensions, stage, gates, next step',
        description:
          "The figures of POST …/score (the same total, dimensions and stage, rounded the same way), the next stage's " +
          'check (its total and gates, passed or not) and the first step of the path to it, the same step as the full ' +
          'form gives; without the trace and the checks of every stage unless `include` asks for them.',
        params: VersionParams,
        querystring: ScoreSummaryQuery,
        body: ScoreRequest,
        response: { 200: jsonResponse(ScoreSummaryPreview, 'The summarised score; nothing is stored.') },
      },
    },
    async (req) => {
      const record = resolve(req.params.questionnaireId, req.params.version);
      const include = req.query.include ?? '';
      const outcome = scoreSummary(record.definition, req.body.answers, { trace: include.includes('trace'), stageChecks: include.includes('stageChecks') });
      if (!outcome.ok) throw invalidAnswers(outcome.issues);
      return { questionnaire: questionnaireRef(record), summary: outcome.summary };
    },
  );
};
