import list from './gbt2260.json' with { type: 'json' };
import type { RegionLevel } from './codes';
import { indexRegion, regionAt, type Region } from './divisions';

/**
 * The codes GB/T 2260 no longer lists, from the same source as the list (see divisions.ts): each with its last
 * name, the year it left the list and the codes in use now that its area went to (following codes that went
 * later themselves), so that a firm registered under an old code can be told where it now lies and moved.
 */
export interface AbolishedCode {
  code: string;
  name: string;
  year: number;
  successors: Region[];
}

const ABOLISHED = new Map<string, AbolishedCode>(
  (list.abolished as [string, string, number, string[]][]).map(([code, name, year, next]) => [
    code,
    { code, name, year, successors: next.map((c) => indexRegion(c)).filter((r): r is Region => r !== undefined) },
  ]),
);

/** The abolished code, if `code` is one the list had and no longer has. */
export const abolishedCode = (code: string): AbolishedCode | undefined => ABOLISHED.get(code);

/**
 * The name of a code at a level, for stored rows: an enterprise registered, or a summary submitted, under a code
 * abolished since keeps that code, and is named by the name it had.
 */
export const regionNameAt = (code: string, level: RegionLevel): string => regionAt(code, level)?.name ?? ABOLISHED.get(code)?.name ?? code;
