/**
 * An assessment period: a calendar year `2024` or a half-year `2024-H1` / `2024-H2`. The programme began in 2013.
 */
export const PERIOD_PATTERN = /^(\d{4})(?:-H([12]))?$/;
export const FIRST_YEAR = 2013;

export interface Period {
  year: number;
  half: 1 | 2 | null;
}

export function parsePeriod(text: string): Period | null {
  const m = PERIOD_PATTERN.exec(text);
  if (!m) return null;
  return { year: Number(m[1]), half: m[2] ? (Number(m[2]) as 1 | 2) : null };
}

/** Chronological by end date; a year ends with its second half and sorts just after it. */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a)!;
  const pb = parsePeriod(b)!;
  const rank = (p: Period) => (p.half === 1 ? 1 : p.half === 2 ? 2 : 3);
  return pa.year - pb.year || rank(pa) - rank(pb);
}

/** The period before: the previous year, or the previous half-year. */
export function previousPeriod(period: string): string {
  const p = parsePeriod(period)!;
  if (p.half === null) return String(p.year - 1);
  return p.half === 2 ? `${p.year}-H1` : `${p.year - 1}-H2`;
}
