import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Assessment, AssessmentParams, AnswersPatch } from '../assessments/api.schemas';
import type { Submitted } from '../assessments/service';
import { locations } from '../http/locations';
import { etagOf, requiredVersion } from '../http/preconditions';
import { ConditionalHeaders, ConditionalIdempotentHeaders, IdempotentHeaders, idempotencyOf, NoBody } from '../http/write-headers';
import { idempotentWrite, sendWrite, type Presented } from '../http/idempotent-write';
import { jsonResponse, problemResponse } from '../plugins/error-responses';

/** A new draft (a first one or a revision): 201 with its Location and ETag. */
export function presentDraft({ assessment }: { assessment: Assessment }): Presented<Assessment> {
  return { status: 201, headers: { location: locations.assessment(assessment.id), etag: etagOf(assessment.version) }, body: assessment };
}

/** A submission: 200 with Location and ETag; the result (most of the body's bytes) is serialized once, by JSON.stringify. */
function presentSubmitted({ assessment, resultJson }: Submitted): Presented<Assessment> {
  const { result: _stored, ...rest } = assessment;
  const json = `${JSON.stringify(rest).slice(0, -1)},"result":${resultJson}}`;
  return { status: 200, headers: { location: locations.assessment(assessment.id), etag: etagOf(assessment.version) }, body: assessment, json };
}

/** /v1/assessments/{id}: reading and saving an assessment, submitting it and opening a revision. */
export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { assessments, uow, idempotency: keys, clock } = app.services;
  const writes = { uow, keys, clock };

  app.get(
    '/v1/assessments/:assessmentId',
    {
      config: { access: ['enterprise', 'authority'] },
      schema: {
        operationId: 'getAssessment',
        tags: ['assessments'],
        summary: 'Get an assessment: answers and progress, and the stored result once submitted',
        params: AssessmentParams,
        response: { 200: jsonResponse(Assessment, 'The assessment; its ETag is in the header.') },
      },
    },
    async (req, reply) => {
      const assessment = await assessments.view(await assessments.get(req.principal, req.params.assessmentId));
      reply.header('etag', etagOf(assessment.version));
      return assessment;
    },
  );

  app.patch(
    '/v1/assessments/:assessmentId',
    {
      config: { access: ['enterprise'] },
      schema: {
        operationId: 'saveAssessmentAnswers',
        tags: ['assessments'],
        summary: 'Save answers to a draft, partially (If-Match required); each answer is checked as it comes',
        params: AssessmentParams,
        headers: ConditionalHeaders,
        body: AnswersPatch,
        response: {
          200: jsonResponse(Assessment, 'Saved; the new ETag is in the header.'),
          409: problemResponse(409, 'The assessment is submitted; open a revision.'),
          412: problemResponse(412),
          428: problemResponse(428),
        },
      },
    },
    async (req, reply) => {
      const { assessment } = await assessments.saveAnswers(req.principal, req.params.assessmentId, requiredVersion(req.headers['if-match']), req.body.answers);
      reply.header('etag', etagOf(assessment.version));
      return assessment;
    },
  );

  app.post(
    '/v1/assessments/:assessmentId/submit',
    {
      config: { access: ['enterprise'] },
      schema: {
        operationId: 'submitAssessment',
        tags: ['assessments'],
        summary: 'Submit a complete draft: score it and store the result immutably (If-Match required)',
        params: AssessmentParams,
        headers: ConditionalIdempotentHeaders,
        body: NoBody,
        response: {
          200: jsonResponse(Assessment, 'Submitted, with its result.'),
          409: problemResponse(409, 'Already submitted.'),
          422: problemResponse(422, 'Incomplete or invalid: `errors` lists every offending indicator.'),
          412: problemResponse(412),
          428: problemResponse(428),
        },
      },
    },
    async (req, reply) => {
      const expected = requiredVersion(req.headers['if-match']);
      const command = () => assessments.submit(req.principal, req.params.assessmentId, expected);
      return sendWrite(reply, await idempotentWrite(writes, idempotencyOf(req), command, presentSubmitted));
    },
  );

  app.post(
    '/v1/assessments/:assessmentId/revisions',
    {
      config: { access: ['enterprise'] },
      schema: {
        operationId: 'createAssessmentRevision',
        tags: ['assessments'],
        summary: 'Open a revision: a draft copied from the latest submitted assessment of its period',
        params: AssessmentParams,
        headers: IdempotentHeaders,
        body: NoBody,
        response: {
          201: jsonResponse(Assessment, 'The revision draft; Location and ETag are set.'),
          409: problemResponse(409, 'Not the latest submitted revision, or a revision is already open; Location names it.'),
        },
      },
    },
    async (req, reply) => {
      const command = () => assessments.openRevision(req.principal, req.params.assessmentId);
      return sendWrite(reply, await idempotentWrite(writes, idempotencyOf(req), command, presentDraft));
    },
  );
};
