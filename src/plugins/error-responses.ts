import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { accessOf } from '../auth/principal';
import { Problem } from '../http/problem';

const DESCRIPTIONS: Record<number, string> = {
  400: 'A parameter is invalid or the body is not valid JSON.',
  401: 'No API key where one is needed, or the key is unknown, revoked or expired.',
  403: "The caller's role may not perform this operation.",
  404: 'The resource does not exist.',
  406: 'None of the acceptable media types can be produced.',
  409: 'Conflicts with the current state; Location names the resource in the way.',
  412: 'If-Match does not match the current ETag.',
  413: 'The body is larger than allowed.',
  415: 'The body is not application/json.',
  414: 'The request target is too long.',
  422: 'The body is invalid: `errors` names each field and why.',
  428: 'If-Match is required.',
  429: 'Too many requests from this key or address; retry after Retry-After.',
  500: 'Unexpected failure.',
  503: 'Storage busy or failing; retry after Retry-After.',
};

export const problemResponse = (status: number, description = DESCRIPTIONS[status] ?? 'Error.') => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/**
 * Attaches the error responses every operation can produce, in one place, so no route documents them by hand:
 * all can fail with 400, 401 (a bad key), 414, 429, 500 and 503; those admitting roles with 403; with path
 * parameters 404; with a body 413, 415 and 422.
 */
export const errorResponsesPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route) => {
      const schema = route.schema;
      if (!schema || schema.hide) return;
      const responses = (schema.response ??= {}) as Record<string, unknown>;
      const roles = (accessOf(route.config) ?? []).filter((a) => a !== 'public');
      const codes = [400, 401, 414, 429, 500, 503, ...(roles.length ? [403] : []), ...(schema.params ? [404] : []), ...(schema.body ? [413, 415, 422] : [])];
      for (const code of codes) responses[code] ??= problemResponse(code);
    });
  },
  { name: 'error-responses' },
);

/** A JSON success response with a description, for the OpenAPI document. */
export const jsonResponse = <S>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
