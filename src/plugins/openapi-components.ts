/**
 * fastify-type-provider-zod emits every registered schema twice, as `X` (output) and `XInput` (input). Ronghe's
 * schemas are the same both ways, so each `XInput` folds into `X`; one that differs is a modelling error and fails
 * document generation rather than leaking two names into generated SDKs. Components no operation reaches are dropped.
 */
type Json = unknown;
const PREFIX = '#/components/schemas/';

function mapRefs(value: Json, rename: (name: string) => string): Json {
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith(PREFIX) ? PREFIX + rename(v.slice(PREFIX.length)) : mapRefs(v, rename),
    ]),
  );
}

function refsIn(value: Json, found: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(PREFIX)) found.add(v.slice(PREFIX.length));
      else refsIn(v, found);
    }
  }
  return found;
}

export function foldComponents<T extends { paths?: Json; components?: { schemas?: Record<string, Json> } }>(doc: T): T {
  const schemas = doc.components?.schemas ?? {};
  const fold = (name: string) => (name.endsWith('Input') && name.slice(0, -5) in schemas ? name.slice(0, -5) : name);
  const folded: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const target = fold(name);
    const renamed = mapRefs(schema, fold);
    if (target !== name && JSON.stringify(renamed) !== JSON.stringify(mapRefs(schemas[target], fold))) {
      throw new Error(`OpenAPI component ${target} differs between input and output; give the two shapes distinct names`);
    }
    folded[target] = renamed;
  }
  const paths = mapRefs(doc.paths ?? {}, fold);

  const reachable = refsIn(paths, new Set());
  for (let grew = true; grew; ) {
    const before = reachable.size;
    for (const name of [...reachable]) refsIn(folded[name], reachable);
    grew = reachable.size > before;
  }
  const kept = Object.fromEntries(
    Object.entries(folded)
      .filter(([name]) => reachable.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { ...doc, paths, components: { ...doc.components, schemas: kept } };
}
