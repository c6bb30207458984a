import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemError } from '../http/problem';
import { jsonResponse } from '../plugins/error-responses';
import { RegionDetail, RegionDetailParams, RegionList, RegionListQuery } from '../regions/api.schemas';
import { NATIONAL_CODE } from '../regions/codes';
import { findRegion } from '../regions/divisions';
import { checkRegion } from '../regions/location-check';
import { regionDetail, regionList } from '../regions/presenters';

/** /v1/regions: the GB/T 2260 list of the vintage the service holds, with the codes abolished since 1981. Public data. */
export const regionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/regions',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'listRegions',
        tags: ['regions'],
        summary: 'List the GB/T 2260 regions one level below a region (the provinces by default)',
        querystring: RegionListQuery,
        response: { 200: jsonResponse(RegionList, 'The regions below the parent, with the list’s vintage.') },
      },
    },
    async (req) => regionList(findRegion(req.query.parent ?? NATIONAL_CODE)!),
  );

  app.get(
    '/v1/regions/:regionCode',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'getRegion',
        tags: ['regions'],
        summary: 'Get a GB/T 2260 region with its path and children, or an abolished code with its successors',
        params: RegionDetailParams,
        response: { 200: jsonResponse(RegionDetail, 'The region, current or abolished.') },
      },
    },
    async (req) => {
      const detail = regionDetail(req.params.regionCode);
      if (detail) return detail;
      const refusal = checkRegion(req.params.regionCode);
      if (refusal.ok) throw new Error(`region ${req.params.regionCode} is listed but has no detail`);
      throw new ProblemError('not-found', refusal.message);
    },
  );
};
