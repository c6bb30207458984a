import { jsonResponse } from '../plugins/error-responses';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { invalidAnswers } from '../assessments/errors';
import { notFound } from '../http/problem';
import { VersionParams } from '../questionnaires/api.schemas';
import { questionnaireRef } from '../questionnaires/presenters';
import { ScorePreview, ScoreRequest } from '../scoring/api.schemas';
import { score } from '../scoring/score';

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
        params: VersionParams,
        body: ScoreRequest,
        response: { 200: jsonResponse(ScorePreview, 'The score; nothing is stored.') },
      },
    },
    async (req) => {
      const { questionnaireId, version } = req.params;
      const record = app.services.catalog.resolve(questionnaireId, version);
      if (!record) throw notFound(`questionnaire ${questionnaireId} version ${version}`);
      const outcome = score(record.definition, req.body.answers);
      if (!outcome.ok) throw invalidAnswers(outcome.issues);
      return { questionnaire: questionnaireRef(record), result: outcome.result };
    },
  );
};
