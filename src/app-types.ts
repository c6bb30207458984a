import type { DatabaseHandle } from './db/connection';
import type { Catalog } from './questionnaires/catalog';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    catalog: Catalog;
  }
}
