import type { BulkLoader, BulkProgress } from '../assessments/bulk';
import type { Principal } from '../auth/principal';
import type { IndexService } from '../indices/service';
import type { Catalog } from '../questionnaires/catalog';
import { generateDemo, type DemoOptions } from './generate';
import { DEMO_PERIODS } from './model';

/** The seed publishes as the national authority would, under its own name. */
const SEED: Principal = { role: 'authority', keyId: 'demo-seed', regionCode: '000000' };

/**
 * The demo data set (npm run seed:demo, and the storage bench): synthetic enterprises loaded through the bulk
 * loader, and a published index snapshot per period. Resolves to the number of enterprises and assessments.
 */
export async function seedDemo(
  services: { catalog: Catalog; bulk: BulkLoader; indices: Pick<IndexService, 'publish'> },
  options: DemoOptions,
  onProgress?: (progress: BulkProgress) => void,
): Promise<{ enterprises: number; assessments: number }> {
  const data = generateDemo(services, options);
  const total = data.reduce((n, e) => n + e.assessments.length, 0);
  await services.bulk.loadAll(data, { total, onProgress });
  // The loads' events are in the rollups already (projected with each load); publishing catches up regardless.
  for (const period of DEMO_PERIODS) {
    await services.indices.publish(SEED, { period, note: 'Synthetic demo data (npm run seed:demo): not real enterprises.' });
  }
  return { enterprises: data.length, assessments: total };
}
