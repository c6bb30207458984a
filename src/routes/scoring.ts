import { jsonResponse } from '../plugins/error-responses';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { invalidAnswers } from '../assessments/errors';
import { notFound } from '../http/problem';
import { VersionParams } from '../questionnaires/api.schemas';
import { questionnaireRef } from '../questionnaires/presenters';
import { ScorePreviewResponse, ScoreQuery, ScoreRequest } from '../scoring/api.schemas';
import { score, scoreSummary } from '../scoring/score';

/** POST /v1/questionnaires/{id}/versions/{version}/score: the score preview, which stores nothing. */
export const scoringRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/questionnaires/:questionnaireId/versions/:version/score',
    {
      // A preview stores nothing, so it is not a write to audit.
      config: { access: ['public'], audit: false },
      schema: {
        operationId: 'previewScore',
        tags: ['scoring'],
        summary: 'Score answers without storing them: total, dimensions, stage, gates, trace and path to the next stage',
        description:
          'Two forms of one operation, chosen by `view`. `full` (the default, unchanged): `{ questionnaire, result }`, the ' +
          'ScoreResult a submission stores, with the trace of every indicator, the checks of every stage and the path to ' +
          'the next stage. `summary`: `{ questionnaire, summary }`, a ScoreSummary for a form being filled: total, ' +
          "dimensions, stage, the next stage's check (its total and gates, passed or not) and the first step of the " +
          'path to it, the same step as in the full form; `include` adds the trace and/or every stage check. The 200 ' +
          'response is oneOf the two schemas, told apart by their second property (`result` or `summary`); a query ' +
          'parameter rather than a second operation keeps one URL and one request schema for both.',
        params: VersionParams,
        querystring: ScoreQuery,
        body: ScoreRequest,
        response: { 200: jsonResponse(ScorePreviewResponse, 'The score; nothing is stored.') },
      },
    },
    async (req) => {
      const { questionnaireId, version } = req.params;
      const record = app.services.catalog.resolve(questionnaireId, version);
      if (!record) throw notFound(`questionnaire ${questionnaireId} version ${version}`);
      const { view, include = '' } = req.query;
      if (view === 'summary') {
        const outcome = scoreSummary(record.definition, req.body.answers, { trace: include.includes('trace'), stageChecks: include.includes('stageChecks') });
        if (!outcome.ok) throw invalidAnswers(outcome.issues);
        return { questionnaire: questionnaireRef(record), summary: outcome.summary };
      }
      const outcome = score(record.definition, req.body.answers);
      if (!outcome.ok) throw invalidAnswers(outcome.issues);
      return { questionnaire: questionnaireRef(record), result: outcome.result };
    },
  );
};
