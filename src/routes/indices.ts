import accepts from 'accepts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AssessmentParams } from '../assessments/api.schemas';
import { locations } from '../http/locations';
import { ProblemError } from '../http/problem';
import {
  Benchmark,
  ChildIndices,
  ChildrenQuery,
  IndexQuery,
  IndexSeries,
  Ranking,
  RankingQuery,
  RegionIndex,
  RegionParams,
  SeriesQuery,
  Snapshot,
  SnapshotCreate,
  SnapshotList,
} from '../indices/api.schemas';
import { childIndicesCsv, rankingCsv, regionIndexCsv, seriesCsv } from '../indices/csv';
import { childIndices, regionIndex, toSnapshot } from '../indices/queries';
import type { IndexService, Source } from '../indices/service';
import type { IndexView } from '../indices/views';
import { jsonResponse, problemResponse } from '../plugins/error-responses';

/** JSON, or CSV when asked by ?format=csv or Accept: text/csv; 406 for anything else we cannot produce. */
function wantsCsv(req: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  const type = accepts(req.raw).type(['application/json', 'text/csv']);
  if (type === false)
    throw new ProblemError('not-acceptable', {
      zh: '此资源提供 application/json 或 text/csv 格式',
      en: 'this resource is available as application/json or text/csv',
    });
  return type === 'text/csv';
}

function respond<T>(req: FastifyRequest, reply: FastifyReply, format: 'json' | 'csv' | undefined, body: T, toCsv: (b: T) => string) {
  if (!wantsCsv(req, format)) return body;
  return reply.type('text/csv; charset=utf-8').send(toCsv(body));
}

/**
 * Like respond, for index reads: a published snapshot never changes and a live cube not until it is rebuilt, so
 * their bytes are kept and served again to the same request (after the caller is authorized).
 */
async function respondKept<T>(
  indices: IndexService,
  req: FastifyRequest,
  reply: FastifyReply,
  q: { period: string; source: Source; snapshot?: string; format?: 'json' | 'csv' },
  regionCode: string,
  build: (view: IndexView) => T,
  toCsv: (b: T) => string,
) {
  const csv = wantsCsv(req, q.format);
  // Authorizes the caller, once; the view names the snapshot or live cube its figures come from.
  const view = await indices.read(req.principal, q, regionCode);
  const text = indices.keptResponse(`${view.id}|${csv ? 'csv' : 'json'}|${req.url}`, () => (csv ? toCsv(build(view)) : JSON.stringify(build(view))));
  return reply.type(csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8').send(text);
}

const jsonOrCsv = <S>(schema: S, description: string) => ({
  description,
  content: {
    'application/json': { schema },
    'text/csv': { schema: z.string().describe('The same figures, one row per region or period, with a header row.') },
  },
});

export const indexRoutes: FastifyPluginAsyncZod = async (app) => {
  const { indices } = app.services;

  app.get(
    '/v1/indices/:regionCode',
    {
      config: { access: ['public', 'authority'] },
      schema: {
        operationId: 'getRegionIndex',
        tags: ['indices'],
        summary: 'Regional index for a period: mean level, dimensions, stage distribution, optional breakdowns',
        params: RegionParams,
        querystring: IndexQuery,
        response: {
          200: jsonOrCsv(RegionIndex, 'The index of the region; suppressed figures are null with a reason.'),
          406: problemResponse(406, 'Neither JSON nor CSV is acceptable.'),
        },
      },
    },
    async (req, reply) =>
      respondKept(indices, req, reply, req.query, req.params.regionCode, (view) => regionIndex(view, req.params.regionCode, req.query), regionIndexCsv),
  );

  app.get(
    '/v1/indices/:regionCode/children',
    {
      config: { access: ['public', 'authority'] },
      schema: {
        operationId: 'listChildIndices',
        tags: ['indices'],
        summary: 'Indices of the child regions (the provinces of 000000, the cities of a province, the districts of a city)',
        params: RegionParams,
        querystring: ChildrenQuery,
        response: {
          200: jsonOrCsv(ChildIndices, 'Child regions with at least one assessment.'),
          406: problemResponse(406, 'Neither JSON nor CSV is acceptable.'),
        },
      },
    },
    async (req, reply) =>
      respondKept(indices, req, reply, req.query, req.params.regionCode, (view) => childIndices(view, req.params.regionCode, req.query), childIndicesCsv),
  );

  app.get(
    '/v1/indices/:regionCode/series',
    {
      config: { access: ['public', 'authority'] },
      schema: {
        operationId: 'getIndexSeries',
        tags: ['indices'],
        summary: 'One index value per period for a region (years, or half-years)',
        params: RegionParams,
        querystring: SeriesQuery,
        response: { 200: jsonOrCsv(IndexSeries, 'Oldest period first.'), 406: problemResponse(406, 'Neither JSON nor CSV is acceptable.') },
      },
    },
    async (req, reply) => respond(req, reply, req.query.format, await indices.series(req.principal, req.params.regionCode, req.query), seriesCsv),
  );

  app.get(
    '/v1/rankings',
    {
      config: { access: ['public', 'authority'] },
      schema: {
        operationId: 'getRanking',
        tags: ['indices'],
        summary: 'Rank provinces (or cities) by index for a period, with the change of rank since the previous period',
        querystring: RankingQuery,
        response: {
          200: jsonOrCsv(Ranking, 'Ranked regions first; suppressed ones unranked at the end.'),
          404: problemResponse(404, "No published snapshot for the period, or live figures outside the caller's region."),
          406: problemResponse(406, 'Neither JSON nor CSV is acceptable.'),
        },
      },
    },
    // Not kept with respondKept: a ranking also reads the previous period, which may be published later.
    async (req, reply) => respond(req, reply, req.query.format, await indices.ranking(req.principal, req.query), rankingCsv),
  );

  app.get(
    '/v1/assessments/:assessmentId/benchmark',
    {
      config: { access: ['enterprise', 'authority'] },
      schema: {
        operationId: 'getAssessmentBenchmark',
        tags: ['indices'],
        summary: "The firm's percentile among peers of its industry and size, nationally and in its province",
        params: AssessmentParams,
        response: {
          200: jsonResponse(Benchmark, 'Percentiles, with the cohort used and whether it was widened.'),
          409: problemResponse(409, 'The assessment is not submitted.'),
        },
      },
    },
    async (req) => {
      return indices.benchmark(await app.services.assessments.get(req.principal, req.params.assessmentId));
    },
  );

  app.post(
    '/v1/index-snapshots',
    {
      config: { access: ['authority'] },
      schema: {
        operationId: 'publishIndexSnapshot',
        tags: ['indices'],
        summary: 'Freeze the indices of a period as the published snapshot (methodology version and time recorded)',
        body: SnapshotCreate,
        response: {
          201: jsonResponse(Snapshot, 'The snapshot; public readers now see these figures.'),
          409: problemResponse(409, 'Nothing to publish for the period, or it is published already (Location lists its snapshot).'),
        },
      },
    },
    async (req, reply) => {
      const { snapshot } = await indices.publish(req.principal, { period: req.body.period, note: req.body.note ?? null });
      reply.code(201).header('location', locations.snapshotsOfPeriod(snapshot.period));
      return toSnapshot(snapshot);
    },
  );

  app.get(
    '/v1/index-snapshots',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'listIndexSnapshots',
        tags: ['indices'],
        summary: 'List published snapshots, newest first',
        querystring: z.strictObject({ period: IndexQuery.shape.period.optional() }),
        response: { 200: jsonResponse(SnapshotList, 'Snapshots, newest first.') },
      },
    },
    async (req) => ({ items: (await indices.listSnapshots(req.query.period)).map(toSnapshot) }),
  );
};
