import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AssessmentParams } from '../assessments/api.schemas';
import { problemResponse } from '../plugins/error-responses';
import { Language } from '../questionnaires/api.schemas';
import { negotiateLanguage } from '../questionnaires/localize';
import { reportModel } from '../reports/model';
import { renderReport } from '../reports/render';

const ReportQuery = z.strictObject({
  lang: Language.optional().describe('Language of the report; overrides Accept-Language (zh when neither says).'),
});

/** /v1/assessments/{id}/report: a submitted assessment as a printable HTML page. */
export const assessmentReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.get(
    '/v1/assessments/:assessmentId/report',
    {
      // The same callers as GET /v1/assessments/{id}: the enterprise itself and the authorities over its region.
      config: { access: ['enterprise', 'authority'] },
      schema: {
        operationId: 'getAssessmentReport',
        tags: ['assessments'],
        summary: 'A printable HTML report of a submitted assessment: total, stage, dimensions, gates, next stage, trend, peers',
        params: AssessmentParams,
        querystring: ReportQuery,
        response: {
          200: {
            description: 'A self-contained HTML page (inline styles and SVG charts, no scripts), printable to A4.',
            content: { 'text/html': { schema: z.string().describe('The report as an HTML document.') } },
          },
          409: problemResponse(409, 'The assessment is a draft; only a submitted assessment has a report.'),
        },
      },
    },
    async (req, reply) => {
      const lang = req.query.lang ?? negotiateLanguage(req.raw);
      const model = await reportModel(
        { assessments: services.assessments, enterprises: services.enterprises, catalog: services.catalog, indices: services.indices },
        req.principal,
        req.params.assessmentId,
      );
      const page = await renderReport(model, lang, services.clock());
      return (
        reply
          .type('text/html; charset=utf-8')
          .header('content-language', lang)
          // Added to what CORS may have set (Origin), not over it.
          .header('vary', [reply.getHeader('vary'), 'Accept-Language'].filter(Boolean).join(', '))
          // One enterprise's results: no shared cache may keep them.
          .header('cache-control', 'private, no-store')
          .send(page)
      );
    },
  );
};
