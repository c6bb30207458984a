import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema';
import { z } from 'zod';

/**
 * Responses are serialized by fast-json-stringify from the JSON Schema of their zod schema (the same one the
 * OpenAPI document shows): properties a schema does not declare are never sent, and the output is as fast as
 * fastify's own path. Conformance of whole responses to the document is checked by a test hook over every response
 * of the test suite, not on each production request.
 */
const compiled = new WeakMap<object, (data: unknown) => string>();

export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  const zodSchema = (schema instanceof z.ZodType ? schema : (schema as { properties?: unknown }).properties) as z.ZodType;
  let stringify = compiled.get(zodSchema);
  if (!stringify) {
    const jsonSchema = z.toJSONSchema(zodSchema, { io: 'output', target: 'draft-07', unrepresentable: 'any' });
    stringify = fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
    compiled.set(zodSchema, stringify);
  }
  return stringify;
};
