import type { z } from 'zod';
import type { RegionDetail, RegionItem, RegionList } from './api.schemas';
import { levelOf, regionPath } from './codes';
import { childrenOf, DIVISIONS_SOURCE, DIVISIONS_VINTAGE, findRegion, type Region } from './divisions';
import { abolishedCode } from './history';

const about = { vintage: DIVISIONS_VINTAGE, source: DIVISIONS_SOURCE };
const item = (r: Region): z.infer<typeof RegionItem> => ({ code: r.code, name: r.name, level: r.level, listed: r.listed });

/** The regions one level below `parent` (a region of the list, checked by the caller). */
export const regionList = (parent: Region): z.infer<typeof RegionList> => ({ ...about, parent: item(parent), items: childrenOf(parent).map(item) });

/** A current region with its path and children, or an abolished code with its year and successors; undefined otherwise. */
export function regionDetail(code: string): z.infer<typeof RegionDetail> | undefined {
  const region = findRegion(code);
  if (region) {
    const path = regionPath(code).map((c) => findRegion(c)!);
    return { ...about, ...item(region), status: 'current', path: path.map(item), children: childrenOf(region).map(item), abolished: null };
  }
  const gone = abolishedCode(code);
  if (!gone) return undefined;
  return {
    ...about,
    code,
    name: gone.name,
    level: levelOf(code),
    status: 'abolished',
    listed: false,
    path: [],
    children: [],
    abolished: { year: gone.year, successors: gone.successors.map(item) },
  };
}
