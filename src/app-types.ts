import type { DatabaseHandle } from './db/connection';
import type { Catalog } from './questionnaires/catalog';
import type { Services } from './services';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    catalog: Catalog;
    services: Services;
  }
}
