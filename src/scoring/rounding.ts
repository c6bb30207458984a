export const ROUNDING_RULE =
  'Totals, dimension scores and gains are rounded once, at the end, to one decimal, half away from zero; stage checks compare these rounded figures, the trace keeps full precision.';

/**
 * Half away from zero at one decimal. toPrecision(12) first strips binary noise, so 62.25 computed as
 * 62.24999999999999 still rounds to 62.3 as a hand calculation would.
 */
export function roundScore(value: number): number {
  const scaled = Number((Math.abs(value) * 10).toPrecision(12));
  const rounded = Math.round(scaled) / 10;
  return value < 0 ? -rounded : rounded;
}
