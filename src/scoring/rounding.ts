export const ROUNDING_RULE =
  'Totals, dimension scores and gains are rounded once, at the end, to one decimal, half away from zero; stage checks compare these rounded figures, the trace keeps full precision.';

/**
 * Half away from zero at one decimal. A fraction within 1e-9 of one half counts as one half, so binary noise
 * (62.25 computed as 62.24999999999999, 1.15 stored as 1.1499999999999999) rounds as a hand calculation would;
 * scores are at most 100, far from where 1e-9 could matter otherwise.
 */
export function roundScore(value: number): number {
  const scaled = Math.abs(value) * 10;
  const floor = Math.floor(scaled);
  const rounded = (scaled - floor >= 0.5 - 1e-9 ? floor + 1 : floor) / 10;
  return value < 0 ? -rounded : rounded;
}
