import fastJson from 'fast-json-stringify';
import { z } from 'zod';

/**
 * Arrays whose items repeat the same few values item after item are written from fragments. A score's trace is
 * the case: of an entry's nine properties, four are its indicator's own (code, dimension, weight, dimension weight)
 * and one takes four values (status), in every preview of the definition. Each run of such fixed properties, with
 * the property names around them, is one string built once per distinct set of their values and reused, so an
 * entry costs nine concatenations instead of some twenty; the properties that vary are written as
 * fast-json-stringify writes them. The cost of a 10 KB response is mostly in the count of its pieces: each one is a
 * node of the string being built, copied again when the string is flattened to be sent.
 *
 * Exactness: fragments are reused only where every fixed value is identical, every value is written by the rule
 * fast-json-stringify applies to its JSON Schema (derived from the same zod schema), and an item the fragments cannot
 * write (a missing property, a value of another type) is written by fast-json-stringify itself. The output is byte
 * for byte fast-json-stringify's (test/unit/serializer.test.ts).
 */

type Node = Record<string, unknown>;

export interface FragmentSpec {
  /** The property that picks an item's fragments (the indicator code). */
  by: string;
  /** Properties whose values repeat, by `by`: their runs become fragments. `by` is one of them. */
  fixed: readonly string[];
}

const specs = new WeakMap<z.ZodType, FragmentSpec>();

/** Marks an array item schema as written from fragments wherever an array of it is a response's last property. */
export function writeFromFragments(item: z.ZodObject, spec: FragmentSpec): void {
  specs.set(item, spec);
}

export const specOf = (item: z.ZodType): FragmentSpec | undefined => specs.get(item);

/** Statements setting `out` to what fast-json-stringify writes for `v` under this property's schema, or null. */
function writeCode(node: Node, v: string, out: string): string | null {
  if (node.anyOf !== undefined || node.oneOf !== undefined || node.allOf !== undefined || node.$ref !== undefined) return null;
  const nullable = node.nullable === true ? `if (${v} === null) ${out} = 'null'; else ` : '';
  switch (node.type) {
    case undefined:
      // Written by JSON.stringify (see withoutUnions); only values that come as JSON do.
      return `if (${v} === undefined) return fallback(e); ${out} = JSON.stringify(${v});`;
    case 'number':
      return `${nullable}if (typeof ${v} === 'number' && ${v} === ${v}) ${out} = ${v} === Infinity || ${v} === -Infinity ? 'null' : '' + ${v}; else return fallback(e);`;
    case 'string':
      return `${nullable}if (typeof ${v} === 'string') ${out} = JSON.stringify(${v}); else return fallback(e);`;
    case 'boolean':
      return `${nullable}if (typeof ${v} === 'boolean') ${out} = ${v} ? 'true' : 'false'; else return fallback(e);`;
    default:
      return null;
  }
}

interface Variant {
  values: unknown[];
  fragments: string[];
}

/** How many sets of fixed values are kept per `by` value; more mean the values do not repeat. */
const VARIANTS = 8;

/**
 * A writer for arrays of `item`, or null when its schema holds something the fragments do not handle (optional or
 * nested properties among those that vary, fixed values that are not strings, numbers or booleans).
 */
export function fragmentArrayWriter(item: z.ZodObject, itemJsonSchema: Node, spec: FragmentSpec): ((items: unknown[]) => string) | null {
  const definitions = (itemJsonSchema.definitions ?? {}) as Record<string, Node>;
  const resolve = (node: Node): Node => {
    const ref = node.$ref;
    return typeof ref === 'string' && ref.startsWith('#/definitions/') && definitions[ref.slice(14)] ? resolve(definitions[ref.slice(14)]!) : node;
  };
  const root = resolve(itemJsonSchema);
  const properties = root.properties as Record<string, Node> | undefined;
  const required = new Set((root.required as string[] | undefined) ?? []);
  const keys = Object.keys(item.shape);
  if (root.type !== 'object' || !properties || root.additionalProperties !== false || keys.some((k) => !required.has(k) || !properties[k])) return null;
  if (Object.keys(properties).join() !== keys.join()) return null;
  if (!spec.fixed.includes(spec.by) || spec.fixed.some((k) => !keys.includes(k))) return null;
  const codes = keys.map((k, i) => writeCode(resolve(properties[k]!), `v${i}`, `s${i}`));
  if (codes.some((c) => c === null)) return null;
  const fallback = fastJson(itemJsonSchema as never) as (v: unknown) => string;
  const fixedAt = keys.map((k) => spec.fixed.includes(k));
  const fixed = keys.flatMap((_, i) => (fixedAt[i] ? [i] : []));
  const varying = keys.flatMap((_, i) => (fixedAt[i] ? [] : [i]));
  const cache = new Map<unknown, Variant[]>();
  const prop = (i: number) => `e[${JSON.stringify(keys[i])}]`;

  /** The fragments for the fixed values of e: '{"a":1,"b":' … '}' around the varying values; undefined if unwritable. */
  const build = new Function(
    'e',
    'fallback',
    [
      'let text = "{"; const fragments = [];',
      ...keys.map((k, i) =>
        fixedAt[i]
          ? `{ const v${i} = ${prop(i)}; let s${i}; ${codes[i]!.replaceAll('return fallback(e)', 'return undefined')} text += ${JSON.stringify(`${i ? ',' : ''}${JSON.stringify(k)}:`)} + s${i}; }`
          : `text += ${JSON.stringify(`${i ? ',' : ''}${JSON.stringify(k)}:`)}; fragments.push(text); text = "";`,
      ),
      'fragments.push(text + "}"); return fragments;',
    ].join('\n'),
  ) as (e: unknown, fallback: unknown) => string[] | undefined;

  const fragmentsFor = (e: Record<string, unknown>): string[] | undefined => {
    const values = fixed.map((i) => e[keys[i]!]);
    // Fixed values end up inside fragments: only flat ones, whose equality is identity.
    if (!values.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)) return undefined;
    const fragments = build(e, fallback);
    if (!fragments) return undefined;
    let variants = cache.get(values[fixed.indexOf(keys.indexOf(spec.by))]);
    if (!variants) cache.set(values[fixed.indexOf(keys.indexOf(spec.by))], (variants = []));
    if (variants.length >= VARIANTS) variants.shift();
    variants.push({ values, fragments });
    return fragments;
  };

  // One item: its fixed values looked up by identity, its varying ones written in between. Generated, like
  // fast-json-stringify's own code, so that every property is read by a constant name.
  const writeItem = new Function(
    'cache',
    'fragmentsFor',
    'fallback',
    `return function writeItem(e) {
      if (typeof e !== 'object' || e === null) return fallback(e);
      const variants = cache.get(${prop(keys.indexOf(spec.by))});
      let f;
      if (variants !== undefined) {
        for (let k = 0; k < variants.length; k++) {
          const values = variants[k].values;
          if (${fixed.map((i, j) => `values[${j}] === ${prop(i)}`).join(' && ')}) { f = variants[k].fragments; break; }
        }
      }
      if (f === undefined && (f = fragmentsFor(e)) === undefined) return fallback(e);
      ${varying.map((i) => `const v${i} = ${prop(i)}; let s${i}; ${codes[i]}`).join('\n      ')}
      return f[0]${varying.map((i, j) => ` + s${i} + f[${j + 1}]`).join('')};
    };`,
  )(cache, fragmentsFor, fallback) as (e: unknown) => string;

  return (items) => {
    let json = '[';
    for (let i = 0; i < items.length; i++) {
      if (i) json += ',';
      json += writeItem(items[i]);
    }
    return `${json}]`;
  };
}
