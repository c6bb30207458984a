import { FIRST_YEAR, parsePeriod } from '../domain/periods';

/** Why a well-formed period cannot be assessed, or null. */
export function periodProblem(text: string, now: Date): string | null {
  const p = parsePeriod(text);
  if (!p) return 'must be a year (2024) or a half-year (2024-H1, 2024-H2)';
  if (p.year < FIRST_YEAR) return `the programme began in ${FIRST_YEAR}`;
  const started = new Date(Date.UTC(p.year, p.half === 2 ? 6 : 0, 1));
  if (started.getTime() > now.getTime()) return 'the period has not begun yet';
  return null;
}
