import type { DatabaseHandle } from './db/connection';
import type { Deps } from './deps';
import type { IndexService } from './indices/service';
import type { Catalog } from './questionnaires/catalog';
import type { Services } from './services';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    catalog: Catalog;
    deps: Deps;
    indices: IndexService;
    services: Services;
  }
}
