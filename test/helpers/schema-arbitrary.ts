import fc from 'fast-check';

/**
 * fast-check arbitraries for the JSON Schemas of an OpenAPI 3.1 document: values that satisfy a schema, and
 * mutations of them (a wrong type, a dropped or unknown field, junk) for fuzzing.
 */
type Schema = Record<string, any>;

export function schemaArbitrary(schema: Schema | undefined, doc: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 8) return fc.constant(null);
  if (schema.$ref) return schemaArbitrary(resolve(schema.$ref, doc), doc, depth);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s: Schema) => schemaArbitrary(s, doc, depth + 1)));
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((t: string) => schemaArbitrary({ ...schema, type: t }, doc, depth)));
  switch (schema.type) {
    case 'object': {
      const props: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries<Schema>(schema.properties ?? {})) props[k] = schemaArbitrary(v, doc, depth + 1);
      if (!schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), schemaArbitrary(schema.additionalProperties, doc, depth + 1), { maxKeys: 4 });
      }
      return fc.record(props, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(schemaArbitrary(schema.items, doc, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, Math.max(3, schema.minItems ?? 0)),
      });
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time')
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 1000));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 200) });
    case 'integer':
      return fc.integer({
        min: Math.ceil(schema.minimum ?? schema.exclusiveMinimum ?? -1000),
        max: Math.floor(schema.maximum ?? schema.exclusiveMaximum ?? 1_000_000),
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function resolve(ref: string, doc: Schema): Schema {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node, part) => node[part.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
}

/** A valid value most of the time; otherwise one of the usual ways clients get it wrong. */
export function fuzzed(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 50 }), fc.constant(''), fc.constant('x'.repeat(5000)));
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: junk },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, fc.nat(), junk, fc.constantFrom('drop', 'add', 'retype')).map(([v, i, j, how]) => {
        if (!v || typeof v !== 'object' || Array.isArray(v)) return j;
        const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
        const keys = Object.keys(copy);
        const key = keys[i % Math.max(1, keys.length)];
        if (how === 'add' || !key) copy[`unexpected_${i % 7}`] = j;
        else if (how === 'drop') delete copy[key];
        else copy[key] = typeof copy[key] === 'string' ? i : (JSON.stringify(copy[key]) ?? 'undefined');
        return copy;
      }),
    },
  );
}
