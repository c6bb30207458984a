import { z } from 'zod';
import { IndexRegionCode, RegionCode } from '../enterprises/api.schemas';
import { REGION_LEVELS } from './codes';

/**
 * The GB/T 2260 list as the API serves it. Names are the ministry's, in Chinese only: neither the ministry nor a
 * maintained source publishes English names of divisions.
 */
const about = {
  vintage: z.int().describe('The year of the list (县级以上行政区划代码 as at 31 December of that year).'),
  source: z.string(),
};

export const RegionItem = z
  .strictObject({
    code: RegionCode,
    name: z.string(),
    level: z.enum(REGION_LEVELS),
    listed: z.boolean().describe('False for a grouping at the city level that the list itself does not hold (上海 310100 市辖区, 429000 省直辖县级行政区划).'),
  })
  .meta({ id: 'RegionItem' });

export const RegionList = z
  .strictObject({ ...about, parent: RegionItem, items: z.array(RegionItem).describe('The regions one level below the parent, in code order.') })
  .meta({ id: 'RegionList' });

export const RegionDetail = z
  .strictObject({
    ...about,
    code: RegionCode,
    name: z.string(),
    level: z.enum(REGION_LEVELS),
    status: z.enum(['current', 'abolished']),
    listed: z.boolean(),
    path: z.array(RegionItem).describe('From the country down to the region, both included (empty for an abolished code).'),
    children: z.array(RegionItem),
    abolished: z
      .strictObject({
        year: z.int().describe('The year the code left the list.'),
        successors: z.array(RegionItem).describe('The regions in use now that its area went to.'),
      })
      .nullable()
      .describe('For an abolished code: when, and where its area lies now (to move what was registered under it).'),
  })
  .meta({ id: 'RegionDetail' });

export const RegionListQuery = z.strictObject({
  parent: IndexRegionCode.optional().describe('A region code (000000, a province, a city): its regions one level down. The provinces by default.'),
});
export const RegionDetailParams = z.strictObject({ regionCode: RegionCode.describe('A GB/T 2260 code, current or abolished; 000000 for the country.') });
