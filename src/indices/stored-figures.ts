import type { CellFigures } from './cube';
import type { Suppression } from './suppression';

/**
 * How a snapshot stores a cell's figures (snapshot_cells.figures): a positional JSON array instead of the object,
 * exactly reversible — `decodeFigures(encodeFigures(f))` is `f`, down to the order of its keys — so published
 * responses are the bytes they were. Most cells of a snapshot are wholly suppressed and say only n, why and
 * whether synthetic data is among them; they take the short form.
 *
 *   wholly suppressed    [n, reason, synthetic]                                          e.g. [3,1,1]
 *   otherwise            [n, value, reason, [[value, reason] per dimension], [[count, sharePercent] per stage], synthetic]
 *   frozen before dimensions were suppressed on their own counts (no per-dimension `suppressed`):
 *                        the same with [value per dimension]
 *   any other shape      the object itself, as JSON (never produced by the cube; kept so that nothing is lost)
 *
 * reason: 0 none, 1 fewer_than_k, 2 complementary; synthetic: 0 or 1; dimensions and stages in the order below,
 * which belongs to the encoding and not to the application: should DIMENSION_CODES or STAGES ever change, cells
 * of another shape are stored as objects and the rows already stored keep their meaning. Text beginning with `{`
 * is the object form, as every cell was stored before migration 0008 (which converts those of the shapes above).
 * Frozen figures are stored as published: nothing is re-derived on reading (shares from counts, say), so a later
 * change of the rounding cannot change them.
 */
export const STORED_DIMENSIONS = ['readiness', 'application', 'integration', 'collaboration', 'performance'] as const;
export const STORED_STAGES = ['foundation', 'single_application', 'comprehensive_integration', 'collaboration_innovation'] as const;
const REASONS: readonly Suppression[] = [null, 'fewer_than_k', 'complementary'];

type Dimension = CellFigures['dimensions'][number];
type Stage = CellFigures['stages'][number];

const isNumberOrNull = (v: unknown) => v === null || typeof v === 'number';
const hasKeys = (o: object, keys: readonly string[]) => {
  const own = Object.keys(o);
  return own.length === keys.length && own.every((k, i) => k === keys[i]);
};
const CELL_KEYS = ['n', 'value', 'suppressed', 'dimensions', 'stages', 'synthetic'];
const DIMENSION_KEYS = ['dimension', 'value', 'suppressed'];
const LEGACY_DIMENSION_KEYS = ['dimension', 'value'];
const STAGE_KEYS = ['stage', 'count', 'sharePercent'];

/** Whether a cell has the shape the positional forms describe, and with which dimensions ('legacy': no per-dimension decision). */
function positional(f: CellFigures): 'current' | 'legacy' | null {
  if (typeof f !== 'object' || f === null || !hasKeys(f, CELL_KEYS)) return null;
  if (!Number.isInteger(f.n) || !isNumberOrNull(f.value) || !REASONS.includes(f.suppressed) || typeof f.synthetic !== 'boolean') return null;
  if (!Array.isArray(f.dimensions) || f.dimensions.length !== STORED_DIMENSIONS.length) return null;
  if (!Array.isArray(f.stages) || f.stages.length !== STORED_STAGES.length) return null;
  const stagesFit = f.stages.every(
    (s, i) =>
      typeof s === 'object' &&
      s !== null &&
      hasKeys(s, STAGE_KEYS) &&
      s.stage === STORED_STAGES[i] &&
      (s.count === null || Number.isInteger(s.count)) &&
      isNumberOrNull(s.sharePercent),
  );
  if (!stagesFit) return null;
  const dimensionFits = (keys: readonly string[]) => (d: Dimension, i: number) =>
    typeof d === 'object' &&
    d !== null &&
    hasKeys(d, keys) &&
    d.dimension === STORED_DIMENSIONS[i] &&
    isNumberOrNull(d.value) &&
    (keys === LEGACY_DIMENSION_KEYS || REASONS.includes(d.suppressed!));
  if (f.dimensions.every(dimensionFits(DIMENSION_KEYS))) return 'current';
  if (f.dimensions.every(dimensionFits(LEGACY_DIMENSION_KEYS))) return 'legacy';
  return null;
}

const reasonCode = (s: Suppression | undefined) => REASONS.indexOf(s ?? null);

/** A cell's figures as stored in snapshot_cells.figures (see above). */
export function encodeFigures(f: CellFigures): string {
  const shape = positional(f);
  if (shape === null) return JSON.stringify(f);
  const reason = reasonCode(f.suppressed);
  const synthetic = f.synthetic ? 1 : 0;
  const wholly =
    shape === 'current' &&
    f.suppressed !== null &&
    f.value === null &&
    f.dimensions.every((d) => d.value === null && d.suppressed === f.suppressed) &&
    f.stages.every((s) => s.count === null && s.sharePercent === null);
  if (wholly) return JSON.stringify([f.n, reason, synthetic]);
  const dimensions = shape === 'current' ? f.dimensions.map((d) => [d.value, reasonCode(d.suppressed)]) : f.dimensions.map((d) => d.value);
  return JSON.stringify([f.n, f.value, reason, dimensions, f.stages.map((s) => [s.count, s.sharePercent]), synthetic]);
}

const corrupt = (text: string): never => {
  throw new Error(`snapshot cell figures of no known form: ${text.slice(0, 200)}`);
};

function reasonOf(code: unknown, text: string): Suppression {
  const reason = typeof code === 'number' ? REASONS[code] : undefined;
  return reason === undefined ? corrupt(text) : reason;
}

function syntheticOf(code: unknown, text: string): boolean {
  return code === 1 ? true : code === 0 ? false : corrupt(text);
}

/** The figures a stored cell holds, in any of the forms above (the object form included). */
export function decodeFigures(text: string): CellFigures {
  const stored = JSON.parse(text) as unknown;
  if (!Array.isArray(stored)) return stored as CellFigures;
  if (stored.length === 3) {
    const [n, code, synthetic] = stored as [number, unknown, unknown];
    const suppressed = reasonOf(code, text);
    if (suppressed === null) corrupt(text);
    return {
      n,
      value: null,
      suppressed,
      dimensions: STORED_DIMENSIONS.map((dimension) => ({ dimension, value: null, suppressed })),
      stages: STORED_STAGES.map((stage) => ({ stage, count: null, sharePercent: null })),
      synthetic: syntheticOf(synthetic, text),
    };
  }
  if (stored.length !== 6) corrupt(text);
  const [n, value, code, dimensions, stages, synthetic] = stored as [number, number | null, unknown, unknown[], [number | null, number | null][], unknown];
  const fits =
    Array.isArray(dimensions) &&
    dimensions.length === STORED_DIMENSIONS.length &&
    (dimensions.every((d) => Array.isArray(d) && d.length === 2) || dimensions.every((d) => !Array.isArray(d))) &&
    Array.isArray(stages) &&
    stages.length === STORED_STAGES.length &&
    stages.every((s) => Array.isArray(s) && s.length === 2);
  if (!fits) corrupt(text);
  return {
    n,
    value,
    suppressed: reasonOf(code, text),
    dimensions: dimensions.map((d, i): Dimension => {
      const dimension = STORED_DIMENSIONS[i]!;
      if (!Array.isArray(d)) return { dimension, value: d as number | null };
      return { dimension, value: d[0] as number | null, suppressed: reasonOf(d[1], text) };
    }),
    stages: stages.map(([count, sharePercent], i): Stage => ({ stage: STORED_STAGES[i]!, count, sharePercent })),
    synthetic: syntheticOf(synthetic, text),
  };
}
