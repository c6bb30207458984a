import type { DatabaseHandle } from './db/connection';
import type { Catalog } from './questionnaires/catalog';

/** What services need from the outside world, passed explicitly so tests and tools can build them without HTTP. */
export interface Deps {
  database: DatabaseHandle;
  catalog: Catalog;
  clock: () => Date;
}
