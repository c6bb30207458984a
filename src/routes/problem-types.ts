import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jsonResponse } from '../plugins/error-responses';
import { respondIn } from '../http/language';
import { PROBLEM_TYPES, PROBLEM_TYPES_ZH, ProblemError, problemTypeUri, type ProblemType } from '../http/problem';

const ProblemType = z.strictObject({ type: z.string(), title: z.string(), status: z.int(), description: z.string() }).meta({ id: 'ProblemType' });

/** /problems/{slug}: what each problem type of an error response means. */
export const problemTypeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/problems/:slug',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'getProblemType',
        tags: ['system'],
        summary: 'Describe a problem type used in error responses',
        params: z.strictObject({ slug: z.string().max(64) }),
        response: { 200: jsonResponse(ProblemType, 'The problem type.') },
      },
    },
    async (req, reply) => {
      const language = respondIn(req, reply);
      const slug = req.params.slug as ProblemType;
      const known = Object.hasOwn(PROBLEM_TYPES, slug) ? PROBLEM_TYPES[slug] : undefined;
      if (!known) throw new ProblemError('not-found', { zh: `没有问题类型“${req.params.slug}”`, en: `no problem type "${req.params.slug}"` });
      const text = language === 'zh' ? PROBLEM_TYPES_ZH[slug] : known;
      return { type: problemTypeUri(slug), title: text.title, status: known.status, description: text.description };
    },
  );
};
