import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema';
import { z } from 'zod';
import { TraceEntry } from '../scoring/schemas';
import { fragmentArrayWriter, specOf, writeFromFragments } from './fragments';

/**
 * Responses are serialized by fast-json-stringify from the JSON Schema of their zod schema (the same one the
 * OpenAPI document shows): properties a schema does not declare are never sent, and the output is as fast as
 * fastify's own path. Conformance of whole responses to the document is checked by a test hook over every response
 * of the test suite, not on each production request.
 */
const compiled = new WeakMap<object, (data: unknown) => string>();

export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) =>
  stringifierOf((schema instanceof z.ZodType ? schema : (schema as { properties?: unknown }).properties) as z.ZodType);

// A trace entry's code, dimension and weights are its indicator's, in every score of the definition; its status
// takes one of four values (src/plugins/fragments.ts).
writeFromFragments(TraceEntry, { by: 'indicator', fixed: ['indicator', 'dimension', 'status', 'weight', 'dimensionWeight'] });

function stringifierOf(zodSchema: z.ZodType): (data: unknown) => string {
  let stringify = compiled.get(zodSchema);
  if (!stringify) {
    stringify = lastArrayFromFragments(zodSchema) ?? (fastJson(jsonSchemaOf(zodSchema) as never) as (data: unknown) => string);
    compiled.set(zodSchema, stringify);
  }
  return stringify;
}

/** The JSON Schema fast-json-stringify is given: the zod schema's, without the unions it would validate to choose. */
const jsonSchemaOf = (schema: z.ZodType): Node => withoutUnions(z.toJSONSchema(schema, { io: 'output', target: 'draft-07', unrepresentable: 'any' }) as Node);

const isStrict = (o: z.ZodObject) => (o._zod.def.catchall as z.ZodType | undefined)?._zod.def.type === 'never';

/**
 * A strict object whose last property, or its last property's last property and so on, is an array of items
 * marked for fragments (a preview's result.trace): everything before that array is written by fast-json-stringify
 * from the same schema without it, the array from fragments, and the two joined where the property stood. Null for
 * any other schema.
 */
function lastArrayFromFragments(schema: z.ZodType): ((data: unknown) => string) | null {
  const path: string[] = [];
  const objects: z.ZodObject[] = [];
  let node: z.ZodType = schema;
  while (node instanceof z.ZodObject) {
    const last = Object.keys(node.shape).at(-1);
    if (last === undefined || !isStrict(node)) return null;
    objects.push(node);
    path.push(last);
    node = node.shape[last] as z.ZodType;
  }
  const optional = node instanceof z.ZodOptional;
  if (optional) node = (node as z.ZodOptional).unwrap() as z.ZodType;
  if (!(node instanceof z.ZodArray) || !(node.element instanceof z.ZodObject) || path.length === 0) return null;
  const item = node.element as z.ZodObject;
  const spec = specOf(item);
  if (!spec) return null;
  const itemSchema = jsonSchemaOf(item);
  const items = fragmentArrayWriter(item, itemSchema, spec);
  if (!items) return null;

  // The same objects without the array's property, rebuilt from the innermost out.
  let rest: z.ZodObject | null = null;
  for (let d = objects.length - 1; d >= 0; d--) {
    const shape = { ...objects[d]!.shape };
    if (rest) shape[path[d]!] = rest;
    else delete shape[path[d]!];
    rest = z.strictObject(shape);
  }
  const head = fastJson(jsonSchemaOf(rest!) as never) as (data: unknown) => string;
  const whole = fastJson(jsonSchemaOf(schema) as never) as (data: unknown) => string;
  const key = `${JSON.stringify(path.at(-1))}:`;
  const depth = path.length;
  return (data) => {
    let array: unknown = data;
    for (const k of path) array = (array as Record<string, unknown> | null | undefined)?.[k];
    if (array === undefined && optional) return head(data);
    if (!Array.isArray(array)) return whole(data); // what fast-json-stringify makes of it, errors included
    const before = head(data);
    const open = before.length - depth; // before ends with one '}' per level
    return before.slice(0, open) + (before.charCodeAt(open - 1) === 123 ? '' : ',') + key + items(array) + before.slice(open);
  };
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null;
const DEFINITIONS = '#/definitions/';

/**
 * fast-json-stringify chooses the branch of an `anyOf` by running an ajv validator over the value, branch by
 * branch: for a nullable object that is a validation of the whole object on every response. So, for the serializer
 * only, `X | null` becomes X with `nullable: true` (a null check), and a union of flat values (an answer value) is
 * written by JSON.stringify; such values were validated on their way in. About 15 % off a score preview's
 * serialization.
 */
export function withoutUnions(schema: Node): Node {
  const definitions = isNode(schema.definitions) ? (schema.definitions as Record<string, Node>) : {};
  const resolve = (node: Node): Node => {
    const ref = node.$ref;
    const target = typeof ref === 'string' && ref.startsWith(DEFINITIONS) ? definitions[ref.slice(DEFINITIONS.length)] : undefined;
    return target ? resolve(target) : node;
  };
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isNode(node)) return node;
    const out: Node = {};
    for (const [key, value] of Object.entries(node)) out[key] = rewrite(value);
    if (!Array.isArray(out.anyOf)) return out;
    const { anyOf, ...siblings } = out as Node & { anyOf: Node[] };
    const others = anyOf.filter((branch) => branch.type !== 'null');
    const only = others.length === 1 ? resolve(others[0]!) : null;
    if (only && typeof only.type === 'string' && only.anyOf === undefined) {
      return { ...only, ...siblings, ...(others.length < anyOf.length ? { nullable: true } : {}) };
    }
    // No type at all: JSON.stringify. Only for unions of flat values, so that objects keep their declared shape.
    return anyOf.every((branch) => isFlat(resolve(branch))) ? siblings : out;
  };
  const isFlat = (node: Node): boolean => {
    if (node.type === undefined) return node.anyOf === undefined; // already written by JSON.stringify
    if (node.type === 'array') return isNode(node.items) && isFlat(resolve(node.items));
    if (node.type === 'object')
      return (
        isNode(node.properties) &&
        Object.values(node.properties).every((p) => isNode(p) && ['string', 'number', 'integer', 'boolean'].includes(p.type as string))
      );
    return ['string', 'number', 'integer', 'boolean', 'null'].includes(node.type as string);
  };
  // Definitions first, so that a reference resolves to its rewritten form.
  for (const [name, definition] of Object.entries(definitions)) definitions[name] = rewrite(definition) as Node;
  return rewrite(schema) as Node;
}
