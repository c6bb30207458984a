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

/** Why a well-formed period cannot be assessed, or null. */
export function periodProblem(text: string, now: Date): string | null {
  const p = parsePeriod(text);
  if (!p) return 'must be a year (2024) or a half-year (2024-H1, 2024-H2)';
  if (p.year < FIRST_YEAR) return `the programme began in ${FIRST_YEAR}`;
  const started = new Date(Date.UTC(p.year, p.half === 2 ? 6 : 0, 1));
  if (started.getTime() > now.getTime()) return 'the period has not begun yet';
  return null;
}
