import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Enterprise, EnterpriseCreate, EnterpriseListQuery, EnterprisePage, EnterpriseParams, EnterprisePatch } from '../enterprises/api.schemas';
import { toEnterprise } from '../enterprises/presenters';
import { etagOf, requiredVersion } from '../http/preconditions';
import { ConditionalHeaders, IdempotentHeaders, idempotencyOf } from '../http/write-headers';
import { idempotentWrite, sendWrite } from '../http/idempotent-write';
import { locations } from '../http/locations';
import { jsonResponse, problemResponse } from '../plugins/error-responses';

/** /v1/enterprises and /v1/enterprises/{id}: registering, listing, reading and changing enterprises. */
export const enterpriseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const { enterprises } = services;
  const writes = { uow: services.uow, keys: services.idempotency, clock: services.clock };

  app.post(
    '/v1/enterprises',
    {
      config: { access: ['admin', 'authority'] },
      schema: {
        operationId: 'createEnterprise',
        tags: ['enterprises'],
        summary: 'Register an enterprise (credit code checked, region and industry validated)',
        headers: IdempotentHeaders,
        body: EnterpriseCreate,
        response: {
          201: jsonResponse(Enterprise, 'Created; Location and ETag are set.'),
          409: problemResponse(409, 'The credit code is registered already; Location names that enterprise.'),
        },
      },
    },
    async (req, reply) => {
      const presented = await idempotentWrite(
        writes,
        idempotencyOf(req),
        () => enterprises.register(req.principal, req.body),
        ({ enterprise }) => ({
          status: 201,
          headers: { location: locations.enterprise(enterprise.id), etag: etagOf(enterprise.version) },
          body: toEnterprise(services, enterprise),
        }),
      );
      return sendWrite(reply, presented);
    },
  );

  app.get(
    '/v1/enterprises',
    {
      config: { access: ['admin', 'authority', 'enterprise'] },
      schema: {
        operationId: 'listEnterprises',
        tags: ['enterprises'],
        summary: 'List enterprises by region, industry and size class, a page at a time',
        querystring: EnterpriseListQuery,
        response: { 200: jsonResponse(EnterprisePage, 'A page, oldest registration first; follow nextCursor for the next.') },
      },
    },
    async (req) => {
      const page = await enterprises.list(req.principal, req.query);
      return { items: page.items.map((row) => toEnterprise(services, row)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/enterprises/:enterpriseId',
    {
      config: { access: ['admin', 'authority', 'enterprise'] },
      schema: {
        operationId: 'getEnterprise',
        tags: ['enterprises'],
        summary: 'Get an enterprise',
        params: EnterpriseParams,
        response: { 200: jsonResponse(Enterprise, 'The enterprise; its ETag is in the header.') },
      },
    },
    async (req, reply) => {
      const enterprise = await enterprises.get(req.principal, req.params.enterpriseId, 'read');
      reply.header('etag', etagOf(enterprise.version));
      return toEnterprise(services, enterprise);
    },
  );

  app.patch(
    '/v1/enterprises/:enterpriseId',
    {
      config: { access: ['enterprise'] },
      schema: {
        operationId: 'updateEnterprise',
        tags: ['enterprises'],
        summary: 'Change an enterprise (If-Match required)',
        params: EnterpriseParams,
        headers: ConditionalHeaders,
        body: EnterprisePatch,
        response: { 200: jsonResponse(Enterprise, 'Updated; the new ETag is in the header.'), 412: problemResponse(412), 428: problemResponse(428) },
      },
    },
    async (req, reply) => {
      const { enterprise } = await enterprises.update(req.principal, req.params.enterpriseId, requiredVersion(req.headers['if-match']), req.body);
      reply.header('etag', etagOf(enterprise.version));
      return toEnterprise(services, enterprise);
    },
  );
};
