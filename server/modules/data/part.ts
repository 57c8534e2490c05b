import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from '../../platform/db/migrator.ts';

/**
 * One part of the data module (dictionary, catalogue, datastore, portal, CKAN API, DCAT). The
 * module's index.ts assembles the parts; each part owns its tables, routes and seeds. Migration
 * names start with the part's name (`dictionary_0001_items`) so parts never collide.
 */
export type DataPart = {
  name: string;
  migrations: Migration[];
  routes?: FastifyPluginAsync;
  /** Reference data loaded in every mode (idempotent). */
  seedReference?: () => Promise<void>;
  /** Demo data, only with demo data on (idempotent, labelled demo). */
  seedDemo?: () => Promise<void>;
};
